/**
 * Moving to Amazon ECS Express Mode (issue 13): an App Runner service as it exists today, with
 * its custom domain, and its ECS Express Mode twin, created from the same definition and running
 * side by side; then, one `cdk deploy` per step (`step`), the domain's traffic moves to the
 * twin, App Runner's custom domain goes, and last the App Runner service itself. The same alarm
 * code watches both while both run.
 *
 * Synthesized by test/example-migration.test.ts. In your own project, import from
 * 'cdk-apprunner-kit' instead of '../src'.
 */
import * as path from 'path';
import { Annotations, App, CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  AutoScalingConfiguration, Cpu, DomainCutover, EcsExpressTwin, HealthCheck, Memory, ObservabilityConfiguration, Secret, Service, ServiceProps,
  Source, TraceConfigurationVendor, TrafficSplit, VpcConnector,
} from '../src';

/**
 * Where the migration stands; each step is one `cdk deploy` (context `migrationStep`):
 * - `side-by-side`: the twin runs next to App Runner, which serves api.example.com;
 * - `app-runner-only`, `canary`, `half`, `express-only`: the domain's traffic split (the cutover);
 * - `domain-removed`: App Runner's custom domain is removed, the twin serves the domain alone;
 * - `app-runner-removed`: the App Runner service is removed, the twin is made from its props.
 */
export type MigrationStep = 'side-by-side' | 'app-runner-only' | 'canary' | 'half' | 'express-only' | 'domain-removed' | 'app-runner-removed';

/** The steps in order. */
export const MIGRATION_STEPS: readonly MigrationStep[] = ['side-by-side', 'app-runner-only', 'canary', 'half', 'express-only', 'domain-removed', 'app-runner-removed'];

const SPLITS: Partial<Record<MigrationStep, TrafficSplit>> = {
  'app-runner-only': TrafficSplit.APP_RUNNER_ONLY,
  'canary': TrafficSplit.CANARY,
  'half': TrafficSplit.HALF,
  'express-only': TrafficSplit.EXPRESS_ONLY,
};

/** Props of the migration stack. */
export interface MigrationStackProps extends StackProps {
  /** @default 'half' */
  readonly step?: MigrationStep;
}

/** What the alarm code needs of a service: an App Runner `Service` and an `EcsExpressTwin` both have it. */
export interface WatchedService {
  /** The number of HTTP 5xx responses. */
  metric5xxStatusResponses(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/** The alarm the team had on App Runner, written once and now set on both services. */
export function serverErrorAlarm(scope: Construct, id: string, service: WatchedService): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, id, {
    metric: service.metric5xxStatusResponses({ period: Duration.minutes(1) }),
    threshold: 10,
    evaluationPeriods: 3,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    alarmDescription: 'More than 10 server errors a minute for 3 minutes',
  });
}

/** An orders API on App Runner, and its ECS Express Mode twin. */
export class MigrationStack extends Stack {
  /** The App Runner service, unchanged (undefined once removed). */
  public readonly service?: Service;
  /** Its ECS Express Mode twin. */
  public readonly twin: EcsExpressTwin;
  /** The bucket the application writes order documents to. */
  public readonly documents: s3.Bucket;

  /** The traffic cutover of api.example.com (undefined before it starts). */
  public readonly cutover?: DomainCutover;

