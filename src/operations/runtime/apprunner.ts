import {
  AppRunnerClient, DescribeServiceCommand, ListOperationsCommand, OperationSummary,
} from '@aws-sdk/client-apprunner';

/** Operation statuses after which nothing more happens. */
const OPERATION_FAILED = ['FAILED', 'ROLLBACK_SUCCEEDED', 'ROLLBACK_FAILED'];
const OPERATION_RUNNING = ['PENDING', 'IN_PROGRESS', 'ROLLBACK_IN_PROGRESS'];

/** Case-insensitive status comparison (the model's enums are upper case, some tools use lower). */
export function statusIs(status: string | undefined, ...candidates: string[]): boolean {
  const s = (status ?? '').toUpperCase();
  return candidates.some((c) => c.toUpperCase() === s);
}

/** The operation failed, or App Runner rolled it back. */
export function operationFailed(op: OperationSummary): boolean {
  return statusIs(op.Status, ...OPERATION_FAILED);
}

/** The operation has not ended yet. */
export function operationRunning(op: OperationSummary): boolean {
  return statusIs(op.Status, ...OPERATION_RUNNING);
}

/** The error name of an SDK exception (`name`, or `__type` / `Code` for raw errors). */
export function errorName(error: unknown): string {
  const e = error as { name?: string; Code?: string; __type?: string };
  return String(e?.name ?? e?.Code ?? e?.__type ?? '');
}

/** "Another operation is in progress": wait and try again. */
export function isInvalidState(error: unknown): boolean {
  return errorName(error) === 'InvalidStateException';
}

/** The resource does not exist (any more). */
export function isNotFound(error: unknown): boolean {
  return errorName(error) === 'ResourceNotFoundException';
}

/**
 * Throttling error names of the services the handlers call: App Runner sends
 * ThrottlingException as a generic service exception (its model defines none), CloudFormation
 * `Throttling`, Route 53 `Throttling` and `PriorRequestNotComplete`; the others are the
 * common AWS spellings.
 */
const THROTTLING = ['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'PriorRequestNotComplete'];

/** AWS asked us to slow down (a throttling error name, or HTTP 429). */
export function isThrottling(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  return THROTTLING.includes(errorName(error)) || status === 429;
}

/** A one-line description of an error for messages: `Name: message`. */
export function describeError(error: unknown): string {
  return `${errorName(error) || 'Error'}: ${(error as Error)?.message ?? String(error)}`;
}

/**
 * Environment variable that overrides the base delay (milliseconds) of the onEvent retries
 * after throttling; tests set it to a millisecond or two so that they run fast. Unset in the
 * deployed functions: 1 s.
 */
export const THROTTLE_BASE_ENV = 'APPRUNNER_KIT_THROTTLE_BASE_MS';
const DEFAULT_THROTTLE_BASE_MS = 1000;
/**
 * The retries stop once their delays add up to this many base delays (40 s with the default
 * base): App Runner's API allows a few requests per second per account, which a stack updating
 * tens of services at once exceeds for seconds, not minutes.
 */
export const THROTTLE_BUDGET_BASES = 40;
/** One delay never exceeds this many base delays (10 s). */
const THROTTLE_MAX_DELAY_BASES = 10;
/**
 * Whatever the base: no retry starts later than this after the first attempt (real time, the
 * calls and the SDK's own retries included), so that the last attempt still ends within the
 * functions' 60 s Lambda timeout.
 */
export const THROTTLE_DEADLINE_MS = 45_000;

/** The base delay of the throttling backoff, in milliseconds. */
export function throttleBaseMs(): number {
  const configured = Number(process.env[THROTTLE_BASE_ENV]);
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_THROTTLE_BASE_MS;
}

/**
 * The delay before retry `attempt` (0 for the first): exponential, capped, with "equal
 * jitter" (between half and all of the step), so that the many handlers a throttled stack
 * runs at once spread out instead of retrying together, while each still waits long enough.
 */
export function backoffDelay(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const step = Math.min(THROTTLE_MAX_DELAY_BASES, 2 ** attempt) * baseMs;
  return step / 2 + random() * (step / 2);
}

/**
 * Run `fn` again while AWS throttles it, with `backoffDelay` between attempts, until the delays
 * add up to `THROTTLE_BUDGET_BASES` base delays or the next one would start after
 * `THROTTLE_DEADLINE_MS`; then fail with a clear message naming `what` (the work being
 * started). Only for work that is safe to repeat: every handler's onEvent is (CloudFormation
 * may deliver an event twice).
 */
export async function retryThrottled<T>(fn: () => Promise<T>, what: () => string): Promise<T> {
  const base = throttleBaseMs();
  const started = Date.now();
  let slept = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isThrottling(e)) throw e;
      const delay = backoffDelay(attempt, base);
      if (slept + delay > THROTTLE_BUDGET_BASES * base || Date.now() - started + delay > THROTTLE_DEADLINE_MS) {
        throw new Error(`Still throttled after ${attempt + 1} attempts while starting ${what()} (${describeError(e)}): `
          + 'deploy again later, or deploy fewer services at once');
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      slept += delay;
    }
  }
}

