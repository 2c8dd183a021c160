/**
 * The custom-resource contract between CloudFormation, aws-cdk-lib's Provider framework and
 * the handlers. The Provider calls `onEvent` once per lifecycle event and then `isComplete`
 * every query interval, with the same event plus what onEvent returned, until it returns
 * `IsComplete: true` or throws (which fails the resource with the error's message).
 */

/** Properties as CloudFormation hands them to a custom resource: every value is a string. */
export type ResourceProperties = { readonly [key: string]: string | undefined };

/** What the Provider passes to onEvent. */
export interface OnEventRequest {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResourceType: string;
  readonly LogicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: ResourceProperties;
  readonly OldResourceProperties?: ResourceProperties;
}

/** What onEvent returns. */
export interface OnEventResponse {
  readonly PhysicalResourceId?: string;
  readonly Data?: { [key: string]: string };
}

/** What the Provider passes to isComplete: the onEvent request plus onEvent's response. */
export interface IsCompleteRequest extends OnEventRequest {
  readonly PhysicalResourceId: string;
  readonly Data?: { [key: string]: string };
}

/** What isComplete returns. */
export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  readonly Data?: { [key: string]: string };
}
