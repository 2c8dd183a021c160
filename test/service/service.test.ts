/**
 * Service: every prop and method, asserted on the synthesized template.
 * (Every template here is also checked against the registry schemas by test/support/setup.ts.)
 */
import { Runtime as SdkRuntime } from '@aws-sdk/client-apprunner';
import { Duration, Stack, Tags, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import {
  BitbucketConnection, ConfigurationSourceType, Cpu, GitHubConnection, HealthCheck, HealthCheckProtocolType,
  ImageRepositoryType, IpAddressType, Memory, Runtime, Secret, Service, Source,
} from '../../src';
import { newStack, onlyResourceProps, synth, warnings } from '../support/util';

const PUBLIC_IMAGE = 'public.ecr.aws/aws-containers/hello-app-runner:latest';
const CONNECTION = 'arn:aws:apprunner:us-east-1:123456789012:connection/my-github/0123456789abcdef0123456789abcdef';
const BB_CONNECTION = 'arn:aws:apprunner:us-east-1:123456789012:connection/my-bitbucket/fedcba9876543210fedcba9876543210';

function publicService(stack: Stack, extra: Partial<ConstructorParameters<typeof Service>[2]> = {}): Service {
  return new Service(stack, 'Service', {
    source: Source.fromEcrPublic({ imageIdentifier: PUBLIC_IMAGE, imageConfiguration: { port: 8000 } }),
    ...extra,
  });
}

function serviceProps(stack: Stack): any {
  return onlyResourceProps(synth(stack), 'AWS::AppRunner::Service');
}

describe('defaults', () => {
  test('a minimal ECR Public service: instance role, default egress, no access role', () => {
    const stack = newStack();
    publicService(stack);
    const template = synth(stack);
    template.resourceCountIs('AWS::AppRunner::Service', 1);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 'tasks.apprunner.amazonaws.com' } }] },
    });
    const props = onlyResourceProps(template, 'AWS::AppRunner::Service');
    expect(props.SourceConfiguration).toEqual({
      AuthenticationConfiguration: {},
      ImageRepository: {
        ImageIdentifier: PUBLIC_IMAGE,
        ImageRepositoryType: 'ECR_PUBLIC',
        ImageConfiguration: { Port: '8000' },
      },
    });
    expect(props.NetworkConfiguration).toEqual({ EgressConfiguration: { EgressType: 'DEFAULT' } });
    expect(props.InstanceConfiguration.InstanceRoleArn).toEqual({ 'Fn::GetAtt': ['ServiceInstanceRoleDFA90CEC', 'Arn'] });
    expect(props.InstanceConfiguration.Cpu).toBeUndefined();
    expect(props.InstanceConfiguration.Memory).toBeUndefined();
    expect(props.ServiceName).toBeUndefined();
    expect(props.HealthCheckConfiguration).toBeUndefined();
    expect(props.EncryptionConfiguration).toBeUndefined();
    expect(props.ObservabilityConfiguration).toBeUndefined();
    expect(props.AutoScalingConfigurationArn).toBeUndefined();
  });

  test('attributes come from the CfnService; the name is split out of the ARN', () => {
    const stack = newStack();
    const service = publicService(stack);
    expect(stack.resolve(service.serviceArn)).toEqual({ 'Fn::GetAtt': ['ServiceDBC79909', 'ServiceArn'] });
    expect(stack.resolve(service.serviceId)).toEqual({ 'Fn::GetAtt': ['ServiceDBC79909', 'ServiceId'] });
    expect(stack.resolve(service.serviceUrl)).toEqual({ 'Fn::GetAtt': ['ServiceDBC79909', 'ServiceUrl'] });
    expect(stack.resolve(service.serviceStatus)).toEqual({ 'Fn::GetAtt': ['ServiceDBC79909', 'Status'] });
    expect(stack.resolve(service.serviceName)).toEqual({
      'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::GetAtt': ['ServiceDBC79909', 'ServiceArn'] }] }] }] }],
    });
    expect(service.isPubliclyAccessible).toBe(true);
    expect(service.cfnService.node.id).toBe('Resource');
    expect(service.grantPrincipal).toBeDefined();
  });
});

