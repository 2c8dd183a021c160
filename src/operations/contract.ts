/**
 * The contract between the constructs and the custom-resource handlers: every
 * `Custom::AppRunner*` type of the library, the properties its construct writes into the
 * template, and the `Data` its handler carries from onEvent to the isComplete polls and returns
 * as attributes (aws-cdk-lib's Provider merges isComplete's Data into onEvent's; `getAtt` reads
 * the result).
 *
 * - Values are strings: CloudFormation hands a custom resource its properties as strings, and
 *   the Provider's Data is a map of strings. "true"/"false" stand for booleans.
 * - A required property is in every template the constructs write; an optional one may be left
 *   out. The handlers read properties through `Props<P>` (runtime/props.ts), which takes only
 *   the names of `P` (and, for `string`, only required ones), and keep `Data` typed as `D`
 *   (`ResourceHandler<P, D>`, runtime/resource-handler.ts).
 * - The construct side passes these property objects to `OperationsProvider._customResource`,
 *   which takes only them, with a type of the contract.
 *
 * It imports nothing (no AWS SDK, no aws-cdk-lib): the jsii library and the Lambda bundles both
 * import it, the handlers its types only (so the bundles do not change with it). It is not
 * exported from the package (not public API). The README's "Handler contract" table and the
 * templates are checked against `CONTRACT` by test/operations/contract.test.ts.
 */

// ---- shared -----------------------------------------------------------------------------

/** The properties every custom resource of the library takes. */
export interface CommonProperties {
  /**
   * Seconds the handler waits before it fails saying what it waited for (a handler's own
   * default: 1800). `OperationsProvider._customResource` sets the provider's total timeout
   * less a minute unless the construct gives one (CustomDomain's `timeout`).
   */
  readonly TimeoutSeconds?: string;
}

/** The Data of every handler (runtime/resource-handler.ts). */
export interface CommonData {
  /** When onEvent ran (milliseconds since the epoch): the start of `TimeoutSeconds`. */
  readonly StartedAt?: string;
}

/** The Data of a handler that starts an App Runner operation and follows it (runtime/service-operation.ts). */
export interface OperationData {
  /** "true": nothing (more) to wait for: the service is in the target state, or there was nothing to do. */
  readonly Done?: string;
  /** The App Runner operation started or followed; absent when another one ran (a later poll starts it). */
  readonly OperationId?: string;
}

// ---- Custom::AppRunnerRunState (runtime/run-state.ts) -------------------------------------

/** After each deployment the service is PAUSED or RUNNING (`ServiceProps.paused`). */
export const RUN_STATE_TYPE = 'Custom::AppRunnerRunState';

/** The properties of a `Custom::AppRunnerRunState`. */
export interface RunStateProperties extends CommonProperties {
  /** The service's ARN. */
  readonly ServiceArn: string;
  /** "true": the service ends PAUSED; "false": RUNNING. */
  readonly Paused: string;
  /** A hash of the service's rendered configuration: the resource updates whenever the service does (not read). */
  readonly ConfigHash: string;
  /** The service's deploy-time values (parameters, imports, SSM) as one `Fn::Join`; absent when it has none (not read). */
  readonly DeployTimeValues?: string;
}

/** The Data of a `Custom::AppRunnerRunState` (the pause or resume it follows). */
export interface RunStateData extends CommonData, OperationData {
  /** "true": an Update that asks for PAUSED, left to the pre-update resume's cleanup Delete. */
  readonly Deferred?: string;
}

// ---- Custom::AppRunnerPreUpdateResume (runtime/pre-update-resume.ts) ----------------------

/**
 * Resumes a PAUSED service before CloudFormation updates it, and applies the run state of the
 * template that stands in the cleanup phase (its old or new instance's Delete).
 */
export const PRE_UPDATE_RESUME_TYPE = 'Custom::AppRunnerPreUpdateResume';

