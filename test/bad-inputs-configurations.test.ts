/**
 * Bad inputs to AutoScalingConfiguration, ObservabilityConfiguration, VpcConnector and
 * VpcIngressConnection: each throws an aws-cdk-lib ValidationError naming the property, the
 * value and the rule, starting with the alpha module's wording where alpha checks the same
 * thing. Tokens are never checked.
 */
import { Errors, Stack, Tags, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import {
  AutoScalingConfiguration, AutoScalingConfigurationProps, ObservabilityConfiguration, Service, Source,
  TraceConfigurationVendor, VpcConnector, VpcConnectorProps, VpcIngressConnection,
} from '../src';
import { newStack, synth } from './support/util';

const IMAGE = 'public.ecr.aws/a/b:c';
const NAME_FORMAT = 'must start with an alphanumeric character and contain only alphanumeric characters, hyphens, or underscores after that';

const asc = (props: AutoScalingConfigurationProps) => new AutoScalingConfiguration(newStack(), 'Scaling', props);
const obs = (name: string) => new ObservabilityConfiguration(newStack(), 'Obs', {
  observabilityConfigurationName: name, traceConfigurationVendor: TraceConfigurationVendor.AWSXRAY,
});

function vpcStack(): { stack: Stack; vpc: ec2.Vpc } {
  const stack = newStack();
  return { stack, vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 }) };
}

function connector(props: Partial<VpcConnectorProps>): VpcConnector {
  const { stack, vpc } = vpcStack();
  return new VpcConnector(stack, 'Connector', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, ...props });
}

function ingress(name?: string, isPubliclyAccessible = false): VpcIngressConnection {
  const { stack, vpc } = vpcStack();
  const service = new Service(stack, 'Svc', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), isPubliclyAccessible });
  return new VpcIngressConnection(stack, 'Ingress', { vpc, service, vpcIngressConnectionName: name });
}

/** Synthesize a stack holding `build`'s construct after tagging it (tags are checked at synthesis). */
function tagged(build: (stack: Stack) => unknown, key: string, value: string): () => unknown {
  return () => {
    const stack = newStack();
    build(stack);
    Tags.of(stack).add(key, value);
    return synth(stack);
  };
}

