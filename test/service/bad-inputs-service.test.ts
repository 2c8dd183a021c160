/**
 * Bad inputs to Service and its value classes: each one throws a ValidationError whose
 * message names the property, the bad value and the rule (alpha's wording first where the
 * alpha module checks the same thing).
 */
import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  BitbucketConnection, ConfigurationSourceType, Cpu, GitHubConnection, HealthCheck, Memory, Runtime, Secret, Service, ServiceProps, Source,
} from '../../src';
import { expectValidationError, newStack } from '../support/util';

const IMAGE = 'public.ecr.aws/aws-containers/hello-app-runner:latest';
const CONNECTION = 'arn:aws:apprunner:us-east-1:123456789012:connection/my-github/0123456789abcdef0123456789abcdef';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf';

function service(props: Partial<ServiceProps> = {}, stack: Stack = newStack()): Service {
  return new Service(stack, 'Service', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), ...props });
}

function github(extra: Record<string, unknown> = {}): Source {
  return Source.fromGitHub({
    repositoryUrl: 'https://github.com/org/app',
    configurationSource: ConfigurationSourceType.API,
    codeConfigurationValues: { runtime: Runtime.NODEJS_22 },
    connection: GitHubConnection.fromConnectionArn(CONNECTION),
    ...extra,
  } as any);
}

function secret(stack: Stack): secretsmanager.ISecret {
  return secretsmanager.Secret.fromSecretCompleteArn(stack, 'S', SECRET_ARN);
}

