/**
 * EcsExpressTwin: what ECS Express Mode cannot carry is said at synthesis, setting by setting:
 * a ValidationError where the twin would be wrong, a warning (raised on the twin, with a
 * stable id) where the user must decide. Exact messages.
 */
import * as path from 'path';
import { Annotations as CoreAnnotations, CfnParameter, Stack, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { publicService, warningIdsAt, warningsAt } from './fixtures';
import {
  AutoScalingConfiguration, ConfigurationSourceType, Cpu, EcsExpressScalingMetric, EcsExpressTwin, EcsExpressTwinProps, GitHubConnection,
  HealthCheck, IpAddressType, Memory, ObservabilityConfiguration, Runtime, RunSchedule, Service, ServiceProps, Source, TraceConfigurationVendor,
  VpcConnector,
} from '../../src';
import { expectValidationError, newStack, synth } from '../support/util';

const ID = (id: string) => `cdk-apprunner-kit:${id}`;
const TWIN = '/TestStack/Twin';
const HTTP = { healthCheck: HealthCheck.http() };

/** A twin of a service with `extra` props (an HTTP health check unless replaced), and its stack synthesized. */
function twinOf(extra: Partial<ServiceProps> = {}, twinProps: Partial<EcsExpressTwinProps> = {}): Stack {
  const stack = newStack();
  new EcsExpressTwin(stack, 'Twin', { service: publicService(stack, { ...HTTP, ...extra }), ...twinProps });
  synth(stack);
  return stack;
}

describe('a fully carried service: no warning', () => {
  test('an ECR Public image with an HTTP health check', () => {
    expect(warningsAt(twinOf(), TWIN)).toEqual([]);
  });

  test('an asset image, explicit autoDeploymentsEnabled: false on ECR, paused: false', () => {
    const stack = newStack();
    const asset = new ecrAssets.DockerImageAsset(stack, 'Image', { directory: path.join(__dirname, '..', '..', 'examples', 'docker-app') });
    new EcsExpressTwin(stack, 'Twin', { service: new Service(stack, 'Asset', { source: Source.fromAsset({ asset }), ...HTTP, paused: false }) });
    const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'web');
    new EcsExpressTwin(stack, 'Twin2', { service: new Service(stack, 'Ecr', { source: Source.fromEcr({ repository }), ...HTTP, autoDeploymentsEnabled: false }) });
    synth(stack);
    expect([...warningsAt(stack, TWIN), ...warningsAt(stack, '/TestStack/Twin2')]).toEqual([]);
  });
});

