/**
 * The last step of a migration: a twin made from the props of an App Runner service that is no
 * longer in the app (`serviceProps`), rendering as the twin of the Service did.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { PUBLIC_IMAGE, twinProps, warningIdsAt } from './fixtures';
import { ConfigurationSourceType, EcsExpressTwin, GitHubConnection, HealthCheck, Runtime, Secret, Service, ServiceProps, Source } from '../../src';
import { expectValidationError, newStack, synth } from '../support/util';

function propsIn(stack: Stack, extra: Partial<ServiceProps> = {}, prefix = ''): ServiceProps {
  return {
    source: Source.fromEcrPublic({
      imageIdentifier: PUBLIC_IMAGE,
      imageConfiguration: {
        port: 3000,
        startCommand: 'node server.js',
        environmentVariables: { MODE: 'prod' },
        environmentSecrets: { TOKEN: Secret.fromSsmParameter(ssm.StringParameter.fromSecureStringParameterAttributes(stack, `${prefix}Token`, { parameterName: '/app/token' })) },
      },
    }),
    healthCheck: HealthCheck.http({ path: '/health' }),
    instanceRole: new iam.Role(stack, `${prefix}AppRole`, { assumedBy: new iam.ServicePrincipal('tasks.apprunner.amazonaws.com') }),
    ...extra,
  };
}

test('the twin made from the props renders the Express service, its roles and grants exactly as the twin of the Service', () => {
  const withService = newStack();
  new EcsExpressTwin(withService, 'Twin', { service: new Service(withService, 'Api', propsIn(withService)) });
  const withProps = newStack();
  new EcsExpressTwin(withProps, 'Twin', { serviceProps: propsIn(withProps) });
  const twinResources = (stack: Stack) => Object.fromEntries(Object.entries<any>(synth(stack).toJSON().Resources)
    .filter(([id]) => id.startsWith('Twin') || id.startsWith('AppRole')));
  const fromProps = twinResources(withProps);
  expect(fromProps).toEqual(twinResources(withService));
  expect(twinProps(synth(withProps))).toMatchObject({
    PrimaryContainer: {
      ContainerPort: 3000,
      Command: ['node', 'server.js'],
      Environment: [{ Name: 'MODE', Value: 'prod' }],
      Secrets: [{ Name: 'TOKEN', ValueFrom: expect.anything() }],
    },
    HealthCheckPath: '/health',
  });
  expect(warningIdsAt(withProps, '/TestStack/Twin')).toEqual([]);
});

test('without an instanceRole in the props (the service created its own, gone with it): a new task role, and a warning', () => {
  const stack = newStack();
  const twin = new EcsExpressTwin(stack, 'Twin', { serviceProps: propsIn(stack, { instanceRole: undefined }) });
  expect(twin.taskRole.node.path).toBe('TestStack/Twin/TaskRole');
  synth(stack);
  expect(warningIdsAt(stack, '/TestStack/Twin')).toEqual(['cdk-apprunner-kit:ecsExpressInstanceRoleGone']);
});

test('exactly one of service and serviceProps', () => {
  const stack = newStack();
  const service = new Service(stack, 'Api', propsIn(stack));
  expectValidationError(() => new EcsExpressTwin(stack, 'Both', { service, serviceProps: propsIn(stack, {}, 'Other') }),
    /either service .* or serviceProps .*, not both/);
  expectValidationError(() => new EcsExpressTwin(stack, 'Neither', {}), /give the twin service .* or serviceProps/);
});

test('the props are read as the Service reads them: refusals hold', () => {
  const stack = newStack();
  expectValidationError(() => new EcsExpressTwin(stack, 'Code', {
    serviceProps: {
      source: Source.fromGitHub({
        repositoryUrl: 'https://github.com/acme/api',
        branch: 'main',
        configurationSource: ConfigurationSourceType.API,
        codeConfigurationValues: { runtime: Runtime.NODEJS_22 },
        connection: GitHubConnection.fromConnectionArn('arn:aws:apprunner:us-east-1:123456789012:connection/gh/0123456789abcdef0123456789abcdef'),
      }),
    },
  }), /has a code repository source .*ECS Express Mode runs container images only/);
  expectValidationError(() => new EcsExpressTwin(stack, 'Duplicate', {
    serviceProps: { source: Source.fromEcrPublic({ imageIdentifier: PUBLIC_IMAGE, imageConfiguration: { environmentVariables: { A: '1' }, environment: { A: '1' } } }) },
  }), /You cannot set both 'environmentVariables' and 'environment' properties/);
});