/** The properties of a `Custom::AppRunnerPreUpdateResume`. */
export interface PreUpdateResumeProperties extends CommonProperties {
  /** The stack's id (`AWS::StackId`): the service is found with DescribeStackResource. */
  readonly StackId: string;
  /** The service's logical id (the resource cannot reference the service: it runs first). */
  readonly ServiceLogicalId: string;
  /** A hash of the service's rendered configuration: a new instance whenever the service updates. */
  readonly ConfigHash: string;
  /** The run state to end in: "true" (PAUSED), "false" (RUNNING), or "keep" (a service with a run schedule). */
  readonly Paused: string;
  /** A hash of the service's create-only properties: a change means the service is replaced (nothing to resume). */
  readonly ReplacementHash: string;
  /** The service's deploy-time values as one `Fn::Join`; absent when it has none (not read). */
  readonly DeployTimeValues?: string;
}

/** The Data of a `Custom::AppRunnerPreUpdateResume`. */
export interface PreUpdateResumeData extends CommonData, OperationData {
  /** "true"/"false": the service was PAUSED when the instance was made (recorded in a "keep" instance's id). */
  readonly WasPaused?: string;
  /** "true": the service is being replaced; nothing was done. */
  readonly Replacement?: string;
  /** The service found (its ARN), whose resume or cleanup pause/resume the polls follow. */
  readonly ServiceArn?: string;
  /** Cleanup Delete: "true" pauses the service, "false" resumes it. */
  readonly Pause?: string;
}

// ---- Custom::AppRunnerDeployment (runtime/deployment.ts) ----------------------------------

/** A changed trigger redeploys the service (StartDeployment; `ServiceProps.redeploy`). */
export const DEPLOYMENT_TYPE = 'Custom::AppRunnerDeployment';

/** The properties of a `Custom::AppRunnerDeployment`. */
export interface DeploymentProperties extends CommonProperties {
  /** The service's ARN. */
  readonly ServiceArn: string;
  /** Any string: a changed value starts a deployment. */
  readonly Trigger: string;
}

/** The Data of a `Custom::AppRunnerDeployment` (the deployment it follows). */
export interface DeploymentData extends CommonData, OperationData {}

// ---- Custom::AppRunnerRollbackCheck (runtime/rollback-check.ts) ---------------------------

/** Fails the deployment when App Runner failed or rolled back one of its operations (`failOnRollback`). */
export const ROLLBACK_CHECK_TYPE = 'Custom::AppRunnerRollbackCheck';

/** The properties of a `Custom::AppRunnerRollbackCheck`. */
export interface RollbackCheckProperties extends CommonProperties {
  /** The service's ARN. */
  readonly ServiceArn: string;
  /** A hash of the service's rendered configuration: the check runs whenever the service updates (not read). */
  readonly ConfigHash: string;
  /** The service's deploy-time values as one `Fn::Join`; absent when it has none (not read). */
  readonly DeployTimeValues?: string;
}

/** The Data of a `Custom::AppRunnerRollbackCheck`. */
export interface RollbackCheckData extends CommonData {
  /** "true": the Update back of a stack rollback, which passes without judging. */
  readonly RollingBack?: string;
  /** When the deployment began (milliseconds, DescribeStacks): older operations are not judged. */
  readonly DeploymentStartedAt?: string;
  /** Attribute: the latest operation of the deployment ("" when there was none). */
  readonly OperationId?: string;
  /** Attribute: that operation's status ("NONE" when there was none). */
  readonly OperationStatus?: string;
}

// ---- Custom::AppRunnerDefaultAutoScaling (runtime/default-auto-scaling.ts) ----------------

/** Makes an auto scaling configuration the account's default (`isDefault`). */
export const DEFAULT_AUTO_SCALING_TYPE = 'Custom::AppRunnerDefaultAutoScaling';

/** The properties of a `Custom::AppRunnerDefaultAutoScaling`. */
export interface DefaultAutoScalingProperties extends CommonProperties {
  /** The configuration's ARN (with its revision). */
  readonly AutoScalingConfigurationArn: string;
}

