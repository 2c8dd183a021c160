/**
 * Integration test (integ-runner): a custom domain without a Route 53 zone (the validation
 * records and DNS target become outputs). Set the context value `domainName` to a domain you
 * control when you run it. The assertion asks App Runner that the domain is associated.
 */
import { IntegTest, ExpectedResult, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { CustomDomain, Service, Source } from '../src';

const app = new App();
const stack = new Stack(app, 'AppRunnerKitIntegCustomDomain');
const domainName = app.node.tryGetContext('domainName') ?? 'integ.example.com';
const service = new Service(stack, 'Service', {
  source: Source.fromEcrPublic({ imageIdentifier: 'public.ecr.aws/aws-containers/hello-app-runner:latest', imageConfiguration: { port: 8000 } }),
});
new CustomDomain(stack, 'Domain', { service, domainName, enableWwwSubdomain: false });

const integ = new IntegTest(app, 'CustomDomainTest', { testCases: [stack] });
integ.assertions.awsApiCall('AppRunner', 'describeCustomDomains', { ServiceArn: service.serviceArn })
  .expect(ExpectedResult.objectLike({ CustomDomains: Match.arrayWith([Match.objectLike({ DomainName: domainName })]) }));
