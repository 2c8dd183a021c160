/**
 * Integration test (integ-runner): a private service with a VPC connector for egress and a
 * VPC ingress connection (with the interface endpoint it creates) for ingress. The assertion
 * asks App Runner that the ingress connection is AVAILABLE.
 */
import { IntegTest, ExpectedResult } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Service, Source, VpcConnector, VpcIngressConnection } from '../src';

const app = new App();
const stack = new Stack(app, 'AppRunnerKitIntegVpc');
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
const service = new Service(stack, 'Service', {
  source: Source.fromEcrPublic({ imageIdentifier: 'public.ecr.aws/aws-containers/hello-app-runner:latest', imageConfiguration: { port: 8000 } }),
  vpcConnector: new VpcConnector(stack, 'Connector', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }),
  isPubliclyAccessible: false,
});
const ingress = new VpcIngressConnection(stack, 'Ingress', { vpc, service });

const integ = new IntegTest(app, 'VpcTest', { testCases: [stack] });
integ.assertions.awsApiCall('AppRunner', 'describeVpcIngressConnection', { VpcIngressConnectionArn: ingress.vpcIngressConnectionArn })
  .expect(ExpectedResult.objectLike({ VpcIngressConnection: { Status: 'AVAILABLE' } }));
