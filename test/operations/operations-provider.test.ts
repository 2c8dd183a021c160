/**
 * The operations provider: exactly the resources the README's table lists, its settings (log
 * retention, a log group of the user's, VPC, subnets, security groups, timeouts) with their
 * defaults and limits, and `configure` errors that say what happened.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, CfnElement, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';
import { AutoScalingConfiguration, NagAcknowledgements, OperationsProvider, OperationsProviderProps, Service, ServiceProps, Source } from '../../src';
import { expectValidationError, newStack, synth } from '../support/util';

const IMAGE = 'public.ecr.aws/aws-containers/hello-app-runner:latest';

function service(scope: Construct, id: string, props: Partial<ServiceProps> = {}): Service {
  return new Service(scope, id, { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), ...props });
}

/** Resource types and counts of the provider's subtree. */
function providerResources(stack: Stack): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of OperationsProvider.of(stack).node.findAll()) {
    if (c instanceof CfnResource) counts[c.cfnResourceType] = (counts[c.cfnResourceType] ?? 0) + 1;
  }
  return counts;
}

/** What a stack asks of the provider, for the counts of the README's table. */
interface Scenario {
  readonly servicesWithOperations: number;
  readonly servicesWithDomains: number;
  readonly zones: number;
  readonly isDefault: boolean;
  readonly props: OperationsProviderProps;
}

/**
 * The README's table of what the provider creates, row by row ("count" exactly as written
 * there), with the count each row stands for in a scenario.
 */
const TABLE: Array<{ type: string; count: string; of: (s: Scenario) => number }> = [
  { type: 'AWS::Lambda::Function', count: '5', of: () => 5 },
  { type: 'AWS::IAM::Role', count: '6', of: () => 6 },
  { type: 'AWS::IAM::Policy', count: '6', of: () => 6 },
  { type: 'AWS::StepFunctions::StateMachine', count: '1', of: () => 1 },
  { type: 'AWS::Logs::LogGroup', count: '3, none with `logGroup`', of: (s) => (s.props.logGroup ? 0 : 3) },
  {
    type: 'AWS::IAM::ManagedPolicy',
    count: '1 per 20 services with `paused`, `redeploy` or `failOnRollback`',
    of: (s) => Math.ceil(s.servicesWithOperations / 20),
  },
  { type: 'AWS::IAM::Role', count: '1 per service with custom domains', of: (s) => s.servicesWithDomains },
  // in the scenarios, each service's domain is in one hosted zone (when there are zones)
  { type: 'AWS::IAM::RolePolicy', count: '1 per service with custom domains and hosted zone of its domains', of: (s) => (s.zones > 0 ? s.servicesWithDomains : 0) },
  { type: 'AWS::IAM::Policy', count: '1 with custom domains', of: (s) => (s.servicesWithDomains > 0 ? 1 : 0) },
  { type: 'AWS::IAM::Policy', count: '1 with an `isDefault` auto scaling configuration', of: (s) => (s.isDefault ? 1 : 0) },
  { type: 'AWS::EC2::SecurityGroup', count: '5 with `vpc` and no `securityGroups`', of: (s) => (s.props.vpc && !s.props.securityGroups ? 5 : 0) },
];