const cases: Array<[string, () => unknown, string | RegExp]> = [
  // AutoScalingConfiguration (alpha wording first)
  ['ASC name too short', () => asc({ autoScalingConfigurationName: 'abc' }), '`autoScalingConfigurationName` must be between 4 and 32 characters, got: 3 characters.'],
  ['ASC name too long', () => asc({ autoScalingConfigurationName: 'a'.repeat(33) }), '`autoScalingConfigurationName` must be between 4 and 32 characters, got: 33 characters.'],
  ['ASC name empty', () => asc({ autoScalingConfigurationName: '' }), '`autoScalingConfigurationName` must be between 4 and 32 characters, got: 0 characters.'],
  ['ASC name with a space', () => asc({ autoScalingConfigurationName: 'my scaling' }), `\`autoScalingConfigurationName\` ${NAME_FORMAT}, got: my scaling.`],
  ['ASC name starting with a hyphen', () => asc({ autoScalingConfigurationName: '-scaling' }), `\`autoScalingConfigurationName\` ${NAME_FORMAT}, got: -scaling.`],
  ['a 6th revision of one ASC name in an account and region (two stacks of one app)', () => {
    const first = newStack();
    const second = new Stack(first.node.root as Construct, 'Second', { env: { account: '123456789012', region: 'us-east-1' } });
    for (let i = 0; i < 6; i++) new AutoScalingConfiguration(i < 3 ? first : second, `S${i}`, { autoScalingConfigurationName: 'shared' });
  }, 'autoScalingConfigurationName shared: App Runner keeps at most 5 revisions (configurations) per name in an account and region; this is number 6 in account 123456789012, region us-east-1'],
  ['an 11th ASC name in an account and region', () => {
    const stack = newStack();
    for (let i = 0; i < 10; i++) new AutoScalingConfiguration(stack, `S${i}`, i % 2 ? {} : { autoScalingConfigurationName: `name-${i}` });
    new AutoScalingConfiguration(stack, 'Eleventh', { autoScalingConfigurationName: 'eleventh' });
  }, 'App Runner allows at most 10 auto scaling configuration names per account and region; eleventh would be name number 11 in account 123456789012, region us-east-1'],
  ['minSize 0', () => asc({ minSize: 0 }), 'minSize must be between 1 and 25, got 0.'],
  ['minSize 26', () => asc({ minSize: 26 }), 'minSize must be between 1 and 25, got 26.'],
  ['minSize 1.5', () => asc({ minSize: 1.5 }), 'minSize must be between 1 and 25, got 1.5. (a whole number is required)'],
  ['maxSize 0', () => asc({ maxSize: 0 }), 'maxSize must be between 1 and 25, got 0.'],
  ['maxSize 30', () => asc({ maxSize: 30 }), 'maxSize must be between 1 and 25, got 30.'],
  ['maxSize -1', () => asc({ maxSize: -1 }), 'maxSize must be between 1 and 25, got -1.'],
  ['minSize above maxSize', () => asc({ minSize: 5, maxSize: 3 }), /^maxSize must be greater than minSize\. \(Equal is allowed\.\) Got minSize 5 and maxSize 3\.$/],
  ['maxConcurrency 0', () => asc({ maxConcurrency: 0 }), 'maxConcurrency must be between 1 and 200, got 0.'],
  ['maxConcurrency 201', () => asc({ maxConcurrency: 201 }), 'maxConcurrency must be between 1 and 200, got 201.'],
  ['maxConcurrency 10.5', () => asc({ maxConcurrency: 10.5 }), 'maxConcurrency must be between 1 and 200, got 10.5. (a whole number is required)'],
  ['ASC tag key starting with aws:', tagged((s) => new AutoScalingConfiguration(s, 'Scaling'), 'aws:reserved', 'x'),
    /an App Runner auto scaling configuration tags: tag key must not start with "aws:", got "aws:reserved"/],
  ['ASC fromArn without revision and ID', () => AutoScalingConfiguration.fromArn(newStack(), 'I', 'arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/name'),
    'Unexpected ARN format: arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/name. Expected arn:PARTITION:apprunner:REGION:ACCOUNT:autoscalingconfiguration/NAME/REVISION/ID'],
  ['ASC fromArn with a non-numeric revision', () => AutoScalingConfiguration.fromArn(newStack(), 'I', 'arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/n/latest/abc'),
    /^Unexpected ARN format: .*autoscalingconfiguration\/n\/latest\/abc\. Expected/],
  ['ASC fromArn with revision 0', () => AutoScalingConfiguration.fromArn(newStack(), 'I', 'arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/n/0/abc'),
    /^Unexpected ARN format: .*autoscalingconfiguration\/n\/0\/abc\. Expected/],
  ['ASC fromArn of another resource type', () => AutoScalingConfiguration.fromArn(newStack(), 'I', 'arn:aws:apprunner:us-east-1:123456789012:observabilityconfiguration/n/1/abc'),
    /^Unexpected ARN format: .*Expected arn:PARTITION:apprunner:REGION:ACCOUNT:autoscalingconfiguration\/NAME\/REVISION\/ID$/],
  ['ASC fromArn of another service', () => AutoScalingConfiguration.fromArn(newStack(), 'I', 'arn:aws:ecs:us-east-1:123456789012:autoscalingconfiguration/n/1/abc'),
    /^Unexpected ARN format: arn:aws:ecs:/],
  ['ASC fromArn without region', () => AutoScalingConfiguration.fromArn(newStack(), 'I', 'arn:aws:apprunner::123456789012:autoscalingconfiguration/n/1/abc'),
    /^Unexpected ARN format: arn:aws:apprunner::123456789012/],

  // ObservabilityConfiguration
  ['observability name too short', () => obs('obs'), '`observabilityConfigurationName` must be between 4 and 32 characters, got: 3 characters.'],
  ['observability name too long', () => obs('o'.repeat(33)), '`observabilityConfigurationName` must be between 4 and 32 characters, got: 33 characters.'],
  ['observability name with a dot', () => obs('my.obs'), `\`observabilityConfigurationName\` ${NAME_FORMAT}, got: my.obs.`],
  ['observability name reserved', () => obs('DefaultConfiguration'), /^`observabilityConfigurationName` must not be DefaultConfiguration/],
  ['observability tag value too long', tagged((s) => new ObservabilityConfiguration(s, 'Obs', { traceConfigurationVendor: TraceConfigurationVendor.AWSXRAY }), 'team', 'v'.repeat(257)),
    /an App Runner observability configuration tags: value of tag team must be at most 256 characters, got 257 characters/],
  ['observability fromArn malformed', () => ObservabilityConfiguration.fromArn(newStack(), 'I', 'not-an-arn'),
    'Unexpected ARN format: not-an-arn. Expected arn:PARTITION:apprunner:REGION:ACCOUNT:observabilityconfiguration/NAME/REVISION/ID'],
  ['observability fromArn with an empty name', () => ObservabilityConfiguration.fromArn(newStack(), 'I', 'arn:aws:apprunner:us-east-1:123456789012:observabilityconfiguration//1/abc'),
    /^Unexpected ARN format: .*observabilityconfiguration\/\/1\/abc\. Expected/],

  // VpcConnector
  ['connector name too short', () => connector({ vpcConnectorName: 'abc' }), '`vpcConnectorName` must be between 4 and 40 characters, got: 3 characters.'],
  ['connector name too long', () => connector({ vpcConnectorName: 'c'.repeat(41) }), '`vpcConnectorName` must be between 4 and 40 characters, got: 41 characters.'],
  ['connector name starting with _', () => connector({ vpcConnectorName: '_conn' }), `\`vpcConnectorName\` ${NAME_FORMAT}, got: _conn.`],
  ['connector without subnets', () => connector({ vpcSubnets: { subnets: [] } }), /^vpcSubnets must select at least 1 subnet of the VPC, got 0/],
  ['connector tag key too long', tagged((s) => new VpcConnector(s, 'Connector', { vpc: new ec2.Vpc(s, 'Vpc', { maxAzs: 1, natGateways: 0 }), vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }), 'k'.repeat(129), 'v'),
    /an App Runner VPC connector tags: tag key must be between 1 and 128 characters, got 129 characters/],

  // VpcIngressConnection
  ['ingress name too short', () => ingress('in'), '`vpcIngressConnectionName` must be between 4 and 40 characters, got: 2 characters.'],
  ['ingress name too long', () => ingress('i'.repeat(41)), '`vpcIngressConnectionName` must be between 4 and 40 characters, got: 41 characters.'],
  ['ingress name with a slash', () => ingress('in/out'), `\`vpcIngressConnectionName\` ${NAME_FORMAT}, got: in/out.`],
  ['ingress to a public service', () => ingress(undefined, true),
    'The service TestStack/Svc is publicly accessible: a VPC ingress connection needs a private service. Set `isPubliclyAccessible: false` on the service.'],
  ['ingress tag key with AWS: prefix', tagged((s) => {
    const vpc = new ec2.Vpc(s, 'Vpc', { maxAzs: 1, natGateways: 0 });
    const service = new Service(s, 'Svc', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), isPubliclyAccessible: false });
    return new VpcIngressConnection(s, 'Ingress', { vpc, service });
  }, 'AWS:x', 'y'), /an App Runner VPC ingress connection tags: tag key must not start with "aws:"/],
  ['ingress fromArn with a revision', () => VpcIngressConnection.fromArn(newStack(), 'I', 'arn:aws:apprunner:us-east-1:123456789012:vpcingressconnection/n/1/abc'),
    /^Unexpected ARN format: .*Expected arn:PARTITION:apprunner:REGION:ACCOUNT:vpcingressconnection\/NAME\/ID$/],
  ['ingress fromArn of a service ARN', () => VpcIngressConnection.fromArn(newStack(), 'I', 'arn:aws:apprunner:us-east-1:123456789012:service/n/abc'),
    /^Unexpected ARN format: arn:aws:apprunner:us-east-1:123456789012:service\/n\/abc\. Expected/],
];

