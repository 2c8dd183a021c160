/**
 * Scenarios written once and built twice: with @aws-cdk/aws-apprunner-alpha (by
 * scripts/generate-alpha-golden.ts, which writes test/fixtures/alpha-golden/) and with this
 * library (by test/compat/alpha-compat.test.ts, which compares the templates).
 *
 * The scenario code only touches the modules it is given, so the same code runs against
 * either library and either aws-cdk-lib.
 */
import * as path from 'path';

/** The modules a scenario may use. */
export interface ScenarioModules {
  /** The App Runner construct module: alpha or ours. */
  readonly ar: any;
  /** aws-cdk-lib (root). */
  readonly cdk: any;
  readonly ecr: any;
  readonly ecrAssets: any;
  readonly iam: any;
  readonly kms: any;
  readonly secretsmanager: any;
  readonly ssm: any;
  readonly ec2: any;
}

export type Scenario = (m: ScenarioModules, stack: any) => void;

const DOCKER_APP = path.join(__dirname, '..', 'fixtures', 'docker-app');
const CONNECTION = 'arn:aws:apprunner:us-east-1:123456789012:connection/my-github/0123456789abcdef0123456789abcdef';

/** Every scenario, by name (the name is the golden file's name). */
export const SCENARIOS: Record<string, Scenario> = {
  'ecr-public-minimal': ({ ar }, stack) => {
    new ar.Service(stack, 'Service', {
      source: ar.Source.fromEcrPublic({
        imageConfiguration: { port: 8000 },
        imageIdentifier: 'public.ecr.aws/aws-containers/hello-app-runner:latest',
      }),
    });
  },

  'ecr-full': ({ ar, cdk, ecr, iam, secretsmanager, ssm }, stack) => {
    const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'my-app');
    const secret = new secretsmanager.Secret(stack, 'Secret');
    const parameter = ssm.StringParameter.fromStringParameterName(stack, 'Param', 'my-param');
    const role = new iam.Role(stack, 'Instance', { assumedBy: new iam.ServicePrincipal('tasks.apprunner.amazonaws.com') });
    const service = new ar.Service(stack, 'Service', {
      serviceName: 'my-ecr-service',
      source: ar.Source.fromEcr({
        repository,
        tagOrDigest: 'v1.2.3',
        imageConfiguration: {
          port: 3000,
          startCommand: 'node server.js',
          environmentVariables: { STAGE: 'prod', LOG_LEVEL: 'info' },
          environmentSecrets: {
            DB_PASSWORD: ar.Secret.fromSecretsManager(secret, 'password'),
            API_KEY: ar.Secret.fromSsmParameter(parameter),
            WHOLE: ar.Secret.fromSecretsManagerVersion(secret, { versionStage: 'AWSCURRENT' }),
          },
        },
      }),
      cpu: ar.Cpu.TWO_VCPU,
      memory: ar.Memory.FOUR_GB,
      instanceRole: role,
      autoDeploymentsEnabled: true,
      healthCheck: ar.HealthCheck.http({
        healthyThreshold: 3,
        unhealthyThreshold: 4,
        interval: cdk.Duration.seconds(10),
        timeout: cdk.Duration.seconds(5),
        path: '/health',
      }),
    });
    service.addEnvironmentVariable('EXTRA', 'yes');
    service.addSecret('EXTRA_SECRET', ar.Secret.fromSecretsManager(secret));
    service.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::bucket/*'] }));
  },

  'asset': ({ ar, ecrAssets }, stack) => {
    new ar.Service(stack, 'Service', {
      source: ar.Source.fromAsset({
        asset: new ecrAssets.DockerImageAsset(stack, 'Image', { directory: DOCKER_APP }),
        imageConfiguration: { port: 8080, environment: { DEPRECATED_ENV: '1' } },
      }),
      cpu: ar.Cpu.of('256'),
      memory: ar.Memory.of('512'),
      healthCheck: ar.HealthCheck.tcp(),
    });
  },

  'github-api': ({ ar, secretsmanager }, stack) => {
    const secret = new secretsmanager.Secret(stack, 'Secret');
    new ar.Service(stack, 'Service', {
      source: ar.Source.fromGitHub({
        repositoryUrl: 'https://github.com/aws-containers/hello-app-runner',
        branch: 'release',
        configurationSource: ar.ConfigurationSourceType.API,
        codeConfigurationValues: {
          runtime: ar.Runtime.PYTHON_311,
          port: '8000',
          buildCommand: 'pip install -r requirements.txt',
          startCommand: 'python app.py',
          environmentVariables: { A: '1' },
          environmentSecrets: { S: ar.Secret.fromSecretsManager(secret, 'key') },
        },
        connection: ar.GitHubConnection.fromConnectionArn(CONNECTION),
      }),
    });
  },

  'github-repository': ({ ar }, stack) => {
    new ar.Service(stack, 'Service', {
      source: ar.Source.fromGitHub({
        repositoryUrl: 'https://github.com/aws-containers/hello-app-runner',
        configurationSource: ar.ConfigurationSourceType.REPOSITORY,
        connection: ar.GitHubConnection.fromConnectionArn(CONNECTION),
      }),
      isPubliclyAccessible: true,
    });
  },

  'network-kms': ({ ar, kms }, stack) => {
    new ar.Service(stack, 'Service', {
      source: ar.Source.fromEcrPublic({ imageIdentifier: 'public.ecr.aws/aws-containers/hello-app-runner:latest' }),
      kmsKey: new kms.Key(stack, 'Key'),
      ipAddressType: ar.IpAddressType.DUAL_STACK,
      isPubliclyAccessible: false,
      autoDeploymentsEnabled: false,
    });
  },

  'imports': ({ ar, cdk }, stack) => {
    const byName = ar.Service.fromServiceName(stack, 'ByName', 'imported-service');
    const byAttrs = ar.Service.fromServiceAttributes(stack, 'ByAttrs', {
      serviceName: 'attrs-service',
      serviceArn: 'arn:aws:apprunner:us-east-1:123456789012:service/attrs-service/0123456789abcdef0123456789abcdef',
      serviceUrl: 'abc.us-east-1.awsapprunner.com',
      serviceStatus: 'RUNNING',
    });
    new cdk.CfnOutput(stack, 'ByNameArn', { value: byName.serviceArn });
    new cdk.CfnOutput(stack, 'ByAttrsName', { value: byAttrs.serviceName });
  },

  'configurations': ({ ar, ec2 }, stack) => {
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const vpcConnector = new ar.VpcConnector(stack, 'Connector', {
      vpc,
      vpcSubnets: vpc.selectSubnets({ subnetType: ec2.SubnetType.PUBLIC }),
      vpcConnectorName: 'my-connector',
    });
    const autoScaling = new ar.AutoScalingConfiguration(stack, 'AutoScaling', {
      autoScalingConfigurationName: 'my-scaling',
      maxConcurrency: 50,
      maxSize: 10,
      minSize: 2,
    });
    const observability = new ar.ObservabilityConfiguration(stack, 'Observability', {
      observabilityConfigurationName: 'my-observability',
      traceConfigurationVendor: ar.TraceConfigurationVendor.AWSXRAY,
    });
    new ar.Service(stack, 'Service', {
      source: ar.Source.fromEcrPublic({ imageIdentifier: 'public.ecr.aws/aws-containers/hello-app-runner:latest' }),
      vpcConnector,
      autoScalingConfiguration: autoScaling,
      observabilityConfiguration: observability,
    });
  },
};

/** Build one scenario into a fresh app and return its template (as JSON). */
export function buildScenario(name: string, m: ScenarioModules): any {
  const app = new m.cdk.App();
  const stack = new m.cdk.Stack(app, 'Compat', { env: { account: '123456789012', region: 'us-east-1' } });
  SCENARIOS[name](m, stack);
  return app.synth().getStackByName(stack.stackName).template;
}

/**
 * Remove what differs between aws-cdk-lib versions and is not the library's doing:
 * CDK metadata, the bootstrap version check, construct metadata.
 */
export function normalizeTemplate(template: any): any {
  const copy = JSON.parse(JSON.stringify(template));
  delete copy.Parameters?.BootstrapVersion;
  if (copy.Parameters && Object.keys(copy.Parameters).length === 0) delete copy.Parameters;
  delete copy.Rules?.CheckBootstrapVersion;
  if (copy.Rules && Object.keys(copy.Rules).length === 0) delete copy.Rules;
  delete copy.Conditions?.CDKMetadataAvailable;
  if (copy.Conditions && Object.keys(copy.Conditions).length === 0) delete copy.Conditions;
  for (const [id, resource] of Object.entries<any>(copy.Resources ?? {})) {
    if (resource.Type === 'AWS::CDK::Metadata') {
      delete copy.Resources[id];
      continue;
    }
    delete resource.Metadata;
  }
  return copy;
}
