/**
 * aws-cdk-lib's custom-resource Provider framework (custom-resources/lib/provider-framework/
 * runtime/framework.js and cfn-response.js), emulated for the lifecycle driver: CloudFormation
 * invokes the framework's onEvent function (the ServiceToken), which invokes the user onEvent
 * function (USER_ON_EVENT_FUNCTION_ARN) once and starts the waiter, whose framework isComplete
 * function invokes the user isComplete function (USER_IS_COMPLETE_FUNCTION_ARN) until
 * IsComplete. The user functions run the library's bundles as the functions' roles.
 *
 * Semantics kept from the framework: the default physical id of a Create is the RequestId;
 * onEvent's PhysicalResourceId and Data pass on to isComplete, whose result may override the
 * physical id and is merged into Data; "Data" with IsComplete false is an error; a Delete may
 * not change the physical id; a failed Create without a physical id reports
 * AWSCDK::CustomResourceProviderFramework::CREATE_FAILED, whose later Delete succeeds without
 * calling the handler; a failure reports the physical id of the event that failed.
 * Simplified: the failure reason is the framework's message without the stack trace lines;
 * the waiter has no clock (isComplete is polled back to back, at most `maxPolls` times).
 */
import { PhysicalResource } from './resources';
import { HarnessError, Json } from './template';

export const CREATE_FAILED_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';
export const MISSING_PHYSICAL_ID_MARKER = 'AWSCDK::CustomResourceProviderFramework::MISSING_PHYSICAL_ID';
export const HARNESS_FAULT = 'Custom::HarnessFault';

/** One request CloudFormation sends to a custom resource. */
export interface CustomRequest {
  readonly requestType: 'Create' | 'Update' | 'Delete';
  readonly stackId: string;
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId?: string;
  /** Stringified, ServiceToken included. */
  readonly properties: Record<string, Json>;
  readonly oldProperties?: Record<string, Json>;
}

export interface CustomOutcome {
  readonly ok: boolean;
  readonly physicalId: string;
  readonly data: Record<string, string>;
  readonly reason?: string;
  /** Whether a handler function was invoked (not for the CREATE_FAILED marker's Delete, say). */
  readonly invoked: boolean;
}

/** What the framework needs from the world. */
export interface FrameworkHost {
  /** isComplete polls before the resource fails with "harness: no completion". */
  readonly maxPolls: number;
  /** The live AWS::Lambda::Function with this ARN. */
  lambdaByArn(arn: string): PhysicalResource | undefined;
  /** The live resource whose Ref is this value (the waiter state machine). */
  resourceByRef(ref: string): PhysicalResource | undefined;
  /** IAM check of a framework call (lambda:InvokeFunction, states:StartExecution) by a function's role: the denial message or undefined. */
  authorizeFramework(fn: PhysicalResource, action: string, resource: string, request: CustomRequest): string | undefined;
  /** Run a bundle as the function (its role is the principal of every AWS call it makes). */
  invoke(fn: PhysicalResource, kind: 'onEvent' | 'isComplete', payload: Json, request: CustomRequest): Promise<Json>;
  nextRequestId(): string;
}

const LIBRARY_FUNCTION = /^cdk-apprunner-kit/;

interface Functions {
  readonly framework: PhysicalResource;
  readonly onEvent: PhysicalResource;
  readonly isComplete?: PhysicalResource;
  readonly frameworkIsComplete?: PhysicalResource;
  readonly waiterArn?: string;
}

/** Find the provider behind a ServiceToken, refusing anything that is not this library's Provider. */
function functionsOf(host: FrameworkHost, request: CustomRequest): Functions {
  const token = String(request.properties.ServiceToken ?? '');
  const where = `custom resource ${request.stackName}/${request.logicalId} (${request.type})`;
  const framework = host.lambdaByArn(token);
  if (!framework) throw new HarnessError(`${where}: its ServiceToken ${JSON.stringify(token)} is no Lambda function of this world (only this library's Provider is supported)`);
  const env = framework.properties.Environment?.Variables ?? {};
  if (!env.USER_ON_EVENT_FUNCTION_ARN) {
    throw new HarnessError(`${where}: ${framework.label} is not an aws-cdk-lib Provider framework onEvent function (no USER_ON_EVENT_FUNCTION_ARN); only this library's Provider is supported`);
  }
  const user = (arn: string, variable: string) => {
    const fn = host.lambdaByArn(arn);
    if (!fn) throw new HarnessError(`${where}: ${variable} ${arn} is no live Lambda function`);
    if (!LIBRARY_FUNCTION.test(String(fn.properties.Description ?? ''))) {
      throw new HarnessError(`${where}: ${fn.label} is not a handler of this library (its Description does not start with "cdk-apprunner-kit"); other providers are not supported`);
    }
    return fn;
  };
  const onEvent = user(env.USER_ON_EVENT_FUNCTION_ARN, 'USER_ON_EVENT_FUNCTION_ARN');
  if (!env.USER_IS_COMPLETE_FUNCTION_ARN) return { framework, onEvent };
  const isComplete = user(env.USER_IS_COMPLETE_FUNCTION_ARN, 'USER_IS_COMPLETE_FUNCTION_ARN');
  // the waiter state machine starts with the framework's isComplete task
  const waiterArn = String(env.WAITER_STATE_MACHINE_ARN ?? '');
  const waiter = host.resourceByRef(waiterArn);
  let frameworkIsComplete: PhysicalResource | undefined;
  try {
    const definition = JSON.parse(String(waiter?.properties.DefinitionString ?? '{}'));
    frameworkIsComplete = host.lambdaByArn(String(definition.States?.[definition.StartAt]?.Resource ?? ''));
  } catch {
    frameworkIsComplete = undefined;
  }
  if (!frameworkIsComplete) throw new HarnessError(`${where}: the framework's isComplete function was not found through WAITER_STATE_MACHINE_ARN ${waiterArn}`);
  return { framework, onEvent, isComplete, frameworkIsComplete, waiterArn };
}