describe('sources', () => {
  test('ECR: access role with pull rights, tag, image identifier from the repository', () => {
    const stack = newStack();
    const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'my-app');
    new Service(stack, 'Service', {
      source: Source.fromEcr({ repository, tagOrDigest: 'v1', imageConfiguration: { port: 3000, startCommand: 'node server.js' } }),
    });
    const template = synth(stack);
    const props = onlyResourceProps(template, 'AWS::AppRunner::Service');
    expect(props.SourceConfiguration.ImageRepository.ImageRepositoryType).toBe(ImageRepositoryType.ECR);
    expect(JSON.stringify(props.SourceConfiguration.ImageRepository.ImageIdentifier)).toContain('my-app:v1');
    expect(props.SourceConfiguration.ImageRepository.ImageConfiguration).toEqual({ Port: '3000', StartCommand: 'node server.js' });
    expect(props.SourceConfiguration.AuthenticationConfiguration.AccessRoleArn).toEqual({ 'Fn::GetAtt': ['ServiceAccessRole4763579D', 'Arn'] });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 'build.apprunner.amazonaws.com' } }] },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'ecr:GetAuthorizationToken', Resource: '*' }),
          Match.objectLike({ Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'] }),
          Match.objectLike({ Action: 'ecr:DescribeImages' }),
        ]),
      },
    });
  });

  test('ECR: a digest is addressed with @, the deprecated tag prop still works, latest by default', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    for (const [options, expected] of [[{ tagOrDigest: digest }, `my-app@${digest}`], [{ tag: 'old' }, 'my-app:old'], [{}, 'my-app:latest']] as const) {
      const stack = newStack();
      const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'my-app');
      new Service(stack, 'Service', { source: Source.fromEcr({ repository, ...options }) });
      expect(JSON.stringify(serviceProps(stack).SourceConfiguration.ImageRepository.ImageIdentifier)).toContain(expected);
    }
  });

  test('ECR: a given access role is used and no role is generated', () => {
    const stack = newStack();
    const accessRole = iam.Role.fromRoleArn(stack, 'Access', 'arn:aws:iam::123456789012:role/access', { mutable: false });
    new Service(stack, 'Service', {
      source: Source.fromEcr({ repository: ecr.Repository.fromRepositoryName(stack, 'Repo', 'r') }),
      accessRole,
    });
    const template = synth(stack);
    expect(onlyResourceProps(template, 'AWS::AppRunner::Service').SourceConfiguration.AuthenticationConfiguration.AccessRoleArn)
      .toBe('arn:aws:iam::123456789012:role/access');
    template.resourceCountIs('AWS::IAM::Role', 1); // the instance role only
  });

  test('asset: ECR type, asset image URI, access role', () => {
    const stack = newStack();
    const asset = new ecrAssets.DockerImageAsset(stack, 'Image', { directory: `${__dirname}/../fixtures/docker-app` });
    new Service(stack, 'Service', { source: Source.fromAsset({ asset, imageConfiguration: { port: 8080 } }) });
    const props = serviceProps(stack);
    expect(props.SourceConfiguration.ImageRepository.ImageRepositoryType).toBe('ECR');
    expect(JSON.stringify(props.SourceConfiguration.ImageRepository.ImageIdentifier)).toContain(asset.assetHash);
    expect(props.SourceConfiguration.AuthenticationConfiguration.AccessRoleArn).toBeDefined();
  });

  test('GitHub, API configuration: runtime, commands, port, env, branch, source directory, connection', () => {
    const stack = newStack();
    new Service(stack, 'Service', {
      source: Source.fromGitHub({
        repositoryUrl: 'https://github.com/org/monorepo',
        branch: 'release',
        sourceDirectory: 'services/api',
        configurationSource: ConfigurationSourceType.API,
        codeConfigurationValues: {
          runtime: Runtime.NODEJS_22,
          port: '8080',
          buildCommand: 'npm ci',
          startCommand: 'node index.js',
          environmentVariables: { A: '1' },
        },
        connection: GitHubConnection.fromConnectionArn(CONNECTION),
      }),
    });
    const props = serviceProps(stack);
    expect(props.SourceConfiguration).toEqual({
      AuthenticationConfiguration: { ConnectionArn: CONNECTION },
      CodeRepository: {
        RepositoryUrl: 'https://github.com/org/monorepo',
        SourceCodeVersion: { Type: 'BRANCH', Value: 'release' },
        SourceDirectory: 'services/api',
        CodeConfiguration: {
          ConfigurationSource: 'API',
          CodeConfigurationValues: {
            Runtime: 'NODEJS_22',
            Port: '8080',
            BuildCommand: 'npm ci',
            StartCommand: 'node index.js',
            RuntimeEnvironmentVariables: [{ Name: 'A', Value: '1' }],
          },
        },
      },
    });
  });

  test('GitHub, REPOSITORY configuration: branch defaults to main, no values rendered', () => {
    const stack = newStack();
    new Service(stack, 'Service', {
      source: Source.fromGitHub({
        repositoryUrl: 'https://github.com/org/app',
        configurationSource: ConfigurationSourceType.REPOSITORY,
        connection: GitHubConnection.fromConnectionArn(CONNECTION),
      }),
    });
    const repo = serviceProps(stack).SourceConfiguration.CodeRepository;
    expect(repo.SourceCodeVersion).toEqual({ Type: 'BRANCH', Value: 'main' });
    expect(repo.CodeConfiguration).toEqual({ ConfigurationSource: 'REPOSITORY' });
    expect(repo.SourceDirectory).toBeUndefined();
  });

  test('Bitbucket: connection ARN and code repository', () => {
    const stack = newStack();
    new Service(stack, 'Service', {
      source: Source.fromBitbucket({
        repositoryUrl: 'https://bitbucket.org/org/app',
        configurationSource: ConfigurationSourceType.REPOSITORY,
        connection: BitbucketConnection.fromConnectionArn(BB_CONNECTION),
        sourceDirectory: 'app',
      }),
    });
    const config = serviceProps(stack).SourceConfiguration;
    expect(config.AuthenticationConfiguration).toEqual({ ConnectionArn: BB_CONNECTION });
    expect(config.CodeRepository.RepositoryUrl).toBe('https://bitbucket.org/org/app');
    expect(config.CodeRepository.SourceDirectory).toBe('app');
  });
});

