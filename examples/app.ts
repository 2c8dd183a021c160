/**
 * An App Runner deployment a user would copy: every construct of cdk-apprunner-kit in two stacks.
 *
 *   npm run example      # synthesizes into cdk.out/ and prints a summary
 *
 * In your own project, import from 'cdk-apprunner-kit' instead of '../src'.
 */
import * as path from 'path';
import { App, CfnOutput, Duration, Stack, StackProps, TimeZone, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import {
  AutoScalingConfiguration, Cpu, HealthCheck, Memory, NagAcknowledgements, ObservabilityConfiguration, Secret, Service, Source,
  TraceConfigurationVendor, VpcConnector, VpcIngressConnection,
} from '../src';

/**
 * A public web service built from a local Dockerfile, with its own scaling, tracing, an
 * alarm on 5xx responses, a WAF web ACL, a custom domain with its DNS records in Route 53,
 * a redeploy on every new image and a stack that fails when App Runner rolls back; plus a
 * staging service from ECR Public that is paused outside office hours.
 */
export class WebStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const scaling = new AutoScalingConfiguration(this, 'Scaling', {
      autoScalingConfigurationName: 'web-scaling',
      minSize: 1,
      maxSize: 5,
      maxConcurrency: 80,
    });
    const tracing = new ObservabilityConfiguration(this, 'Tracing', {
      observabilityConfigurationName: 'web-tracing',
      traceConfigurationVendor: TraceConfigurationVendor.AWSXRAY,
    });
    const apiKey = new secretsmanager.Secret(this, 'ApiKey', {
      generateSecretString: { secretStringTemplate: '{}', generateStringKey: 'key' },
    });
    Validations.of(apiKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'An API key issued to a partner: it is rotated by hand together with the partner, not on a schedule.',
    });

    const image = new ecrAssets.DockerImageAsset(this, 'Image', { directory: path.join(__dirname, 'docker-app') });
    const web = new Service(this, 'Web', {
      source: Source.fromAsset({
        asset: image,
        imageConfiguration: {
          port: 8080,
          environmentVariables: { NODE_ENV: 'production' },
          environmentSecrets: { API_KEY: Secret.fromSecretsManager(apiKey, 'key') },
        },
      }),
      cpu: Cpu.HALF_VCPU,
      memory: Memory.ONE_GB,
      healthCheck: HealthCheck.http({ path: '/', interval: Duration.seconds(10) }),
      autoScalingConfiguration: scaling,
      observabilityConfiguration: tracing,
      redeploy: image.assetHash, // a new image under the same tag is deployed too
      failOnRollback: true, // the stack fails (and rolls back) when App Runner rolls back
      paused: false, // true: paused at the end of the next deployment; configuration changes still deploy
    });

    // api.example.com: associated, validation and CNAME records written, deploy waits for ACTIVE
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' });
    web.addCustomDomain({ domainName: 'api.example.com', hostedZone: zone, enableWwwSubdomain: false });

    // operators may pause, resume and redeploy it
    const operators = new iam.Role(this, 'Operators', { assumedBy: new iam.AccountRootPrincipal() });
    web.grantOperate(operators);

    new cloudwatch.Alarm(this, 'Web5xx', {
      metric: web.metric5xxStatusResponses({ period: Duration.minutes(1) }),
      threshold: 10,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: 'More than 10 server errors a minute for 3 minutes',
    });

    const acl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'web-acl', sampledRequestsEnabled: true },
      rules: [{
        name: 'aws-common',
        priority: 0,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' } },
        visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'aws-common', sampledRequestsEnabled: true },
      }],
    });
    web.associateWebAcl(acl.attrArn);

    const staging = new Service(this, 'Staging', {
      source: Source.fromEcrPublic({
        imageIdentifier: 'public.ecr.aws/aws-containers/hello-app-runner:latest',
        imageConfiguration: { port: 8000 },
      }),
      cpu: Cpu.QUARTER_VCPU,
      memory: Memory.HALF_GB,
    });
    // paused outside office hours; deployments at any hour resume it for the update and pause it again
    const officeHours = { weekDay: 'MON-FRI', minute: '0', timeZone: TimeZone.EUROPE_BERLIN };
    staging.addRunSchedule({
      pause: scheduler.ScheduleExpression.cron({ ...officeHours, hour: '19' }),
      resume: scheduler.ScheduleExpression.cron({ ...officeHours, hour: '7' }),
    });

    new CfnOutput(this, 'WebUrl', { value: `https://${web.serviceUrl}` });
    new CfnOutput(this, 'StagingUrl', { value: `https://${staging.serviceUrl}` });
  }
}

/**
 * A private service: egress through a VPC connector, ingress only from inside the VPC
 * through a VPC ingress connection (which creates the App Runner interface endpoint).
 */
export class PrivateStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 0 });
    vpc.addFlowLog('FlowLog');
    const connector = new VpcConnector(this, 'Connector', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      vpcConnectorName: 'internal-connector',
    });

    const internal = new Service(this, 'Internal', {
      source: Source.fromEcrPublic({
        imageIdentifier: 'public.ecr.aws/aws-containers/hello-app-runner:latest',
        imageConfiguration: { port: 8000 },
      }),
      vpcConnector: connector,
      isPubliclyAccessible: false,
      healthCheck: HealthCheck.tcp(),
    });

    const ingress = new VpcIngressConnection(this, 'Ingress', {
      vpc,
      service: internal,
      vpcIngressConnectionName: 'internal-ingress',
    });

    new CfnOutput(this, 'InternalDomain', { value: ingress.domainName });
  }
}

/** Build the example app (used by `npm run example` and by the snapshot test). */
export function buildExampleApp(app: App): App {
  const env = {
    account: process.env.CDK_DEFAULT_ACCOUNT ?? '123456789012',
    region: process.env.CDK_DEFAULT_REGION ?? 'us-east-1',
  };
  new WebStack(app, 'AppRunnerKitWeb', { env });
  new PrivateStack(app, 'AppRunnerKitPrivate', { env });
  // cdk-nag: the library acknowledges none of its findings on its own. Our security team
  // reviewed the list (NagAcknowledgements.list(app): each finding with its reason) and
  // decided to accept them, so they are written for every stack of the app at synthesis.
  NagAcknowledgements.acknowledge(app);
  return app;
}

if (require.main === module) {
  buildExampleApp(new App()).synth();
}
