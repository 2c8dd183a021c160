import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
/**
 * Issue 11 point 5: the CloudFormation resources a fully-featured service adds to a stack
 * (CloudFormation allows 500 per stack), reported in the README ("Scale of one stack"). A change
 * here is a change of that table: keep it lean.
 */
import { AutoScalingConfiguration, ObservabilityConfiguration, Service, Source, TraceConfigurationVendor, VpcConnector } from '../src';
import { realisticPolicySize } from './support/util';
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
  'AWS::IAM::Role': 3, // instance role, run schedule role, the custom domains' domain role
  'AWS::IAM::Policy': 1, // the run schedule role's
  'AWS::IAM::RolePolicy': 1, // the domain role's policy for the hosted zone
  'AWS::Scheduler::Schedule': 2, // pause, resume
  'Custom::AppRunnerPreUpdateResume': 1,
  'Custom::AppRunnerDeployment': 1,
  'Custom::AppRunnerRollbackCheck': 1,
  'Custom::AppRunnerCustomDomain': 1,
};

const PER_STACK: Record<string, number> = {
  'AWS::Lambda::Function': 5, // onEvent, isComplete, the Provider framework's three
  'AWS::IAM::Role': 6, // theirs, and the waiter state machine's
  'AWS::IAM::Policy': 7, // the roles' default policies, the handlers' AssumeDomainRoles (with custom domains)
  'AWS::IAM::ManagedPolicy': 1, // the service grants (20 services each)
  'AWS::Logs::LogGroup': 3,
  'AWS::StepFunctions::StateMachine': 1,
};

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

test('a fully-featured service adds 16 resources; the stack\'s operations provider 23 once', () => {
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
  expect(sum(PER_STACK)).toBe(23);
  expect(one.total).toBe(39);
  // CloudFormation's 500 resources per stack: 29 such services
  expect(Math.floor((500 - sum(PER_STACK)) / sum(PER_SERVICE))).toBe(29);
});

test('a plain service adds the service and its instance role only', () => {
  const stack = new Stack(new App(), 'Plain', { env: { account: '123456789012', region: 'us-east-1' } });
  new Service(stack, 'Svc', { source: Source.fromEcrPublic({ imageIdentifier: 'public.ecr.aws/aws-containers/hello-app-runner:latest', imageConfiguration: { port: 8000 } }) });
  const types = Object.values<any>(Template.fromStack(stack).toJSON().Resources).map((r) => r.Type).sort();
  expect(types).toEqual(['AWS::AppRunner::Service', 'AWS::IAM::Role']);
});

/**
 * Issue 11 point 5: custom domains on 100 services in one stack (they were limited to 12 by the
 * handler roles' inline policies). Each service's domain role holds its own policies; the handler
 * roles only get `sts:AssumeRole` by name prefix. Every policy is resolved with realistic (long)
 * values and checked against IAM's limits.
 */
describe('custom domains on 100 services in one stack', () => {
  const N = 100;
  /** The template of `N` services with a custom domain each, in 4 hosted zones (or none). */
  const build100 = (withZones: boolean) => {
    const stack = new Stack(new App(), 'Domains', { env: { account: '123456789012', region: 'ap-southeast-1' } });
    const zones = [0, 1, 2, 3].map((z) =>
      route53.PublicHostedZone.fromHostedZoneAttributes(stack, `Zone${z}`, { hostedZoneId: `Z${z}${'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123'}`, zoneName: `zone${z}.example.com` }));
    // with hosted zones a service adds 5 resources with its own instance role: 100 fit with a shared one
    const instanceRole = withZones ? new iam.Role(stack, 'SharedInstanceRole', { assumedBy: new iam.ServicePrincipal('tasks.apprunner.amazonaws.com') }) : undefined;
    for (let i = 0; i < N; i++) {
      const s = new Service(stack, `Svc${i}`, {
        serviceName: `platform-service-${String(i).padStart(3, '0')}-abcdefghijklmn`,
        source: Source.fromEcrPublic({ imageIdentifier: 'public.ecr.aws/aws-containers/hello-app-runner:latest', imageConfiguration: { port: 8000 } }),
        instanceRole,
      });
      const zone = zones[i % 4];
      s.addCustomDomain({ domainName: `service-${i}.${zone.zoneName}`, hostedZone: withZones ? zone : undefined });
    }
    return Template.fromStack(stack).toJSON();
  };

  test.each([[true], [false]])('with hosted zones: %s - every role within IAM\'s inline and managed policy limits, the stack within 500 resources', (withZones) => {
    const template = build100(withZones);
    const resources = Object.entries<any>(template.Resources);
    const count = (type: string) => resources.filter(([, r]) => r.Type === type).length;
    const domainRoles = resources.filter(([, r]) => r.Type === 'AWS::IAM::Role' && r.Properties.Path === '/cdk-apprunner-kit/');
    expect(domainRoles).toHaveLength(N);
    expect(count('Custom::AppRunnerCustomDomain')).toBe(N);
    // inline characters per role: the role's own Policies, the AWS::IAM::Policy resources naming it, its AWS::IAM::RolePolicy resources
    const sizes = new Map<string, number>();
    const add = (roleId: string, doc: unknown) => sizes.set(roleId, (sizes.get(roleId) ?? 0) + realisticPolicySize(doc));
    for (const [id, r] of resources) {
      if (r.Type === 'AWS::IAM::Role') for (const p of r.Properties.Policies ?? []) add(id, p.PolicyDocument);
      if (r.Type === 'AWS::IAM::Policy') for (const role of r.Properties.Roles) add(role.Ref, r.Properties.PolicyDocument);
      if (r.Type === 'AWS::IAM::RolePolicy') add(r.Properties.RoleName.Ref, r.Properties.PolicyDocument);
    }
    const largest = Math.max(...sizes.values());
    expect(largest).toBeLessThanOrEqual(10240);
    // managed policies: none on the domain roles; the handler roles keep their slots for the service grants
    for (const [, r] of domainRoles) expect(r.Properties.ManagedPolicyArns).toBeUndefined();
    expect(count('AWS::IAM::ManagedPolicy')).toBe(0);
    // each role's name within IAM's 64 characters once resolved: apprunner-kit-, 8 characters of the stack ID, -, a 32-character service ID
    for (const [, r] of domainRoles) expect(r.Properties.RoleName['Fn::Join'][1].slice(0, 3)).toEqual(['apprunner-kit-', expect.anything(), '-']);
    // resources: 4 per service (the service, the custom domain, the domain role, and its zone policy or the service's instance role),
    // the provider's 22 (no service grants), the shared instance role
    expect(resources.length).toBe(22 + (withZones ? 1 : 0) + N * 4);
    expect(resources.length).toBeLessThanOrEqual(500);
    // 2026-12-01: the largest inline policies of a role: 1,236 characters (a handler role's default policy); each domain role less
    if (process.env.PRINT_SIZE) console.log(`largest ${largest}`);
  });
});