/** The Data of a `Custom::AppRunnerDefaultAutoScaling`. */
export interface DefaultAutoScalingData extends CommonData {
  /** Attribute: the account's default before ("" when none is known), restored on Delete. */
  readonly PreviousDefaultArn?: string;
  /** Delete: the default restored ("" when none was, e.g. another one was chosen since). */
  readonly Restored?: string;
}

// ---- Custom::AppRunnerCustomDomain (runtime/custom-domain.ts) -----------------------------

/** Associates a custom domain with a service and writes its Route 53 records (`CustomDomain`). */
export const CUSTOM_DOMAIN_TYPE = 'Custom::AppRunnerCustomDomain';

/** How a custom domain's records are written: a CNAME, alias A (and AAAA) records for an apex, or none. */
export type RecordMode = 'CNAME' | 'ALIAS' | 'NONE';

/** The properties of a `Custom::AppRunnerCustomDomain`. */
export interface CustomDomainProperties extends CommonProperties {
  /** The service's ARN. */
  readonly ServiceArn: string;
  /** The domain, without a trailing dot. */
  readonly DomainName: string;
  /** "true"/"false": also associate `www.` of the domain (the handler's default: "true"). */
  readonly EnableWwwSubdomain: string;
  /** "true"/"false": wait until the domain is ACTIVE (the handler's default: "false"). */
  readonly WaitForActive: string;
  /** The records to write (the handler's default: NONE). */
  readonly RecordMode: RecordMode;
  /** "true"/"false": an apex also gets an alias AAAA record (the service is dual-stack). */
  readonly DualStack: string;
  /** The Route 53 zone of the records; absent without a zone (no records are written). */
  readonly HostedZoneId?: string;
  /** App Runner's hosted zone of the region, for the alias records of an apex; absent otherwise. */
  readonly AliasHostedZoneId?: string;
  /**
   * The ARN of the stack's domain roles without the service's ID (`arn:…:role/cdk-apprunner-kit/apprunner-kit-HASH-`):
   * the handler assumes prefix + ID to act on a service and on the zone of its domains. (Templates
   * of versions before domain roles lack it: the handler then uses its own role.)
   */
  readonly RoleArnPrefix: string;
  /**
   * The weight (an integer 0-255) of the domain's target and www records: with it they are
   * weighted record sets with the set identifier `APP_RUNNER_SET_IDENTIFIER`, next to those of
   * a traffic cutover to ECS Express Mode (`DomainCutover`); absent: simple records (kept weighted,
   * at weight 255, while other weighted sets of the name exist, which Route 53 requires).
   */
  readonly RoutingWeight?: string;
}

/** The set identifier of a custom domain's weighted records (a `RoutingWeight` is given). */
export const APP_RUNNER_SET_IDENTIFIER = 'apprunner-kit-app-runner';

/** The set identifier of the ECS Express Mode side's weighted records of a `DomainCutover`. */
export const ECS_EXPRESS_SET_IDENTIFIER = 'apprunner-kit-ecs-express';

/** The fields of the `ValidationRecord{i}<Field>` attributes. */
export type ValidationRecordField = 'Name' | 'Type' | 'Value';

/** The attributes of a `Custom::AppRunnerCustomDomain` (isComplete's Data of a Create or Update). */
export interface CustomDomainAttributes {
  /** The service's DNS target, which the domain's records point at. */
  readonly DNSTarget?: string;
  /** The association's status, in lower case (e.g. "active", "pending_certificate_dns_validation"). */
  readonly Status?: string;
  /** The certificate validation records as a JSON array of `{ "name", "type", "value" }`. */
  readonly ValidationRecords?: string;
  /** `ValidationRecord{i}Name`, `…Type`, `…Value`: the i-th certificate validation record (i from 0). */
  readonly [key: `ValidationRecord${number}${ValidationRecordField}`]: string;
}

/** What a custom domain's Delete does: hand over to another instance, remove the records only, or remove all. */
export type CustomDomainDeleteMode = 'HANDOVER' | 'RECORDS' | 'REMOVE';