describe('instance', () => {
  test('of all 5 × 9 CPU/memory combinations exactly the 11 of the facts table are accepted', () => {
    const cpus = [Cpu.QUARTER_VCPU, Cpu.HALF_VCPU, Cpu.ONE_VCPU, Cpu.TWO_VCPU, Cpu.FOUR_VCPU];
    const memories = [
      Memory.HALF_GB, Memory.ONE_GB, Memory.TWO_GB, Memory.THREE_GB, Memory.FOUR_GB, Memory.SIX_GB, Memory.EIGHT_GB, Memory.TEN_GB, Memory.TWELVE_GB,
    ];
    const accepted: string[] = [];
    for (const cpu of cpus) {
      for (const memory of memories) {
        try {
          publicService(newStack(), { cpu, memory });
          accepted.push(`${cpu.vcpu}/${memory.gigabytes}`);
        } catch (e) {
          expect((e as Error).message).toMatch(/^cpu [0-9.]+ vCPU cannot be combined with memory [0-9.]+ GB; valid combinations are 0.25 vCPU: 0.5\/1 GB;/);
        }
      }
    }
    expect(accepted).toEqual(['0.25/0.5', '0.25/1', '0.5/1', '1/2', '1/3', '1/4', '2/4', '2/6', '4/8', '4/10', '4/12']);
  });

  test.each([
    [Cpu.QUARTER_VCPU, Memory.HALF_GB], [Cpu.QUARTER_VCPU, Memory.ONE_GB], [Cpu.HALF_VCPU, Memory.ONE_GB],
    [Cpu.ONE_VCPU, Memory.TWO_GB], [Cpu.ONE_VCPU, Memory.THREE_GB], [Cpu.ONE_VCPU, Memory.FOUR_GB],
    [Cpu.TWO_VCPU, Memory.FOUR_GB], [Cpu.TWO_VCPU, Memory.SIX_GB],
    [Cpu.FOUR_VCPU, Memory.EIGHT_GB], [Cpu.FOUR_VCPU, Memory.TEN_GB], [Cpu.FOUR_VCPU, Memory.TWELVE_GB],
  ])('valid pair %s / %s is rendered as given', (cpu, memory) => {
    const stack = newStack();
    publicService(stack, { cpu, memory });
    expect(serviceProps(stack).InstanceConfiguration).toMatchObject({ Cpu: cpu.unit, Memory: memory.unit });
  });

  test('Cpu.of/Memory.of accept the numeric forms and tokens; getters convert units', () => {
    expect(Cpu.of('1024').vcpu).toBe(1);
    expect(Cpu.of('0.25 vCPU').vcpu).toBe(0.25);
    expect(Memory.of('12288').gigabytes).toBe(12);
    expect(Memory.of('0.5 GB').gigabytes).toBe(0.5);
    const token = Cpu.of(Token.asString({ Ref: 'CpuParam' }));
    expect(token.vcpu).toBeUndefined();
    const stack = newStack();
    publicService(stack, { cpu: token, memory: Memory.of(Token.asString({ Ref: 'MemParam' })) });
    expect(serviceProps(stack).InstanceConfiguration).toMatchObject({ Cpu: { Ref: 'CpuParam' }, Memory: { Ref: 'MemParam' } });
  });

  test('one side given: the other is App Runner\'s default (1 vCPU / 2 GB) for the pair check', () => {
    const stack = newStack();
    publicService(stack, { memory: Memory.THREE_GB });
    expect(serviceProps(stack).InstanceConfiguration.Memory).toBe('3 GB');
  });

  test('a given instance role is used, addToRolePolicy adds to it', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Mine', { assumedBy: new iam.ServicePrincipal('tasks.apprunner.amazonaws.com') });
    const service = publicService(stack, { instanceRole: role });
    service.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }));
    const template = synth(stack);
    template.resourceCountIs('AWS::IAM::Role', 1);
    expect(onlyResourceProps(template, 'AWS::AppRunner::Service').InstanceConfiguration.InstanceRoleArn)
      .toEqual({ 'Fn::GetAtt': [stack.getLogicalId(role.node.defaultChild as iam.CfnRole), 'Arn'] });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] },
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }],
    });
    expect(service.grantPrincipal).toBe(role);
  });

  test('grants through grantPrincipal reach the instance role', () => {
    const stack = newStack();
    const service = publicService(stack);
    const secret = new secretsmanager.Secret(stack, 'Secret');
    secret.grantRead(service);
    synth(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] })] },
    });
  });
});

