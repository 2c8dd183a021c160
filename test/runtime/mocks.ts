/**
 * The handlers as the unit tests drive them: the source module (not the bundle) with SDK
 * clients the test mocks (aws-sdk-client-mock) and a clock the test sets. mockedHandlers()
 * mocks App Runner and CloudFormation for the service-operation tests (they never call
 * Route 53); DomainWorld (domain-world.ts) mocks all three.
 */
import { AppRunnerClient } from '@aws-sdk/client-apprunner';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { HandlerModule } from './events';
import { createClients, handlerFor } from '../../src/operations/runtime';

/** The source handlers with SDK clients in us-east-1 (whatever the test mocked answers) and `now` as their clock. */
export function sourceHandlers(now: () => number): HandlerModule {
  const clients = createClients({ region: 'us-east-1' });
  return {
    onEvent: async (e) => handlerFor(e, clients, now).onEvent(),
    isComplete: async (e) => handlerFor(e, clients, now).isComplete(),
  };
}

/** The handlers' injected clock (ms since the epoch): it moves only when the test moves it. */
export class TestClock {
  private ms: number;

  constructor(private readonly start: number) {
    this.ms = start;
  }

  /** The reading (bound: pass it as the handlers' `now`). */
  public readonly now = (): number => this.ms;

  public advance(ms: number): void {
    this.ms += ms;
  }

  /** Back to the reading it started with. */
  public reset(): void {
    this.ms = this.start;
  }
}

export interface MockedHandlersOptions {
  /** The clock's reading at the start of each test; 1_000_000 unless given. */
  readonly start?: number;
  /** The default answers, set before each test after the resets; unless given, DescribeStacks answers UPDATE_IN_PROGRESS. */
  readonly defaults?: () => void;
}

/**
 * Mocks App Runner and CloudFormation for this test file and registers a beforeEach that
 * resets both mocks and the clock, then sets the default answers. Call it once, at the top
 * level of the file.
 */
export function mockedHandlers(options: MockedHandlersOptions = {}) {
  const appRunner = mockClient(AppRunnerClient);
  const cloudFormation = mockClient(CloudFormationClient);
  const clock = new TestClock(options.start ?? 1_000_000);
  const defaults = options.defaults
    ?? (() => cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackStatus: 'UPDATE_IN_PROGRESS' } as any] }));
  beforeEach(() => {
    appRunner.reset();
    cloudFormation.reset();
    clock.reset();
    defaults();
  });
  return {
    appRunner,
    cloudFormation,
    clock,
    handler: sourceHandlers(clock.now),
    /** An operation as ListOperations reports it, started at `startedAt` (the clock's reading unless given). */
    op: (id: string, type: string, status: string, startedAt = clock.now()): any =>
      ({ Id: id, Type: type, Status: status, StartedAt: new Date(startedAt) }),
  };
}

/** DescribeService's answer for a service in `status`. */
export const service = (status: string): any => ({ Service: { Status: status } });
