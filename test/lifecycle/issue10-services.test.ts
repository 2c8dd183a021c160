/**
 * Issue 10, service operations through whole deployments (bundled handlers, IAM enforced):
 * deploy-time values, App Runner's own rollback of a paused service, the rollback check's
 * window, StartDeployment against a busy service, the account default among old revisions,
 * deleted services and throttling.
 */
import { App, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { idsOf, IMAGE } from './fixtures';
import { useWorld } from './issue10-fixture';
import { templateOf } from './world';
import { AutoScalingConfiguration, Service, ServiceProps, Source } from '../../src';

const world = useWorld({ APPRUNNER_KIT_THROTTLE_BASE_MS: '5' });
let stacks = 0;

const next = () => world().stack(`Services${++stacks}`);

/** A stack with one service whose environment variable V is `value` (a string or deploy-time value). */
function app(props: Partial<ServiceProps>, value: (stack: Stack) => string = () => 'a', extra?: (stack: Stack) => void,
  roleDescription?: string): { template: any; service: string } {
  const stack = new Stack(new App(), 'Svc', { env: { account: '123456789012', region: 'us-east-1' } });
  const instanceRole = roleDescription === undefined ? undefined
    : new iam.Role(stack, 'InstanceRole', { assumedBy: new iam.ServicePrincipal('tasks.apprunner.amazonaws.com'), description: roleDescription });
  const service = new Service(stack, 'Svc', {
    source: Source.fromEcrPublic({ imageIdentifier: IMAGE, imageConfiguration: { port: 8000, environmentVariables: { V: value(stack) } } }),
    instanceRole,
    ...props,
  });
  extra?.(stack);
  return { template: templateOf(stack), service: stack.getLogicalId(service.cfnService) };
}

const serviceOf = (stack: ReturnType<typeof next>, id: string) => world().appRunner.services.get(stack.physicalId(id)!)!;

describe('6. deploy-time values change the service: the paused service is resumed for the update and ends paused', () => {
  test.each<[string, (stack: Stack) => string, (v: string) => { parameters?: Record<string, string> }]>([
    ['a CfnParameter', (s) => new CfnParameter(s, 'Version', { default: 'a' }).valueAsString, (v) => ({ parameters: { Version: v } })],
    ['an SSM parameter (valueForStringParameter)', (s) => ssm.StringParameter.valueForStringParameter(s, '/app/version'), (v) => { world().ssm.set('/app/version', v); return {}; }],
    ['a {{resolve:ssm:...}} reference', () => '{{resolve:ssm:/app/release}}', (v) => { world().ssm.set('/app/release', v); return {}; }],
    ['an Fn::ImportValue', () => Fn.importValue('release'), (v) => { world().exports.set('release', v); return {}; }],
  ])('%s', async (_name, value, set) => {
    const stack = next();
    const v = app({ paused: true }, value);
    expect((await stack.deploy(v.template, set('a'))).status).toBe('CREATE_COMPLETE');
    const service = serviceOf(stack, v.service);
    expect(service.status).toBe('PAUSED');
    const updated = await stack.deploy(v.template, set('b')); // the same template, another value
    expect(updated.status).toBe('UPDATE_COMPLETE');
    expect(updated.events.filter((e) => e.status === 'UPDATE_COMPLETE').map((e) => e.logicalId)).toContain(v.service);
    expect(service.status).toBe('PAUSED');
    expect(service.operations.map((o) => o.Type).slice(0, 3)).toEqual(['PAUSE_SERVICE', 'UPDATE_SERVICE', 'RESUME_SERVICE']);
    await stack.destroy();
  });
});

test('11. App Runner rolls the update of a paused service back: the rollback check fails the deployment, the service ends paused (both rollback orders)', async () => {
  for (const rollbackOrder of ['reverse', 'dependencies-first'] as const) {
    const stack = next();
    const v1 = app({ paused: true, failOnRollback: true });
    await stack.deploy(v1.template);
    world().appRunner.planOutcome('UPDATE_SERVICE', 'ROLLBACK_SUCCEEDED');
    const failed = await stack.deploy(app({ paused: true, failOnRollback: true }, () => 'b').template, { rollbackOrder });
    expect(failed.reason).toMatch(/\(UPDATE_SERVICE\) ended ROLLBACK_SUCCEEDED .*: the deployment was rolled back or failed/);
    expect(failed.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(serviceOf(stack, v1.service).status).toBe('PAUSED');
    await stack.destroy();
  }
  expect(world().denials).toEqual([]);
});

test('10. the rollback check judges only this deployment: an older rolled-back auto deployment, and a change without an App Runner operation, pass', async () => {
  const stack = next();
  const v1 = app({ failOnRollback: true }, () => 'a', undefined, 'a');
  await stack.deploy(v1.template);
  const service = serviceOf(stack, v1.service);
  // an automatic deployment (an image push) that App Runner rolled back, before this deployment
  world().appRunner.planOutcome('START_DEPLOYMENT', 'ROLLBACK_SUCCEEDED');
  world().appRunner.startOperation(service, 'START_DEPLOYMENT');
  for (let i = 0; i < 3; i++) world().appRunner.observe(service.arn);
  expect(service.operations[0].Status).toBe('ROLLBACK_SUCCEEDED');
  // a minute before this deployment (the check allows 5 s of clock skew)
  service.operations[0].StartedAt -= 60_000;
  service.operations[0].EndedAt! -= 60_000;
  // a change CloudFormation applies without touching App Runner: the description of the
  // instance role the service references (its ConfigHash, which the check carries, changes)
  const v2 = app({ failOnRollback: true }, () => 'a', undefined, 'b');
  const mark = service.operations.length;
  const updated = await stack.deploy(v2.template);
  expect(updated.reason).toBeUndefined();
  expect(updated.status).toBe('UPDATE_COMPLETE');
  expect(service.operations.length).toBe(mark); // no App Runner operation
  const [check] = idsOf(v2.template, 'Custom::AppRunnerRollbackCheck');
  expect(world().customResourceRequests.filter((q) => q.stack === stack.name && q.logicalId === check).map((q) => `${q.requestType} ${q.ok}`)).toEqual(['Create true', 'Update true']);
  await stack.destroy();
});

test('12. a redeploy that meets another operation: StartDeployment is refused (InvalidRequestException), waited for and retried', async () => {
  const stack = next();
  const v1 = app({ redeploy: 'v1' });
  await stack.deploy(v1.template);
  const service = serviceOf(stack, v1.service);
  // someone else's update starts right between the handler's DescribeService and its StartDeployment
  const handle = world().appRunner.handle.bind(world().appRunner);
  let raced = false;
  const spy = jest.spyOn(world().appRunner, 'handle').mockImplementation((operation: string, input: any) => {
    if (operation === 'StartDeployment' && !raced) {
      raced = true;
      world().appRunner.startOperation(service, 'UPDATE_SERVICE');
    }
    return handle(operation, input);
  });
  try {
    const updated = await stack.deploy(app({ redeploy: 'v2' }).template);
    expect(updated.reason).toBeUndefined();
    expect(updated.status).toBe('UPDATE_COMPLETE');
  } finally {
    spy.mockRestore();
  }
  expect(raced).toBe(true);
  expect(service.operations.map((o) => `${o.Type} ${o.Status}`).slice(0, 2)).toEqual(['START_DEPLOYMENT SUCCEEDED', 'UPDATE_SERVICE SUCCEEDED']);
  await stack.destroy();
});

test('13. the account default is an older revision: it is found (LatestOnly false), remembered and restored', async () => {
  const configs = world().appRunner.autoScalingConfigurations;
  const saved = configs.map((c) => ({ ...c }));
  configs.forEach((c) => { c.isDefault = false; });
  const team1 = world().appRunner.createAutoScalingConfiguration('team');
  world().appRunner.createAutoScalingConfiguration('team'); // revision 2, not the default
  configs.find((c) => c.arn === team1.arn)!.isDefault = true;
  const stack = next();
  const template = (() => {
    const s = new Stack(new App(), 'Asc', { env: { account: '123456789012', region: 'us-east-1' } });
    new AutoScalingConfiguration(s, 'Ours', { autoScalingConfigurationName: 'ours-default', maxSize: 5, isDefault: true });
    return templateOf(s);
  })();
  expect((await stack.deploy(template)).status).toBe('CREATE_COMPLETE');
  expect(configs.filter((c) => c.isDefault).map((c) => c.arn.split('/')[1])).toEqual(['ours-default']);
  expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
  expect(configs.filter((c) => c.isDefault).map((c) => c.arn)).toEqual([team1.arn]);
  configs.length = 0;
  configs.push(...saved);
});

test('14. a service deleted outside CloudFormation: the redeploy fails at once with a clear message, not at the timeout', async () => {
  const stack = next();
  const v1 = app({ redeploy: 'v1', paused: false });
  await stack.deploy(v1.template);
  const service = serviceOf(stack, v1.service);
  service.status = 'DELETED';
  const mark = world().appRunner.calls.length;
  const failed = await stack.deploy(app({ redeploy: 'v2', paused: false }).template);
  expect(failed.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  expect(failed.reason).toMatch(new RegExp(`App Runner service ${service.arn} is DELETED`));
  expect(world().appRunner.calls.length - mark).toBeLessThan(20); // no polling until a timeout
  world().appRunner.services.delete(service.arn);
  await stack.destroy();
});

test('15. throttling beyond the SDK\'s retries (7 throttled calls in a row) never fails a deployment', async () => {
  const stack = next();
  const v1 = app({ paused: true, failOnRollback: true, redeploy: 'v1' });
  expect((await stack.deploy(v1.template)).status).toBe('CREATE_COMPLETE');
  world().appRunner.throttle(7); // the SDK makes 5 attempts per call (AWS_MAX_ATTEMPTS): beyond them
  const updated = await stack.deploy(app({ paused: true, failOnRollback: true, redeploy: 'v2' }, () => 'b').template);
  expect(updated.status).toBe('UPDATE_COMPLETE');
  expect(serviceOf(stack, v1.service).status).toBe('PAUSED');
  await stack.destroy();
}, 60_000);

test('15. throttled Route 53 and CloudFormation calls (6 in a row each, beyond the SDK\'s 5 attempts) never fail a deployment with a custom domain', async () => {
  const stack = next();
  const v1 = app({ paused: true }, () => 'a', (s) => {
    const zone = new route53.PublicHostedZone(s, 'Zone', { zoneName: 'example.com' });
    (s.node.findChild('Svc') as Service).addCustomDomain({ domainName: 'api.example.com', hostedZone: zone, enableWwwSubdomain: false });
  });
  world().aws.throttleNext('cloudformation', 6);
  world().aws.throttleNext('route53', 6);
  const created = await stack.deploy(v1.template);
  expect(created.reason).toBeUndefined();
  expect(created.status).toBe('CREATE_COMPLETE');
  const service = serviceOf(stack, v1.service);
  expect(service.domains.map((d) => `${d.DomainName} ${d.Status}`)).toEqual(['api.example.com active']);
  expect(service.status).toBe('PAUSED');
  expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
}, 60_000);
