/** Events as the Provider framework hands them to the handlers, and a driver of the framework's loop. */
import * as crypto from 'crypto';
import { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from '../../src/operations/runtime/types';

export const SERVICE_ARN = 'arn:aws:apprunner:us-east-1:123456789012:service/web/0123456789abcdef0123456789abcdef';

export function event(resourceType: string, requestType: 'Create' | 'Update' | 'Delete',
  props: Record<string, string>, oldProps?: Record<string, string>, physicalResourceId?: string): OnEventRequest {
  return {
    RequestType: requestType,
    ResourceType: resourceType,
    LogicalResourceId: 'Resource',
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Test/1',
    RequestId: 'req-1',
    PhysicalResourceId: physicalResourceId,
    ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:x', ...props },
    OldResourceProperties: oldProps,
  };
}

/**
 * The physical id a Custom::AppRunnerPreUpdateResume instance gets for this request:
 * `STACK_ID/SERVICE_LOGICAL_ID/pre-update-resume/paused=1|0/TOKEN` (StackId and ServiceLogicalId
 * its properties), TOKEN the first 16 hex digits of sha256(`StackId|LogicalResourceId|RequestId`)
 * of the event: a retried request keeps its id, every other request gets a new one.
 */
export function preUpdateResumeId(serviceLogicalId: string, paused: boolean,
  request: Pick<OnEventRequest, 'StackId' | 'LogicalResourceId' | 'RequestId'>): string {
  const token = crypto.createHash('sha256').update(`${request.StackId}|${request.LogicalResourceId}|${request.RequestId}`).digest('hex').slice(0, 16);
  return `${request.StackId}/${serviceLogicalId}/pre-update-resume/paused=${paused ? 1 : 0}/${token}`;
}

/** What onEvent returned, as the Provider hands it to isComplete. */
export function completeEvent(request: OnEventRequest, response: OnEventResponse): IsCompleteRequest {
  return { ...request, PhysicalResourceId: response.PhysicalResourceId ?? request.PhysicalResourceId ?? '', Data: response.Data };
}

/** A module with the Provider's two entry points (the source module or the bundle). */
export interface HandlerModule {
  onEvent(event: OnEventRequest): Promise<OnEventResponse>;
  isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse>;
}

/** The outcome of driving one event like the Provider framework does. */
export interface DriveResult {
  readonly physicalResourceId: string;
  readonly data: Record<string, string>;
  /** isComplete calls made (the first one included). */
  readonly polls: number;
  readonly error?: Error;
}

/**
 * onEvent, then isComplete until complete, an error, or `maxPolls`: the Provider framework's
 * loop (its waiter calls isComplete every queryInterval; here `between` runs instead).
 */
export async function drive(handler: HandlerModule, request: OnEventRequest,
  opts: { maxPolls?: number; between?: () => Promise<void> } = {}): Promise<DriveResult> {
  let response: OnEventResponse;
  try {
    response = await handler.onEvent(request);
  } catch (error) {
    return { physicalResourceId: request.PhysicalResourceId ?? '', data: {}, polls: 0, error: error as Error };
  }
  const completeRequest = completeEvent(request, response);
  for (let polls = 1; polls <= (opts.maxPolls ?? 100); polls++) {
    try {
      const result = await handler.isComplete(completeRequest);
      if (result.IsComplete) {
        return { physicalResourceId: completeRequest.PhysicalResourceId, data: { ...response.Data, ...result.Data }, polls };
      }
    } catch (error) {
      return { physicalResourceId: completeRequest.PhysicalResourceId, data: response.Data ?? {}, polls, error: error as Error };
    }
    await opts.between?.();
  }
  return {
    physicalResourceId: completeRequest.PhysicalResourceId,
    data: response.Data ?? {},
    polls: opts.maxPolls ?? 100,
    error: new Error('driver: maxPolls reached without completion'),
  };
}
