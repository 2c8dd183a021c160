import { Lazy, Token } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { CfnExpressGatewayService } from 'aws-cdk-lib/aws-ecs';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { autoScalingHooks } from './auto-scaling-hooks';
import { fargateSizeForInstance } from './fargate-size';
import { EnvironmentVariable, NamedSecret, ServiceHooks } from './service-hooks';
import { checkIntegerRange, checkPattern, fail, isConcreteNumber } from './validation';
import { vpcConnectorHooks } from './vpc-connector-hooks';
import { warn, warnWhen } from './warnings';
import { EcsExpressScalingMetric } from '../ecs-express/scaling-metric';
import { HealthCheckProtocolType } from '../service/health-check';
import type { ServiceProps } from '../service/service-props';
import { AssetSource, EcrSource } from '../service/source';
import type { ImageRepository, SourceConfig } from '../service/source-props';

/**
 * How an App Runner `Service`'s definition becomes the settings of its ECS Express Mode twin,
 * and what cannot be carried (a ValidationError where the twin would be wrong, a warning on
 * the twin where the user must decide). Every function here raises on `twin`.
 */

/**
 * What a twin is made from: a `Service`'s definition (its hooks), or, once the App Runner
 * service is removed from the app, the props it was created with (`serviceProps`).
 */
export interface TwinDefinition {
  /** The service's props. */
  readonly props: ServiceProps;
  /** The bound source. */
  readonly source: SourceConfig;
  /** The instance role; undefined when the service created its own and is gone with it. */
  readonly instanceRole?: iam.IRole;
  /** The environment variables (read when rendering, so later additions count). */
  environmentVariables(): readonly EnvironmentVariable[];
  /** Call `listener` for every secret: those so far at once, later ones when added. */
  forEachSecret(listener: (secret: NamedSecret) => void): void;
}

/** What the mapping reads: the twin (errors and warnings go there) and the service's definition. */
export interface TwinContext {
  /** The twin: warnings and errors are raised on it. */
  readonly twin: IConstruct;
  /** How messages name the App Runner service (its path, or where its props came from). */
  readonly serviceLabel: string;
  /** What the twin knows of the service's attachments and network. */
  readonly hooks: Pick<ServiceHooks, 'isPubliclyAccessible' | 'dualStack' | 'hasRunSchedule' | 'hasWebAcl'>;
  /** The service's definition. */
  readonly definition: TwinDefinition;
}

/** App Runner's own defaults, used when a service has no auto scaling configuration of its own. */
export const APP_RUNNER_DEFAULT_SCALING = { minSize: 1, maxSize: 25, maxConcurrency: 100 } as const;

/** Requests per minute per task for one concurrent request, by Little's law with a mean latency of 1 s. */
export const REQUESTS_PER_MINUTE_PER_CONCURRENT_REQUEST = 60;

/** Express Mode's default target for the utilization metrics (percent). */
const DEFAULT_UTILIZATION_TARGET = 60;

/** The largest number of tasks an ECS service runs (the "Tasks per service" quota). */
const MAX_TASKS = 5000;

/** ECS service names: up to 255 letters, digits, hyphens and underscores. */
const ECS_SERVICE_NAME = /^[A-Za-z0-9_-]{1,255}$/;

function path(ctx: TwinContext): string {
  return ctx.serviceLabel;
}

/** The service's image; a code repository source has none (Express Mode runs images only). */
export function imageOf(ctx: TwinContext): ImageRepository {
  const { source } = ctx.definition;
  if (!source.imageRepository) {
    const url = source.codeRepository?.repositoryUrl;
    fail('EcsExpressNeedsImage',
      `Service ${path(ctx)} has a code repository source${url && !Token.isUnresolved(url) ? ` (${url})` : ''}: ECS Express Mode runs container images only, `
      + 'so it cannot be given an ECS Express Mode twin. Build an image of the application (e.g. Source.fromAsset with its Dockerfile) and use an image source.', ctx.twin);
  }
  return source.imageRepository;
}

