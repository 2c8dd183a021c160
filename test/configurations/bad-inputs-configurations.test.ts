/**
 * Bad inputs to AutoScalingConfiguration, ObservabilityConfiguration, VpcConnector and
 * VpcIngressConnection: each throws a ValidationError naming the property, the value and
 * the rule (alpha's wording first where the alpha module checks the same thing).
 */
import { Stack, Tags, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  AutoScalingConfiguration, AutoScalingConfigurationProps, ObservabilityConfiguration, Service, Source,
  TraceConfigurationVendor, VpcConnector, VpcIngressConnection,
} from '../../src';
import { expectValidationError, newStack, synth } from '../support/util';

const asc = (props: AutoScalingConfigurationProps) => new AutoScalingConfiguration(newStack(), 'Scaling', props);
const obs = (name: string) => new ObservabilityConfiguration(newStack(), 'Obs', {
  observabilityConfigurationName: name, traceConfigurationVendor: TraceConfigurationVendor.AWSXRAY,
});

function vpcStack(): { stack: Stack; vpc: ec2.Vpc } {
  const stack = newStack();
  return { stack, vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 }) };
}

function connector(props: { vpcConnectorName?: string; vpcSubnets?: ec2.SubnetSelection }): VpcConnector {
  const { stack, vpc } = vpcStack();
  return new VpcConnector(stack, 'Connector', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, ...props });
}

function ingress(name: string): VpcIngressConnection {
  const { stack, vpc } = vpcStack();
  const service = new Service(stack, 'Svc', { source: Source.fromEcrPublic({ imageIdentifier: 'public.ecr.aws/a/b:c' }), isPubliclyAccessible: false });
  return new VpcIngressConnection(stack, 'Ingress', { vpc, service, vpcIngressConnectionName: name });
}

const NAME_FORMAT = 'must start with an alphanumeric character and contain only alphanumeric characters, hyphens, or underscores after that';

