/**
 * EcsExpressTwin: every setting carried from the App Runner service, asserted on the
 * synthesized template (every template here is also checked against the registry schema of
 * AWS::ECS::ExpressGatewayService by test/support/setup.ts).
 */
import * as path from 'path';
import { CfnParameter, InjectionContext, IPropertyInjector, PropertyInjectors, Stack, Tags } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { PUBLIC_IMAGE, publicService, twinProps, warningIdsAt } from './fixtures';
import {
  AutoScalingConfiguration, AutoScalingConfigurationProps, Cpu, EcsExpressScalingMetric, EcsExpressTwin, EcsExpressTwinProps, HealthCheck, Memory,
  Secret, Service, Source, VpcConnector,
} from '../../src';
import { newStack, synth } from '../support/util';

const ECS_TASKS_TRUST = { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' } };
const APP_RUNNER_TRUST = { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'tasks.apprunner.amazonaws.com' } };
const managedPolicy = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/service-role/${name}`]] });

describe('defaults: a minimal ECR Public service', () => {
  const stack = newStack();
  const service = publicService(stack);
  const twin = new EcsExpressTwin(stack, 'Twin', { service });
  const template = synth(stack);
  const props = twinProps(template);

  test('the same image, App Runner\'s default port 8080 (Express Mode\'s would be 80) and size 1 vCPU / 2 GB', () => {
    expect(props.PrimaryContainer).toEqual({ Image: PUBLIC_IMAGE, ContainerPort: 8080 });
    expect(props.Cpu).toBe('1024');
    expect(props.Memory).toBe('2048');
  });

  test('App Runner\'s default scaling: 1 to 25 tasks, 100 concurrent requests × 60 = 6000 requests per task per minute', () => {
    expect(props.ScalingTarget).toEqual({ MinTaskCount: 1, MaxTaskCount: 25, AutoScalingMetric: 'REQUEST_COUNT_PER_TARGET', AutoScalingTargetValue: 6000 });
  });

  test('no cluster, name, network or health check path: Express Mode\'s defaults', () => {
    expect(props.Cluster).toBeUndefined();
    expect(props.ServiceName).toBeUndefined();
    expect(props.NetworkConfiguration).toBeUndefined();
    expect(props.HealthCheckPath).toBeUndefined();
  });

  test('an execution role and an infrastructure role are created, with the managed policies Express Mode requires', () => {
    const roles = template.findResources('AWS::IAM::Role');
    expect(roles[stack.getLogicalId(twin.executionRole.node.defaultChild as iam.CfnRole)].Properties).toEqual({
      AssumeRolePolicyDocument: { Statement: [ECS_TASKS_TRUST], Version: '2012-10-17' },
      ManagedPolicyArns: [managedPolicy('AmazonECSTaskExecutionRolePolicy')],
    });
    expect(roles[stack.getLogicalId(twin.infrastructureRole.node.defaultChild as iam.CfnRole)].Properties).toEqual({
      AssumeRolePolicyDocument: { Statement: [{ ...ECS_TASKS_TRUST, Principal: { Service: 'ecs.amazonaws.com' } }], Version: '2012-10-17' },
      ManagedPolicyArns: [managedPolicy('AmazonECSInfrastructureRoleforExpressGatewayServices')],
    });
    expect(props.ExecutionRoleArn).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(twin.executionRole.node.defaultChild as iam.CfnRole), 'Arn'] });
    expect(props.InfrastructureRoleArn).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(twin.infrastructureRole.node.defaultChild as iam.CfnRole), 'Arn'] });
  });

  test('the task role is the service\'s instance role, which ECS tasks may now assume too', () => {
    expect(twin.taskRole).toBe(service.grantPrincipal);
    expect(twin.grantPrincipal).toBe(twin.taskRole);
    expect(props.TaskRoleArn).toEqual({ 'Fn::GetAtt': ['ServiceInstanceRoleDFA90CEC', 'Arn'] });
    expect(template.findResources('AWS::IAM::Role').ServiceInstanceRoleDFA90CEC.Properties.AssumeRolePolicyDocument.Statement)
      .toEqual([APP_RUNNER_TRUST, ECS_TASKS_TRUST]);
  });

  test('the Cfn resource is the child `Resource` and the default child', () => {
    expect(twin.node.defaultChild).toBe(twin.cfnService);
    expect(twin.cfnService.node.id).toBe('Resource');
  });

  test('no role has a policy of its own: no dependency besides the role ARNs', () => {
    expect(Object.values<any>(template.findResources('AWS::ECS::ExpressGatewayService'))[0].DependsOn).toBeUndefined();
  });
});

test('the service waits for the policies of its roles, also those of grants made after it', () => {
  const stack = newStack();
  const service = publicService(stack);
  const twin = new EcsExpressTwin(stack, 'Twin', { service });
  service.addSecret('TOKEN', Secret.fromSecretsManager(new secretsmanager.Secret(stack, 'Token')));
  const resource = Object.values<any>(synth(stack).findResources('AWS::ECS::ExpressGatewayService'))[0];
  const policyOf = (role: iam.IRole) => stack.getLogicalId(role.node.findChild('DefaultPolicy').node.defaultChild as iam.CfnPolicy);
  expect(resource.DependsOn.sort()).toEqual([policyOf(twin.executionRole), policyOf(twin.taskRole)].sort());
});

describe('attributes', () => {
  const stack = newStack();
  const twin = new EcsExpressTwin(stack, 'Twin', { service: publicService(stack) });
  const id = stack.getLogicalId(twin.cfnService);
  const getAtt = (name: string) => ({ 'Fn::GetAtt': [id, name] });

  test('service ARN, endpoint and the managed load balancer, listener and target groups are GetAtts', () => {
    expect(stack.resolve(twin.serviceArn)).toEqual(getAtt('ServiceArn'));
    expect(stack.resolve(twin.endpoint)).toEqual(getAtt('Endpoint'));
    expect(stack.resolve(twin.loadBalancerArn)).toEqual(getAtt('ECSManagedResourceArns.IngressPath.LoadBalancerArn'));
    expect(stack.resolve(twin.listenerArn)).toEqual(getAtt('ECSManagedResourceArns.IngressPath.ListenerArn'));
    expect(stack.resolve(twin.targetGroupArns)).toEqual(getAtt('ECSManagedResourceArns.IngressPath.TargetGroupArns'));
  });

  test('service name split out of the ARN, cluster `default`', () => {
    expect(stack.resolve(twin.serviceName)).toEqual({ 'Fn::Select': [2, { 'Fn::Split': ['/', getAtt('ServiceArn')] }] });
    expect(twin.clusterName).toBe('default');
  });

  test('given name and cluster are used as they are', () => {
    const other = newStack();
    const cluster = ecs.Cluster.fromClusterAttributes(other, 'Cluster', { clusterName: 'web', vpc: ec2.Vpc.fromVpcAttributes(other, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['us-east-1a'] }) });
    const named = new EcsExpressTwin(other, 'Twin', { service: publicService(other), serviceName: 'web-twin', cluster });
    expect(named.serviceName).toBe('web-twin');
    expect(named.clusterName).toBe('web');
    const props = twinProps(synth(other));
    expect(props.ServiceName).toBe('web-twin');
    expect(props.Cluster).toBe('web');
  });
});

describe('the image configuration', () => {
  test('port, start command (as words), environment variables and secrets (Secrets Manager and SSM), with read grants on the execution role', () => {
    const stack = newStack();
    const secret = new secretsmanager.Secret(stack, 'Secret');
    const parameter = ssm.StringParameter.fromStringParameterName(stack, 'Param', '/app/api-key');
    const service = new Service(stack, 'Service', {
      source: Source.fromEcrPublic({
        imageIdentifier: PUBLIC_IMAGE,
        imageConfiguration: {
          port: 8000,
          startCommand: 'node server.js --port 8000',
          environmentVariables: { MODE: 'prod', REGION: 'us-east-1' },
          environmentSecrets: {
            DB_PASSWORD: Secret.fromSecretsManager(secret, 'password'),
            WHOLE: Secret.fromSecretsManager(secret),
            PINNED: Secret.fromSecretsManagerVersion(secret, { versionStage: 'AWSCURRENT' }),
            API_KEY: Secret.fromSsmParameter(parameter),
          },
        },
      }),
    });
    const twin = new EcsExpressTwin(stack, 'Twin', { service });
    const template = synth(stack);
    const container = twinProps(template).PrimaryContainer;
    const secretRef = { Ref: 'SecretA720EF05' };
    const parameterArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:us-east-1:123456789012:parameter/app/api-key']] };
    expect(container).toEqual({
      Image: PUBLIC_IMAGE,
      ContainerPort: 8000,
      Command: ['node', 'server.js', '--port', '8000'],
      Environment: [{ Name: 'MODE', Value: 'prod' }, { Name: 'REGION', Value: 'us-east-1' }],
      Secrets: [
        { Name: 'DB_PASSWORD', ValueFrom: { 'Fn::Join': ['', [secretRef, ':password::']] } },
        { Name: 'WHOLE', ValueFrom: secretRef },
        { Name: 'PINNED', ValueFrom: { 'Fn::Join': ['', [secretRef, '::AWSCURRENT:']] } },
        { Name: 'API_KEY', ValueFrom: parameterArn },
      ],
    });
    const executionPolicy = Object.values<any>(template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: stack.getLogicalId(twin.executionRole.node.defaultChild as iam.CfnRole) }] },
    }));
    expect(executionPolicy).toHaveLength(1);
    expect(executionPolicy[0].Properties.PolicyDocument.Statement).toEqual([
      { Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Effect: 'Allow', Resource: secretRef },
      { Action: ['ssm:DescribeParameters', 'ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParameterHistory'], Effect: 'Allow', Resource: parameterArn },
    ]);
  });

  test('a start command with shell syntax runs under /bin/sh -c', () => {
    const stack = newStack();
    const service = new Service(stack, 'Service', {
      source: Source.fromEcrPublic({ imageIdentifier: PUBLIC_IMAGE, imageConfiguration: { startCommand: 'npm run migrate && npm start' } }),
    });
    new EcsExpressTwin(stack, 'Twin', { service });
    expect(twinProps(synth(stack)).PrimaryContainer.Command).toEqual(['/bin/sh', '-c', 'npm run migrate && npm start']);
  });

  test('variables and secrets added after the twin, and grants to the service made after it, reach the twin', () => {
    const stack = newStack();
    const service = publicService(stack);
    const twin = new EcsExpressTwin(stack, 'Twin', { service });
    const secret = new secretsmanager.Secret(stack, 'Late');
    service.addEnvironmentVariable('LATE', 'yes');
    service.addSecret('LATE_SECRET', Secret.fromSecretsManager(secret));
    const bucket = new s3.Bucket(stack, 'Bucket');
    bucket.grantRead(service);
    const template = synth(stack);
    const container = twinProps(template).PrimaryContainer;
    expect(container.Environment).toEqual([{ Name: 'LATE', Value: 'yes' }]);
    const secretRef = { Ref: stack.getLogicalId(secret.node.defaultChild as secretsmanager.CfnSecret) };
    expect(container.Secrets).toEqual([{ Name: 'LATE_SECRET', ValueFrom: secretRef }]);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(twin.executionRole.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: { Statement: [Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: secretRef })] },
    });
    // the bucket grant is on the instance role, which is the twin's task role
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: 'ServiceInstanceRoleDFA90CEC' }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'] })]) },
    });
    expect(twinProps(template).TaskRoleArn).toEqual({ 'Fn::GetAtt': ['ServiceInstanceRoleDFA90CEC', 'Arn'] });
  });

  test('a private ECR image: the repository\'s image; pulling is the created execution role\'s managed policy, an explicit grant on a given one', () => {
    const stack = newStack();
    const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'web');
    const service = new Service(stack, 'Service', { source: Source.fromEcr({ repository, tagOrDigest: 'v1' }), autoDeploymentsEnabled: false });
    const twin = new EcsExpressTwin(stack, 'Twin', { service });
    const executionRole = new iam.Role(stack, 'Exec', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    const given = new EcsExpressTwin(stack, 'Given', { service, executionRole });
    const execId = stack.getLogicalId(executionRole.node.defaultChild as iam.CfnRole);
    expect(given.executionRole).toBe(executionRole);
    const template = synth(stack);
    const twins = template.findResources('AWS::ECS::ExpressGatewayService');
    expect(twins[stack.getLogicalId(twin.cfnService)].Properties.PrimaryContainer.Image).toEqual(stack.resolve(repository.repositoryUriForTagOrDigest('v1')));
    // the created role has no policy of its own
    expect(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: stack.getLogicalId(twin.executionRole.node.defaultChild as iam.CfnRole) }] } })).toEqual({});
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: execId }],
      PolicyDocument: {
        Statement: [
          { Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'], Effect: 'Allow', Resource: stack.resolve(repository.repositoryArn) },
          { Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' },
        ],
      },
    });
  });

  test('an asset image: its URI; a given execution role may pull from the asset repository', () => {
    const stack = newStack();
    const asset = new ecrAssets.DockerImageAsset(stack, 'Image', { directory: path.join(__dirname, '..', '..', 'examples', 'docker-app') });
    const service = new Service(stack, 'Service', { source: Source.fromAsset({ asset, imageConfiguration: { port: 3000 } }) });
    const executionRole = new iam.Role(stack, 'Exec', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    new EcsExpressTwin(stack, 'Twin', { service, executionRole });
    const execId = stack.getLogicalId(executionRole.node.defaultChild as iam.CfnRole);
    const template = synth(stack);
    const props = twinProps(template);
    expect(props.PrimaryContainer.Image).toEqual(stack.resolve(asset.imageUri));
    expect(props.PrimaryContainer.ContainerPort).toBe(3000);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: execId }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'] })]) },
    });
  });
});

describe('size: the nearest Fargate size not smaller than the instance size', () => {
  test.each([
    [Cpu.QUARTER_VCPU, Memory.HALF_GB, '256', '512'],
    [Cpu.QUARTER_VCPU, Memory.ONE_GB, '256', '1024'],
    [Cpu.HALF_VCPU, Memory.ONE_GB, '512', '1024'],
    [Cpu.ONE_VCPU, Memory.TWO_GB, '1024', '2048'],
    [Cpu.ONE_VCPU, Memory.THREE_GB, '1024', '3072'],
    [Cpu.ONE_VCPU, Memory.FOUR_GB, '1024', '4096'],
    [Cpu.TWO_VCPU, Memory.FOUR_GB, '2048', '4096'],
    [Cpu.TWO_VCPU, Memory.SIX_GB, '2048', '6144'],
    [Cpu.FOUR_VCPU, Memory.EIGHT_GB, '4096', '8192'],
    [Cpu.FOUR_VCPU, Memory.TEN_GB, '4096', '10240'],
    [Cpu.FOUR_VCPU, Memory.TWELVE_GB, '4096', '12288'],
    [Cpu.of('1024'), Memory.of('3072'), '1024', '3072'],
  ])('%s / %s → %s / %s', (cpu, memory, expectedCpu, expectedMemory) => {
    const stack = newStack();
    new EcsExpressTwin(stack, 'Twin', { service: publicService(stack, { cpu, memory }) });
    const props = twinProps(synth(stack));
    expect([props.Cpu, props.Memory]).toEqual([expectedCpu, expectedMemory]);
  });

  test('only one of them given: App Runner\'s default for the other (1 vCPU / 2 GB)', () => {
    const stack = newStack();
    new EcsExpressTwin(stack, 'Twin', { service: publicService(stack, { memory: Memory.FOUR_GB }) });
    const props = twinProps(synth(stack));
    expect([props.Cpu, props.Memory]).toEqual(['1024', '4096']);
  });
});

describe('health check path', () => {
  test('the path of the service\'s HTTP health check', () => {
    const stack = newStack();
    new EcsExpressTwin(stack, 'Twin', { service: publicService(stack, { healthCheck: HealthCheck.http({ path: '/healthz' }) }) });
    expect(twinProps(synth(stack)).HealthCheckPath).toBe('/healthz');
  });

  test('App Runner\'s HTTP default path /', () => {
    const stack = newStack();
    new EcsExpressTwin(stack, 'Twin', { service: publicService(stack, { healthCheck: HealthCheck.http() }) });
    expect(twinProps(synth(stack)).HealthCheckPath).toBe('/');
  });

  test('the override wins, also over a TCP health check (no warning then)', () => {
    const stack = newStack();
    new EcsExpressTwin(stack, 'Twin', { service: publicService(stack, { healthCheck: HealthCheck.tcp() }), healthCheckPath: '/ping' });
    expect(twinProps(synth(stack)).HealthCheckPath).toBe('/ping');
    expect(warningIdsAt(stack, '/TestStack/Twin')).toEqual([]);
  });
});

describe('scaling', () => {
  function scalingOf(configure: (stack: Stack) => Partial<EcsExpressTwinProps>): any {
    const stack = newStack();
    const extra = configure(stack);
    new EcsExpressTwin(stack, 'Twin', { ...extra, service: extra.service ?? publicService(stack) });
    return twinProps(synth(stack)).ScalingTarget;
  }
  const withScaling = (stack: Stack, props: AutoScalingConfigurationProps) =>
    publicService(stack, { autoScalingConfiguration: new AutoScalingConfiguration(stack, 'Scaling', props) });

  test('min/max size and maxConcurrency × 60 from the service\'s auto scaling configuration', () => {
    expect(scalingOf((s) => ({ service: withScaling(s, { minSize: 2, maxSize: 10, maxConcurrency: 50 }) })))
      .toEqual({ MinTaskCount: 2, MaxTaskCount: 10, AutoScalingMetric: 'REQUEST_COUNT_PER_TARGET', AutoScalingTargetValue: 3000 });
  });

  test('both ends of maxConcurrency (1 and 200): 60 and 12000 requests per task per minute', () => {
    expect(scalingOf((s) => ({ service: withScaling(s, { maxConcurrency: 1 }) })).AutoScalingTargetValue).toBe(60);
    expect(scalingOf((s) => ({ service: withScaling(s, { maxConcurrency: 200 }) })).AutoScalingTargetValue).toBe(12000);
  });

  test('a configuration with only some values: App Runner\'s defaults for the others', () => {
    expect(scalingOf((s) => ({ service: withScaling(s, { maxSize: 3 }) })))
      .toEqual({ MinTaskCount: 1, MaxTaskCount: 3, AutoScalingMetric: 'REQUEST_COUNT_PER_TARGET', AutoScalingTargetValue: 6000 });
  });

  test('another metric: its target defaults to 60 percent', () => {
    expect(scalingOf((s) => ({ service: withScaling(s, { maxSize: 4 }), scalingMetric: EcsExpressScalingMetric.AVERAGE_CPU })))
      .toEqual({ MinTaskCount: 1, MaxTaskCount: 4, AutoScalingMetric: 'AVERAGE_CPU', AutoScalingTargetValue: 60 });
    expect(scalingOf(() => ({ scalingMetric: EcsExpressScalingMetric.AVERAGE_MEMORY, scalingTargetValue: 75 })).AutoScalingMetric).toBe('AVERAGE_MEMORY');
  });

  test.each([
    [EcsExpressScalingMetric.AVERAGE_CPU, 1],
    [EcsExpressScalingMetric.AVERAGE_CPU, 100],
    [EcsExpressScalingMetric.REQUEST_COUNT_PER_TARGET, 1],
    [EcsExpressScalingMetric.REQUEST_COUNT_PER_TARGET, 65536],
  ])('the largest and smallest target accepted: %s %s', (scalingMetric, scalingTargetValue) => {
    expect(scalingOf(() => ({ scalingMetric, scalingTargetValue })).AutoScalingTargetValue).toBe(scalingTargetValue);
  });

  test('task count overrides, at both ends (1 and 5000)', () => {
    expect(scalingOf((s) => ({ service: withScaling(s, { minSize: 2, maxSize: 5 }), minTaskCount: 1, maxTaskCount: 5000 })))
      .toEqual({ MinTaskCount: 1, MaxTaskCount: 5000, AutoScalingMetric: 'REQUEST_COUNT_PER_TARGET', AutoScalingTargetValue: 6000 });
  });

  test('token sizes and counts pass through', () => {
    const stack = newStack();
    const min = new CfnParameter(stack, 'Min', { type: 'Number' }).valueAsNumber;
    new EcsExpressTwin(stack, 'Twin', { service: withScaling(stack, { minSize: min }), maxTaskCount: 30 });
    expect(twinProps(synth(stack)).ScalingTarget).toEqual({ MinTaskCount: { Ref: 'Min' }, MaxTaskCount: 30, AutoScalingMetric: 'REQUEST_COUNT_PER_TARGET', AutoScalingTargetValue: 6000 });
  });
});

describe('network: egress into the VPC connector\'s subnets and security groups', () => {
  test('the connector\'s subnets and security groups, including one added later', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const connector = new VpcConnector(stack, 'Connector', { vpc });
    const service = publicService(stack, { vpcConnector: connector });
    new EcsExpressTwin(stack, 'Twin', { service });
    const extra = new ec2.SecurityGroup(stack, 'Extra', { vpc });
    connector.connections.addSecurityGroup(extra);
    expect(twinProps(synth(stack)).NetworkConfiguration).toEqual({
      Subnets: stack.resolve(vpc.privateSubnets.map((s) => s.subnetId)),
      SecurityGroups: stack.resolve(connector.connections.securityGroups.map((sg) => sg.securityGroupId)),
    });
    expect(connector.connections.securityGroups).toHaveLength(2);
    expect(connector.connections.securityGroups[1]).toBe(extra);
  });

  test('subnets and security groups given on the twin win', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const service = publicService(stack, { vpcConnector: new VpcConnector(stack, 'Connector', { vpc }) });
    const group = new ec2.SecurityGroup(stack, 'Twin-SG', { vpc });
    new EcsExpressTwin(stack, 'Twin', { service, subnets: vpc.publicSubnets, securityGroups: [group] });
    expect(twinProps(synth(stack)).NetworkConfiguration).toEqual({
      Subnets: stack.resolve(vpc.publicSubnets.map((s) => s.subnetId)),
      SecurityGroups: [stack.resolve(group.securityGroupId)],
    });
  });

  test('given subnets with an imported connector: the connector\'s security groups', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const connector = VpcConnector.fromVpcConnectorAttributes(stack, 'Imported', {
      vpcConnectorName: 'c',
      vpcConnectorArn: 'arn:aws:apprunner:us-east-1:123456789012:vpcconnector/c/1/0123456789abcdef0123456789abcdef',
      vpcConnectorRevision: 1,
      securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'SG', 'sg-12345678')],
    });
    new EcsExpressTwin(stack, 'Twin', { service: publicService(stack, { vpcConnector: connector }), subnets: vpc.publicSubnets });
    expect(twinProps(synth(stack)).NetworkConfiguration.SecurityGroups).toEqual(['sg-12345678']);
    expect(warningIdsAt(stack, '/TestStack/Twin')).not.toContain('cdk-apprunner-kit:ecsExpressVpcConnectorImported');
  });
});

describe('roles', () => {
  test('given roles are used; the instance role\'s trust policy is left alone when a task role is given', () => {
    const stack = newStack();
    const service = publicService(stack);
    const role = (id: string, principal: string) => new iam.Role(stack, id, { assumedBy: new iam.ServicePrincipal(principal) });
    const taskRole = role('Task', 'ecs-tasks.amazonaws.com');
    const executionRole = role('Exec', 'ecs-tasks.amazonaws.com');
    const infrastructureRole = role('Infra', 'ecs.amazonaws.com');
    const twin = new EcsExpressTwin(stack, 'Twin', { service, taskRole, executionRole, infrastructureRole });
    expect([twin.taskRole, twin.executionRole, twin.infrastructureRole]).toEqual([taskRole, executionRole, infrastructureRole]);
    const template = synth(stack);
    const props = twinProps(template);
    expect([props.TaskRoleArn, props.ExecutionRoleArn, props.InfrastructureRoleArn]).toEqual(
      [taskRole, executionRole, infrastructureRole].map((r) => ({ 'Fn::GetAtt': [stack.getLogicalId(r.node.defaultChild as iam.CfnRole), 'Arn'] })));
    expect(template.findResources('AWS::IAM::Role').ServiceInstanceRoleDFA90CEC.Properties.AssumeRolePolicyDocument.Statement).toEqual([APP_RUNNER_TRUST]);
    expect(Object.keys(template.findResources('AWS::IAM::Role')).filter((id) => id.startsWith('Twin'))).toEqual([]);
  });

  test('a given instance role of this app becomes the task role, trusted by ECS tasks; twice the same twin trust is added once', () => {
    const stack = newStack();
    const instanceRole = new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('tasks.apprunner.amazonaws.com') });
    const service = publicService(stack, { instanceRole });
    new EcsExpressTwin(stack, 'Twin', { service });
    new EcsExpressTwin(stack, 'Twin2', { service });
    const template = synth(stack);
    const roleId = stack.getLogicalId(instanceRole.node.defaultChild as iam.CfnRole);
    expect(template.findResources('AWS::IAM::Role')[roleId].Properties.AssumeRolePolicyDocument.Statement).toEqual([APP_RUNNER_TRUST, ECS_TASKS_TRUST]);
    const twins = Object.values<any>(template.findResources('AWS::ECS::ExpressGatewayService'));
    expect(twins).toHaveLength(2);
    for (const twin of twins) expect(twin.Properties.TaskRoleArn).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
  });

  test('an imported instance role: a new task role without permissions', () => {
    const stack = newStack();
    const service = publicService(stack, { instanceRole: iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::123456789012:role/app') });
    const twin = new EcsExpressTwin(stack, 'Twin', { service });
    const template = synth(stack);
    expect(twinProps(template).TaskRoleArn).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(twin.taskRole.node.defaultChild as iam.CfnRole), 'Arn'] });
    expect(template.findResources('AWS::IAM::Role')[stack.getLogicalId(twin.taskRole.node.defaultChild as iam.CfnRole)].Properties)
      .toEqual({ AssumeRolePolicyDocument: { Statement: [ECS_TASKS_TRUST], Version: '2012-10-17' } });
  });
});

test('tags are rendered on the twin', () => {
  const stack = newStack();
  const twin = new EcsExpressTwin(stack, 'Twin', { service: publicService(stack) });
  Tags.of(twin).add('team', 'web');
  expect(twinProps(synth(stack)).Tags).toEqual([{ Key: 'team', Value: 'web' }]);
});

describe('the App Runner service itself does not change', () => {
  /** A service using every carried setting, synthesized with or without a twin. */
  function build(withTwin: boolean): any {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const secret = new secretsmanager.Secret(stack, 'Secret');
    const service = new Service(stack, 'Service', {
      source: Source.fromEcrPublic({
        imageIdentifier: PUBLIC_IMAGE,
        imageConfiguration: { port: 8000, startCommand: 'node app.js', environmentVariables: { A: 'b' }, environmentSecrets: { S: Secret.fromSecretsManager(secret) } },
      }),
      cpu: Cpu.TWO_VCPU,
      memory: Memory.FOUR_GB,
      healthCheck: HealthCheck.http({ path: '/health' }),
      autoScalingConfiguration: new AutoScalingConfiguration(stack, 'Scaling', { minSize: 2, maxSize: 4, maxConcurrency: 80 }),
      vpcConnector: new VpcConnector(stack, 'Connector', { vpc }),
    });
    if (withTwin) new EcsExpressTwin(stack, 'Twin', { service, subnets: vpc.publicSubnets });
    new s3.Bucket(stack, 'Bucket').grantRead(service);
    return synth(stack).toJSON();
  }

  test('only the twin\'s resources are added, and the instance role trusts ECS tasks too', () => {
    const without = build(false);
    const withTwin = build(true);
    const twinIds = Object.keys(withTwin.Resources).filter((id) => id.startsWith('Twin'));
    expect(twinIds.map((id) => withTwin.Resources[id].Type).sort()).toEqual(['AWS::ECS::ExpressGatewayService', 'AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::IAM::Role']);
    for (const id of twinIds) delete withTwin.Resources[id];
    const trust = withTwin.Resources.ServiceInstanceRoleDFA90CEC.Properties.AssumeRolePolicyDocument.Statement;
    expect(trust).toEqual([APP_RUNNER_TRUST, ECS_TASKS_TRUST]);
    trust.pop();
    expect(withTwin).toEqual(without);
  });
});

test('property injection: an org-wide default applies under the id cdk-apprunner-kit.EcsExpressTwin, and is validated', () => {
  expect(EcsExpressTwin.PROPERTY_INJECTION_ID).toBe('cdk-apprunner-kit.EcsExpressTwin');
  const inject = (defaults: Partial<EcsExpressTwinProps>): IPropertyInjector => ({
    constructUniqueId: EcsExpressTwin.PROPERTY_INJECTION_ID,
    inject: (original: EcsExpressTwinProps, _context: InjectionContext) => ({ ...defaults, ...original }),
  });
  const stack = newStack();
  PropertyInjectors.of(stack).add(inject({ minTaskCount: 3, healthCheckPath: '/ready' }));
  new EcsExpressTwin(stack, 'Twin', { service: publicService(stack) });
  const props = twinProps(synth(stack));
  expect([props.ScalingTarget.MinTaskCount, props.HealthCheckPath]).toEqual([3, '/ready']);

  const bad = newStack();
  PropertyInjectors.of(bad).add(inject({ healthCheckPath: 'ready' }));
  expect(() => new EcsExpressTwin(bad, 'Twin', { service: publicService(bad) })).toThrow(/healthCheckPath must start with "\/"/);
});