describe('bad inputs: configurations', () => {
  test('the table has at least 25 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  test.each(cases)('%s', (_name, fn, expected) => {
    expect(fn).toThrow(expected);
    let error: unknown;
    try {
      fn();
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
  });
});

describe('tokens are not checked', () => {
  const n = (ref: string) => Token.asNumber({ Ref: ref });
  const s = (ref: string) => Token.asString({ Ref: ref });
  test.each<[string, () => unknown]>([
    ['ASC sizes, concurrency and name', () => asc({ minSize: n('Min'), maxSize: n('Max'), maxConcurrency: n('C'), autoScalingConfigurationName: s('N') })],
    ['one token side of min/max', () => asc({ minSize: 20, maxSize: n('Max') })],
    ['ASC fromArn of a token', () => AutoScalingConfiguration.fromArn(newStack(), 'I', s('Arn'))],
    ['observability name', () => obs(s('N'))],
    ['observability fromArn of a token', () => ObservabilityConfiguration.fromArn(newStack(), 'I', s('Arn'))],
    ['connector name', () => connector({ vpcConnectorName: s('N') })],
    ['ingress name', () => ingress(s('N'))],
    ['ingress fromArn of a token', () => VpcIngressConnection.fromArn(newStack(), 'I', s('Arn'))],
    ['token tags', tagged((st) => new AutoScalingConfiguration(st, 'Scaling'), s('Key'), s('Value'))],
  ])('%s', (_name, fn) => {
    expect(fn).not.toThrow();
  });
});