const cases: Array<[string, () => unknown, string | RegExp]> = [
  // names
  ['serviceName too short', () => service({ serviceName: 'abc' }), '`serviceName` must be between 4 and 40 characters, got: 3 characters.'],
  ['serviceName too long', () => service({ serviceName: 'a'.repeat(41) }), '`serviceName` must be between 4 and 40 characters, got: 41 characters.'],
  ['serviceName starting with a hyphen', () => service({ serviceName: '-abcd' }),
    '`serviceName` must start with an alphanumeric character and contain only alphanumeric characters, hyphens, or underscores after that, got: -abcd.'],
  ['serviceName with a dot', () => service({ serviceName: 'my.service' }), /`serviceName` must start with an alphanumeric character.*got: my\.service\./],
  ['fromServiceName with a bad name', () => Service.fromServiceName(newStack(), 'I', 'x'), '`serviceName` must be between 4 and 40 characters, got: 1 characters.'],

  // cpu / memory
  ['Cpu.of an unknown unit', () => Cpu.of('3 vCPU'), /^CPU value is invalid: cpu must be one of 256, 512, 1024, 2048, 4096, 0\.25 vCPU, .*got "3 vCPU"/],
  ['Memory.of an unknown unit', () => Memory.of('5 GB'), /^Memory value is invalid: memory must be one of .*got "5 GB"/],
  ['4 vCPU with 2 GB', () => service({ cpu: Cpu.FOUR_VCPU, memory: Memory.TWO_GB }),
    'cpu 4 vCPU cannot be combined with memory 2 GB; valid combinations are 0.25 vCPU: 0.5/1 GB; 0.5 vCPU: 1 GB; 1 vCPU: 2/3/4 GB; 2 vCPU: 4/6 GB; 4 vCPU: 8/10/12 GB'],
  ['0.25 vCPU with the default memory', () => service({ cpu: Cpu.QUARTER_VCPU }), 'cpu 0.25 vCPU cannot be combined with memory 2 GB (the default)'],
  ['12 GB with the default CPU', () => service({ memory: Memory.TWELVE_GB }), 'cpu 1 vCPU (the default) cannot be combined with memory 12 GB'],
  ['numeric units are checked as pairs too', () => service({ cpu: Cpu.of('512'), memory: Memory.of('2048') }), 'cpu 0.5 vCPU cannot be combined with memory 2 GB'],

  // runtime
  ['Runtime.of an unknown runtime', () => Runtime.of('NODEJS_20'), /^runtime must be one of PYTHON_3, .*RUBY_31, got "NODEJS_20"/],

  // health check (alpha wording)
  ['HTTP health check with an empty path', () => HealthCheck.http({ path: '' }), /^path length must be greater than 0/],
  ['healthyThreshold 0', () => HealthCheck.http({ healthyThreshold: 0 }), /^healthyThreshold must be between 1 and 20, got 0/],
  ['unhealthyThreshold 21', () => HealthCheck.tcp({ unhealthyThreshold: 21 }), /^unhealthyThreshold must be between 1 and 20, got 21/],
  ['healthyThreshold 2.5', () => HealthCheck.tcp({ healthyThreshold: 2.5 }), /^healthyThreshold must be between 1 and 20, got 2\.5/],
  ['interval 21 s', () => HealthCheck.http({ interval: Duration.seconds(21) }), /^interval must be between 1 and 20 seconds, got 21/],
  ['interval 1.5 s', () => HealthCheck.http({ interval: Duration.millis(1500) }), /^interval must be between 1 and 20 seconds, got 1\.5/],
  ['timeout 0 s', () => HealthCheck.tcp({ timeout: Duration.seconds(0) }), /^timeout must be between 1 and 20 seconds, got 0/],

  // environment
  ['variable with the AWSAPPRUNNER prefix', () => service().addEnvironmentVariable('AWSAPPRUNNER_FOO', 'x'),
    /^Environment variable key AWSAPPRUNNER_FOO with a prefix of AWSAPPRUNNER is not allowed/],
  ['secret with the AWSAPPRUNNER prefix', () => { const s = newStack(); service({}, s).addSecret('AWSAPPRUNNER_X', Secret.fromSecretsManager(secret(s))); },
    /^Environment secret key AWSAPPRUNNER_X with a prefix of AWSAPPRUNNER is not allowed/],
  ['variable from props with the prefix', () => service({ source: Source.fromEcrPublic({ imageIdentifier: IMAGE, imageConfiguration: { environmentVariables: { AWSAPPRUNNER: '1' } } }) }),
    /^Environment variable key AWSAPPRUNNER with a prefix of AWSAPPRUNNER is not allowed/],
  ['empty variable name', () => service().addEnvironmentVariable('', 'x'), 'Environment variable name must be between 1 and 2048 characters, got 0 characters'],
  ['secret name over 2048 characters', () => { const s = newStack(); service({}, s).addSecret('S'.repeat(2049), Secret.fromSecretsManager(secret(s))); },
    'Environment secret name must be between 1 and 2048 characters, got 2049 characters'],
  ['a variable set twice', () => { const s = service({ source: Source.fromEcrPublic({ imageIdentifier: IMAGE, imageConfiguration: { environmentVariables: { A: '1' } } }) }); s.addEnvironmentVariable('A', '2'); },
    'Environment variable A is defined twice; each name may be set once'],
  ['both environment and environmentVariables', () => service({ source: Source.fromEcrPublic({ imageIdentifier: IMAGE, imageConfiguration: { environment: { A: '1' }, environmentVariables: { B: '2' } } }) }),
    /^You cannot set both 'environmentVariables' and 'environment' properties\./],
  ['secret field with a colon', () => Secret.fromSecretsManager(secret(newStack()), 'a:b'), 'field must be non-empty and must not contain ":" (it separates the parts of the secret reference), got "a:b"'],
  ['secret version stage with a colon', () => Secret.fromSecretsManagerVersion(secret(newStack()), { versionStage: 'AWS:CURRENT' }),
    'versionInfo.versionStage must be non-empty and must not contain ":"'],
  ['secret that is not a Secrets Manager or SSM ARN', () => service().addSecret('X', { arn: 'arn:aws:s3:::bucket', hasField: false, grantRead: () => undefined } as any),
    /^Environment secret X must reference a Secrets Manager secret ARN .* or an SSM parameter ARN .*got "arn:aws:s3:::bucket"/],

  // sources
  ['configurationValues with REPOSITORY', () => service({ source: github({ configurationSource: ConfigurationSourceType.REPOSITORY }) }),
    /^configurationValues cannot be provided if the ConfigurationSource is Repository/],
  ['API configuration without values', () => service({ source: github({ codeConfigurationValues: undefined }) }),
    /^codeConfigurationValues must be provided if the ConfigurationSource is API/],
  ['empty sourceDirectory', () => github({ sourceDirectory: '' }), 'sourceDirectory must be between 1 and 4096 characters, got 0 characters'],
  ['sourceDirectory over 4096 characters', () => github({ sourceDirectory: 'd'.repeat(4097) }), 'sourceDirectory must be between 1 and 4096 characters, got 4097 characters'],
  ['empty branch', () => github({ branch: '' }), 'branch must be between 1 and 51200 characters, got 0 characters'],
  ['build command with a newline', () => github({ codeConfigurationValues: { runtime: Runtime.NODEJS_22, buildCommand: 'npm ci\nnpm run build' } }),
    'codeConfigurationValues.buildCommand must be a single line (no newline characters), got "npm ci\\nnpm run build"'],
  ['start command with a newline', () => Source.fromEcrPublic({ imageIdentifier: IMAGE, imageConfiguration: { startCommand: 'a\nb' } }),
    'imageConfiguration.startCommand must be a single line (no newline characters)'],
  ['code port 0', () => github({ codeConfigurationValues: { runtime: Runtime.NODEJS_22, port: '0' } }),
    'codeConfigurationValues.port must be a port number between 1 and 65535, got "0"'],
  ['image port 70000', () => Source.fromEcrPublic({ imageIdentifier: IMAGE, imageConfiguration: { port: 70000 } }),
    'imageConfiguration.port must be an integer between 1 and 65535, got 70000'],
  ['ECR Public identifier from another registry', () => Source.fromEcrPublic({ imageIdentifier: 'docker.io/library/nginx:latest' }),
    'imageIdentifier must be an ECR Public image URI (public.ecr.aws/ALIAS/REPOSITORY[:TAG|@sha256:DIGEST]), got "docker.io/library/nginx:latest"'],
  ['ECR tag with a slash', () => Source.fromEcr({ repository: ecr.Repository.fromRepositoryName(newStack(), 'R', 'r'), tagOrDigest: 'feature/x' }),
    /^tagOrDigest must be an image tag: 1–128 characters .*got "feature\/x"/],
  ['ECR digest that is too short', () => Source.fromEcr({ repository: ecr.Repository.fromRepositoryName(newStack(), 'R', 'r'), tagOrDigest: 'sha256:abc' }),
    'tagOrDigest must be a digest of the form sha256:<64 hex characters>, got "sha256:abc"'],
  ['GitHub connection ARN of another service', () => GitHubConnection.fromConnectionArn('arn:aws:codestar-connections:us-east-1:123456789012:connection/abc'),
    /^connectionArn must be an App Runner connection ARN \(arn:aws:apprunner:REGION:ACCOUNT:connection\/NAME\/ID\), got "arn:aws:codestar-connections/],
  ['Bitbucket connection ARN that is not an ARN', () => BitbucketConnection.fromConnectionArn('my-connection'),
    'connectionArn must be an App Runner connection ARN (arn:aws:apprunner:REGION:ACCOUNT:connection/NAME/ID), got "my-connection"'],

  // imports and protection
  ['fromServiceArn with a non-service ARN', () => Service.fromServiceArn(newStack(), 'I', 'arn:aws:apprunner:us-east-1:123456789012:vpcconnector/x/1/y'),
    /^Unexpected ARN format: arn:aws:apprunner:us-east-1:123456789012:vpcconnector\/x\/1\/y/],
  ['associateWebAcl with a global ACL', () => service().associateWebAcl('arn:aws:wafv2:us-east-1:123456789012:global/webacl/a/b'),
    /^webAclArn must be the ARN of a REGIONAL WAFv2 web ACL/],
];

describe('bad inputs: Service', () => {
  test('the table has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  test.each(cases)('%s', (_name, fn, expected) => {
    expectValidationError(fn, expected);
  });
});

