/**
 * Throttling beyond the SDK's own retries never fails a deploy: isComplete treats it as "not
 * yet" (bounded by the resource's timeout), onEvent retries with exponential backoff and
 * jitter within a budget well inside the functions' 60 s. The base class gives this to every
 * handler (a handler of the test's own proves it); APPRUNNER_KIT_THROTTLE_BASE_MS makes the
 * delays a millisecond here.
 */
import { DescribeServiceCommand, ListOperationsCommand, PauseServiceCommand } from '@aws-sdk/client-apprunner';
import { DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import { drive, event, HandlerModule, SERVICE_ARN } from './events';
import { mockedHandlers } from './mocks';
import { backoffDelay, isThrottling, THROTTLE_BASE_ENV, THROTTLE_BUDGET_BASES, THROTTLE_DEADLINE_MS } from '../../src/operations/runtime/apprunner';
import { NOT_YET, ResourceHandler } from '../../src/operations/runtime/resource-handler';
import { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from '../../src/operations/runtime/types';

const { appRunner, cloudFormation, clock, handler, op } = mockedHandlers();

/** An SDK error as the clients throw it: a name and the HTTP status in $metadata. */
const sdkError = (name: string, message = 'Rate exceeded', httpStatusCode = 400): Error =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
const throttled = () => sdkError('ThrottlingException');
const runState = (extra: Record<string, string> = {}) =>
  event('Custom::AppRunnerRunState', 'Create', { ServiceArn: SERVICE_ARN, Paused: 'true', ...extra });

const savedBase = process.env[THROTTLE_BASE_ENV];
beforeAll(() => { process.env[THROTTLE_BASE_ENV] = '1'; });
afterAll(() => {
  if (savedBase === undefined) delete process.env[THROTTLE_BASE_ENV];
  else process.env[THROTTLE_BASE_ENV] = savedBase;
});

describe('what counts as throttling', () => {
  test.each(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'PriorRequestNotComplete'])('%s', (name) => {
    expect(isThrottling(sdkError(name))).toBe(true);
  });

  test('HTTP 429 whatever the name; not other errors', () => {
    expect(isThrottling(sdkError('SomethingElse', 'slow down', 429))).toBe(true);
    expect(isThrottling(sdkError('InvalidStateException'))).toBe(false);
    expect(isThrottling(new Error('Rate exceeded'))).toBe(false);
    expect(isThrottling(undefined)).toBe(false);
  });
});

describe('the backoff', () => {
  test('exponential with jitter (each delay between half and all of its step), capped', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => backoffDelay(n, 1000, () => 0))).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000]);
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => backoffDelay(n, 1000, () => 1))).toEqual([1000, 2000, 4000, 8000, 10000, 10000, 10000]);
  });

  test('the budget: about 40 s of delays with the default 1 s base; no retry after 45 s (the Lambda timeout is 60 s)', () => {
    expect(THROTTLE_BUDGET_BASES * 1000).toBe(40_000);
    expect(THROTTLE_DEADLINE_MS).toBe(45_000);
  });
});

describe('onEvent retries throttled calls', () => {
  test('App Runner throttles three times in a row: the pause still starts', async () => {
    appRunner.on(DescribeServiceCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).rejectsOnce(throttled())
      .resolves({ Service: { Status: 'RUNNING' } as any });
    appRunner.on(PauseServiceCommand).resolves({ OperationId: 'p1' });
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('p1', 'PAUSE_SERVICE', 'SUCCEEDED')] });
    const result = await drive(handler, runState());
    expect(result.error).toBeUndefined();
    expect(result.data.OperationId).toBe('p1');
    expect(appRunner.commandCalls(DescribeServiceCommand)).toHaveLength(4); // three throttled, then the one that worked (the poll follows the operation)
    expect(appRunner.commandCalls(PauseServiceCommand)).toHaveLength(1);
  });

  test('CloudFormation throttles (Throttling, HTTP 400) the pre-update resume\'s DescribeStackResource', async () => {
    cloudFormation.on(DescribeStackResourceCommand).rejectsOnce(sdkError('Throttling')).rejectsOnce(sdkError('Throttling'))
      .resolves({ StackResourceDetail: { PhysicalResourceId: SERVICE_ARN } as any });
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'RUNNING' } as any });
    const result = await drive(handler, event('Custom::AppRunnerPreUpdateResume', 'Create',
      { StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Test/1', ServiceLogicalId: 'Svc', ConfigHash: 'h' }));
    expect(result.error).toBeUndefined();
    expect(cloudFormation.commandCalls(DescribeStackResourceCommand)).toHaveLength(3);
  });

  test('still throttled when the budget is spent: a clear error, after a bounded time', async () => {
    appRunner.on(DescribeServiceCommand).rejects(throttled());
    const started = Date.now();
    const result = await drive(handler, runState());
    const elapsed = Date.now() - started;
    const calls = appRunner.commandCalls(DescribeServiceCommand).length;
    expect(calls).toBeGreaterThan(3);
    expect(result.error?.message).toBe(`Still throttled after ${calls} attempts while starting the pause of ${SERVICE_ARN} `
      + '(ThrottlingException: Rate exceeded): deploy again later, or deploy fewer services at once');
    expect(elapsed).toBeLessThan(2000); // budget: 40 base delays of 1 ms (+ the calls themselves)
  });

  test('slow attempts (the SDK\'s own retries take long): no retry starts after 45 s, whatever the budget left', async () => {
    appRunner.on(DescribeServiceCommand).rejects(throttled());
    // each attempt takes 10 s of real time (the delays themselves are milliseconds)
    const t0 = Date.parse('2026-12-01T00:00:00Z');
    const dateNow = jest.spyOn(Date, 'now').mockImplementation(() => t0 + 10_000 * appRunner.commandCalls(DescribeServiceCommand).length);
    try {
      const result = await drive(handler, runState());
      // after the 4th attempt (40 s) one more starts; after the 5th (50 s) none
      expect(appRunner.commandCalls(DescribeServiceCommand)).toHaveLength(5);
      expect(result.error?.message).toMatch(/^Still throttled after 5 attempts while starting the pause of /);
    } finally {
      dateNow.mockRestore();
    }
  });

  test('other errors are not retried', async () => {
    appRunner.on(DescribeServiceCommand).rejects(sdkError('AccessDeniedException', 'not authorized'));
    const result = await drive(handler, runState());
    expect(result.error?.message).toBe('not authorized');
    expect(appRunner.commandCalls(DescribeServiceCommand)).toHaveLength(1);
  });
});

