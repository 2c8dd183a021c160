import { Stack, Token } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { appState } from './app-state';
import { checkResourceName, fail, isConcreteNumber } from './validation';

/** Synth-time checks of the App Runner configuration resources (alpha wording first). */

function checkRange(prop: string, value: number | undefined, min: number, max: number, code: string, scope: IConstruct): void {
  if (!isConcreteNumber(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(code, `${prop} must be between ${min} and ${max}, got ${value}.${Number.isInteger(value) ? '' : ' (a whole number is required)'}`, scope);
  }
}

/** AutoScalingConfiguration: name 4–32, minSize 1–25, maxSize 1–25, minSize ≤ maxSize, maxConcurrency 1–200. */
export function checkAutoScaling(props: { autoScalingConfigurationName?: string; minSize?: number; maxSize?: number; maxConcurrency?: number },
  scope: IConstruct): void {
  checkResourceName('autoScalingConfigurationName', props.autoScalingConfigurationName, 4, 32, scope, 'InvalidAutoScalingConfigurationName');
  checkRange('minSize', props.minSize, 1, 25, 'InvalidMinSize', scope);
  checkRange('maxSize', props.maxSize, 1, 25, 'InvalidMaxSize', scope);
  checkRange('maxConcurrency', props.maxConcurrency, 1, 200, 'InvalidMaxConcurrency', scope);
  const min = isConcreteNumber(props.minSize) ? props.minSize : undefined;
  const max = isConcreteNumber(props.maxSize) ? props.maxSize : undefined;
  // App Runner's defaults take part: minSize 1, maxSize 25.
  if ((min ?? 1) > (max ?? 25)) {
    // alpha's wording first; unlike alpha, maxSize equal to minSize is accepted (App Runner does)
    fail('MaxSizeMustBeGreaterThanMinSize',
      `maxSize must be greater than minSize. (Equal is allowed.) Got minSize ${min ?? '1 (the default)'} and maxSize ${max ?? '25 (the default)'}.`, scope);
  }
}

/** The auto scaling configurations of an app, per concrete account/region. */
const configurationsByEnv = new WeakMap<IConstruct, Map<string, Array<string | undefined>>>();

/**
 * App Runner's account quota of auto scaling configurations: at most 10 names, and at most 5
 * revisions (configurations of the same name) per name, per account and region. Counted over
 * the configurations of this app in stacks with a concrete account and region (each unnamed
 * configuration gets a name of its own). Configurations made outside the app count too, which
 * synthesis cannot see.
 */
export function checkAutoScalingQuota(name: string | undefined, scope: IConstruct): void {
  const stack = Stack.of(scope);
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) return;
  const env = `account ${stack.account}, region ${stack.region}`;
  const byEnv = appState(configurationsByEnv, scope, () => new Map<string, Array<string | undefined>>());
  const names = byEnv.get(env) ?? [];
  const concrete = name !== undefined && !Token.isUnresolved(name) ? name : undefined;
  if (concrete !== undefined) {
    const revisions = names.filter((n) => n === concrete).length + 1;
    if (revisions > 5) {
      fail('TooManyAutoScalingRevisions',
        `autoScalingConfigurationName ${concrete}: App Runner keeps at most 5 revisions (configurations) per name in an account and region; this is number ${revisions} in ${env}`, scope);
    }
  }
  const distinct = new Set(names.map((n, i) => n ?? `unnamed-${i}`));
  if (concrete === undefined || !distinct.has(concrete)) {
    if (distinct.size + 1 > 10) {
      fail('TooManyAutoScalingNames',
        `App Runner allows at most 10 auto scaling configuration names per account and region; ${concrete ?? 'this unnamed configuration'} would be name number ${distinct.size + 1} in ${env}`, scope);
    }
  }
  names.push(concrete);
  byEnv.set(env, names);
}

/** ObservabilityConfiguration: name 4–32, not the reserved DefaultConfiguration. */
export function checkObservabilityName(name: string | undefined, scope: IConstruct): void {
  checkResourceName('observabilityConfigurationName', name, 4, 32, scope, 'InvalidObservabilityConfigurationName');
  if (name !== undefined && !Token.isUnresolved(name) && name === 'DefaultConfiguration') {
    fail('ReservedObservabilityConfigurationName',
      '`observabilityConfigurationName` must not be DefaultConfiguration: App Runner reserves that name for its own default configuration.', scope);
  }
}

/**
 * VpcConnector: name 4–40, at least one subnet. (An empty `securityGroups` list is not an
 * error: as in the alpha module, a new security group is created for it.)
 */
export function checkVpcConnector(props: { vpcConnectorName?: string; subnetIds: string[] }, scope: IConstruct): void {
  checkResourceName('vpcConnectorName', props.vpcConnectorName, 4, 40, scope, 'VpcConnectorName');
  if (!Token.isUnresolved(props.subnetIds) && props.subnetIds.length === 0) {
    fail('VpcConnectorNoSubnets', 'vpcSubnets must select at least 1 subnet of the VPC, got 0 (App Runner needs one or more subnets, ideally in several Availability Zones).', scope);
  }
}

/** VpcIngressConnection: name 4–40. */
export function checkVpcIngressConnectionName(name: string | undefined, scope: IConstruct): void {
  checkResourceName('vpcIngressConnectionName', name, 4, 40, scope, 'VpcIngressConnectionName');
}

/**
 * The CIDR block an ingress connection's own interface endpoint admits HTTPS from: the VPC's.
 * A token (a Vpc of the app, `Fn::GetAtt`) is fine; a VPC that does not know it
 * (`ec2.Vpc.fromVpcAttributes` without `vpcCidrBlock`) is refused, since the endpoint's
 * security group would admit nothing and nothing in the VPC could reach the service.
 */
export function ingressEndpointCidr(vpc: ec2.IVpc, scope: IConstruct): string {
  let cidr: string | undefined;
  try {
    cidr = vpc.vpcCidrBlock;
  } catch {
    cidr = undefined; // aws-cdk-lib's ImportedVpc throws when vpcCidrBlock was not given
  }
  if (cidr === undefined || cidr === '') {
    const id = Token.isUnresolved(vpc.vpcId) ? '' : ` (${vpc.vpcId})`;
    const region = Token.isUnresolved(Stack.of(scope).region) ? 'REGION' : Stack.of(scope).region;
    fail('VpcWithoutCidrBlock',
      `vpc ${vpc.node.path}${id} does not know its CIDR block (ec2.Vpc.fromVpcAttributes without vpcCidrBlock), which the security group of the `
      + 'apprunner.requests interface endpoint this VPC ingress connection creates must admit HTTPS from: without it nothing in the VPC could reach '
      + `the service. Import the VPC with vpcCidrBlock, or pass interfaceVpcEndpoint (a com.amazonaws.${region}.apprunner.requests interface `
      + 'endpoint of the VPC whose security group admits your clients).', scope);
  }
  return cidr;
}