/** The Data of a `Custom::AppRunnerCustomDomain`: what onEvent decided, for the polls; the attributes. */
export interface CustomDomainData extends CommonData, CustomDomainAttributes {
  /** "true": the target service was PAUSED: it is paused again at the end. */
  readonly TargetPaused?: string;
  /** A service of another instance of the stack that holds the domain and gives it up first. */
  readonly Holder?: string;
  /** The record classes (target, www, validation; comma-separated) the holder's instance found in the zone: never removed. */
  readonly HolderPreexisting?: string;
  /** "true": the holder (or, on a handover, this instance's service) was PAUSED: it is paused again. */
  readonly HolderPaused?: string;
  /** Delete: what it does. */
  readonly Mode?: CustomDomainDeleteMode;
  /** Delete (HANDOVER): "true": the domain goes back to the other instance's service and settings. */
  readonly Restore?: string;
  /** Delete (HANDOVER): the service of the instance that takes over. */
  readonly To?: string;
  /** Delete (HANDOVER): that instance's www setting ("true"/"false"; "" when its id does not record it). */
  readonly ToWww?: string;
  /** Delete (HANDOVER): "true": that service was PAUSED. */
  readonly ToPaused?: string;
  /** Delete (REMOVE): "true": the service was PAUSED: it is paused again after the removal. */
  readonly ServicePaused?: string;
}

// ---- Custom::AppRunnerTags (runtime/tags.ts; issue 12 part 1) -----------------------------

/** The tags of an App Runner resource, updated in place with TagResource / UntagResource (`tagsInPlace`). */
export const TAGS_TYPE = 'Custom::AppRunnerTags';

/** The properties of a `Custom::AppRunnerTags`. */
export interface TagsProperties extends CommonProperties {
  /** The ARN of the tagged App Runner resource (a new ARN is a new instance). */
  readonly ResourceArn: string;
  /** The tags this resource sets, as a JSON object of key → value with sorted keys ("{}" for none). */
  readonly Tags: string;
}

/** The Data of a `Custom::AppRunnerTags` (none of its own). */
export interface TagsData extends CommonData {}

// ---- Custom::AppRunnerConnection, Custom::AppRunnerConnectionCheck (runtime/connection.ts; issue 12 part 2) ----

/** An App Runner connection to GitHub or Bitbucket (`Connection`): CreateConnection / DeleteConnection. */
export const CONNECTION_TYPE = 'Custom::AppRunnerConnection';

/** The properties of a `Custom::AppRunnerConnection`. */
export interface ConnectionProperties extends CommonProperties {
  /** The connection's name (a change is a new instance: a new connection, the old one deleted in the cleanup). */
  readonly ConnectionName: string;
  /** GITHUB or BITBUCKET (a change is a new instance). */
  readonly ProviderType: string;
  /** "true"/"false": wait until the handshake is completed in the console (AVAILABLE). */
  readonly WaitForHandshake: string;
  /** The tags, as a JSON object of key → value ("{}" for none); changed in place (TagResource / UntagResource). */
  readonly Tags?: string;
}

/** The Data of a `Custom::AppRunnerConnection`. */
export interface ConnectionData extends CommonData {
  /** Attribute: the connection's ARN (also its physical id). */
  readonly ConnectionArn?: string;
  /** Attribute: the connection's name. */
  readonly ConnectionName?: string;
  /** Attribute: its status when the resource completed (PENDING_HANDSHAKE, AVAILABLE, …). */
  readonly Status?: string;
}

/**
 * Finds a connection by name and, with `RequireAvailable`, fails unless it is AVAILABLE: the
 * check a service on a `Connection` runs before App Runner creates it, and the look-up of
 * `Connection.fromConnectionName`.
 */
export const CONNECTION_CHECK_TYPE = 'Custom::AppRunnerConnectionCheck';

/** The properties of a `Custom::AppRunnerConnectionCheck`. */
export interface ConnectionCheckProperties extends CommonProperties {
  /** The connection's name. */
  readonly ConnectionName: string;
  /** The connection's ARN, when known: the connection found must have it. */
  readonly ConnectionArn?: string;
  /** "true": fail unless the connection is AVAILABLE. */
  readonly RequireAvailable: string;
}

