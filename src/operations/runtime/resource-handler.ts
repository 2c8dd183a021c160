import * as crypto from 'crypto';
import type { CommonData, CommonProperties } from '../contract';
import { describeError, isThrottling, retryThrottled } from './apprunner';
import { Props } from './props';
import { DataMap, IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from './types';

/** The default wait, when a resource does not say (TimeoutSeconds). */
export const DEFAULT_TIMEOUT_SECONDS = 1800;

/**
 * The lifecycle of one custom resource, in the shape of aws-cdk-lib's EKS cluster-resource
 * handler: onEvent dispatches to onCreate/onUpdate/onDelete (start the work), isComplete to
 * isCreateComplete/isUpdateComplete/isDeleteComplete (follow it). Subclasses get their SDK
 * clients through their constructor, so tests pass fakes.
 *
 * The base class makes every resource time out with a clear message instead of hanging:
 * onEvent records `StartedAt`, and isComplete fails once `TimeoutSeconds` (a resource
 * property) have passed, saying what it waited for and the last status it saw.
 *
 * It also keeps throttling (beyond the SDK's own retries: a stack that updates many services
 * at once) from failing a deployment: a throttled poll is "not yet" (the next poll tries again,
 * still within the timeout), and a throttled onEvent runs again after a backoff
 * (`retryThrottled`, about 40 s at most). Running onEvent again is safe because every handler
 * already is idempotent under a retried event.
 *
 * `P` and `D` are the resource's properties and Data in the contract (../contract.ts): `props`
 * reads only the names of `P`, `data` and the responses of the lifecycle methods hold only the
 * keys of `D`. onEvent and isComplete are the boundary to the wire's string maps.
 */
export abstract class ResourceHandler<P extends CommonProperties = CommonProperties, D extends CommonData = CommonData> {
  protected readonly props: Props<P>;
  protected readonly oldProps: Props<P>;
  protected readonly physicalResourceId?: string;
  protected readonly data: D;
  /** The last status a poll saw, for the timeout message. */
  protected lastStatus = 'unknown';

  constructor(protected readonly event: OnEventRequest | IsCompleteRequest, protected readonly now: () => number = Date.now) {
    this.props = new Props(event.ResourceType, event.ResourceProperties);
    this.oldProps = new Props(event.ResourceType, event.OldResourceProperties);
    this.physicalResourceId = event.PhysicalResourceId;
    // the wire's string map, whose keys the handler's contract names (the handler wrote them)
    this.data = { ...((event as IsCompleteRequest).Data ?? {}) } as unknown as D;
  }

  public async onEvent(): Promise<OnEventResponse> {
    const response = await retryThrottled(() => this.dispatchEvent(), () => this.waitingFor());
    return {
      PhysicalResourceId: response.PhysicalResourceId ?? this.physicalResourceId,
      Data: { ...response.Data, StartedAt: String(this.now()) } as unknown as DataMap,
    };
  }

  public async isComplete(): Promise<IsCompleteResponse> {
    let response: IsCompleteResponse<D>;
    try {
      response = await this.dispatchComplete();
    } catch (e) {
      if (!isThrottling(e)) throw e;
      // no Data: the Provider framework refuses Data with IsComplete false
      this.lastStatus = `throttled (${describeError(e)})`;
      response = NOT_YET;
    }
    if (response.IsComplete) return response as unknown as IsCompleteResponse;
    const timeoutSeconds = this.props.positiveInteger('TimeoutSeconds', DEFAULT_TIMEOUT_SECONDS);
    const startedAt = Number(this.data.StartedAt ?? this.now());
    const elapsed = (this.now() - startedAt) / 1000;
    if (elapsed >= timeoutSeconds) {
      throw new Error(`Timed out after ${timeoutSeconds} s waiting for ${this.waitingFor()} (last status: ${this.lastStatus})`);
    }
    return response as unknown as IsCompleteResponse;
  }

  /** What the resource waits for, for the timeout message. */
  protected abstract waitingFor(): string;

  /**
   * A token unique to the request that makes an instance (16 hex digits of the SHA-256 of
   * `StackId|LogicalResourceId|RequestId`: the same for a retried request), for physical ids
   * that must differ between instances.
   */
  protected requestToken(): string {
    return crypto.createHash('sha256').update(`${this.event.StackId}|${this.event.LogicalResourceId}|${this.event.RequestId}`).digest('hex').slice(0, 16);
  }

  protected abstract onCreate(): Promise<OnEventResponse<D>>;
  protected abstract onUpdate(): Promise<OnEventResponse<D>>;
  /** Most resources leave nothing behind: delete does nothing unless overridden. */
  protected async onDelete(): Promise<OnEventResponse<D>> {
    return {};
  }

  protected abstract isCreateComplete(): Promise<IsCompleteResponse<D>>;
  protected abstract isUpdateComplete(): Promise<IsCompleteResponse<D>>;
  protected async isDeleteComplete(): Promise<IsCompleteResponse<D>> {
    return { IsComplete: true };
  }


  private dispatchEvent(): Promise<OnEventResponse<D>> {
    switch (this.event.RequestType) {
      case 'Create': return this.onCreate();
      case 'Update': return this.onUpdate();
      case 'Delete': return this.onDelete();
      default: throw new Error(`Unknown request type ${JSON.stringify((this.event as OnEventRequest).RequestType)}`);
    }
  }

  private dispatchComplete(): Promise<IsCompleteResponse<D>> {
    switch (this.event.RequestType) {
      case 'Create': return this.isCreateComplete();
      case 'Update': return this.isUpdateComplete();
      case 'Delete': return this.isDeleteComplete();
      default: throw new Error(`Unknown request type ${JSON.stringify((this.event as OnEventRequest).RequestType)}`);
    }
  }
}

/** A completed response (without Data: it fits every handler's). */
export const COMPLETE: IsCompleteResponse<never> = { IsComplete: true };
/** Not yet. */
export const NOT_YET: IsCompleteResponse<never> = { IsComplete: false };