/** Service statuses after which no operation can run on the service any more. */
const DELETED_STATUSES = ['DELETED', 'DELETE_FAILED'];

/** The service was deleted (or its deletion failed): nothing can be done with it. */
export function serviceDeleted(status: string | undefined): boolean {
  return statusIs(status, ...DELETED_STATUSES);
}

const RECREATE = 'Remove the service from the stack, or give it a new name so that CloudFormation creates a new one, and deploy again';

/**
 * The error for a service that is DELETED or DELETE_FAILED (deleted outside CloudFormation, as
 * nothing in the stack deletes it while it is in the stack), naming `action` (e.g. "pause it").
 */
export function deletedServiceError(serviceArn: string, status: string, action: string): Error {
  if (statusIs(status, 'DELETE_FAILED')) {
    return new Error(`App Runner service ${serviceArn} is DELETE_FAILED: cannot ${action}. `
      + 'Delete it again (App Runner console or DeleteService), then remove it from the stack or give it a new name, and deploy again');
  }
  return new Error(`App Runner service ${serviceArn} is ${status.toUpperCase()} (deleted outside CloudFormation?): cannot ${action}. ${RECREATE}`);
}

/**
 * The error for a service whose latest operation is a DELETE_SERVICE: being deleted while it
 * runs, DELETED after it succeeded, DELETE_FAILED after it failed.
 */
export function deletionError(serviceArn: string, deletion: OperationSummary, action: string): Error {
  if (operationRunning(deletion)) {
    return new Error(`App Runner service ${serviceArn} is being deleted (operation ${deletion.Id} DELETE_SERVICE ${deletion.Status}): `
      + `cannot ${action}. ${RECREATE}`);
  }
  return deletedServiceError(serviceArn, statusIs(deletion.Status, 'SUCCEEDED') ? 'DELETED' : 'DELETE_FAILED', action);
}

/** A DELETE_SERVICE operation (any status). */
export function isDeletion(op: OperationSummary | undefined): op is OperationSummary {
  return op !== undefined && statusIs(op.Type, 'DELETE_SERVICE');
}

/** Reads of App Runner services and operations used by every handler. */
export class AppRunnerReader {
  constructor(public readonly client: AppRunnerClient) {}

  /** The service's status, or undefined when the service does not exist. */
  public async serviceStatus(serviceArn: string): Promise<string | undefined> {
    try {
      const out = await this.client.send(new DescribeServiceCommand({ ServiceArn: serviceArn }));
      return out.Service?.Status;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /** The operation with this id (ListOperations, every page), or undefined. */
  public async operation(serviceArn: string, operationId: string): Promise<OperationSummary | undefined> {
    let nextToken: string | undefined;
    do {
      const out = await this.client.send(new ListOperationsCommand({ ServiceArn: serviceArn, NextToken: nextToken }));
      const found = (out.OperationSummaryList ?? []).find((op) => op.Id === operationId);
      if (found) return found;
      nextToken = out.NextToken;
    } while (nextToken);
    return undefined;
  }

  /** The service's latest operation (ListOperations returns the newest first). */
  public async latestOperation(serviceArn: string): Promise<OperationSummary | undefined> {
    const out = await this.client.send(new ListOperationsCommand({ ServiceArn: serviceArn, MaxResults: 1 }));
    return out.OperationSummaryList?.[0];
  }

  /**
   * The service's newest operation, and every operation (newest first) that started at or
   * after `since` (milliseconds; only the newest when `since` is undefined). Pages of 20, at
   * most `maxPages` (a deployment starts a handful of operations, not hundreds).
   */
  public async operationsSince(serviceArn: string, since: number | undefined, maxPages = 5): Promise<RecentOperations> {
    const recent: OperationSummary[] = [];
    let newest: OperationSummary | undefined;
    let nextToken: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const out = await this.client.send(new ListOperationsCommand({ ServiceArn: serviceArn, MaxResults: 20, NextToken: nextToken }));
      for (const op of out.OperationSummaryList ?? []) {
        newest ??= op;
        if (since === undefined) return { newest, recent: [op] };
        if ((op.StartedAt?.getTime() ?? 0) < since) return { newest, recent };
        recent.push(op);
      }
      nextToken = out.NextToken;
      if (!nextToken) break;
    }
    return { newest, recent };
  }
}

/** What `AppRunnerReader.operationsSince` found. */
export interface RecentOperations {
  /** The service's newest operation, whenever it started. */
  readonly newest?: OperationSummary;
  /** The operations since the time asked for, newest first. */
  readonly recent: OperationSummary[];
}

/** A one-line description of an operation for messages. */
export function describeOperation(op: OperationSummary): string {
  return `${op.Id} (${op.Type}) ended ${op.Status}`;
}