/** The Data of a `Custom::AppRunnerConnectionCheck`. */
export interface ConnectionCheckData extends CommonData {
  /** Attribute: the ARN of the connection found. */
  readonly ConnectionArn?: string;
  /** Attribute: its status. */
  readonly Status?: string;
}

// ---- Custom::AppRunnerExpressDomain (runtime/express-domain.ts; issue 13) ------------------

/**
 * A custom domain on an ECS Express Mode service (`DomainCutover`): its host names are added to
 * the host-header condition of the listener rule Express Mode manages for the service
 * (ModifyRule with the conditions only: the rule's actions, whose target-group weights Express
 * Mode's canary deployments shift, are never written), and the load balancer's DNS name and
 * hosted zone are read for the domain's records (CloudFormation's attributes of the service lack them).
 */
export const EXPRESS_DOMAIN_TYPE = 'Custom::AppRunnerExpressDomain';

/** The properties of a `Custom::AppRunnerExpressDomain`. */
export interface ExpressDomainProperties extends CommonProperties {
  /** The service's listener rule (GetAtt `ECSManagedResourceArns.IngressPath.ListenerRuleArn`); a change is a new instance. */
  readonly ListenerRuleArn: string;
  /** The service's load balancer (GetAtt `ECSManagedResourceArns.IngressPath.LoadBalancerArn`). */
  readonly LoadBalancerArn: string;
  /** The host names to add, lower case, comma-separated (the domain, and `www.` of it); a change is a new instance. */
  readonly HostNames: string;
  /** A hash of the Express service's properties as synthesized: a change applies the host names again (not read). */
  readonly ConfigHash: string;
}

/** The Data of a `Custom::AppRunnerExpressDomain`. */
export interface ExpressDomainData extends CommonData {
  /** Attribute: the load balancer's DNS name (the target of the domain's records). */
  readonly DNSName?: string;
  /** Attribute: the load balancer's canonical hosted zone (for alias records). */
  readonly CanonicalHostedZoneId?: string;
}

// ---- the table of types ------------------------------------------------------------------

/** Each type of the contract with its properties and Data. */
export interface ContractTypes {
  readonly [RUN_STATE_TYPE]: { readonly properties: RunStateProperties; readonly data: RunStateData };
  readonly [PRE_UPDATE_RESUME_TYPE]: { readonly properties: PreUpdateResumeProperties; readonly data: PreUpdateResumeData };
  readonly [DEPLOYMENT_TYPE]: { readonly properties: DeploymentProperties; readonly data: DeploymentData };
  readonly [ROLLBACK_CHECK_TYPE]: { readonly properties: RollbackCheckProperties; readonly data: RollbackCheckData };
  readonly [DEFAULT_AUTO_SCALING_TYPE]: { readonly properties: DefaultAutoScalingProperties; readonly data: DefaultAutoScalingData };
  readonly [CUSTOM_DOMAIN_TYPE]: { readonly properties: CustomDomainProperties; readonly data: CustomDomainData };
  readonly [TAGS_TYPE]: { readonly properties: TagsProperties; readonly data: TagsData };
  // issue 12 part 2: connections
  readonly [CONNECTION_TYPE]: { readonly properties: ConnectionProperties; readonly data: ConnectionData };
  readonly [CONNECTION_CHECK_TYPE]: { readonly properties: ConnectionCheckProperties; readonly data: ConnectionCheckData };
  // issue 13: traffic cutover to ECS Express Mode
  readonly [EXPRESS_DOMAIN_TYPE]: { readonly properties: ExpressDomainProperties; readonly data: ExpressDomainData };
}

/** A `Custom::AppRunner*` type of the contract. */
export type CustomResourceType = keyof ContractTypes;

/** The properties of a type. */
export type PropertiesOf<T extends CustomResourceType> = ContractTypes[T]['properties'];

/** The Data of a type. */
export type DataOf<T extends CustomResourceType> = ContractTypes[T]['data'];

/** The properties of any type of the contract (what `OperationsProvider._customResource` takes). */
export type CustomResourceProperties = PropertiesOf<CustomResourceType>;

