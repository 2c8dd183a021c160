/**
 * Integration test (integ-runner): a service that is paused after deployment, redeployed when
 * its trigger changes and fails the stack when App Runner rolls back; one provider serves
 * both services. The assertions ask App Runner that the first service is PAUSED and the
 * second RUNNING.
 */
import { IntegTest, ExpectedResult } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { Service, Source } from '../src';

const app = new App();
const stack = new Stack(app, 'AppRunnerKitIntegOperations');
const source = () => Source.fromEcrPublic({ imageIdentifier: 'public.ecr.aws/aws-containers/hello-app-runner:latest', imageConfiguration: { port: 8000 } });
const paused = new Service(stack, 'Paused', { source: source(), paused: true, failOnRollback: true });
const running = new Service(stack, 'Running', { source: source(), paused: false, redeploy: 'build-1', failOnRollback: true });

const integ = new IntegTest(app, 'OperationsTest', { testCases: [stack] });
integ.assertions.awsApiCall('AppRunner', 'describeService', { ServiceArn: paused.serviceArn })
  .expect(ExpectedResult.objectLike({ Service: { Status: 'PAUSED' } }));
integ.assertions.awsApiCall('AppRunner', 'describeService', { ServiceArn: running.serviceArn })
  .expect(ExpectedResult.objectLike({ Service: { Status: 'RUNNING' } }));
