/**
 * Property-based tests (fast-check): random props for every construct either throw an
 * aws-cdk-lib ValidationError with a message, or synthesize a template whose App Runner
 * resources have zero registry-schema problems. Never a TypeError or any other error.
 */
import { App, Duration, Errors, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as fc from 'fast-check';
import {
  AutoScalingConfiguration, Cpu, CustomDomain, HealthCheck, IpAddressType, Memory, ObservabilityConfiguration, Service, Source,
  TraceConfigurationVendor, VpcConnector, VpcIngressConnection,
} from '../../src';
import { checkAppRunnerResources, formatProblem } from '../support/cfn-schema';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);
const counts = { valid: 0, refused: 0 };

/** Build in a fresh stack; a ValidationError is a fine answer, anything else fails the property. */
function outcome(build: (stack: Stack) => void): void {
  const stack = new Stack(new App(), 'Prop', { env: { account: '123456789012', region: 'us-east-1' } });
  try {
    build(stack);
    const errors = stack.node.validate();
    if (errors.length > 0) {
      counts.refused++;
      return;
    }
    const template = stack.resolve((stack as any)._toCloudFormation());
    const problems = checkAppRunnerResources(template);
    if (problems.length > 0) throw new Error(`accepted props gave a template with schema problems:\n${problems.map(formatProblem).join('\n')}`);
    counts.valid++;
  } catch (e) {
    if (Errors.isValidationError(e) && (e as Error).message.length > 10) {
      counts.refused++;
      return;
    }
    throw e;
  }
}

function importedVpc(stack: Stack, vpcCidrBlock?: string): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-12345678',
    vpcCidrBlock,
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    privateSubnetIds: ['subnet-11111111', 'subnet-22222222'],
    publicSubnetIds: ['subnet-33333333', 'subnet-44444444'],
  });
}

/** Mostly plausible values, sometimes anything: both outcomes must be reached. */
const mostly = <T>(plausible: fc.Arbitrary<T>, anything: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: plausible, weight: 6 }, { arbitrary: anything, weight: 1 });
const name = mostly(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{3,31}$/), fc.string({ maxLength: 50 }));
const smallInt = mostly(fc.integer({ min: 1, max: 25 }), fc.oneof(fc.integer({ min: -5, max: 260 }), fc.double({ min: -2, max: 30, noNaN: true })));
const cpu = fc.constantFrom('256', '512', '1024', '2048', '4096', '0.25 vCPU', '0.5 vCPU', '1 vCPU', '2 vCPU', '4 vCPU', '3 vCPU', '8192', '');
const memory = fc.constantFrom('512', '1024', '2048', '3072', '4096', '6144', '8192', '10240', '12288',
  '0.5 GB', '1 GB', '2 GB', '3 GB', '4 GB', '6 GB', '8 GB', '10 GB', '12 GB', '5 GB', '16 GB');
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

beforeEach(() => {
  counts.valid = 0;
  counts.refused = 0;
});

afterEach(() => {
  // both outcomes happen: the generators reach valid and invalid props (at least 5% each)
  expect(counts.valid + counts.refused).toBe(RUNS);
  expect(counts.valid).toBeGreaterThan(RUNS / 20);
  expect(counts.refused).toBeGreaterThan(RUNS / 20);
  if (process.env.PROPERTY_REPORT) console.log(`${expect.getState().currentTestName}: ${counts.valid} valid, ${counts.refused} refused`);
});

test('Service', () => {
  fc.assert(fc.property(fc.record({
    imageIdentifier: mostly(fc.stringMatching(/^public\.ecr\.aws\/[a-z0-9]{1,8}\/[a-z0-9-]{1,20}(:[a-z0-9]{1,8})?$/), fc.string({ maxLength: 40 })),
    port: optional(mostly(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: -10, max: 70000 }))),
    startCommand: optional(mostly(fc.stringMatching(/^[a-z ./-]{1,30}$/), fc.string({ maxLength: 30 }))),
    env: fc.dictionary(mostly(fc.stringMatching(/^[A-Z_]{1,12}$/), fc.oneof(fc.string({ maxLength: 20 }), fc.constant('AWSAPPRUNNER_X'))),
      fc.string({ maxLength: 10 }), { maxKeys: 3 }),
    serviceName: optional(name),
    instance: optional(mostly(
      fc.constantFrom<[string?, string?]>(['256', '512'], ['0.25 vCPU', '1 GB'], ['0.5 vCPU', '1 GB'], ['1 vCPU', undefined], [undefined, '3 GB'],
        ['2 vCPU', '6 GB'], ['4096', '12 GB']),
      fc.tuple(optional(cpu), optional(memory)))),
    health: optional(fc.record({
      http: fc.boolean(),
      interval: smallInt,
      timeout: smallInt,
      healthy: smallInt,
      unhealthy: smallInt,
      path: optional(mostly(fc.stringMatching(/^\/[a-z]{0,8}$/), fc.string({ maxLength: 10 }))),
    })),
    autoDeploymentsEnabled: optional(fc.boolean()),
    ipAddressType: optional(fc.constantFrom(IpAddressType.IPV4, IpAddressType.DUAL_STACK)),
    isPubliclyAccessible: optional(fc.boolean()),
  }), (p) => outcome((stack) => {
    const healthOptions = p.health && {
      interval: Duration.seconds(p.health.interval),
      timeout: Duration.seconds(p.health.timeout),
      healthyThreshold: p.health.healthy,
      unhealthyThreshold: p.health.unhealthy,
    };
    new Service(stack, 'Service', {
      source: Source.fromEcrPublic({
        imageIdentifier: p.imageIdentifier,
        imageConfiguration: { port: p.port, startCommand: p.startCommand, environmentVariables: p.env },
      }),
      serviceName: p.serviceName,
      cpu: p.instance?.[0] === undefined ? undefined : Cpu.of(p.instance[0]),
      memory: p.instance?.[1] === undefined ? undefined : Memory.of(p.instance[1]),
      healthCheck: p.health && (p.health.http ? HealthCheck.http({ ...healthOptions, path: p.health.path }) : HealthCheck.tcp(healthOptions)),
      autoDeploymentsEnabled: p.autoDeploymentsEnabled,
      ipAddressType: p.ipAddressType,
      isPubliclyAccessible: p.isPubliclyAccessible,
    });
  })), { numRuns: RUNS });
});

