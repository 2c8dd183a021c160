/**
 * Issue 12 part 1: a service's tags updated in place (`tagsInPlace`). Whole deployments on the
 * bundled handlers with IAM enforced: a tag added, changed and removed without replacing the
 * service; a tag set by someone else survives; a failed deployment's rollback restores the
 * previous tags (both rollback orders); turning the opt-in on for a tagged service with
 * `creationTags` keeps it; a paused service is tagged too.
 */
import { App, CfnResource, Stack, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { evaluate, policiesOfRole } from './iam';
import { IMAGE, useWorld } from './issue10-fixture';
import { LifecycleStack } from './stack';
import { Template } from './template';
import { templateOf } from './world';
import {
  AutoScalingConfiguration, ObservabilityConfiguration, Service, Source, TraceConfigurationVendor, VpcConnector, VpcIngressConnection,
} from '../../src';

const world = useWorld();
let stacks = 0;
const next = () => world().stack(`Tags${++stacks}`);

interface Spec {
  readonly tags?: Record<string, string>;
  readonly tagsInPlace?: boolean;
  readonly creationTags?: Record<string, string>;
  readonly paused?: boolean;
  readonly fault?: boolean;
}

/** A service with these tags (applied with Tags.of() on the stack); its logical id. */
function app(spec: Spec): { template: Template; service: string } {
  const stack = new Stack(new App(), 'Tagged', { env: { account: '123456789012', region: 'us-east-1' } });
  const service = new Service(stack, 'Web', {
    source: Source.fromEcrPublic({ imageIdentifier: IMAGE }),
    tagsInPlace: spec.tagsInPlace ?? true,
    creationTags: spec.creationTags,
    paused: spec.paused,
  });
  for (const [key, value] of Object.entries(spec.tags ?? {})) Tags.of(stack).add(key, value);
  if (spec.fault) new CfnResource(stack, 'Fault', { type: 'Custom::HarnessFault', properties: { Fail: 'true' } }).node.addDependency(service);
  return { template: templateOf(stack), service: stack.getLogicalId(service.cfnService) };
}

const liveTags = (stack: LifecycleStack, service: string) => ({ ...world().appRunner.services.get(stack.physicalId(service)!)!.tags });

test('a tag added, changed and removed: the service is updated in place (same ARN), only its tags change', async () => {
  const stack = next();
  const v1 = app({ tags: { team: 'a' } });
  expect((await stack.deploy(v1.template)).status).toBe('CREATE_COMPLETE');
  const arn = stack.physicalId(v1.service);
  expect(liveTags(stack, v1.service)).toEqual({ team: 'a' });
  const denials = world().denials.length;

  expect((await stack.deploy(app({ tags: { 'team': 'a', 'cost-center': 'x' } }).template)).status).toBe('UPDATE_COMPLETE');
  expect(liveTags(stack, v1.service)).toEqual({ 'team': 'a', 'cost-center': 'x' });
  expect((await stack.deploy(app({ tags: { 'team': 'b', 'cost-center': 'x' } }).template)).status).toBe('UPDATE_COMPLETE');
  expect(liveTags(stack, v1.service)).toEqual({ 'team': 'b', 'cost-center': 'x' });
  expect((await stack.deploy(app({ tags: { 'cost-center': 'x' } }).template)).status).toBe('UPDATE_COMPLETE');
  expect(liveTags(stack, v1.service)).toEqual({ 'cost-center': 'x' });

  expect(stack.physicalId(v1.service)).toBe(arn);
  expect(world().appRunner.services.size).toBe(1);
  expect(world().denials.slice(denials)).toEqual([]);
  expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
});

test('a tag set by someone else survives every update, also the removal of all of the stack\'s tags', async () => {
  const stack = next();
  const v1 = app({ tags: { team: 'a' } });
  await stack.deploy(v1.template);
  const live = world().appRunner.services.get(stack.physicalId(v1.service)!)!;
  live.tags = { ...live.tags, 'owner': 'someone-else', 'aws:cloudformation:stack-name': 'Tags' };

  expect((await stack.deploy(app({ tags: { team: 'b' } }).template)).status).toBe('UPDATE_COMPLETE');
  expect(liveTags(stack, v1.service)).toEqual({ 'team': 'b', 'owner': 'someone-else', 'aws:cloudformation:stack-name': 'Tags' });
  expect((await stack.deploy(app({}).template)).status).toBe('UPDATE_COMPLETE');
  expect(liveTags(stack, v1.service)).toEqual({ 'owner': 'someone-else', 'aws:cloudformation:stack-name': 'Tags' });
  expect(world().denials).toEqual([]);
  await stack.destroy();
});

test.each(['reverse', 'dependencies-first'] as const)('a failed deployment rolled back (%s): the previous tags are back, on the same service', async (rollbackOrder) => {
  const stack = next();
  const v1 = app({ tags: { team: 'a', old: 'o' } });
  await stack.deploy(v1.template);
  const arn = stack.physicalId(v1.service);
  const denials = world().denials.length;

  const failed = await stack.deploy(app({ tags: { team: 'b', added: 'n' }, fault: true }).template, { rollbackOrder });
  expect(failed.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  expect(failed.reason).toMatch(/HarnessFault/);
  expect(failed.events.filter((e) => /FAILED/.test(e.status) && e.logicalId !== 'Fault')).toEqual([]);
  expect(liveTags(stack, v1.service)).toEqual({ team: 'a', old: 'o' });
  expect(stack.physicalId(v1.service)).toBe(arn);
  // the tags were changed, then changed back by the rollback's Update (not left unchanged)
  const tagsId = Object.entries(v1.template.Resources).find(([, r]) => r.Type === 'Custom::AppRunnerTags')![0];
  expect(world().customResourceRequests.filter((q) => q.stack === stack.name && q.logicalId === tagsId).map((q) => `${q.requestType} ${q.phase} ${q.ok}`))
    .toEqual(['Create CREATE_IN_PROGRESS true', 'Update UPDATE_IN_PROGRESS true', 'Update UPDATE_ROLLBACK_IN_PROGRESS true']);
  expect(world().denials.slice(denials)).toEqual([]);
  await stack.destroy();
});

test('turning tagsInPlace on for a tagged service, with creationTags as it was created: not replaced; then its tags change in place', async () => {
  const stack = next();
  const v1 = app({ tags: { team: 'a' }, tagsInPlace: false });
  await stack.deploy(v1.template);
  const arn = stack.physicalId(v1.service);

  const v2 = app({ tags: { team: 'a' }, tagsInPlace: true, creationTags: { team: 'a' } });
  expect((await stack.deploy(v2.template)).status).toBe('UPDATE_COMPLETE');
  expect(stack.physicalId(v1.service)).toBe(arn);
  expect((await stack.deploy(app({ tags: { team: 'b' }, creationTags: { team: 'a' } }).template)).status).toBe('UPDATE_COMPLETE');
  expect(stack.physicalId(v1.service)).toBe(arn);
  expect(liveTags(stack, v1.service)).toEqual({ team: 'b' });

  // without creationTags, the create-only Tags property changes: CloudFormation replaces the service
  expect((await stack.deploy(app({ tags: { team: 'c' } }).template)).status).toBe('UPDATE_COMPLETE');
  expect(stack.physicalId(v1.service)).not.toBe(arn);
  expect(liveTags(stack, v1.service)).toEqual({ team: 'c' });
  expect(world().denials).toEqual([]);
  await stack.destroy();
});

test('a paused service: its tags change while it stays paused', async () => {
  const stack = next();
  const v1 = app({ tags: { team: 'a' }, paused: true });
  await stack.deploy(v1.template);
  const live = () => world().appRunner.services.get(stack.physicalId(v1.service)!)!;
  expect(live().status).toBe('PAUSED');
  expect((await stack.deploy(app({ tags: { team: 'b' }, paused: true }).template)).status).toBe('UPDATE_COMPLETE');
  expect(live().tags).toEqual({ team: 'b' });
  expect(live().status).toBe('PAUSED');
  expect(world().denials).toEqual([]);
  await stack.destroy();
});

test('IAM bites: the handler roles may tag and untag this service only', async () => {
  const stack = next();
  const v1 = app({ tags: { team: 'a' } });
  await stack.deploy(v1.template);
  const arn = stack.physicalId(v1.service)!;
  const other = 'arn:aws:apprunner:us-east-1:123456789012:service/other/0123456789abcdef0123456789abcdef';
  const roles = world().live.filter((r) => r.stackName === stack.name && r.type === 'AWS::IAM::Role').map((r) => r.physicalId);
  const allowed = (role: string, action: string, resource: string) =>
    evaluate(policiesOfRole(role, world().live), { action, resource, context: {} }).allowed;
  for (const action of ['apprunner:TagResource', 'apprunner:UntagResource']) {
    // both handler functions (onEvent decides, isComplete tags)
    expect(roles.filter((role) => allowed(role, action, arn)).length).toBeGreaterThanOrEqual(2);
    expect(roles.filter((role) => allowed(role, action, other))).toEqual([]);
  }
  await stack.destroy();
});

describe('the four other constructs (auto scaling, observability, VPC connector, VPC ingress connection)', () => {
  /** One of each with tagsInPlace (and a service for the ingress connection), tagged with Tags.of(stack). */
  function others(tags: Record<string, string>, fault = false): { template: Template; ids: Record<string, string> } {
    const stack = new Stack(new App(), 'Others', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const service = new Service(stack, 'Web', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), isPubliclyAccessible: false });
    const constructs = {
      scaling: new AutoScalingConfiguration(stack, 'Scaling', { maxSize: 3, tagsInPlace: true }),
      observability: new ObservabilityConfiguration(stack, 'Observability', { traceConfigurationVendor: TraceConfigurationVendor.AWSXRAY, tagsInPlace: true }),
      connector: new VpcConnector(stack, 'Connector', { vpc, tagsInPlace: true }),
      ingress: new VpcIngressConnection(stack, 'Ingress', { vpc, service, tagsInPlace: true }),
    };
    for (const [key, value] of Object.entries(tags)) {
      for (const c of Object.values(constructs)) Tags.of(c).add(key, value);
    }
    if (fault) new CfnResource(stack, 'Fault', { type: 'Custom::HarnessFault', properties: { Fail: 'true' } }).node.addDependency(...Object.values(constructs));
    const ids = Object.fromEntries(Object.entries(constructs).map(([k, c]) => [k, stack.getLogicalId(c.node.defaultChild as CfnResource)]));
    return { template: templateOf(stack), ids };
  }

  const tagsOf = (stack: LifecycleStack, ids: Record<string, string>) =>
    Object.fromEntries(Object.entries(ids).map(([k, id]) => [k, { ...world().appRunner.resourceTags.get(stack.physicalId(id)!) }]));

  test('a tag added, changed, removed and a failed deployment rolled back: none replaced, the tags follow; a foreign tag survives', async () => {
    const stack = next();
    const v1 = others({ team: 'a' });
    expect((await stack.deploy(v1.template)).status).toBe('CREATE_COMPLETE');
    const arns = Object.values(v1.ids).map((id) => stack.physicalId(id));
    const all = (t: Record<string, string>) => Object.fromEntries(Object.keys(v1.ids).map((k) => [k, t]));
    expect(tagsOf(stack, v1.ids)).toEqual(all({ team: 'a' }));
    world().appRunner.resourceTags.get(stack.physicalId(v1.ids.connector)!)!.owner = 'someone-else';

    expect((await stack.deploy(others({ 'team': 'b', 'cost-center': 'x' }).template)).status).toBe('UPDATE_COMPLETE');
    expect(tagsOf(stack, v1.ids)).toEqual({ ...all({ 'team': 'b', 'cost-center': 'x' }), connector: { 'team': 'b', 'cost-center': 'x', 'owner': 'someone-else' } });

    const failed = await stack.deploy(others({ team: 'c' }, true).template, { rollbackOrder: 'dependencies-first' });
    expect(failed.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(tagsOf(stack, v1.ids)).toEqual({ ...all({ 'team': 'b', 'cost-center': 'x' }), connector: { 'team': 'b', 'cost-center': 'x', 'owner': 'someone-else' } });

    expect((await stack.deploy(others({}).template)).status).toBe('UPDATE_COMPLETE');
    expect(tagsOf(stack, v1.ids)).toEqual({ ...all({}), connector: { owner: 'someone-else' } });
    expect(Object.values(v1.ids).map((id) => stack.physicalId(id))).toEqual(arns);
    expect(world().denials).toEqual([]);
    expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
  });
});