  constructor(scope: Construct, id: string, props: MigrationStackProps = {}) {
    super(scope, id, props);
    const step = props.step ?? 'half';
    const at = (first: MigrationStep) => MIGRATION_STEPS.indexOf(step) >= MIGRATION_STEPS.indexOf(first);

    // --- the App Runner service as it was --------------------------------------------------
    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const database = new secretsmanager.Secret(this, 'DatabaseCredentials', {
      generateSecretString: { secretStringTemplate: '{"username":"orders"}', generateStringKey: 'password' },
    });
    this.documents = new s3.Bucket(this, 'Documents', { enforceSSL: true });
    const image = new ecrAssets.DockerImageAsset(this, 'Image', { directory: path.join(__dirname, 'docker-app') });
    const zone = route53.PublicHostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' });
    // the application's role, created here rather than by the service: it outlives the service
    // (the twin's tasks run as it), with every grant made to it
    const role = new iam.Role(this, 'OrdersRole', { assumedBy: new iam.ServicePrincipal('tasks.apprunner.amazonaws.com') });

    const serviceProps: ServiceProps = {
      source: Source.fromAsset({
        asset: image,
        imageConfiguration: {
          port: 8080,
          environmentVariables: { NODE_ENV: 'production' },
          environmentSecrets: { DB_PASSWORD: Secret.fromSecretsManager(database, 'password') },
        },
      }),
      cpu: Cpu.ONE_VCPU,
      memory: Memory.THREE_GB,
      healthCheck: HealthCheck.http({ path: '/' }),
      autoScalingConfiguration: new AutoScalingConfiguration(this, 'Scaling', { minSize: 2, maxSize: 10, maxConcurrency: 80 }),
      vpcConnector: new VpcConnector(this, 'Connector', { vpc }),
      observabilityConfiguration: new ObservabilityConfiguration(this, 'Tracing', { traceConfigurationVendor: TraceConfigurationVendor.AWSXRAY }),
      instanceRole: role,
    };
    if (!at('app-runner-removed')) {
      this.service = new Service(this, 'Orders', serviceProps);
      serverErrorAlarm(this, 'AppRunnerServerErrors', this.service);
      new CfnOutput(this, 'AppRunnerUrl', { value: `https://${this.service.serviceUrl}` });
    }
    const domain = this.service && !at('domain-removed')
      ? this.service.addCustomDomain({ domainName: 'api.example.com', hostedZone: zone })
      : undefined;

    // --- the twin: one construct ------------------------------------------------------------
    this.twin = new EcsExpressTwin(this, 'OrdersTwin', {
      // last step: the same props, without the service
      ...(this.service ? { service: this.service } : { serviceProps }),
      // App Runner served the public and sent its own traffic through the VPC connector;
      // Express Mode puts tasks and load balancer in the same subnets: public ones keep the
      // twin public (its egress then leaves through the internet gateway, not the NAT)
      subnets: vpc.publicSubnets,
    });
    // decided: the twin runs without X-Ray until the application sends OpenTelemetry traces
    Annotations.of(this.twin).acknowledgeWarning('cdk-apprunner-kit:ecsExpressTracing', 'Tracing moves to OpenTelemetry after the migration');
    serverErrorAlarm(this, 'TwinServerErrors', this.twin);

    // a grant made after the twin reaches it too: the application's role is its task role
    this.documents.grantReadWrite(role);

    // --- the cutover of api.example.com -----------------------------------------------------
    if (at('app-runner-only')) {
      this.cutover = domain
        ? new DomainCutover(this, 'ApiCutover', { twin: this.twin, customDomain: domain, split: SPLITS[step] })
        // App Runner's custom domain is gone: the twin serves the domain alone
        : new DomainCutover(this, 'ApiCutover', { twin: this.twin, domainName: 'api.example.com', hostedZone: zone, split: TrafficSplit.EXPRESS_ONLY });
    }

    new CfnOutput(this, 'TwinUrl', { value: `https://${this.twin.endpoint}` });
  }
}

/** The app: the service and its twin in one stack, at `step` (default: the context `migrationStep`, else 'half'). */
export function buildMigrationApp(app = new App(), step?: MigrationStep): App {
  const chosen = step ?? app.node.tryGetContext('migrationStep');
  if (chosen !== undefined && !MIGRATION_STEPS.includes(chosen)) throw new Error(`migrationStep must be one of ${MIGRATION_STEPS.join(', ')}, got ${chosen}`);
  new MigrationStack(app, 'Migration', { env: { account: '123456789012', region: 'eu-west-1' }, step: chosen });
  return app;
}