const cases: Array<[string, () => unknown, string | RegExp]> = [
  // AutoScalingConfiguration (alpha wording)
  ['ASC name too short', () => asc({ autoScalingConfigurationName: 'abc' }), '`autoScalingConfigurationName` must be between 4 and 32 characters, got: 3 characters.'],
  ['ASC name too long', () => asc({ autoScalingConfigurationName: 'a'.repeat(33) }), '`autoScalingConfigurationName` must be between 4 and 32 characters, got: 33 characters.'],
  ['ASC name with a space', () => asc({ autoScalingConfigurationName: 'my scaling' }), `\`autoScalingConfigurationName\` ${NAME_FORMAT}, got: my scaling.`],
  ['minSize 0', () => asc({ minSize: 0 }), 'minSize must be between 1 and 25, got 0.'],
  ['minSize 26', () => asc({ minSize: 26 }), 'minSize must be between 1 and 25, got 26.'],
  ['maxSize 0', () => asc({ maxSize: 0 }), 'maxSize must be between 1 and 25, got 0.'],
  ['maxSize 30', () => asc({ maxSize: 30 }), 'maxSize must be between 1 and 25, got 30.'],
  ['minSize 1.5', () => asc({ minSize: 1.5 }), 'minSize must be between 1 and 25, got 1.5. (a whole number is required)'],
  ['minSize above maxSize', () => asc({ minSize: 5, maxSize: 3 }), 'maxSize must be greater than minSize or equal to it, got minSize 5 and maxSize 3.'],
  ['ASC name empty', () => asc({ autoScalingConfigurationName: '' }), '`autoScalingConfigurationName` must be between 4 and 32 characters, got: 0 characters.'],
  ['maxConcurrency 0', () => asc({ maxConcurrency: 0 }), 'maxConcurrency must be between 1 and 200, got 0.'],
  ['maxConcurrency 201', () => asc({ maxConcurrency: 201 }), 'maxConcurrency must be between 1 and 200, got 201.'],
  ['fromArn with a malformed ARN', () => AutoScalingConfiguration.fromArn(newStack(), 'I', 'arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/name'),
    'Unexpected ARN format: arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/name. Expected arn:PARTITION:apprunner:REGION:ACCOUNT:autoscalingconfiguration/NAME/REVISION/ID'],
  ['fromArn with a non-numeric revision', () => AutoScalingConfiguration.fromArn(newStack(), 'I', 'arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/n/latest/abc'),
    /^Unexpected ARN format: .*autoscalingconfiguration\/n\/latest\/abc\. Expected/],
  ['fromArn with another resource type', () => AutoScalingConfiguration.fromArn(newStack(), 'I', 'arn:aws:apprunner:us-east-1:123456789012:observabilityconfiguration/n/1/abc'),
    /^Unexpected ARN format: .*Expected arn:PARTITION:apprunner:REGION:ACCOUNT:autoscalingconfiguration\/NAME\/REVISION\/ID/],

  // ObservabilityConfiguration
  ['observability name too short', () => obs('obs'), '`observabilityConfigurationName` must be between 4 and 32 characters, got: 3 characters.'],
  ['observability name with a dot', () => obs('my.obs'), `\`observabilityConfigurationName\` ${NAME_FORMAT}, got: my.obs.`],
  ['observability name reserved', () => obs('DefaultConfiguration'), /^`observabilityConfigurationName` must not be DefaultConfiguration/],
  ['observability fromArn malformed', () => ObservabilityConfiguration.fromArn(newStack(), 'I', 'not-an-arn'),
    'Unexpected ARN format: not-an-arn. Expected arn:PARTITION:apprunner:REGION:ACCOUNT:observabilityconfiguration/NAME/REVISION/ID'],

  // VpcConnector
  ['connector name too long', () => connector({ vpcConnectorName: 'c'.repeat(41) }), '`vpcConnectorName` must be between 4 and 40 characters, got: 41 characters.'],
  ['connector name starting with _', () => connector({ vpcConnectorName: '_conn' }), `\`vpcConnectorName\` ${NAME_FORMAT}, got: _conn.`],
  ['connector without subnets', () => connector({ vpcSubnets: { subnets: [] } }), /^vpcSubnets must select at least 1 subnet of the VPC, got 0/],

  // VpcIngressConnection
  ['ingress name too short', () => ingress('in'), '`vpcIngressConnectionName` must be between 4 and 40 characters, got: 2 characters.'],
  ['ingress name with a slash', () => ingress('in/out'), `\`vpcIngressConnectionName\` ${NAME_FORMAT}, got: in/out.`],
  ['ingress to a public service', () => {
    const { stack, vpc } = vpcStack();
    const service = new Service(stack, 'Svc', { source: Source.fromEcrPublic({ imageIdentifier: 'public.ecr.aws/a/b:c' }), isPubliclyAccessible: true });
    return new VpcIngressConnection(stack, 'Ingress', { vpc, service });
  }, /is publicly accessible: a VPC ingress connection needs a private service/],
  ['ingress fromArn with a revision', () => VpcIngressConnection.fromArn(newStack(), 'I', 'arn:aws:apprunner:us-east-1:123456789012:vpcingressconnection/n/1/abc'),
    /Expected arn:PARTITION:apprunner:REGION:ACCOUNT:vpcingressconnection\/NAME\/ID$/],
];

describe('bad inputs: configurations', () => {
  test('the table has at least 20 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  test.each(cases)('%s', (_name, fn, expected) => {
    expectValidationError(fn, expected);
  });

  test('invalid tags fail synthesis', () => {
    const stack = newStack();
    const scaling = new AutoScalingConfiguration(stack, 'Scaling');
    Tags.of(scaling).add('aws:reserved', 'x');
    expect(() => synth(stack)).toThrow(/an App Runner auto scaling configuration tags: tag key must not start with "aws:"/);
  });
});

describe('tokens are not checked', () => {
  const n = (ref: string) => Token.asNumber({ Ref: ref });
  test.each<[string, () => unknown]>([
    ['ASC sizes and name', () => asc({ minSize: n('Min'), maxSize: n('Max'), maxConcurrency: n('C'), autoScalingConfigurationName: Token.asString({ Ref: 'N' }) })],
    ['one token side of min/max', () => asc({ minSize: 20, maxSize: n('Max') })],
    ['observability name', () => obs(Token.asString({ Ref: 'N' }))],
    ['connector name', () => connector({ vpcConnectorName: Token.asString({ Ref: 'N' }) })],
    ['ingress name', () => ingress(Token.asString({ Ref: 'N' }))],
  ])('%s', (_name, fn) => {
    expect(fn).not.toThrow();
  });
});