/** The twin's size (CPU units, MiB): the nearest Fargate size not smaller than the instance size. */
export function sizeOf(ctx: TwinContext): { cpu: string; memory: string } {
  const { cpu, memory } = ctx.definition.props;
  const vcpu = cpu ? cpu.vcpu : 1;
  const gigabytes = memory ? memory.gigabytes : 2;
  if (vcpu === undefined || gigabytes === undefined) {
    warn(ctx.twin, 'ecsExpressSizeToken',
      `The cpu or memory of service ${path(ctx)} is a token: the twin passes it to ECS Express Mode as it is, unchecked. `
      + 'Express Mode takes CPU units and MiB (e.g. 1024 and 2048, not "1 vCPU" / "2 GB") forming a valid Fargate size; make sure the value resolves to one.');
    return {
      cpu: vcpu === undefined ? cpu!.unit : String(Math.ceil(vcpu * 1024)),
      memory: gigabytes === undefined ? memory!.unit : String(Math.ceil(gigabytes * 1024)),
    };
  }
  const size = fargateSizeForInstance(vcpu, gigabytes);
  if (!size) {
    fail('NoFargateSize', `Service ${path(ctx)} has ${vcpu} vCPU and ${gigabytes} GB: no Fargate size is that large (at most 16 vCPU and 120 GB)`, ctx.twin);
  }
  return { cpu: String(size.cpu), memory: String(size.memoryMiB) };
}

/** What the user set on the twin to override the derived scaling. */
export interface ScalingOverrides {
  readonly scalingMetric?: EcsExpressScalingMetric;
  readonly scalingTargetValue?: number;
  readonly minTaskCount?: number;
  readonly maxTaskCount?: number;
}

/**
 * The twin's scaling target: min/max tasks from the auto scaling configuration's min/max size,
 * and REQUEST_COUNT_PER_TARGET at maxConcurrency × 60 requests per minute (Little's law at a
 * mean latency of 1 s), each overridable.
 */
export function scalingTargetOf(ctx: TwinContext, overrides: ScalingOverrides): CfnExpressGatewayService.ExpressGatewayScalingTargetProperty {
  const configuration = ctx.definition.props.autoScalingConfiguration;
  const known = configuration === undefined ? {} : autoScalingHooks(configuration);
  const metric = overrides.scalingMetric ?? EcsExpressScalingMetric.REQUEST_COUNT_PER_TARGET;
  const requestBased = metric === EcsExpressScalingMetric.REQUEST_COUNT_PER_TARGET;

  checkIntegerRange('minTaskCount', overrides.minTaskCount, 1, MAX_TASKS, { scope: ctx.twin, code: 'InvalidTaskCount' });
  checkIntegerRange('maxTaskCount', overrides.maxTaskCount, 1, MAX_TASKS, { scope: ctx.twin, code: 'InvalidTaskCount' });
  const maxTarget = requestBased ? 65536 : 100;
  checkIntegerRange('scalingTargetValue', overrides.scalingTargetValue, 1, maxTarget, {
    scope: ctx.twin,
    code: 'InvalidScalingTargetValue',
    message: `scalingTargetValue must be an integer between 1 and ${maxTarget} for ${metric} (${requestBased ? 'requests per task per minute' : 'percent'}), got ${overrides.scalingTargetValue}`,
  });

  if (known === undefined) {
    const assumed = [
      overrides.minTaskCount === undefined ? 'min 1' : undefined,
      overrides.maxTaskCount === undefined ? 'max 25 tasks' : undefined,
      requestBased && overrides.scalingTargetValue === undefined ? 'a target of 6000 requests per task per minute (max concurrency 100 × 60)' : undefined,
    ].filter((a): a is string => a !== undefined);
    if (assumed.length > 0) {
      warn(ctx.twin, 'ecsExpressAutoScalingImported',
        `The auto scaling configuration of service ${path(ctx)} is imported: its values are not known at synthesis, so the twin assumes App Runner's defaults (${assumed.join(', ')}). `
        + 'Set minTaskCount, maxTaskCount and scalingTargetValue on the twin, or give the service an AutoScalingConfiguration of this app.');
    }
  }
  const minSize = known?.minSize ?? APP_RUNNER_DEFAULT_SCALING.minSize;
  const maxSize = known?.maxSize ?? APP_RUNNER_DEFAULT_SCALING.maxSize;
  const maxConcurrency = known?.maxConcurrency ?? APP_RUNNER_DEFAULT_SCALING.maxConcurrency;

  const minTaskCount = overrides.minTaskCount ?? minSize;
  const maxTaskCount = overrides.maxTaskCount ?? maxSize;
  if (isConcreteNumber(minTaskCount) && isConcreteNumber(maxTaskCount) && minTaskCount > maxTaskCount) {
    const from = (given: number | undefined) => (given === undefined ? ', from the service\'s auto scaling' : '');
    fail('TaskCountMinAboveMax',
      `minTaskCount (${minTaskCount}${from(overrides.minTaskCount)}) must not be greater than maxTaskCount (${maxTaskCount}${from(overrides.maxTaskCount)})`, ctx.twin);
  }

  let target = overrides.scalingTargetValue;
  if (target === undefined && !requestBased) target = DEFAULT_UTILIZATION_TARGET;
  if (target === undefined) {
    if (Token.isUnresolved(maxConcurrency)) {
      fail('ScalingTargetFromToken',
        `The maxConcurrency of the auto scaling configuration of service ${path(ctx)} is a token: the twin cannot derive a request count per target from it. Set scalingTargetValue.`, ctx.twin);
    }
    target = maxConcurrency * REQUESTS_PER_MINUTE_PER_CONCURRENT_REQUEST;
  }
  return { minTaskCount, maxTaskCount, autoScalingMetric: metric, autoScalingTargetValue: target };
}

