import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
/**
 * Issue 11 point 5: the CloudFormation resources a fully-featured service adds to a stack
 * (CloudFormation allows 500 per stack), reported in the README ("Scale of one stack"). A change
 * here is a change of that table: keep it lean.
 */
import { AutoScalingConfiguration, ObservabilityConfiguration, Service, Source, TraceConfigurationVendor, VpcConnector } from '../src';
/** A stack of `n` services with every feature: redeploy, failOnRollback, a run schedule, a custom domain in Route 53, own auto scaling and observability configurations, a VPC connector. */
function build(n: number): { total: number; by: Record<string, number> } {
  const stack = new Stack(new App(), 'S', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-1'], vpcCidrBlock: '10.0.0.0/16' });
  const zone = route53.PublicHostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: 'example.com' });
  for (let i = 0; i < n; i++) {
    const s = new Service(stack, `Svc${i}`, {
      source: Source.fromEcrPublic({ imageIdentifier: 'public.ecr.aws/aws-containers/hello-app-runner:latest', imageConfiguration: { port: 8000 } }),
      redeploy: 'v1',
      failOnRollback: true,
      autoScalingConfiguration: new AutoScalingConfiguration(stack, `Asc${i}`, { maxSize: 5 }),
      observabilityConfiguration: new ObservabilityConfiguration(stack, `Obs${i}`, { traceConfigurationVendor: TraceConfigurationVendor.AWSXRAY }),
      vpcConnector: new VpcConnector(stack, `Conn${i}`, { vpc }),
    });
    s.addCustomDomain({ domainName: `d${i}.example.com`, hostedZone: zone });
    s.addRunSchedule({ pause: scheduler.ScheduleExpression.rate(Duration.days(1)), resume: scheduler.ScheduleExpression.rate(Duration.days(1)) });
  }
  const r = Template.fromStack(stack).toJSON().Resources;
  const by: Record<string, number> = {};
  for (const x of Object.values<any>(r)) by[x.Type] = (by[x.Type] ?? 0) + 1;
  return { total: Object.keys(r).length, by };
}
const PER_SERVICE: Record<string, number> = {
  'AWS::AppRunner::Service': 1,
  'AWS::AppRunner::AutoScalingConfiguration': 1,
  'AWS::AppRunner::ObservabilityConfiguration': 1,
  'AWS::AppRunner::VpcConnector': 1,
  'AWS::EC2::SecurityGroup': 1, // the connector's
  'AWS::IAM::Role': 2, // instance role, run schedule role
  'AWS::IAM::Policy': 1, // the run schedule role's
  'AWS::IAM::RolePolicy': 2, // the custom domain's service policy, on both handler roles
  'AWS::Scheduler::Schedule': 2, // pause, resume
  'Custom::AppRunnerPreUpdateResume': 1,
  'Custom::AppRunnerDeployment': 1,
  'Custom::AppRunnerRollbackCheck': 1,
  'Custom::AppRunnerCustomDomain': 1,
};

const PER_STACK: Record<string, number> = {
  'AWS::Lambda::Function': 5, // onEvent, isComplete, the Provider framework's three
  'AWS::IAM::Role': 6, // theirs, and the waiter state machine's
  'AWS::IAM::Policy': 6, // the roles' default policies
  'AWS::IAM::ManagedPolicy': 1, // the service grants (20 services each)
  'AWS::IAM::RolePolicy': 2, // the hosted zone's policy, on both handler roles
  'AWS::Logs::LogGroup': 3,
  'AWS::StepFunctions::StateMachine': 1,
};

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

test('a fully-featured service adds 16 resources; the stack\'s operations provider 24 once', () => {
  const one = build(1);
  const two = build(2);
  const added: Record<string, number> = {};
  for (const [type, count] of Object.entries(two.by)) if (count !== one.by[type]) added[type] = count - (one.by[type] ?? 0);
  expect(added).toEqual(PER_SERVICE);
  expect(sum(PER_SERVICE)).toBe(16);
  const shared = Object.fromEntries(Object.entries(one.by)
    .map(([type, count]) => [type, count - (PER_SERVICE[type] ?? 0)])
    .filter(([, count]) => count !== 0));
  expect(shared).toEqual(PER_STACK);
  expect(sum(PER_STACK)).toBe(24);
  expect(one.total).toBe(40);
  // CloudFormation's 500 resources per stack: 29 such services
  expect(Math.floor((500 - sum(PER_STACK)) / sum(PER_SERVICE))).toBe(29);
});

test('a plain service adds the service and its instance role only', () => {
  const stack = new Stack(new App(), 'Plain', { env: { account: '123456789012', region: 'us-east-1' } });
  new Service(stack, 'Svc', { source: Source.fromEcrPublic({ imageIdentifier: 'public.ecr.aws/aws-containers/hello-app-runner:latest', imageConfiguration: { port: 8000 } }) });
  const types = Object.values<any>(Template.fromStack(stack).toJSON().Resources).map((r) => r.Type).sort();
  expect(types).toEqual(['AWS::AppRunner::Service', 'AWS::IAM::Role']);
});