test('AutoScalingConfiguration', () => {
  fc.assert(fc.property(fc.record({
    autoScalingConfigurationName: optional(name),
    minSize: optional(smallInt),
    maxSize: optional(smallInt),
    maxConcurrency: optional(mostly(fc.integer({ min: 1, max: 200 }), fc.integer({ min: -5, max: 300 }))),
  }), (p) => outcome((stack) => {
    new AutoScalingConfiguration(stack, 'Scaling', p);
  })), { numRuns: RUNS });
});

test('ObservabilityConfiguration', () => {
  fc.assert(fc.property(optional(fc.oneof(name, fc.constant('DefaultConfiguration'))), (observabilityConfigurationName) => outcome((stack) => {
    new ObservabilityConfiguration(stack, 'Obs', { observabilityConfigurationName, traceConfigurationVendor: TraceConfigurationVendor.AWSXRAY });
  })), { numRuns: RUNS });
});

test('VpcConnector', () => {
  fc.assert(fc.property(fc.record({
    vpcConnectorName: optional(mostly(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{3,39}$/), fc.string({ maxLength: 50 }))),
    subnets: fc.constantFrom('public', 'private', 'none'),
    securityGroups: fc.integer({ min: 0, max: 3 }),
  }), (p) => outcome((stack) => {
    const vpc = importedVpc(stack);
    const securityGroups = Array.from({ length: p.securityGroups }, (_, i) => ec2.SecurityGroup.fromSecurityGroupId(stack, `Sg${i}`, `sg-0000000${i}`));
    new VpcConnector(stack, 'Connector', {
      vpc,
      vpcConnectorName: p.vpcConnectorName,
      securityGroups,
      vpcSubnets: p.subnets === 'none' ? { subnets: [] } : { subnetType: p.subnets === 'public' ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_WITH_EGRESS },
    });
  })), { numRuns: RUNS });
});

test('VpcIngressConnection', () => {
  fc.assert(fc.property(fc.record({
    vpcIngressConnectionName: optional(mostly(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{3,39}$/), fc.string({ maxLength: 50 }))),
    isPubliclyAccessible: optional(mostly(fc.constant(false), fc.boolean())),
    vpcCidrBlock: mostly(fc.constant('10.0.0.0/16'), fc.constant(undefined)), // an import without it is refused
  }), (p) => outcome((stack) => {
    const vpc = importedVpc(stack, p.vpcCidrBlock);
    const service = new Service(stack, 'Service', {
      source: Source.fromEcrPublic({ imageIdentifier: 'public.ecr.aws/a/b:c' }), isPubliclyAccessible: p.isPubliclyAccessible,
    });
    new VpcIngressConnection(stack, 'Ingress', { vpc, service, vpcIngressConnectionName: p.vpcIngressConnectionName });
  })), { numRuns: RUNS });
});

test('CustomDomain', () => {
  const label = mostly(fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/), fc.stringMatching(/^[a-z0-9*_-]{0,12}$/));
  fc.assert(fc.property(fc.record({
    domainName: mostly(fc.array(label, { minLength: 2, maxLength: 4 }).map((l) => l.join('.')), fc.string({ maxLength: 30 })),
    enableWwwSubdomain: optional(fc.boolean()),
    zone: fc.boolean(),
    waitForActive: optional(fc.boolean()),
    timeoutMinutes: optional(mostly(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 90 }))),
  }), (p) => outcome((stack) => {
    const service = new Service(stack, 'Service', { source: Source.fromEcrPublic({ imageIdentifier: 'public.ecr.aws/a/b:c' }) });
    const hostedZone = p.zone ? route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: p.domainName.split('.').slice(-2).join('.') || 'x' }) : undefined;
    new CustomDomain(stack, 'Domain', {
      service,
      domainName: p.domainName,
      enableWwwSubdomain: p.enableWwwSubdomain,
      hostedZone,
      waitForActive: p.waitForActive,
      timeout: p.timeoutMinutes === undefined ? undefined : Duration.minutes(p.timeoutMinutes),
    });
  })), { numRuns: RUNS });
});