function readmeTable(): Array<{ type: string; count: string }> {
  const readme = fs.readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf-8');
  const section = readme.split(/^### /m).find((s) => s.startsWith('The operations provider\n'));
  if (!section) throw new Error('README.md has no "### The operations provider" section');
  return [...section.matchAll(/^\| `(AWS::[^`]+)` \| ([^|]+) \|/gm)].map((m) => ({ type: m[1], count: m[2].trim() }));
}

describe('what the provider creates', () => {
  test('the README\'s table is the one this test checks', () => {
    expect(readmeTable()).toEqual(TABLE.map(({ type, count }) => ({ type, count })));
  });

  test.each<[string, Omit<Scenario, 'props'>, (stack: Stack) => OperationsProviderProps]>([
    ['one service with paused', { servicesWithOperations: 1, servicesWithDomains: 0, zones: 0, isDefault: false }, () => ({})],
    ['21 services, custom domains on 3 services in 2 zones, isDefault',
      { servicesWithOperations: 21, servicesWithDomains: 3, zones: 2, isDefault: true }, () => ({})],
    ['a custom domain only, in a VPC', { servicesWithOperations: 0, servicesWithDomains: 1, zones: 0, isDefault: false },
      (stack) => ({ vpc: ec2.Vpc.fromVpcAttributes(stack, 'Imported', { vpcId: 'vpc-1', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-1'] }) })],
    ['in a VPC with security groups and a log group of the user\'s', { servicesWithOperations: 40, servicesWithDomains: 0, zones: 0, isDefault: false },
      (stack) => {
        const imported = ec2.Vpc.fromVpcAttributes(stack, 'Imported', { vpcId: 'vpc-1', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-1'] });
        return {
          vpc: imported,
          securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-1')],
          logGroup: logs.LogGroup.fromLogGroupName(stack, 'Logs', 'platform/apprunner-operations'),
        };
      }],
  ])('%s: the counts of the table', (_name, shape, props) => {
    const app = new App();
    const stack = new Stack(app, 'Inventory', { env: { account: '123456789012', region: 'us-east-1' } });
    const scenario: Scenario = { ...shape, props: props(stack) };
    OperationsProvider.configure(stack, scenario.props);
    for (let i = 0; i < scenario.servicesWithOperations; i++) service(stack, `Op${i}`, { paused: true });
    const zones = Array.from({ length: scenario.zones }, (_, z) =>
      route53.HostedZone.fromHostedZoneAttributes(stack, `Zone${z}`, { hostedZoneId: `Z${z}`, zoneName: `zone${z}.example.com` }));
    for (let i = 0; i < scenario.servicesWithDomains; i++) {
      const zone = zones.length > 0 ? zones[i % zones.length] : undefined;
      service(stack, `Web${i}`).addCustomDomain({ domainName: `api${i}.${zone ? zone.zoneName : 'example.org'}`, hostedZone: zone });
    }
    if (scenario.isDefault) new AutoScalingConfiguration(stack, 'Default', { isDefault: true });

    const template = synth(stack).toJSON();
    const expected: Record<string, number> = {};
    for (const row of TABLE) {
      const n = row.of(scenario);
      if (n > 0) expected[row.type] = (expected[row.type] ?? 0) + n;
    }
    expect(providerResources(stack)).toEqual(expected);
    // nothing of the provider lives elsewhere in the stack (no log retention function, say)
    const inTemplate = (type: string) => Object.values<any>(template.Resources).filter((r) => r.Type === type).length;
    for (const type of ['AWS::Lambda::Function', 'AWS::Logs::LogGroup', 'AWS::StepFunctions::StateMachine', 'AWS::EC2::SecurityGroup']) {
      expect({ type, count: inTemplate(type) }).toEqual({ type, count: expected[type] ?? 0 });
    }
    expect(JSON.stringify(template)).not.toContain('Custom::LogRetention');
  });
});

/** The five functions of the provider: the two handlers and the framework's three. */
function functions(stack: Stack, template: Template): Record<string, any> {
  const provider = OperationsProvider.of(stack);
  const resources = template.toJSON().Resources;
  const byPath: Record<string, any> = {};
  for (const c of provider.node.findAll()) {
    if (c instanceof lambda.CfnFunction) byPath[c.node.path.replace(`${provider.node.path}/`, '')] = resources[stack.getLogicalId(c)].Properties;
  }
  return byPath;
}

const logicalId = (stack: Stack, c: Construct) => stack.getLogicalId(c.node.defaultChild as CfnElement);

describe('logs', () => {
  test('default: a log group per handler function and one for the framework\'s three, kept one year, retained with the stack', () => {
    const stack = newStack();
    service(stack, 'Svc', { paused: true });
    const template = synth(stack);
    const groups = template.findResources('AWS::Logs::LogGroup');
    const kept = Object.values(groups).map((g) => ({
      retention: g.Properties.RetentionInDays, deletion: g.DeletionPolicy, replace: g.UpdateReplacePolicy,
    }));
    expect(kept)
      .toEqual(Array(3).fill({ retention: 365, deletion: 'Retain', replace: 'Retain' }));
    const provider = OperationsProvider.of(stack);
    const groupOf = (p: any) => p.LoggingConfig?.LogGroup?.Ref;
    const fns = functions(stack, template);
    expect(Object.keys(fns).sort()).toEqual([
      'IsComplete/Resource', 'OnEvent/Resource', 'Provider/framework-isComplete/Resource', 'Provider/framework-onEvent/Resource', 'Provider/framework-onTimeout/Resource',
    ]);
    expect(groupOf(fns['OnEvent/Resource'])).toBe(stack.getLogicalId(provider.node.findChild('OnEventLogGroup').node.defaultChild as CfnElement));
    expect(groupOf(fns['IsComplete/Resource'])).toBe(stack.getLogicalId(provider.node.findChild('IsCompleteLogGroup').node.defaultChild as CfnElement));
    const framework = stack.getLogicalId(provider.node.findChild('FrameworkLogGroup').node.defaultChild as CfnElement);
    for (const fn of ['framework-onEvent', 'framework-isComplete', 'framework-onTimeout']) expect(groupOf(fns[`Provider/${fn}/Resource`])).toBe(framework);
  });

  test.each([
    [logs.RetentionDays.ONE_DAY, 1],
    [logs.RetentionDays.THREE_MONTHS, 90],
    [logs.RetentionDays.TEN_YEARS, 3653],
    [logs.RetentionDays.INFINITE, undefined],
  ])('logRetention %s: the three log groups keep %s days (undefined: forever)', (logRetention, days) => {
    const stack = newStack();
    OperationsProvider.configure(stack, { logRetention });
    service(stack, 'Svc', { paused: true });
    const groups = Object.values(synth(stack).findResources('AWS::Logs::LogGroup'));
    expect(groups.map((g) => g.Properties?.RetentionInDays)).toEqual([days, days, days]);
  });

  test('logGroup: all five functions log there, the provider creates no log group; not with logRetention', () => {
    const stack = newStack();
    const own = new logs.LogGroup(stack, 'PlatformLogs', { retention: logs.RetentionDays.SIX_MONTHS });
    OperationsProvider.configure(stack, { logGroup: own });
    service(stack, 'Svc', { paused: true });
    const template = synth(stack);
    expect(Object.keys(template.findResources('AWS::Logs::LogGroup'))).toEqual([logicalId(stack, own)]);
    for (const fn of Object.values(functions(stack, template))) expect(fn.LoggingConfig.LogGroup).toEqual({ Ref: logicalId(stack, own) });

    const other = newStack();
    expectValidationError(() => OperationsProvider.configure(other, {
      logGroup: logs.LogGroup.fromLogGroupName(other, 'Logs', 'x'), logRetention: logs.RetentionDays.ONE_WEEK,
    }), 'logRetention and logGroup exclude each other: logRetention applies to the log groups the operations provider creates, and with logGroup it creates none');
  });
});

describe('VPC', () => {
  function vpcStack(): { stack: Stack; vpc: ec2.Vpc } {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'ops', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ],
    });
    return { stack, vpc };
  }
  const subnetIds = (stack: Stack, vpc: ec2.Vpc, group: string) =>
    vpc.selectSubnets({ subnetGroupName: group }).subnets.map((s) => ({ Ref: logicalId(stack, s) }));

  test('default: no VPC', () => {
    const stack = newStack();
    service(stack, 'Svc', { paused: true });
    for (const fn of Object.values(functions(stack, synth(stack)))) expect(fn.VpcConfig).toBeUndefined();
  });

  test('vpc: all five functions in its private subnets, a security group each, Lambda\'s VPC access policy on their roles', () => {
    const { stack, vpc } = vpcStack();
    OperationsProvider.configure(stack, { vpc });
    service(stack, 'Svc', { paused: true });
    const template = synth(stack);
    const fns = Object.values(functions(stack, template));
    const privateSubnets = vpc.privateSubnets.map((s) => ({ Ref: logicalId(stack, s) }));
    expect(fns.map((fn) => fn.VpcConfig.SubnetIds)).toEqual(Array(5).fill(privateSubnets));
    expect(new Set(fns.map((fn) => JSON.stringify(fn.VpcConfig.SecurityGroupIds))).size).toBe(5);
    const roles = template.toJSON().Resources;
    for (const fn of fns) {
      expect(JSON.stringify(roles[fn.Role['Fn::GetAtt'][0]].Properties.ManagedPolicyArns)).toContain('service-role/AWSLambdaVPCAccessExecutionRole');
    }
  });

  test('vpcSubnets and securityGroups: the functions use those', () => {
    const { stack, vpc } = vpcStack();
    const sg = new ec2.SecurityGroup(stack, 'OpsSg', { vpc });
    OperationsProvider.configure(stack, { vpc, vpcSubnets: { subnetGroupName: 'ops' }, securityGroups: [sg] });
    service(stack, 'Svc', { paused: true });
    const fns = Object.values(functions(stack, synth(stack)));
    expect(fns.map((fn) => fn.VpcConfig)).toEqual(Array(5).fill({
      SubnetIds: subnetIds(stack, vpc, 'ops'),
      SecurityGroupIds: [{ 'Fn::GetAtt': [logicalId(stack, sg), 'GroupId'] }],
    }));
    expect(providerResources(stack)['AWS::EC2::SecurityGroup']).toBeUndefined();
  });

  test.each([
    ['vpcSubnets', (_stack: Stack) => ({ vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } })],
    ['securityGroups', (stack: Stack) => ({ securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-1')] })],
  ])('%s without vpc: an error naming it', (name, props) => {
    const stack = newStack();
    expectValidationError(() => OperationsProvider.configure(stack, props(stack)),
      `${name} places the operations provider's functions in a VPC: give vpc too, or omit ${name}`);
  });

  test('public subnets are refused (a Lambda function gets no public IP address)', () => {
    const { stack, vpc } = vpcStack();
    expect(() => OperationsProvider.configure(stack, { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } })).toThrow(/public subnet/);
  });

  test('cdk-nag AwsSolutions: with the opt-in, no unacknowledged finding on the provider in a VPC', () => {
    const { stack, vpc } = vpcStack();
    NagAcknowledgements.acknowledge(stack);
    OperationsProvider.configure(stack, { vpc });
    service(stack, 'Svc', { paused: true, failOnRollback: true });
    (stack.node.root as App).synth();
    const report = new AwsSolutionsChecks().validateScope(OperationsProvider.of(stack));
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.resourceLogicalId).join(',')}`)).toEqual([]);
  });
});

test('a permissions boundary applied with aws-cdk-lib\'s aspect reaches the provider\'s six roles (README: not a setting)', () => {
  const stack = newStack();
  const boundary = iam.ManagedPolicy.fromManagedPolicyName(stack, 'Boundary', 'platform-boundary');
  iam.PermissionsBoundary.of(stack).apply(boundary);
  service(stack, 'Svc', { paused: true });
  const template = synth(stack).toJSON();
  const providerRoles = OperationsProvider.of(stack).node.findAll().filter((c): c is iam.CfnRole => c instanceof iam.CfnRole);
  expect(providerRoles.map((r) => template.Resources[stack.getLogicalId(r)].Properties.PermissionsBoundary))
    .toEqual(Array(6).fill({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:policy/platform-boundary']] }));
});

describe('IAM managed policies per handler role: within IAM\'s 10, in a VPC too', () => {
  // statements per shard (20) times shards: 8, or 7 in a VPC (AWSLambdaVPCAccessExecutionRole takes a slot)
  test.each([
    ['no VPC', false, 8],
    ['a VPC', true, 7],
  ])('%s (in a VPC: %s): %i shards of 20 services fit, one more is an error', (_name, inVpc, shards) => {
    const stack = newStack();
    if (inVpc) OperationsProvider.configure(stack, { vpc: ec2.Vpc.fromVpcAttributes(stack, 'V', { vpcId: 'vpc-1', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-1'] }) });
    const provider = OperationsProvider.of(stack);
    const dependent = new Construct(stack, 'Dependent');
    for (let i = 0; i < shards * 20; i++) provider._grantHandlers(['apprunner:DescribeService'], [`arn:aws:apprunner:us-east-1:123456789012:service/s${i}/x`], dependent);
    const template = synth(stack).toJSON();
    const roleId = logicalId(stack, provider.onEventFunction.role!);
    const attached = Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::IAM::ManagedPolicy' && r.Properties.Roles.some((x: any) => x.Ref === roleId));
    // one slot stays free for a default policy aws-cdk-lib may split off
    expect(template.Resources[roleId].Properties.ManagedPolicyArns.length + attached.length).toBe(9);
    expectValidationError(() => provider._grantHandlers(['apprunner:DescribeService'], ['arn:aws:apprunner:us-east-1:123456789012:service/one-too-many/x'], dependent),
      `would need more than ${shards} managed policies (${shards * 20} services with paused, redeploy, failOnRollback or a run schedule): split the services over more stacks`);
  });
});

describe('timeouts: both sides of each limit', () => {
  test.each([
    ['totalTimeout', Duration.seconds(59), 'totalTimeout must be between 60 and 3600 seconds, got 59'],
    ['totalTimeout', Duration.seconds(60), undefined],
    ['totalTimeout', Duration.minutes(60), undefined],
    ['totalTimeout', Duration.seconds(3601), 'totalTimeout must be between 60 and 3600 seconds, got 3601'],
    ['queryInterval', Duration.millis(500), 'queryInterval must be between 1 and 10 seconds, got 0.5'],
    ['queryInterval', Duration.seconds(1), undefined],
    ['queryInterval', Duration.seconds(10), undefined],
    ['queryInterval', Duration.seconds(11), 'queryInterval must be between 1 and 10 seconds, got 11'],
  ])('%s %s', (name, value, error) => {
    const configure = () => OperationsProvider.configure(newStack(), { [name]: value });
    if (error) expectValidationError(configure, error);
    else expect(configure().totalTimeout.toSeconds()).toBe(name === 'totalTimeout' ? value.toSeconds() : 1800);
  });
});

describe('configure: once, before first use', () => {
  test('after a construct created the provider with default settings: says which construct, and that configure came too late', () => {
    const stack = newStack();
    service(stack, 'Svc', { failOnRollback: true });
    expectValidationError(() => OperationsProvider.configure(stack, { totalTimeout: Duration.minutes(45) }),
      'The operations provider of stack TestStack already exists: it was already created with default settings by TestStack/Svc '
      + 'before OperationsProvider.configure was called. Call OperationsProvider.configure before creating the constructs that use the provider');
  });

  test('twice: says it is already configured, and where', () => {
    const stack = newStack();
    const platform = new Construct(stack, 'Platform');
    OperationsProvider.configure(platform, { logRetention: logs.RetentionDays.ONE_MONTH });
    expectValidationError(() => OperationsProvider.configure(stack, { totalTimeout: Duration.minutes(45) }),
      'The operations provider of stack TestStack already exists: it is already configured (OperationsProvider.configure was called '
      + 'with TestStack/Platform before). Call OperationsProvider.configure once per stack, with all its settings');
  });

  test('configured first: constructs use that provider, and other stacks get their own', () => {
    const stack = newStack();
    const configured = OperationsProvider.configure(stack, { totalTimeout: Duration.minutes(45) });
    service(stack, 'Svc', { failOnRollback: true });
    expect(OperationsProvider.of(stack)).toBe(configured);
    const other = new Stack(stack.node.root as App, 'Other');
    expect(OperationsProvider.configure(other, {}).totalTimeout.toMinutes()).toBe(30);
  });
});