/** What the framework reports when a user function throws (Lambda FunctionError). */
function userFunctionError(error: unknown, fn: PhysicalResource): string {
  const message = (error as Error)?.message ?? String(error);
  return [message || 'error', '', `Logs: /aws/lambda/${fn.physicalId}`, ''].join('\n');
}

/** Run one CloudFormation request through the Provider framework (or the test-only HarnessFault). */
export async function runCustomResource(host: FrameworkHost, request: CustomRequest): Promise<CustomOutcome> {
  const requestId = host.nextRequestId();
  if (request.type === HARNESS_FAULT) return harnessFault(request, requestId);
  if (request.requestType === 'Delete' && request.physicalId === CREATE_FAILED_MARKER) {
    // cfn-response.safeHandler: "ignoring DELETE event caused by a failed CREATE event"
    return { ok: true, physicalId: CREATE_FAILED_MARKER, data: {}, invoked: false };
  }
  const fns = functionsOf(host, request);
  const event: Record<string, Json> = {
    RequestType: request.requestType,
    ServiceToken: request.properties.ServiceToken,
    ResponseURL: `https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/${encodeURIComponent(`${request.stackId}|${request.logicalId}|${requestId}`)}?X-Amz-Signature=loopback`,
    StackId: request.stackId,
    RequestId: requestId,
    LogicalResourceId: request.logicalId,
    ResourceType: request.type,
    ResourceProperties: request.properties,
  };
  if (request.physicalId !== undefined) event.PhysicalResourceId = request.physicalId;
  if (request.oldProperties !== undefined) event.OldResourceProperties = request.oldProperties;

  // framework onEvent (wrapped by safeHandler: a failure reports the request's physical id)
  const failed = (physicalId: string | undefined, reason: string, invoked: boolean): CustomOutcome => ({
    ok: false,
    physicalId: physicalId || (request.requestType === 'Create' ? CREATE_FAILED_MARKER : MISSING_PHYSICAL_ID_MARKER),
    data: {},
    reason,
    invoked,
  });
  const denied = host.authorizeFramework(fns.framework, 'lambda:InvokeFunction', String(fns.onEvent.attributes.Arn), request);
  if (denied) return failed(event.PhysicalResourceId, denied, false);
  let result: Json;
  try {
    result = await host.invoke(fns.onEvent, 'onEvent', event, request);
  } catch (e) {
    if (e instanceof HarnessError) throw e;
    return failed(event.PhysicalResourceId, userFunctionError(e, fns.onEvent), true);
  }
  result = result ?? {};
  const physicalId: string = result.PhysicalResourceId || (request.requestType === 'Create' ? requestId : event.PhysicalResourceId);
  if (request.requestType === 'Delete' && physicalId !== event.PhysicalResourceId) {
    return failed(event.PhysicalResourceId,
      `DELETE: cannot change the physical resource ID from "${event.PhysicalResourceId}" to "${result.PhysicalResourceId}" during deletion`, true);
  }
  const resourceEvent = { ...event, ...result, PhysicalResourceId: physicalId };
  if (!fns.isComplete) return { ok: true, physicalId, data: { ...(resourceEvent.Data ?? {}) }, invoked: true };
  const startDenied = host.authorizeFramework(fns.framework, 'states:StartExecution', fns.waiterArn!, request);
  if (startDenied) return failed(event.PhysicalResourceId, startDenied, true);

  // the waiter: framework isComplete until the user function says so
  for (let poll = 1; poll <= host.maxPolls; poll++) {
    const pollDenied = host.authorizeFramework(fns.frameworkIsComplete!, 'lambda:InvokeFunction', String(fns.isComplete.attributes.Arn), request);
    if (pollDenied) return failed(resourceEvent.PhysicalResourceId, pollDenied, true);
    let complete: Json;
    try {
      complete = (await host.invoke(fns.isComplete, 'isComplete', resourceEvent, request)) ?? {};
    } catch (e) {
      if (e instanceof HarnessError) throw e;
      return failed(resourceEvent.PhysicalResourceId, userFunctionError(e, fns.isComplete), true);
    }
    if (!complete.IsComplete) {
      if (complete.Data && Object.keys(complete.Data).length > 0) {
        return failed(resourceEvent.PhysicalResourceId, '"Data" is not allowed if "IsComplete" is "False"', true);
      }
      continue;
    }
    const response = { ...resourceEvent, ...complete, Data: { ...(resourceEvent.Data ?? {}), ...(complete.Data ?? {}) } };
    return { ok: true, physicalId: response.PhysicalResourceId || MISSING_PHYSICAL_ID_MARKER, data: response.Data, invoked: true };
  }
  return failed(resourceEvent.PhysicalResourceId, `harness: no completion after ${host.maxPolls} isComplete polls`, true);
}

/**
 * Custom::HarnessFault (no Lambda): Create and Update fail when the property Fail is "true",
 * Delete fails when FailDelete is "true"; otherwise they succeed. Its physical id is the
 * Create's RequestId.
 */
function harnessFault(request: CustomRequest, requestId: string): CustomOutcome {
  const physicalId = request.physicalId ?? requestId;
  const failing = request.requestType === 'Delete' ? request.properties.FailDelete === 'true' : request.properties.Fail === 'true';
  if (failing) return { ok: false, physicalId, data: {}, reason: `HarnessFault: ${request.requestType} of ${request.logicalId} fails as asked`, invoked: true };
  return { ok: true, physicalId, data: { Value: String(request.properties.Value ?? '') }, invoked: true };
}
