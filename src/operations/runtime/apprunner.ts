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

export function operationFailed(op: OperationSummary): boolean {
  return statusIs(op.Status, ...OPERATION_FAILED);
}

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
}

/** A one-line description of an operation for messages. */
export function describeOperation(op: OperationSummary): string {
  return `${op.Id} (${op.Type}) ended ${op.Status}`;
}