describe('tokens are not checked', () => {
  const token = (name: string) => Token.asString({ Ref: name });
  test.each<[string, () => unknown]>([
    ['serviceName', () => service({ serviceName: token('Name') })],
    ['Cpu.of / Memory.of', () => service({ cpu: Cpu.of(token('C')), memory: Memory.of(token('M')) })],
    ['one token side of the pair', () => service({ cpu: Cpu.FOUR_VCPU, memory: Memory.of(token('M')) })],
    ['Runtime.of', () => Runtime.of(token('R'))],
    ['health check numbers and durations', () => HealthCheck.http({ healthyThreshold: Token.asNumber({ Ref: 'H' }), interval: Duration.seconds(Token.asNumber({ Ref: 'I' })) })],
    ['sourceDirectory and branch', () => github({ sourceDirectory: token('D'), branch: token('B') })],
    ['ECR Public identifier', () => Source.fromEcrPublic({ imageIdentifier: token('Image') })],
    ['ECR tag', () => Source.fromEcr({ repository: ecr.Repository.fromRepositoryName(newStack(), 'R', 'r'), tagOrDigest: token('Tag') })],
    ['connection ARN', () => GitHubConnection.fromConnectionArn(token('Conn'))],
    ['secret field', () => Secret.fromSecretsManager(secret(newStack()), token('F'))],
    ['web ACL ARN', () => service().associateWebAcl(token('Acl'))],
  ])('%s', (_name, fn) => {
    expect(fn).not.toThrow();
  });
});