describe('warnings, where the user must decide', () => {
  test('X-Ray tracing (observabilityConfiguration)', () => {
    const stack = newStack();
    const observability = new ObservabilityConfiguration(stack, 'Tracing', { traceConfigurationVendor: TraceConfigurationVendor.AWSXRAY });
    new EcsExpressTwin(stack, 'Twin', { service: publicService(stack, { ...HTTP, observabilityConfiguration: observability }) });
    synth(stack);
    expect(warningsAt(stack, TWIN)).toEqual([{
      id: ID('ecsExpressTracing'),
      message: 'Service TestStack/Service is traced with AWS X-Ray (observabilityConfiguration): ECS Express Mode has no tracing setting, so the twin sends no traces. '
        + 'Instrument the application to send traces itself (e.g. with the AWS Distro for OpenTelemetry), or accept an untraced twin.',
    }]);
  });

  describe('a private service (isPubliclyAccessible: false)', () => {
    const lead = 'Service TestStack/Service is private (isPubliclyAccessible: false): ECS Express Mode has no VPC ingress connection, and its load balancer is internal only when the twin\'s subnets are private. ';
    function privateTwin(connector: 'none' | 'private' | 'public' | 'given'): Stack {
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
      const vpcConnector = connector === 'private' || connector === 'given' ? new VpcConnector(stack, 'Connector', { vpc })
        : connector === 'public' ? new VpcConnector(stack, 'Connector', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }) : undefined;
      const service = publicService(stack, { ...HTTP, isPubliclyAccessible: false, vpcConnector });
      new EcsExpressTwin(stack, 'Twin', { service, subnets: connector === 'given' ? vpc.privateSubnets : undefined });
      synth(stack);
      return stack;
    }
    test.each<['none' | 'private' | 'public' | 'given', string]>([
      ['none', 'The service has no VPC connector, so ECS Express Mode places the twin in the default VPC\'s public subnets and it is reachable from the internet: set private subnets on the twin.'],
      ['private', 'The twin uses the private subnets of the service\'s VPC connector, so its load balancer is internal: reach it from the VPC (there is no interface endpoint as with the VPC ingress connection).'],
      ['public', 'The service\'s VPC connector has a public subnet, so the twin\'s load balancer would face the internet: set private subnets on the twin.'],
      ['given', 'The twin uses the subnets you gave: make sure they are private subnets.'],
    ])('connector: %s', (connector, where) => {
      expect(warningsAt(privateTwin(connector), TWIN)).toEqual([{ id: ID('ecsExpressPrivateService'), message: lead + where }]);
    });
  });

  test('a public service whose VPC connector is in private subnets: the twin\'s load balancer would be internal', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    new EcsExpressTwin(stack, 'Twin', { service: publicService(stack, { ...HTTP, vpcConnector: new VpcConnector(stack, 'Connector', { vpc }) }) });
    synth(stack);
    expect(warningsAt(stack, TWIN)).toEqual([{
      id: ID('ecsExpressInternalLoadBalancer'),
      message: 'Service TestStack/Service is public and reaches its VPC through a VPC connector in private subnets. ECS Express Mode places the twin\'s tasks and its load balancer in the same subnets: '
        + 'in the connector\'s private subnets the load balancer is internal and the twin is not reachable from the internet. Set public subnets on the twin for a public twin '
        + '(its tasks then get public IP addresses, and their outbound traffic leaves through the internet gateway, not your NAT), or accept an internal twin.',
    }]);
    // public subnets given on the twin: the user decided
    const decided = newStack();
    const vpc2 = new ec2.Vpc(decided, 'Vpc', { maxAzs: 2, natGateways: 1 });
    new EcsExpressTwin(decided, 'Twin', { service: publicService(decided, { ...HTTP, vpcConnector: new VpcConnector(decided, 'Connector', { vpc: vpc2 }) }), subnets: vpc2.publicSubnets });
    synth(decided);
    expect(warningsAt(decided, TWIN)).toEqual([]);
  });

  const runState = 'ECS Express Mode cannot pause a service: the twin runs (and is billed for) at least its minimum number of tasks at all times. '
    + 'Remove the twin while it is not needed, or accept it running.';

  test('paused: true', () => {
    expect(warningsAt(twinOf({ paused: true }), TWIN)).toEqual([{ id: ID('ecsExpressRunState'), message: `Service TestStack/Service is paused (paused: true). ${runState}` }]);
  });

  test('a run schedule, also one added after the twin', () => {
    const stack = newStack();
    const service = publicService(stack, HTTP);
    new EcsExpressTwin(stack, 'Twin', { service });
    service.addRunSchedule({ pause: scheduler.ScheduleExpression.cron({ hour: '20', minute: '0' }) });
    synth(stack);
    expect(warningsAt(stack, TWIN)).toEqual([{
      id: ID('ecsExpressRunState'), message: `Service TestStack/Service is paused and resumed on a schedule (a RunSchedule). ${runState}`,
    }]);
  });

  test('a RunSchedule created on its own (not through addRunSchedule), after the twin', () => {
    const stack = newStack();
    const service = publicService(stack, HTTP);
    new EcsExpressTwin(stack, 'Twin', { service });
    new RunSchedule(stack, 'Nightly', { service, pause: scheduler.ScheduleExpression.cron({ hour: '20', minute: '0' }) });
    synth(stack);
    expect(warningsAt(stack, TWIN)).toEqual([{
      id: ID('ecsExpressRunState'), message: `Service TestStack/Service is paused and resumed on a schedule (a RunSchedule). ${runState}`,
    }]);
  });

  test('a customer managed KMS key', () => {
    const stack = newStack();
    new EcsExpressTwin(stack, 'Twin', { service: publicService(stack, { ...HTTP, kmsKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }) }) });
    synth(stack);
    expect(warningsAt(stack, TWIN)).toEqual([{
      id: ID('ecsExpressKmsKey'),
      message: 'Service TestStack/Service encrypts with a customer managed KMS key (kmsKey): ECS Express Mode has no encryption setting, so the twin\'s logs are encrypted with the log group\'s default encryption. '
        + 'Associate your key with the twin\'s log group yourself if you need it.',
    }]);
  });

  test('dual-stack', () => {
    expect(warningsAt(twinOf({ ipAddressType: IpAddressType.DUAL_STACK }), TWIN)).toEqual([{
      id: ID('ecsExpressDualStack'),
      message: 'Service TestStack/Service accepts IPv6 (ipAddressType: DUAL_STACK): ECS Express Mode has no IP address type; its load balancer is dual-stack only when the twin\'s subnets have IPv6 CIDR blocks. '
        + 'Set such subnets on the twin, or accept an IPv4-only twin.',
    }]);
    expect(warningsAt(twinOf({ ipAddressType: IpAddressType.IPV4 }), TWIN)).toEqual([]);
  });

  test('a web ACL, also one associated after the twin', () => {
    const stack = newStack();
    const service = publicService(stack, HTTP);
    new EcsExpressTwin(stack, 'Twin', { service });
    service.associateWebAcl('arn:aws:wafv2:us-east-1:123456789012:regional/webacl/web/0123abcd-0123-4567-89ab-0123456789ab');
    synth(stack);
    expect(warningsAt(stack, TWIN)).toEqual([{
      id: ID('ecsExpressWebAcl'),
      message: 'Service TestStack/Service is protected by a web ACL (associateWebAcl): the twin is not. Associating the web ACL with the twin\'s load balancer (loadBalancerArn) protects every ECS Express Mode service '
        + 'that shares that load balancer (up to 25 in a VPC): decide whether that is acceptable.',
    }]);
  });

  test('automatic deployments: explicit, and App Runner\'s default for an ECR image', () => {
    const tail = ': ECS Express Mode deploys only when the twin is updated, so such a push does not reach the twin. Deploy a new image by changing its tag or digest in the app, or accept the difference.';
    expect(warningsAt(twinOf({ autoDeploymentsEnabled: true }), TWIN)).toEqual([{
      id: ID('ecsExpressAutoDeployments'), message: `Service TestStack/Service is redeployed when its image tag is pushed again (autoDeploymentsEnabled: true)${tail}`,
    }]);
    const stack = newStack();
    const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'web');
    new EcsExpressTwin(stack, 'Twin', { service: new Service(stack, 'Service', { source: Source.fromEcr({ repository }), ...HTTP }) });
    synth(stack);
    expect(warningsAt(stack, TWIN)).toEqual([{
      id: ID('ecsExpressAutoDeployments'),
      message: `Service TestStack/Service is redeployed when its image tag is pushed again (App Runner's default for an image in an ECR repository of its account)${tail}`,
    }]);
  });

  test('an imported instance role', () => {
    const stack = newStack();
    new EcsExpressTwin(stack, 'Twin', { service: publicService(stack, { ...HTTP, instanceRole: iam.Role.fromRoleArn(stack, 'AppRole', 'arn:aws:iam::123456789012:role/app') }) });
    synth(stack);
    expect(warningsAt(stack, TWIN)).toEqual([{
      id: ID('ecsExpressInstanceRoleImported'),
      message: 'The instance role of service TestStack/Service is imported (TestStack/AppRole): its trust policy cannot be changed to let ECS tasks assume it, '
        + 'so the twin\'s task role is a new role with none of its permissions (grants to the service\'s grantPrincipal do not reach the twin). '
        + 'Set taskRole on the twin: a role that ecs-tasks.amazonaws.com can assume, with the permissions the application needs.',
    }]);
    // with a task role given: nothing to warn about
    const given = newStack();
    const taskRole = new iam.Role(given, 'Task', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    new EcsExpressTwin(given, 'Twin', { service: publicService(given, { ...HTTP, instanceRole: iam.Role.fromRoleArn(given, 'AppRole', 'arn:aws:iam::123456789012:role/app') }), taskRole });
    synth(given);
    expect(warningsAt(given, TWIN)).toEqual([]);
  });

  test('a TCP health check, explicit or App Runner\'s default', () => {
    const tail = ': ECS Express Mode checks health over HTTP (its load balancer\'s target group expects HTTP 200) on its default path. '
      + 'Set healthCheckPath on the twin to a path that answers 200, or its tasks may never become healthy.';
    expect(warningsAt(twinOf({ healthCheck: HealthCheck.tcp() }), TWIN)).toEqual([{
      id: ID('ecsExpressTcpHealthCheck'), message: `Service TestStack/Service has a TCP health check${tail}`,
    }]);
    expect(warningsAt(twinOf({ healthCheck: undefined }), TWIN)).toEqual([{
      id: ID('ecsExpressTcpHealthCheck'), message: `Service TestStack/Service has no health check configuration, so App Runner checks it over TCP${tail}`,
    }]);
  });

  test('an imported auto scaling configuration: App Runner\'s defaults assumed, those not overridden named', () => {
    const imported = (stack: Stack) => AutoScalingConfiguration.fromAutoScalingConfigurationAttributes(stack, 'Scaling', {
      autoScalingConfigurationName: 'shared', autoScalingConfigurationRevision: 1,
    });
    const lead = 'The auto scaling configuration of service TestStack/Service is imported: its values are not known at synthesis, so the twin assumes App Runner\'s defaults';
    const tail = 'Set minTaskCount, maxTaskCount and scalingTargetValue on the twin, or give the service an AutoScalingConfiguration of this app.';
    const run = (twinProps: Partial<EcsExpressTwinProps>) => {
      const stack = newStack();
      new EcsExpressTwin(stack, 'Twin', { service: publicService(stack, { ...HTTP, autoScalingConfiguration: imported(stack) }), ...twinProps });
      return { stack, props: synth(stack).toJSON() };
    };
    const all = run({});
    expect(warningsAt(all.stack, TWIN)).toEqual([{
      id: ID('ecsExpressAutoScalingImported'),
      message: `${lead} (min 1, max 25 tasks, a target of 6000 requests per task per minute (max concurrency 100 × 60)). ${tail}`,
    }]);
    expect(warningsAt(run({ minTaskCount: 2, scalingMetric: EcsExpressScalingMetric.AVERAGE_CPU }).stack, TWIN)).toEqual([{
      id: ID('ecsExpressAutoScalingImported'), message: `${lead} (max 25 tasks). ${tail}`,
    }]);
    expect(warningsAt(run({ minTaskCount: 2, maxTaskCount: 4, scalingTargetValue: 1000 }).stack, TWIN)).toEqual([]);
  });

  test('an imported VPC connector', () => {
    const stack = newStack();
    const connector = VpcConnector.fromVpcConnectorAttributes(stack, 'Connector', {
      vpcConnectorName: 'c', vpcConnectorArn: 'arn:aws:apprunner:us-east-1:123456789012:vpcconnector/c/1/0123456789abcdef0123456789abcdef', vpcConnectorRevision: 1, securityGroups: [],
    });
    new EcsExpressTwin(stack, 'Twin', { service: publicService(stack, { ...HTTP, vpcConnector: connector }) });
    const template = synth(stack);
    expect(Object.values<any>(template.findResources('AWS::ECS::ExpressGatewayService'))[0].Properties.NetworkConfiguration).toBeUndefined();
    expect(warningsAt(stack, TWIN)).toEqual([{
      id: ID('ecsExpressVpcConnectorImported'),
      message: 'The VPC connector of service TestStack/Service is imported: its subnets are not known, so the twin has no network configuration and ECS Express Mode '
        + 'places it in the default VPC\'s public subnets (its traffic does not go into your VPC). Set subnets and securityGroups on the twin.',
    }]);
  });

  test('a fixed serviceName (create-only)', () => {
    expect(warningsAt(twinOf({}, { serviceName: 'web-twin' }), TWIN)).toEqual([{
      id: ID('ecsExpressServiceNameReplacement'),
      message: 'The ECS Express Mode service has a fixed name (web-twin): its name, cluster, infrastructure role and tags are create-only, so changing them replaces it, '
        + 'and CloudFormation cannot create the replacement while the old one holds the name. Change serviceName in the same update, or omit it to let CloudFormation generate one.',
    }]);
  });

  test('a token cpu or memory: passed through unchecked', () => {
    const stack = newStack();
    const cpu = new CfnParameter(stack, 'Cpu').valueAsString;
    new EcsExpressTwin(stack, 'Twin', { service: publicService(stack, { ...HTTP, cpu: Cpu.of(cpu), memory: Memory.FOUR_GB }) });
    const props = Object.values<any>(synth(stack).findResources('AWS::ECS::ExpressGatewayService'))[0].Properties;
    expect([props.Cpu, props.Memory]).toEqual([{ Ref: 'Cpu' }, '4096']);
    expect(warningsAt(stack, TWIN)).toEqual([{
      id: ID('ecsExpressSizeToken'),
      message: 'The cpu or memory of service TestStack/Service is a token: the twin passes it to ECS Express Mode as it is, unchecked. '
        + 'Express Mode takes CPU units and MiB (e.g. 1024 and 2048, not "1 vCPU" / "2 GB") forming a valid Fargate size; make sure the value resolves to one.',
    }]);
  });

  test('tags: create-only on ECS Express Mode too', () => {
    const stack = newStack();
    const twin = new EcsExpressTwin(stack, 'Twin', { service: publicService(stack, HTTP) });
    Tags.of(twin).add('team', 'web');
    synth(stack);
    expect(warningsAt(stack, TWIN)).toEqual([{
      id: ID('createOnlyTags'),
      message: 'Tags on an ECS Express Mode service are create-only: adding, changing or removing a tag replaces it (a new service with a new endpoint). '
        + 'Keep its tags stable (tags applied with Tags.of() on a parent count too).',
    }]);
  });

  test('every warning can be acknowledged on the twin or a scope above it', () => {
    const stack = newStack();
    const observability = new ObservabilityConfiguration(stack, 'Tracing', { traceConfigurationVendor: TraceConfigurationVendor.AWSXRAY });
    const service = publicService(stack, { paused: true, kmsKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }), ipAddressType: IpAddressType.DUAL_STACK, observabilityConfiguration: observability });
    const twin = new EcsExpressTwin(stack, 'Twin', { service });
    service.associateWebAcl('arn:aws:wafv2:us-east-1:123456789012:regional/webacl/web/0123abcd-0123-4567-89ab-0123456789ab');
    expect(warningIdsAt(stack, TWIN)).toEqual([
      'ecsExpressDualStack', 'ecsExpressKmsKey', 'ecsExpressRunState', 'ecsExpressTcpHealthCheck', 'ecsExpressTracing', 'ecsExpressWebAcl',
    ].map(ID));
    for (const id of ['ecsExpressDualStack', 'ecsExpressKmsKey', 'ecsExpressRunState']) CoreAnnotations.of(twin).acknowledgeWarning(ID(id));
    for (const id of ['ecsExpressTcpHealthCheck', 'ecsExpressTracing', 'ecsExpressWebAcl']) CoreAnnotations.of(stack).acknowledgeWarning(ID(id));
    expect(warningIdsAt(stack, TWIN)).toEqual([]);
  });
});

