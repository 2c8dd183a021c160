import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
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