describe('environment', () => {
  test('variables from props and addEnvironmentVariable, in order', () => {
    const stack = newStack();
    const service = new Service(stack, 'Service', {
      source: Source.fromEcrPublic({ imageIdentifier: PUBLIC_IMAGE, imageConfiguration: { environmentVariables: { A: '1', B: '2' } } }),
    });
    service.addEnvironmentVariable('C', '3');
    expect(serviceProps(stack).SourceConfiguration.ImageRepository.ImageConfiguration.RuntimeEnvironmentVariables)
      .toEqual([{ Name: 'A', Value: '1' }, { Name: 'B', Value: '2' }, { Name: 'C', Value: '3' }]);
  });

  test('the deprecated `environment` prop still works', () => {
    const stack = newStack();
    new Service(stack, 'Service', {
      source: Source.fromEcrPublic({ imageIdentifier: PUBLIC_IMAGE, imageConfiguration: { environment: { OLD: 'x' } } }),
    });
    expect(serviceProps(stack).SourceConfiguration.ImageRepository.ImageConfiguration.RuntimeEnvironmentVariables)
      .toEqual([{ Name: 'OLD', Value: 'x' }]);
  });

  test('secrets: Secrets Manager (whole, field, version) and SSM; read granted to the instance role', () => {
    const stack = newStack();
    const secret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'S', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf');
    const parameter = ssm.StringParameter.fromStringParameterName(stack, 'P', 'my-param');
    const service = new Service(stack, 'Service', {
      source: Source.fromEcrPublic({
        imageIdentifier: PUBLIC_IMAGE,
        imageConfiguration: {
          environmentSecrets: {
            WHOLE: Secret.fromSecretsManager(secret),
            FIELD: Secret.fromSecretsManager(secret, 'password'),
          },
        },
      }),
    });
    service.addSecret('VERSIONED', Secret.fromSecretsManagerVersion(secret, { versionStage: 'AWSPREVIOUS' }, 'password'));
    service.addSecret('PARAM', Secret.fromSsmParameter(parameter));
    const template = synth(stack);
    const secrets = onlyResourceProps(template, 'AWS::AppRunner::Service').SourceConfiguration.ImageRepository.ImageConfiguration.RuntimeEnvironmentSecrets;
    expect(secrets.map((s: any) => s.Name)).toEqual(['WHOLE', 'FIELD', 'VERSIONED', 'PARAM']);
    expect(secrets[0].Value).toBe('arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf');
    expect(secrets[1].Value).toBe('arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password::');
    expect(secrets[2].Value).toBe('arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password:AWSPREVIOUS:');
    expect(JSON.stringify(secrets[3].Value)).toContain('parameter/my-param');
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] }),
          Match.objectLike({ Action: ['ssm:DescribeParameters', 'ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParameterHistory'] }),
        ]),
      },
    });
  });

  test('secrets in a code repository configuration', () => {
    const stack = newStack();
    const secret = new secretsmanager.Secret(stack, 'Secret');
    new Service(stack, 'Service', {
      source: Source.fromGitHub({
        repositoryUrl: 'https://github.com/org/app',
        configurationSource: ConfigurationSourceType.API,
        codeConfigurationValues: { runtime: Runtime.PYTHON_311, environmentSecrets: { KEY: Secret.fromSecretsManager(secret, 'key') } },
        connection: GitHubConnection.fromConnectionArn(CONNECTION),
      }),
    });
    const values = serviceProps(stack).SourceConfiguration.CodeRepository.CodeConfiguration.CodeConfigurationValues;
    expect(values.RuntimeEnvironmentSecrets).toEqual([{ Name: 'KEY', Value: { 'Fn::Join': ['', [{ Ref: 'SecretA720EF05' }, ':key::']] } }]);
  });

  test('token names are not checked', () => {
    const stack = newStack();
    const service = publicService(stack);
    expect(() => service.addEnvironmentVariable(Token.asString({ Ref: 'Name' }), 'v')).not.toThrow();
  });
});