/** Whether the constructs write a property into every template ("required") or may leave it out ("optional"). */
export type Presence = 'required' | 'optional';

/** Each property of `P` with its presence, which the compiler derives from `P`: a table that differs does not compile. */
export type PresenceTable<P> = { readonly [K in keyof P]-?: Pick<P, K> extends Required<Pick<P, K>> ? 'required' : 'optional' };

/** A Data key as the README's table writes it: the index of an indexed key as `{i}` (`ValidationRecord{i}Name`). */
export type DocumentedKey<K> = K extends `ValidationRecord${number}${infer F}` ? `ValidationRecord{i}${F}` : K;

/** What the contract says of one type, at run time (for the tests). */
export interface ResourceContract<P, D> {
  /** Its own properties (those of `CommonProperties` are in `COMMON_PROPERTIES`). */
  readonly properties: PresenceTable<Omit<P, keyof CommonProperties>>;
  /** The Data keys that are documented attributes (`getAtt`): the README's attributes column. */
  readonly attributes: readonly DocumentedKey<keyof D & string>[];
}

/** The properties of every type. */
export const COMMON_PROPERTIES: PresenceTable<CommonProperties> = { TimeoutSeconds: 'optional' };

/** Every type of the contract with its properties and documented attributes. */
export const CONTRACT: { readonly [T in CustomResourceType]: ResourceContract<PropertiesOf<T>, DataOf<T>> } = {
  [RUN_STATE_TYPE]: {
    properties: { ServiceArn: 'required', Paused: 'required', ConfigHash: 'required', DeployTimeValues: 'optional' },
    attributes: [],
  },
  [PRE_UPDATE_RESUME_TYPE]: {
    properties: {
      StackId: 'required', ServiceLogicalId: 'required', ConfigHash: 'required', Paused: 'required', ReplacementHash: 'required', DeployTimeValues: 'optional',
    },
    attributes: ['WasPaused'],
  },
  [DEPLOYMENT_TYPE]: {
    properties: { ServiceArn: 'required', Trigger: 'required' },
    attributes: [],
  },
  [ROLLBACK_CHECK_TYPE]: {
    properties: { ServiceArn: 'required', ConfigHash: 'required', DeployTimeValues: 'optional' },
    attributes: ['OperationId', 'OperationStatus'],
  },
  [DEFAULT_AUTO_SCALING_TYPE]: {
    properties: { AutoScalingConfigurationArn: 'required' },
    attributes: ['PreviousDefaultArn'],
  },
  [CUSTOM_DOMAIN_TYPE]: {
    properties: {
      ServiceArn: 'required',
      DomainName: 'required',
      EnableWwwSubdomain: 'required',
      WaitForActive: 'required',
      RecordMode: 'required',
      DualStack: 'required',
      HostedZoneId: 'optional',
      AliasHostedZoneId: 'optional',
      RoleArnPrefix: 'required',
      RoutingWeight: 'optional',
    },
    attributes: ['DNSTarget', 'Status', 'ValidationRecords', 'ValidationRecord{i}Name', 'ValidationRecord{i}Type', 'ValidationRecord{i}Value'],
  },
  [TAGS_TYPE]: {
    properties: { ResourceArn: 'required', Tags: 'required' },
    attributes: [],
  },
  // issue 12 part 2: connections
  [CONNECTION_TYPE]: {
    properties: { ConnectionName: 'required', ProviderType: 'required', WaitForHandshake: 'required', Tags: 'optional' },
    attributes: ['ConnectionArn', 'ConnectionName', 'Status'],
  },
  [CONNECTION_CHECK_TYPE]: {
    properties: { ConnectionName: 'required', ConnectionArn: 'optional', RequireAvailable: 'required' },
    attributes: ['ConnectionArn', 'Status'],
  },
  [EXPRESS_DOMAIN_TYPE]: {
    properties: { ListenerRuleArn: 'required', LoadBalancerArn: 'required', HostNames: 'required', ConfigHash: 'required' },
    attributes: ['DNSName', 'CanonicalHostedZoneId'],
  },
};
