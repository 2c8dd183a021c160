import { OperationSummary } from '@aws-sdk/client-apprunner';
import type { OperationData } from '../contract';
import {
  AppRunnerReader, deletedServiceError, deletionError, describeError, describeOperation, errorName, isDeletion, isInvalidState,
  operationFailed, operationRunning, serviceDeleted, statusIs,
} from './apprunner';

/** One App Runner operation on a service that a handler starts and follows. */
export interface OperationSpec {
  readonly serviceArn: string;
  /** The ListOperations type of the operation. */
  readonly type: string;
  /** What the operation does to the service, for messages ("pause it"). */
  readonly action: string;
  /** Start it; returns the OperationId (none when App Runner had nothing to do). */
  readonly start: () => Promise<string | undefined>;
  /** The service status in which there is nothing to do (PAUSED for a pause). */
  readonly targetStatus?: string;
  /** Service statuses in which the operation cannot run: a clear failure. */
  readonly refuseIn?: { readonly [status: string]: string };
  /**
   * Error names with which `start` may also say "another operation is in progress", besides
   * InvalidStateException: StartDeployment declares no InvalidStateException and App Runner
   * answers it with InvalidRequestException, which also means a bad request. Only the
   * service's status tells them apart.
   */
  readonly busyErrors?: readonly string[];
}

/** Clock skew allowed when matching an operation to the poll that started it. */
const SKEW_MS = 5000;

/**
 * Start an App Runner operation and follow it, statelessly: the Provider gives isComplete
 * only what onEvent returned, so a poll that could not start the operation (another one was
 * running: InvalidStateException) finds its own later through the service's status and
 * latest operation. Retried events are harmless: a second start meets InvalidStateException
 * or the target status. A service that is deleted (or being deleted) fails at once.
 */
export class ServiceOperation {
  /** The last service or operation status seen (for timeout messages). */
  public lastStatus = 'unknown';

  constructor(private readonly reader: AppRunnerReader, private readonly spec: OperationSpec) {}

  /**
   * onEvent: try to start. Returns the Data to hand to isComplete. An operation of the same
   * type already running (a retried event's first attempt, or an automatic deployment of the
   * image just pushed) is followed instead of starting another one after it.
   */
  public async begin(): Promise<OperationData> {
    const status = await this.status();
    if (this.spec.targetStatus && statusIs(status, this.spec.targetStatus)) return { Done: 'true' };
    if (statusIs(status, 'OPERATION_IN_PROGRESS')) {
      const latest = await this.reader.latestOperation(this.spec.serviceArn);
      this.refuseDeletion(latest);
      if (latest?.Id && statusIs(latest.Type, this.spec.type) && operationRunning(latest)) return { OperationId: latest.Id };
      return {};
    }
    return this.tryStart();
  }

  /** isComplete: true when done; throws when the operation failed. */
  public async poll(data: OperationData, startedAt: number): Promise<boolean> {
    if (data.Done === 'true') return true;
    if (data.OperationId) return this.follow(data.OperationId);

    const status = await this.status();
    if (this.spec.targetStatus && statusIs(status, this.spec.targetStatus)) return true;
    const latest = await this.reader.latestOperation(this.spec.serviceArn);
    this.refuseDeletion(latest);
    if (latest && statusIs(latest.Type, this.spec.type) && (latest.StartedAt?.getTime() ?? 0) >= startedAt - SKEW_MS) {
      this.lastStatus = `${latest.Type} ${latest.Status}`;
      if (operationFailed(latest)) throw this.failure(describeOperation(latest));
      if (operationRunning(latest)) return false;
      return statusIs(latest.Status, 'SUCCEEDED');
    }
    if (statusIs(status, 'OPERATION_IN_PROGRESS')) return false;
    const started = await this.tryStart();
    return started.Done === 'true';
  }

  private async follow(operationId: string): Promise<boolean> {
    const op = await this.reader.operation(this.spec.serviceArn, operationId);
    if (!op) return false; // not listed yet
    this.lastStatus = `${op.Type} ${op.Status}`;
    if (operationFailed(op)) throw this.failure(describeOperation(op));
    return statusIs(op.Status, 'SUCCEEDED');
  }

  private async status(): Promise<string> {
    const status = await this.reader.serviceStatus(this.spec.serviceArn);
    if (status === undefined) {
      throw new Error(`App Runner service ${this.spec.serviceArn} does not exist`);
    }
    this.lastStatus = status;
    if (serviceDeleted(status)) throw deletedServiceError(this.spec.serviceArn, status, this.spec.action);
    const refusal = Object.entries(this.spec.refuseIn ?? {}).find(([s]) => statusIs(status, s));
    if (refusal) throw new Error(refusal[1]);
    return status;
  }

  /** The operation in progress deletes the service: waiting for it would end in DELETED. */
  private refuseDeletion(latest: OperationSummary | undefined): void {
    if (isDeletion(latest)) throw deletionError(this.spec.serviceArn, latest, this.spec.action);
  }

  private async tryStart(): Promise<OperationData> {
    // a second attempt only after a busy-looking refusal whose operation ended meanwhile
    for (let attempt = 1; ; attempt++) {
      try {
        const operationId = await this.spec.start();
        return operationId ? { OperationId: operationId } : { Done: 'true' };
      } catch (e) {
        if (isInvalidState(e)) return {}; // another operation runs: a later poll tries again
        if (!this.spec.busyErrors?.includes(errorName(e))) throw e;
        const status = await this.status(); // PAUSED, DELETED, …: their clear messages
        if (statusIs(status, 'OPERATION_IN_PROGRESS')) return {}; // busy after all: later
        if (attempt >= 2) {
          throw new Error(`App Runner refused ${this.spec.type} on ${this.spec.serviceArn} (status ${status}): ${describeError(e)}`);
        }
      }
    }
  }

  private failure(detail: string): Error {
    return new Error(`App Runner operation ${detail} on ${this.spec.serviceArn}`);
  }
}
