/**
 * Issue 14 point 2: the pre-update resume of a service with a generated name is allowed on that
 * service's ARN only (no service/*\/*), through the service's statement in the resource policy
 * of the deployment before. Services come and go, so statements move between the policy's
 * shards (20 statements each): every shard waits for every pre-update resume, so none loses a
 * statement before the pre-update resumes ran. Bundled handlers, IAM enforced, several
 * CloudFormation orders (seeds) and both rollback orders.
 */
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { IMAGE } from './fixtures';
import { useWorld } from './issue10-fixture';
import { templateOf } from './world';
import { Service, Source } from '../../src';

const world = useWorld();
let stacks = 0;

/**
 * A stack with the services `ids` (paused, generated names), each with an environment variable
 * V (`changed` ids get another value); with `fault`, a resource that fails after them all.
 */
function build(ids: number[], changed: number[] = [], fault = false): { template: any; logicalIds: Map<number, string> } {
  const stack = new Stack(new App(), 'Many', { env: { account: '123456789012', region: 'us-east-1' } });
  const logicalIds = new Map<number, string>();
  const services = ids.map((i) => {
    const service = new Service(stack, `Svc${i}`, {
      source: Source.fromEcrPublic({ imageIdentifier: IMAGE, imageConfiguration: { port: 8000, environmentVariables: { V: changed.includes(i) ? 'b' : 'a' } } }),
      paused: true,
    });
    logicalIds.set(i, stack.getLogicalId(service.cfnService));
    return service;
  });
  if (fault) {
    const resource = new CfnResource(stack, 'Fault', { type: 'Custom::HarnessFault', properties: { Fail: 'true' } });
    for (const s of services) resource.node.addDependency(s);
  }
  return { template: templateOf(stack), logicalIds };
}

/** The logical id of Svc`i`'s pre-update resume. */
const preUpdateOf = (template: any, i: number) => Object.keys(template.Resources).find((id) => id.startsWith(`Svc${i}PreUpdateResume`))!;

const shardsOf = (template: any) => Object.entries<any>(template.Resources).filter(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy');

describe('a paused service with a generated name whose statement moves to another shard', () => {
  // 41 services (three shards): Svc20's statement is in the second shard; without Svc0 it moves
  // to the first, and the second (which stays: Svc40 moves into it) loses it. Only Svc20 changes,
  // so the second shard is ready to update at once, as is Svc20's pre-update resume.
  const all = Array.from({ length: 41 }, (_, i) => i);
  const withoutFirst = all.slice(1);

  test('the templates: Svc20 moves from the second shard to the first, and no grant names another service', () => {
    const before = build(all);
    const after = build(withoutFirst, [20]);
    const holder = (t: any, logicalId: string) => shardsOf(t).findIndex(([, p]) =>
      JSON.stringify(p.Properties.PolicyDocument).includes(`"${logicalId}","ServiceArn"`));
    expect(shardsOf(before.template)).toHaveLength(3);
    expect(shardsOf(after.template)).toHaveLength(2);
    expect(holder(before.template, before.logicalIds.get(20)!)).toBe(1);
    expect(holder(after.template, after.logicalIds.get(20)!)).toBe(0);
    expect(holder(after.template, after.logicalIds.get(40)!)).toBe(1);
    expect(JSON.stringify(after.template)).not.toMatch(/service\/\*/);
  });

  test.each([1, 2, 3, 4, 5])('is resumed for its update and ends paused, in any order (seed %d)', async (seed) => {
    const stack = world().stack(`Move${++stacks}`);
    const v1 = build(all);
    expect((await stack.deploy(v1.template, { seed })).status).toBe('CREATE_COMPLETE');
    const service = world().appRunner.services.get(stack.physicalId(v1.logicalIds.get(20)!)!)!;
    expect(service.status).toBe('PAUSED');

    // Svc20's pre-update resume starts as late as CloudFormation may start it
    const v2 = build(withoutFirst, [20]);
    const updated = await stack.deploy(v2.template, { seed, late: [preUpdateOf(v2.template, 20)] });
    expect(updated.reason).toBeUndefined();
    expect(updated.status).toBe('UPDATE_COMPLETE');
    expect(service.status).toBe('PAUSED');
    expect(service.operations.map((o) => o.Type).slice(0, 3)).toEqual(['PAUSE_SERVICE', 'UPDATE_SERVICE', 'RESUME_SERVICE']);
    expect(world().denials).toEqual([]);
    await stack.destroy({ seed });
    expect(world().denials).toEqual([]);
  });

  test.each([
    ['reverse', 1], ['reverse', 2], ['dependencies-first', 1], ['dependencies-first', 2],
  ] as const)('the same update failing later rolls back to the paused service (rollback order %s, seed %d)', async (rollbackOrder, seed) => {
    const stack = world().stack(`MoveBack${++stacks}`);
    const v1 = build(all);
    await stack.deploy(v1.template, { seed });
    const service = world().appRunner.services.get(stack.physicalId(v1.logicalIds.get(20)!)!)!;

    const v2 = build(withoutFirst, [20], true);
    const failed = await stack.deploy(v2.template, { seed, rollbackOrder, late: [preUpdateOf(v2.template, 20)] });
    expect(failed.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(failed.failedLogicalId).toBe('Fault');
    expect(service.status).toBe('PAUSED');
    // the service was updated and rolled back (App Runner needs it running for both)
    expect(service.operations.filter((o) => o.Type === 'UPDATE_SERVICE')).toHaveLength(2);
    expect(world().denials).toEqual([]);
    await stack.destroy({ seed });
  });
});
