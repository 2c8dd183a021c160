import { Aws, CustomResource, Duration, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { CustomResourceProperties, CustomResourceType } from './contract';
import { DOMAIN_ROLE_NAME_START, DOMAIN_ROLE_PATH } from './domain-role-name';
import { domainRoleArnPrefix, DomainRole, stackIdPart } from './domain-roles';
import { acknowledgeFinding } from '../private/acknowledge';
import { shortHash } from '../private/hash';
import { checkDurationSeconds, fail } from '../private/validation';
import { IsCompleteFunction } from './functions/is-complete-function';
import { OnEventFunction } from './functions/on-event-function';

/**
 * Settings of the stack's operations provider.
 */
export interface OperationsProviderProps {
  /**
   * How long an operation (pause, resume, deployment, wait for a rollback verdict, custom
   * domain) may take before the deployment fails. Between 1 and 60 minutes (CloudFormation
   * waits at most an hour for a custom resource).
   *
   * @default Duration.minutes(30)
   */
  readonly totalTimeout?: Duration;

  /**
   * How often the provider asks App Runner whether an operation has ended. Between 1 and
   * 10 seconds.
   *
   * @default Duration.seconds(10)
   */
  readonly queryInterval?: Duration;

  /**
   * How long the log groups the provider creates keep the log events of its functions: one
   * log group per handler function (onEvent, isComplete) and one shared by the provider
   * framework's three functions. `RetentionDays.INFINITE` keeps them forever. The log groups
   * stay when the stack is deleted or its creation rolls back (aws-cdk-lib's default removal
   * policy for log groups, which keeps the logs of what failed).
   *
   * Not with `logGroup` (set the retention on that log group).
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * A log group of your own for all five functions (both handler functions and the provider
   * framework's three), instead of the three the provider creates: to encrypt the logs with
   * your KMS key, name the group, or choose its retention and removal policy.
   *
   * @default - three log groups created by the provider, kept for `logRetention`
   */
  readonly logGroup?: logs.ILogGroup;

  /**
   * The VPC to run the functions in (both handler functions and the provider framework's
   * three). Their subnets need a route to the AWS APIs the functions call (App Runner,
   * CloudFormation, Route 53, STS, Lambda, Step Functions) and to Amazon S3 (the provider framework
   * answers CloudFormation through a presigned S3 URL): a NAT gateway, or VPC endpoints for
   * each of them.
   *
   * @default - the functions do not run in a VPC
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The subnets of `vpc` to run the functions in (only with `vpc`; public subnets are refused:
   * a Lambda function gets no public IP address).
   *
   * @default - the VPC's default subnet selection (its private subnets)
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The security groups of the functions (only with `vpc`). The functions only make outbound
   * HTTPS calls.
   *
   * @default - with `vpc`, a security group per function, allowing all outbound traffic
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
}

const PROVIDER_ID = 'AppRunnerKitOperationsProvider';

/**
 * Resources (statements) per shard of the shared resource policy. A statement for one service
 * is about 250 characters once its ARN is resolved; a managed policy holds 6,144.
 */
const STATEMENTS_PER_SHARD = 20;

/**
 * Managed policies a handler role may have (IAM's default quota), less those that are not
 * shards: AWSLambdaBasicExecutionRole, one that aws-cdk-lib may split an overflowing default
 * policy into, and AWSLambdaVPCAccessExecutionRole when the functions run in a VPC.
 */
const MAX_MANAGED_POLICIES = 10;

/** The default retention of the log groups the provider creates. */
const DEFAULT_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

/** The shared grant on one set of resources: its statement and the policy that holds it. */
interface ResourceGrant {
  readonly statement: iam.PolicyStatement;
  readonly policy: iam.ManagedPolicy;
}

/**
 * Acknowledge what cdk-nag's AwsSolutions pack reports on the provider: our two handler
 * functions and aws-cdk-lib's Provider framework (its three functions and its waiter state
 * machine), each finding by its exact id, with the reason it holds here.
 */
function acknowledgeProviderFindings(provider: Construct, inVpc: boolean): void {
  const stack = Stack.of(provider);
  const acknowledge = (id: string, reason: string) => acknowledgeFinding(provider, id, reason);
  acknowledge('AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'The handler and provider framework functions use AWSLambdaBasicExecutionRole only to write their CloudWatch logs.');
  if (inVpc) {
    acknowledge('AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
      'The handler and provider framework functions run in the VPC the user chose: AWSLambdaVPCAccessExecutionRole lets Lambda manage their network interfaces.');
  }
  for (const fn of provider.node.findAll().filter((c): c is lambda.CfnFunction => c instanceof lambda.CfnFunction)) {
    acknowledge(`AwsSolutions-IAM5[Resource::<${stack.resolve(stack.getLogicalId(fn))}.Arn>:*]`,
      'The provider framework invokes its functions and the handler functions by ARN, any version (FUNCTION_ARN:*), as aws-cdk-lib writes it.');
  }
  // cdk-nag writes the stack ID's part of the name (Fn::Select of Fn::Split of AWS::StackId) as JSON
  acknowledge(`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role${DOMAIN_ROLE_PATH}${DOMAIN_ROLE_NAME_START}${JSON.stringify(stack.resolve(stackIdPart()))}-*]`,
    'The custom-domain handlers assume the domain roles of their own stack (one per service with custom domains, named by the service ID), by their name prefix, which holds part of the stack ID.');
  acknowledge('AwsSolutions-L1', 'The provider framework functions use the Node.js runtime aws-cdk-lib chooses for them; the handler functions use Node.js 24.');
  acknowledge('AwsSolutions-SF1', 'The provider framework\'s waiter state machine: the handler functions log every event to CloudWatch Logs.');
  acknowledge('AwsSolutions-SF2', 'The provider framework\'s waiter state machine only polls the isComplete handler; X-Ray tracing adds nothing there.');
}

/**
 * The one `custom_resources.Provider` of a stack that serves every custom resource of this
 * library (pause/resume, deployments, rollback checks, default auto scaling, custom domains):
 * two handler Lambda functions (onEvent and isComplete, bundled by projen from
 * `src/operations/functions/*.lambda.ts` into `assets/`, which ships with the package) and the provider
 * framework's functions, however many services the stack has.
 *
 * Get it with `OperationsProvider.of(scope)`; constructs of this library do that themselves.
 * Configure it (once, before any construct uses it) with `OperationsProvider.configure`.
 */
export class OperationsProvider extends Construct {
  /**
   * The provider of the stack of `scope`, created on first use with default settings.
   */
  public static of(scope: IConstruct): OperationsProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(PROVIDER_ID);
    if (existing) return existing as OperationsProvider;
    return new OperationsProvider(stack, PROVIDER_ID, {}, { configured: false, by: scope.node.path });
  }

  /**
   * Create the stack's provider with non-default settings. Call it once per stack, before any
   * construct of this library uses the provider: an error says which came first otherwise.
   */
  public static configure(scope: IConstruct, props: OperationsProviderProps): OperationsProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(PROVIDER_ID);
    if (existing) {
      const { configured, by } = (existing as OperationsProvider).origin;
      if (configured) {
        fail('OperationsProviderAlreadyConfigured',
          `The operations provider of stack ${stack.stackName} already exists: it is already configured (OperationsProvider.configure was called `
          + `with ${by} before). Call OperationsProvider.configure once per stack, with all its settings`, scope);
      }
      fail('OperationsProviderCreatedBeforeConfigure',
        `The operations provider of stack ${stack.stackName} already exists: it was already created with default settings by ${by} `
        + 'before OperationsProvider.configure was called. Call OperationsProvider.configure before creating the constructs that use the provider '
        + '(services with paused, redeploy, failOnRollback or a run schedule, custom domains, isDefault auto scaling configurations)', scope);
    }
    return new OperationsProvider(stack, PROVIDER_ID, props, { configured: true, by: scope.node.path });
  }

  /** The service token of the library's custom resources (use `_customResource`). */
  private readonly serviceToken: string;

  /** The onEvent handler function. */
  public readonly onEventFunction: lambda.Function;

  /** The isComplete handler function. */
  public readonly isCompleteFunction: lambda.Function;

  /** How long an operation may take. */
  public readonly totalTimeout: Duration;

  /** How the provider came to be: configured, or created with default settings on first use (and by which construct). */
  private readonly origin: { readonly configured: boolean; readonly by: string };
  private readonly maxShards: number;
  private readonly resourceGrants = new Map<string, ResourceGrant>();
  private readonly shards: iam.ManagedPolicy[] = [];
  private readonly keyedPolicies = new Map<string, iam.Policy>();
  private readonly replaceablePolicies = new Map<string, iam.CfnRolePolicy[]>();
  private readonly directGrants = new Map<string, iam.PolicyStatement>();
  private readonly domainRoles = new Map<string, DomainRole>();
  private assumeDomainRoles?: iam.Policy;
  /** The resources that run before their service's update (see `_grantHandlersBeforeService`). */
  private readonly beforeService: IConstruct[] = [];

  private constructor(scope: Construct, id: string, props: OperationsProviderProps, origin: { readonly configured: boolean; readonly by: string }) {
    super(scope, id);
    this.origin = origin;
    this.totalTimeout = props.totalTimeout ?? Duration.minutes(30);
    const queryInterval = props.queryInterval ?? Duration.seconds(10);
    checkDurationSeconds('totalTimeout', this.totalTimeout, 60, 3600, { scope: this, code: 'InvalidTotalTimeout' });
    checkDurationSeconds('queryInterval', queryInterval, 1, 10, { scope: this, code: 'InvalidQueryInterval' });
    checkProviderSettings(props, this);
    this.maxShards = MAX_MANAGED_POLICIES - (props.vpc ? 3 : 2);

    // one log group per handler function and one for the provider framework's functions
    // (explicit log groups: no log retention custom resource, and no log group that Lambda
    // would create on first use and keep forever)
    const logGroup = (logId: string) => props.logGroup
      ?? new logs.LogGroup(this, logId, { retention: props.logRetention ?? DEFAULT_LOG_RETENTION });
    const network = { vpc: props.vpc, vpcSubnets: props.vpcSubnets, securityGroups: props.securityGroups };

    // Node.js 24, handler index.handler (generated by projen's lambdaAutoDiscover)
    const common = { timeout: Duration.minutes(1), memorySize: 256, ...network };
    this.onEventFunction = new OnEventFunction(this, 'OnEvent', {
      ...common,
      description: 'cdk-apprunner-kit: starts App Runner operations for custom resources',
      logGroup: logGroup('OnEventLogGroup'),
    });
    this.isCompleteFunction = new IsCompleteFunction(this, 'IsComplete', {
      ...common,
      description: 'cdk-apprunner-kit: follows App Runner operations until they end',
      logGroup: logGroup('IsCompleteLogGroup'),
    });

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.onEventFunction,
      isCompleteHandler: this.isCompleteFunction,
      queryInterval,
      totalTimeout: this.totalTimeout,
      logGroup: logGroup('FrameworkLogGroup'),
      ...network,
    });
    this.serviceToken = provider.serviceToken;
    // Reads of the handlers' own stack, for every resource type (is the stack rolling back,
    // being deleted, in its cleanup phase? which resource of the stack holds what?). In the
    // functions' own policy, whatever resources the stack has: a permission granted only while
    // some resource needs it would be gone (the policy updated in the update phase) when
    // CloudFormation deletes that resource in the cleanup phase.
    this._grantHandlersDirectly(['cloudformation:DescribeStacks', 'cloudformation:DescribeStackResource', 'cloudformation:ListStackResources'], [Aws.STACK_ID]);
    acknowledgeProviderFindings(this, props.vpc !== undefined);
  }

  /**
   * Allow both handlers the given actions on the given resources, for the custom resource
   * `dependent` (which then depends on the grant). One statement per set of resources
   * collects every action granted on it.
   *
   * The statements live in customer-managed policies of their own (`ResourcePolicy`,
   * `ResourcePolicy2`, …, 20 statements each, so that a stack with many services stays within
   * IAM's 6,144 characters per managed policy and 10,240 per role's inline policies), which
   * the custom resources depend on. The handler functions do not depend on them, so a
   * resource that must run *before* a service's update (and cannot reference the service)
   * does not form a dependency cycle through the functions.
   *
   * @internal
   */
  public _grantHandlers(actions: string[], resources: string[], dependent: IConstruct): void {
    dependent.node.addDependency(this.resourceGrant(actions, resources).policy);
  }

  /** The statement on `resources` in the resource policy (created in the current shard), with `actions` added. */
  private resourceGrant(actions: string[], resources: string[]): ResourceGrant {
    const key = resources.join('|');
    let grant = this.resourceGrants.get(key);
    if (!grant) {
      const policy = this.currentShard();
      const statement = new iam.PolicyStatement({ resources });
      policy.addStatements(statement);
      grant = { statement, policy };
      this.resourceGrants.set(key, grant);
    }
    const missing = actions.filter((a) => !grant.statement.actions.includes(a));
    if (missing.length > 0) grant.statement.addActions(...missing);
    return grant;
  }

  /**
   * Allow both handlers the given actions on `serviceArn` for `beforeService`, a resource that
   * runs *before* that service's update (the service depends on it) and so cannot depend on a
   * policy that references the service's ARN (a cycle). The actions join the service's
   * statement in the resource policy (`grantHandlers`), which `beforeService` does not depend
   * on: it exists from the deployment that created the service on. Instead every shard of the
   * resource policy depends on every such resource of the stack, so no shard is updated (no
   * statement removed, or moved to another shard as services come and go) before they all ran:
   * in the update phase they see the policies of the previous deployment, in a rollback those
   * of the template rolled back to (the shards roll back first), and their Deletes in the
   * cleanup phase those of the template that stands. Scoped to the service's ARN, ID included,
   * whatever its name.
   *
   * @internal
   */
  public _grantHandlersBeforeService(actions: string[], serviceArn: string, beforeService: IConstruct): void {
    this.resourceGrant(actions, [serviceArn]);
    this.beforeService.push(beforeService);
    for (const shard of this.shards) shard.node.addDependency(beforeService);
  }

  private currentShard(): iam.ManagedPolicy {
    const last = this.shards[this.shards.length - 1];
    if (last && last.document.statementCount < STATEMENTS_PER_SHARD) return last;
    if (this.shards.length >= this.maxShards) {
      fail('TooManyOperationGrants',
        `The operations provider of stack ${Stack.of(this).stackName} would need more than ${this.maxShards} managed policies `
        + `(${this.maxShards * STATEMENTS_PER_SHARD} services with paused, redeploy, failOnRollback or a run schedule): split the services over more stacks`, this);
    }
    const policy = new iam.ManagedPolicy(this, this.shards.length === 0 ? 'ResourcePolicy' : `ResourcePolicy${this.shards.length + 1}`, {
      description: `cdk-apprunner-kit: what the operations handlers of ${Stack.of(this).stackName} may do on the services that ask for it`,
      roles: [this.onEventFunction.role!, this.isCompleteFunction.role!],
    });
    for (const resource of this.beforeService) policy.node.addDependency(resource);
    this.shards.push(policy);
    return policy;
  }

  /**
   * Allow both handlers the statements of a policy keyed by `key` (created on first use with
   * the given statements, which must follow from the key alone; later calls only add the
   * dependency), as this construct's child `${idPrefix}<hash of key>`, which `dependent`
   * depends on. For resources whose Delete calls AWS, with statements that follow from the key
   * alone (the account's default auto scaling, listing connections): removing one such resource leaves the policy as it was
   * while others of the key remain, and removing the last one deletes the policy only after
   * the resource (its dependent) in CloudFormation's cleanup, so the Delete keeps its
   * permissions. A shared policy would lose the statements in the update phase, before the
   * cleanup runs the Delete.
   *
   * @internal
   */
  public _grantHandlersKeyed(idPrefix: string, key: string, statements: iam.PolicyStatement[], dependent: IConstruct): iam.Policy {
    let policy = this.keyedPolicies.get(key);
    if (!policy) {
      policy = new iam.Policy(this, `${idPrefix}${shortHash(key)}`, {
        roles: [this.onEventFunction.role!, this.isCompleteFunction.role!],
        statements,
      });
      this.keyedPolicies.set(key, policy);
    }
    dependent.node.addDependency(policy);
    return policy;
  }

  /**
   * Like `grantHandlersKeyed`, but the statements are inline policies of the two handler roles
   * (`AWS::IAM::RolePolicy`, ids `${idPrefix}<hash of key>OnEvent` / `…IsComplete`) whose
   * names end in `replaceOn` (values such as a connection's name; custom domains
   * use a role per service instead, see `DomainRole`). A RolePolicy's name is create-only, so
   * when one of these values changes CloudFormation *replaces* the policy instead of editing it:
   * the new policy is created in the update phase while the old one, with the old permissions, stays
   * until the cleanup phase, after the resources that depended on it; when the stack rolls back,
   * the new policy is deleted only after the resources that depend on it. So a handler that
   * moves something from the old to the new service (or back, in a rollback) holds both
   * permissions at every moment, whatever order CloudFormation updates policies in.
   *
   * @internal
   */
  public _grantHandlersReplaceable(idPrefix: string, key: string, statements: iam.PolicyStatement[], dependent: IConstruct,
    replaceOn: string[]): void {
    let policies = this.replaceablePolicies.get(key);
    if (!policies) {
      const id = `${idPrefix}${shortHash(key)}`;
      const policyName = Fn.join('-', [`AppRunnerKit${id}`, ...replaceOn]);
      const handlers: Array<[string, lambda.Function]> = [['OnEvent', this.onEventFunction], ['IsComplete', this.isCompleteFunction]];
      policies = handlers.map(([suffix, fn]) =>
        new iam.CfnRolePolicy(this, `${id}${suffix}`, {
          roleName: fn.role!.roleName,
          policyName,
          policyDocument: new iam.PolicyDocument({ statements }),
        }));
      this.replaceablePolicies.set(key, policies);
    }
    for (const policy of policies) dependent.node.addDependency(policy);
  }

  /**
   * The role the custom-domain handlers assume to change the domains of the service
   * `serviceArn` (`key`: its stable identity), created on first use (see `DomainRole`), which
   * `dependent` (the custom domain) depends on, with the handlers' permission to assume it.
   *
   * @internal
   */
  public _domainRole(serviceArn: string, key: string, dependent: IConstruct): DomainRole {
    let role = this.domainRoles.get(key);
    if (!role) {
      role = new DomainRole(this, `DomainRole${shortHash(key)}`, serviceArn, [this.onEventFunction.role!, this.isCompleteFunction.role!]);
      this.domainRoles.set(key, role);
    }
    // The handlers may assume the stack's domain roles (by name prefix), in a policy of its own
    // that every custom domain depends on, not in the functions' default policy: when a
    // deployment that added the first domain roles rolls back, the default policy is rolled back
    // before CloudFormation deletes the new custom domains, while this policy is deleted only
    // after them (and, when the stack's last custom domain is removed, after its Delete).
    this.assumeDomainRoles ??= new iam.Policy(this, 'AssumeDomainRoles', {
      roles: [this.onEventFunction.role!, this.isCompleteFunction.role!],
      statements: [new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [`${domainRoleArnPrefix()}*`] })],
    });
    dependent.node.addDependency(role.role, this.assumeDomainRoles);
    return role;
  }

  /**
   * Allow both handlers the given actions in their own role policy, for resources that must
   * not depend on the resource policy (see `grantHandlers`).
   *
   * @internal
   */
  public _grantHandlersDirectly(actions: string[], resources: string[]): void {
    // one statement per set of actions, collecting its resources (keeps the roles' inline
    // policies small: IAM allows 10,240 characters per role)
    const key = actions.join(',');
    const existing = this.directGrants.get(key);
    if (existing) {
      existing.addResources(...resources.filter((r) => !existing.resources.includes(r)));
      return;
    }
    const statement = new iam.PolicyStatement({ actions, resources });
    this.directGrants.set(key, statement);
    this.onEventFunction.addToRolePolicy(statement);
    this.isCompleteFunction.addToRolePolicy(statement);
  }

  /**
   * A custom resource served by this provider. Its properties get `TimeoutSeconds` (unless
   * given): the handlers fail with a clear message a minute before the provider framework would.
   *
   * @internal
   */
  public _customResource(scope: Construct, id: string, resourceType: CustomResourceType, properties: CustomResourceProperties): CustomResource {
    return new CustomResource(scope, id, {
      serviceToken: this.serviceToken,
      resourceType,
      properties: {
        TimeoutSeconds: String(Math.max(30, this.totalTimeout.toSeconds() - 60)),
        ...properties,
      },
    });
  }
}

/** Settings that only make sense together. */
function checkProviderSettings(props: OperationsProviderProps, scope: IConstruct): void {
  if (props.logGroup && props.logRetention !== undefined) {
    fail('LogRetentionWithLogGroup',
      'logRetention and logGroup exclude each other: logRetention applies to the log groups the operations provider creates, and with '
      + 'logGroup it creates none. Set the retention on your log group, or omit logGroup', scope);
  }
  if (!props.vpc) {
    for (const [name, value] of [['vpcSubnets', props.vpcSubnets], ['securityGroups', props.securityGroups]] as const) {
      if (value !== undefined) {
        fail('NetworkSettingWithoutVpc', `${name} places the operations provider's functions in a VPC: give vpc too, or omit ${name}`, scope);
      }
    }
  }
}