describe('isComplete: a throttled poll is "not yet"', () => {
  test('the next poll goes on', async () => {
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'RUNNING' } as any });
    appRunner.on(PauseServiceCommand).resolves({ OperationId: 'p1' });
    appRunner.on(ListOperationsCommand).rejectsOnce(throttled()).rejectsOnce(sdkError('TooManyRequestsException'))
      .resolves({ OperationSummaryList: [op('p1', 'PAUSE_SERVICE', 'SUCCEEDED')] });
    const result = await drive(handler, runState());
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(3);
  });

  test('a throttled poll returns no Data (the Provider framework refuses Data with IsComplete false)', async () => {
    appRunner.on(ListOperationsCommand).rejects(throttled());
    const response = await handler.isComplete({ ...runState(), PhysicalResourceId: 'x', Data: { OperationId: 'p1', StartedAt: String(clock.now()) } });
    expect(response).toEqual(NOT_YET);
  });

  test('throttled until the timeout: the message says so', async () => {
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'RUNNING' } as any });
    appRunner.on(PauseServiceCommand).resolves({ OperationId: 'p1' });
    appRunner.on(ListOperationsCommand).rejects(throttled());
    const result = await drive(handler, runState({ TimeoutSeconds: '30' }), { between: async () => { clock.advance(10_000); } });
    expect(result.polls).toBe(4);
    expect(result.error?.message).toBe(`Timed out after 30 s waiting for the pause of ${SERVICE_ARN} (last status: throttled (ThrottlingException: Rate exceeded))`);
  });
});

/** A handler of the test's own: every subclass of ResourceHandler gets the retries. */
class FlakyHandler extends ResourceHandler {
  /** How many onEvent / isComplete calls fail before one works, and how many were made. */
  public static readonly counts = { eventFailures: 0, pollFailures: 0, events: 0, polls: 0 };

  constructor(request: OnEventRequest | IsCompleteRequest) {
    super(request, clock.now);
  }

  protected waitingFor(): string {
    return 'the flaky thing';
  }

  protected async onCreate(): Promise<OnEventResponse> {
    const counts = FlakyHandler.counts;
    if (++counts.events <= counts.eventFailures) throw sdkError('PriorRequestNotComplete', 'Route 53 is busy');
    return { PhysicalResourceId: 'flaky', Data: { Attempts: String(counts.events) } };
  }

  protected async onUpdate(): Promise<OnEventResponse> {
    return this.onCreate();
  }

  protected async isCreateComplete(): Promise<IsCompleteResponse> {
    const counts = FlakyHandler.counts;
    if (++counts.polls <= counts.pollFailures) throw sdkError('SlowDown', 'slow down', 429);
    return { IsComplete: true };
  }

  protected isUpdateComplete(): Promise<IsCompleteResponse> {
    return this.isCreateComplete();
  }
}

test('any handler (custom domains too) gets both: Route 53\'s PriorRequestNotComplete in onEvent, HTTP 429 in isComplete', async () => {
  const flaky: HandlerModule = {
    onEvent: (e) => new FlakyHandler(e).onEvent(),
    isComplete: (e) => new FlakyHandler(e).isComplete(),
  };
  Object.assign(FlakyHandler.counts, { eventFailures: 2, pollFailures: 2, events: 0, polls: 0 });
  const result = await drive(flaky, event('Custom::Flaky', 'Create', {}));
  expect(result.error).toBeUndefined();
  expect(result.data.Attempts).toBe('3'); // two throttled attempts, then one that worked
  expect(result.polls).toBe(3); // two throttled polls were "not yet"
});