describe('network, health, encryption, tags', () => {
  test('isPubliclyAccessible and ipAddressType', () => {
    const stack = newStack();
    const service = publicService(stack, { isPubliclyAccessible: false, ipAddressType: IpAddressType.DUAL_STACK });
    expect(serviceProps(stack).NetworkConfiguration).toEqual({
      EgressConfiguration: { EgressType: 'DEFAULT' },
      IngressConfiguration: { IsPubliclyAccessible: false },
      IpAddressType: 'DUAL_STACK',
    });
    expect(service.isPubliclyAccessible).toBe(false);
  });

  test('HTTP health check with every option, TCP with defaults', () => {
    let stack = newStack();
    publicService(stack, {
      healthCheck: HealthCheck.http({ path: '/health', interval: Duration.seconds(10), timeout: Duration.seconds(5), healthyThreshold: 3, unhealthyThreshold: 4 }),
    });
    expect(serviceProps(stack).HealthCheckConfiguration).toEqual({
      Protocol: 'HTTP', Path: '/health', Interval: 10, Timeout: 5, HealthyThreshold: 3, UnhealthyThreshold: 4,
    });
    stack = newStack();
    publicService(stack, { healthCheck: HealthCheck.tcp() });
    expect(serviceProps(stack).HealthCheckConfiguration).toEqual({
      Protocol: 'TCP', Interval: 5, Timeout: 2, HealthyThreshold: 1, UnhealthyThreshold: 5,
    });
    const http = HealthCheck.http();
    expect(http.path).toBe('/');
    expect(http.healthCheckProtocolType).toBe(HealthCheckProtocolType.HTTP);
  });

  test('kmsKey: its ARN in the encryption configuration', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    publicService(stack, { kmsKey: key });
    expect(serviceProps(stack).EncryptionConfiguration).toEqual({ KmsKey: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } });
    expect(warnings(stack)).toEqual([expect.stringMatching(/^The KMS key of an App Runner service is create-only: changing kmsKey replaces the service/)]);
  });

  test('serviceName and autoDeploymentsEnabled are rendered', () => {
    const stack = newStack();
    publicService(stack, { serviceName: 'my_service-1', autoDeploymentsEnabled: false });
    const props = serviceProps(stack);
    expect(props.ServiceName).toBe('my_service-1');
    expect(props.SourceConfiguration.AutoDeploymentsEnabled).toBe(false);
    // a fixed name blocks the replacement a create-only change causes: warned
    expect(warnings(stack)).toEqual([expect.stringMatching(
      /^The App Runner service has a fixed name \(my_service-1\): its name, KMS key \(kmsKey\) and tags are create-only, so changing them replaces it/)]);
  });

  test('tags: rendered, and a warning that a tag change replaces the service', () => {
    const stack = newStack();
    const service = publicService(stack);
    Tags.of(service).add('team', 'web');
    expect(serviceProps(stack).Tags).toEqual([{ Key: 'team', Value: 'web' }]);
    expect(warnings(stack).join('\n')).toMatch(/Tags on an App Runner service are create-only/);
  });

  test('no tags, no warning', () => {
    const stack = newStack();
    publicService(stack);
    synth(stack);
    expect(warnings(stack)).toEqual([]);
  });

  test('invalid tags fail synthesis with the tag named', () => {
    const stack = newStack();
    const service = publicService(stack);
    Tags.of(service).add('x'.repeat(129), 'v');
    expect(() => synth(stack)).toThrow(/Service tags: tag key must be between 1 and 128 characters, got 129/);
  });
});

