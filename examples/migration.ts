/**
 * Moving to Amazon ECS Express Mode (issue 13, part 1): an App Runner service as it exists today,
 * and its ECS Express Mode twin, created from the same definition and running side by side.
 * The same alarm code watches both. Traffic still goes to App Runner; moving a custom domain
 * over comes later.
 *
 * Synthesized by test/example-migration.test.ts. In your own project, import from
 * 'cdk-apprunner-kit' instead of '../src'.
 */
import * as path from 'path';
import { Annotations, App, CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  AutoScalingConfiguration, Cpu, EcsExpressTwin, HealthCheck, Memory, ObservabilityConfiguration, Secret, Service, Source,
  TraceConfigurationVendor, VpcConnector,
} from '../src';

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
  /** The App Runner service, unchanged. */
  public readonly service: Service;
  /** Its ECS Express Mode twin. */
  public readonly twin: EcsExpressTwin;
  /** The bucket the application writes order documents to. */
  public readonly documents: s3.Bucket;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // --- the App Runner service as it was --------------------------------------------------
    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const database = new secretsmanager.Secret(this, 'DatabaseCredentials', {
      generateSecretString: { secretStringTemplate: '{"username":"orders"}', generateStringKey: 'password' },
    });
    this.documents = new s3.Bucket(this, 'Documents', { enforceSSL: true });
    const image = new ecrAssets.DockerImageAsset(this, 'Image', { directory: path.join(__dirname, 'docker-app') });

    this.service = new Service(this, 'Orders', {
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
    });
    serverErrorAlarm(this, 'AppRunnerServerErrors', this.service);

    // --- the twin: one construct ------------------------------------------------------------
    this.twin = new EcsExpressTwin(this, 'OrdersTwin', {
      service: this.service,
      // App Runner served the public and sent its own traffic through the VPC connector;
      // Express Mode puts tasks and load balancer in the same subnets: public ones keep the
      // twin public (its egress then leaves through the internet gateway, not the NAT)
      subnets: vpc.publicSubnets,
    });
    // decided: the twin runs without X-Ray until the application sends OpenTelemetry traces
    Annotations.of(this.twin).acknowledgeWarning('cdk-apprunner-kit:ecsExpressTracing', 'Tracing moves to OpenTelemetry after the migration');
    serverErrorAlarm(this, 'TwinServerErrors', this.twin);

    // a grant made after the twin reaches it too: the instance role is its task role
    this.documents.grantReadWrite(this.service);

    new CfnOutput(this, 'AppRunnerUrl', { value: `https://${this.service.serviceUrl}` });
    new CfnOutput(this, 'TwinUrl', { value: `https://${this.twin.endpoint}` });
  }
}

/** The app: the service and its twin in one stack. */
export function buildMigrationApp(app = new App()): App {
  new MigrationStack(app, 'Migration', { env: { account: '123456789012', region: 'eu-west-1' } });
  return app;
}
