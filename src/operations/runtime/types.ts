/**
 * The custom-resource contract between CloudFormation, aws-cdk-lib's Provider framework and
 * the handlers. The Provider calls `onEvent` once per lifecycle event and then `isComplete`
 * every query interval, with the same event plus what onEvent returned, until it returns
 * `IsComplete: true` or throws (which fails the resource with the error's message).
 */

/** Properties as CloudFormation hands them to a custom resource: every value is a string. */
export type ResourceProperties = { readonly [key: string]: string | undefined };

/**
 * The Data of the wire: a map of strings. A handler types its own with the contract
 * (`ResourceHandler<P, D>`, ../contract.ts).
 */
export type DataMap = { [key: string]: string };

/** `T` with writable fields (a handler building its Data). */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

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

/** What onEvent returns (`D`: the handler's Data, see ../contract.ts). */
export interface OnEventResponse<D = DataMap> {
  readonly PhysicalResourceId?: string;
  readonly Data?: D;
}

/** What the Provider passes to isComplete: the onEvent request plus onEvent's response. */
export interface IsCompleteRequest extends OnEventRequest {
  readonly PhysicalResourceId: string;
  readonly Data?: DataMap;
}

/** What isComplete returns (`D`: the handler's Data, see ../contract.ts). */
export interface IsCompleteResponse<D = DataMap> {
  readonly IsComplete: boolean;
  readonly Data?: D;
}