/** The subnets and security groups the user set on the twin. */
export interface NetworkOverrides {
  readonly subnets?: ec2.ISubnet[];
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/**
 * The twin's network: the subnets and security groups of the service's VPC connector (or the
 * overrides). Express Mode puts its tasks *and* its load balancer in these subnets, so private
 * subnets make the load balancer internal.
 */
export function networkOf(ctx: TwinContext, overrides: NetworkOverrides):
CfnExpressGatewayService.ExpressGatewayServiceNetworkConfigurationProperty | undefined {
  const connector = ctx.definition.props.vpcConnector;
  const connectorSubnets = connector ? vpcConnectorHooks(connector) : undefined;
  let subnets = overrides.subnets?.map((s) => s.subnetId);
  /** Where the subnets come from, for the messages. */
  let placement: 'given' | 'connector-private' | 'connector-public' | 'default' = subnets ? 'given' : 'default';
  if (connector && !subnets) {
    if (connectorSubnets) {
      subnets = connectorSubnets.subnetIds;
      placement = connectorSubnets.hasPublicSubnet ? 'connector-public' : 'connector-private';
    } else {
      warn(ctx.twin, 'ecsExpressVpcConnectorImported',
        `The VPC connector of service ${path(ctx)} is imported: its subnets are not known, so the twin has no network configuration and ECS Express Mode `
        + 'places it in the default VPC\'s public subnets (its traffic does not go into your VPC). Set subnets and securityGroups on the twin.');
    }
  }
  // the connector's groups as they are at synthesis (some may be added through `connections` later)
  const connectorGroups = connector && subnets
    ? Lazy.list({ produce: () => connector.connections.securityGroups.map((sg) => sg.securityGroupId) }, { omitEmpty: true })
    : undefined;
  const securityGroups = overrides.securityGroups ? overrides.securityGroups.map((sg) => sg.securityGroupId) : connectorGroups;

  if (!ctx.hooks.isPubliclyAccessible) {
    const where = {
      'given': 'The twin uses the subnets you gave: make sure they are private subnets.',
      'connector-private': 'The twin uses the private subnets of the service\'s VPC connector, so its load balancer is internal: reach it from the VPC (there is no interface endpoint as with the VPC ingress connection).',
      'connector-public': 'The service\'s VPC connector has a public subnet, so the twin\'s load balancer would face the internet: set private subnets on the twin.',
      'default': 'The service has no VPC connector, so ECS Express Mode places the twin in the default VPC\'s public subnets and it is reachable from the internet: set private subnets on the twin.',
    }[placement];
    warn(ctx.twin, 'ecsExpressPrivateService',
      `Service ${path(ctx)} is private (isPubliclyAccessible: false): ECS Express Mode has no VPC ingress connection, and its load balancer is internal only when the twin's subnets are private. ${where}`);
  } else if (placement === 'connector-private') {
    warn(ctx.twin, 'ecsExpressInternalLoadBalancer',
      `Service ${path(ctx)} is public and reaches its VPC through a VPC connector in private subnets. ECS Express Mode places the twin's tasks and its load balancer in the same subnets: `
      + 'in the connector\'s private subnets the load balancer is internal and the twin is not reachable from the internet. Set public subnets on the twin for a public twin '
      + '(its tasks then get public IP addresses, and their outbound traffic leaves through the internet gateway, not your NAT), or accept an internal twin.');
  }
  if (!subnets && !securityGroups) return undefined;
  return { subnets, securityGroups };
}

/** The twin's health check path: the service's HTTP health check path, or the override. */
export function healthCheckPathOf(ctx: TwinContext, override: string | undefined): string | undefined {
  if (override !== undefined) {
    checkPattern('healthCheckPath', override, /^\/\S*$/, 'must start with "/" and contain no whitespace', { scope: ctx.twin, code: 'InvalidHealthCheckPath' });
    return override;
  }
  const healthCheck = ctx.definition.props.healthCheck;
  if (healthCheck?.healthCheckProtocolType === HealthCheckProtocolType.HTTP) return healthCheck.path;
  const what = healthCheck ? 'has a TCP health check' : 'has no health check configuration, so App Runner checks it over TCP';
  warn(ctx.twin, 'ecsExpressTcpHealthCheck',
    `Service ${path(ctx)} ${what}: ECS Express Mode checks health over HTTP (its load balancer's target group expects HTTP 200) on its default path. `
    + 'Set healthCheckPath on the twin to a path that answers 200, or its tasks may never become healthy.');
  return undefined;
}

/** The twin's service name, checked (ECS: 1-255 letters, digits, hyphens, underscores). */
export function checkEcsServiceName(name: string | undefined, scope: IConstruct): void {
  checkPattern('serviceName', name, ECS_SERVICE_NAME, 'must be 1-255 letters, digits, hyphens and underscores', { scope, code: 'InvalidEcsExpressServiceName' });
}

/** Warn about each setting of the service ECS Express Mode has no counterpart for. */
export function warnUncarried(ctx: TwinContext): void {
  const { props } = ctx.definition;
  const p = path(ctx);
  if (props.observabilityConfiguration) {
    warn(ctx.twin, 'ecsExpressTracing',
      `Service ${p} is traced with AWS X-Ray (observabilityConfiguration): ECS Express Mode has no tracing setting, so the twin sends no traces. `
      + 'Instrument the application to send traces itself (e.g. with the AWS Distro for OpenTelemetry), or accept an untraced twin.');
  }
  const runState = 'ECS Express Mode cannot pause a service: the twin runs (and is billed for) at least its minimum number of tasks at all times. '
    + 'Remove the twin while it is not needed, or accept it running.';
  if (props.paused === true) {
    warn(ctx.twin, 'ecsExpressRunState', `Service ${p} is paused (paused: true). ${runState}`);
  } else {
    warnWhen(ctx.twin, 'ecsExpressRunState', `Service ${p} is paused and resumed on a schedule (a RunSchedule). ${runState}`,
      () => ctx.hooks.hasRunSchedule());
  }
  if (props.kmsKey) {
    warn(ctx.twin, 'ecsExpressKmsKey',
      `Service ${p} encrypts with a customer managed KMS key (kmsKey): ECS Express Mode has no encryption setting, so the twin's logs are encrypted with the log group's default encryption. `
      + 'Associate your key with the twin\'s log group yourself if you need it.');
  }
  if (ctx.hooks.dualStack) {
    warn(ctx.twin, 'ecsExpressDualStack',
      `Service ${p} accepts IPv6 (ipAddressType: DUAL_STACK): ECS Express Mode has no IP address type; its load balancer is dual-stack only when the twin's subnets have IPv6 CIDR blocks. `
      + 'Set such subnets on the twin, or accept an IPv4-only twin.');
  }
  warnWhen(ctx.twin, 'ecsExpressWebAcl',
    `Service ${p} is protected by a web ACL (associateWebAcl): the twin is not. Associating the web ACL with the twin's load balancer (loadBalancerArn) protects every ECS Express Mode service `
    + 'that shares that load balancer (up to 25 in a VPC): decide whether that is acceptable.',
    () => ctx.hooks.hasWebAcl());
  const auto = props.autoDeploymentsEnabled;
  if (!(props.source instanceof AssetSource) && (auto === true || (auto === undefined && props.source instanceof EcrSource))) {
    const why = auto === true ? 'autoDeploymentsEnabled: true' : 'App Runner\'s default for an image in an ECR repository of its account';
    warn(ctx.twin, 'ecsExpressAutoDeployments',
      `Service ${p} is redeployed when its image tag is pushed again (${why}): ECS Express Mode deploys only when the twin is updated, so such a push does not reach the twin. `
      + 'Deploy a new image by changing its tag or digest in the app, or accept the difference.');
  }
}
