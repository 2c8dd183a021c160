/**
 * Integration test (integ-runner): a public service with its own auto scaling and tracing
 * configurations, a health check, a secret and a metric alarm. After deployment the
 * assertion asks App Runner that the service is RUNNING with those configurations.
 *
 * CI runs it snapshot-only: `npx integ-runner --dry-run` (see .ci/run).
 */
import { IntegTest, ExpectedResult } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  AutoScalingConfiguration, HealthCheck, ObservabilityConfiguration, Secret, Service, Source, TraceConfigurationVendor,
} from '../src';

const app = new App();
const stack = new Stack(app, 'AppRunnerKitIntegService');
const secret = new secretsmanager.Secret(stack, 'Secret', { generateSecretString: { secretStringTemplate: '{}', generateStringKey: 'token' } });
const service = new Service(stack, 'Service', {
  source: Source.fromEcrPublic({
    imageIdentifier: 'public.ecr.aws/aws-containers/hello-app-runner:latest',
    imageConfiguration: { port: 8000, environmentSecrets: { TOKEN: Secret.fromSecretsManager(secret, 'token') } },
  }),
  autoScalingConfiguration: new AutoScalingConfiguration(stack, 'Scaling', { minSize: 1, maxSize: 2, maxConcurrency: 50 }),
  observabilityConfiguration: new ObservabilityConfiguration(stack, 'Tracing', { traceConfigurationVendor: TraceConfigurationVendor.AWSXRAY }),
  healthCheck: HealthCheck.http({ path: '/', interval: Duration.seconds(5) }),
});
new cloudwatch.Alarm(stack, 'Errors', { metric: service.metric5xxStatusResponses(), threshold: 1, evaluationPeriods: 1 });

const integ = new IntegTest(app, 'ServiceTest', { testCases: [stack] });
integ.assertions.awsApiCall('AppRunner', 'describeService', { ServiceArn: service.serviceArn })
  .expect(ExpectedResult.objectLike({ Service: { Status: 'RUNNING', HealthCheckConfiguration: { Protocol: 'HTTP', Path: '/' } } }));