describe('refusals (ValidationError)', () => {
  test('a code repository source: Express Mode runs images only', () => {
    const stack = newStack();
    const service = new Service(stack, 'Service', {
      source: Source.fromGitHub({
        repositoryUrl: 'https://github.com/example/app',
        configurationSource: ConfigurationSourceType.API,
        codeConfigurationValues: { runtime: Runtime.NODEJS_22 },
        connection: GitHubConnection.fromConnectionArn('arn:aws:apprunner:us-east-1:123456789012:connection/gh/0123456789abcdef0123456789abcdef'),
      }),
    });
    const error = expectValidationError(() => new EcsExpressTwin(stack, 'Twin', { service }), 'Service TestStack/Service has a code repository source');
    expect(error.message).toBe('Service TestStack/Service has a code repository source (https://github.com/example/app): ECS Express Mode runs container images only, '
      + 'so it cannot be given an ECS Express Mode twin. Build an image of the application (e.g. Source.fromAsset with its Dockerfile) and use an image source.');
  });

  test('a service that is not a Service of this app (e.g. an import passed from JavaScript)', () => {
    const stack = newStack();
    const imported = Service.fromServiceName(stack, 'Imported', 'web-app');
    const error = expectValidationError(() => new EcsExpressTwin(stack, 'Twin', { service: imported as unknown as Service }), 'is not a Service');
    expect(error.message).toBe('service TestStack/Imported is not a Service of this library created in this app (an imported service has no definition to carry): create the twin from the Service construct');
  });

  test.each([
    [{ serviceName: '' }, 'serviceName must be 1-255 letters, digits, hyphens and underscores, got ""'],
    [{ serviceName: 'a'.repeat(256) }, `serviceName must be 1-255 letters, digits, hyphens and underscores, got "${'a'.repeat(77)}..."`],
    [{ serviceName: 'web.twin' }, 'serviceName must be 1-255 letters, digits, hyphens and underscores, got "web.twin"'],
    [{ healthCheckPath: 'health' }, 'healthCheckPath must start with "/" and contain no whitespace, got "health"'],
    [{ healthCheckPath: '/a b' }, 'healthCheckPath must start with "/" and contain no whitespace, got "/a b"'],
    [{ scalingTargetValue: 0 }, 'scalingTargetValue must be an integer between 1 and 65536 for REQUEST_COUNT_PER_TARGET (requests per task per minute), got 0'],
    [{ scalingTargetValue: 65537 }, 'scalingTargetValue must be an integer between 1 and 65536 for REQUEST_COUNT_PER_TARGET (requests per task per minute), got 65537'],
    [{ scalingTargetValue: 1.5 }, 'scalingTargetValue must be an integer between 1 and 65536 for REQUEST_COUNT_PER_TARGET (requests per task per minute), got 1.5'],
    [{ scalingMetric: EcsExpressScalingMetric.AVERAGE_CPU, scalingTargetValue: 101 }, 'scalingTargetValue must be an integer between 1 and 100 for AVERAGE_CPU (percent), got 101'],
    [{ scalingMetric: EcsExpressScalingMetric.AVERAGE_MEMORY, scalingTargetValue: 0 }, 'scalingTargetValue must be an integer between 1 and 100 for AVERAGE_MEMORY (percent), got 0'],
    [{ minTaskCount: 0 }, 'minTaskCount must be an integer between 1 and 5000, got 0'],
    [{ maxTaskCount: 5001 }, 'maxTaskCount must be an integer between 1 and 5000, got 5001'],
    [{ minTaskCount: 30 }, 'minTaskCount (30) must not be greater than maxTaskCount (25, from the service\'s auto scaling)'],
    [{ minTaskCount: 5, maxTaskCount: 4 }, 'minTaskCount (5) must not be greater than maxTaskCount (4)'],
  ])('%j', (twinProps, message) => {
    const stack = newStack();
    const service = publicService(stack, HTTP);
    const error = expectValidationError(() => new EcsExpressTwin(stack, 'Twin', { service, ...twinProps }), message);
    expect(error.message).toBe(message);
  });

  test('largest accepted values: a 255-character name', () => {
    expect(warningIdsAt(twinOf({}, { serviceName: 'a'.repeat(255) }), TWIN)).toEqual([ID('ecsExpressServiceNameReplacement')]);
  });

  test('a minSize above the maxTaskCount override', () => {
    const stack = newStack();
    const service = publicService(stack, { ...HTTP, autoScalingConfiguration: new AutoScalingConfiguration(stack, 'Scaling', { minSize: 5, maxSize: 10 }) });
    expectValidationError(() => new EcsExpressTwin(stack, 'Twin', { service, maxTaskCount: 4 }),
      'minTaskCount (5, from the service\'s auto scaling) must not be greater than maxTaskCount (4)');
  });

  test('a token maxConcurrency: no request target can be derived', () => {
    const stack = newStack();
    const concurrency = new CfnParameter(stack, 'Concurrency', { type: 'Number' }).valueAsNumber;
    const service = publicService(stack, { ...HTTP, autoScalingConfiguration: new AutoScalingConfiguration(stack, 'Scaling', { maxConcurrency: concurrency }) });
    expectValidationError(() => new EcsExpressTwin(stack, 'Twin', { service }),
      'The maxConcurrency of the auto scaling configuration of service TestStack/Service is a token: the twin cannot derive a request count per target from it. Set scalingTargetValue.');
    // with a target given, it synthesizes
    new EcsExpressTwin(stack, 'Twin2', { service, scalingTargetValue: 3000 });
    synth(stack);
  });

  test('token values are not checked', () => {
    const stack = newStack();
    const name = new CfnParameter(stack, 'Name').valueAsString;
    const target = new CfnParameter(stack, 'Target', { type: 'Number' }).valueAsNumber;
    new EcsExpressTwin(stack, 'Twin', { service: publicService(stack, HTTP), serviceName: name, healthCheckPath: new CfnParameter(stack, 'Path').valueAsString, scalingTargetValue: target });
    synth(stack);
  });
});