describe('runtimes', () => {
  test('Runtime.ALL_NAMES is exactly the App Runner API model\'s Runtime enum (@aws-sdk/client-apprunner)', () => {
    expect([...Runtime.ALL_NAMES].sort()).toEqual(Object.values(SdkRuntime).sort());
  });

  test('Runtime lists every runtime of the API model and of() validates', () => {
    expect(Runtime.ALL_NAMES).toHaveLength(13);
    expect(new Set(Runtime.ALL_NAMES)).toEqual(new Set([
      'PYTHON_3', 'PYTHON_311', 'NODEJS_12', 'NODEJS_14', 'NODEJS_16', 'NODEJS_18', 'NODEJS_22',
      'CORRETTO_8', 'CORRETTO_11', 'GO_1', 'DOTNET_6', 'PHP_81', 'RUBY_31',
    ]));
    expect(Runtime.of('GO_1').name).toBe('GO_1');
    expect(Runtime.RUBY_31.name).toBe('RUBY_31');
    expect(Runtime.of(Token.asString({ Ref: 'R' })).name).toMatch(/TOKEN/);
  });
});

describe('template is stable', () => {
  test('the logical ids of the resources do not depend on optional props', () => {
    const a = newStack();
    publicService(a);
    const b = newStack();
    publicService(b, { cpu: Cpu.TWO_VCPU, memory: Memory.FOUR_GB, healthCheck: HealthCheck.tcp() });
    expect(Object.keys(Template.fromStack(a).toJSON().Resources)).toEqual(Object.keys(Template.fromStack(b).toJSON().Resources));
  });
});
