/**
 * Issue 11 point 5: custom domains act through a domain role per service (no more inline
 * policies on the handler roles, which limited a stack to 12 services with domains). Whole
 * deployments on the bundled handlers with IAM enforced (STS AssumeRole included):
 * - every App Runner and Route 53 call of the custom-domain handlers is made by the domain role
 *   of the service it acts on (a domain taken from another service: that service's role);
 * - an upgrade from a template of the previous version (inline policies on the handler roles, no
 *   RoleArnPrefix), with a domain moved in the same deployment, forward and rolled back;
 * - 30 services with custom domains in one zone, created and deleted.
 */
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { build, expectState, useWorld } from './issue10-fixture';
import { LifecycleStack } from './stack';
import { Json, Template } from './template';
import { templateOf } from './world';
import { Service, Source } from '../../src';

const world = useWorld();
// each test judges its own denials
beforeEach(() => world().denials.splice(0));
let stacks = 0;
const next = (prefix = 'Roles') => world().stack(`${prefix}${++stacks}`);

/** The live domain role of a service of the stack: `apprunner-kit-HASH-<its ID>`. */
function roleOf(stack: LifecycleStack, serviceLogicalId: string): string {
  const arn = stack.physicalId(serviceLogicalId)!;
  const role = world().live.find((r) => r.stackName === stack.name && r.type === 'AWS::IAM::Role' && r.physicalId.endsWith(`-${arn.split('/')[2]}`));
  expect(role).toBeDefined();
  return role!.physicalId;
}

/** The App Runner and Route 53 calls of a stack's custom-domain handlers since `from`, as `role action resource`. */
function domainCalls(stack: LifecycleStack, from: number): string[] {
  return world().authorizedCalls.slice(from)
    .filter((c) => c.stack === stack.name && /^(apprunner|route53):/.test(c.action) && /CustomDomain|Domain[0-9A-F]{8}$/.test(c.logicalId))
    .map((c) => `${c.role} ${c.action} ${c.resource}`);
}

describe('the domain role of the service acted on', () => {
  test('a domain moved from A to B: B\'s role associates it, A\'s role disassociated it; the handler roles make no App Runner or Route 53 call', async () => {
    const stack = next();
    const v1 = build({ domainOn: 'A' });
    expect((await stack.deploy(v1.template)).status).toBe('CREATE_COMPLETE');
    const roleA = roleOf(stack, v1.ids.a);
    const from = world().authorizedCalls.length;
    const v2 = build({ domainOn: 'B', domainStyle: 'construct' });
    const updated = await stack.deploy(v2.template);
    expect(updated.status).toBe('UPDATE_COMPLETE');
    expectState(world(), stack, { domainOn: 'B' }, v2);
    const roleB = roleOf(stack, v2.ids.b);
    const calls = domainCalls(stack, from);
    const arnA = stack.physicalId(v1.ids.a)!;
    const arnB = stack.physicalId(v2.ids.b)!;
    expect(calls).toContain(`${roleA} apprunner:DisassociateCustomDomain ${arnA}`);
    expect(calls).toContain(`${roleB} apprunner:AssociateCustomDomain ${arnB}`);
    expect(calls.some((c) => c.startsWith(`${roleB} route53:ChangeResourceRecordSets`))).toBe(true);
    // every call on a service by that service's role; none by the handler functions' own roles
    for (const c of calls.filter((x) => x.includes(':apprunner:'))) expect(c.startsWith(c.includes(arnA) ? roleA : roleB)).toBe(true);
    expect(calls.every((c) => c.startsWith('apprunner-kit-'))).toBe(true);
    expect(world().denials).toEqual([]);
    expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
    expect(world().denials).toEqual([]);
  });

  test('a replaced service: a new domain role (named after the new ID) in the update phase; the old one deleted in the cleanup, after the old domain', async () => {
    const stack = next();
    const v1 = build({ domainOn: 'A', nameA: 'svc-a' });
    await stack.deploy(v1.template);
    const oldRole = roleOf(stack, v1.ids.a);
    const v2 = build({ domainOn: 'A', nameA: 'svc-a2' });
    const updated = await stack.deploy(v2.template);
    expect(updated.status).toBe('UPDATE_COMPLETE');
    const newRole = roleOf(stack, v2.ids.a);
    expect(newRole).not.toBe(oldRole);
    expect(world().live.some((r) => r.physicalId === oldRole)).toBe(false);
    const cleanup = updated.events.filter((e) => e.stackStatus === 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS' && e.status === 'DELETE_COMPLETE');
    const order = cleanup.map((e) => e.physicalId);
    expect(order.indexOf(oldRole)).toBeGreaterThan(cleanup.findIndex((e) => e.logicalId === v1.ids.domain));
    expectState(world(), stack, { domainOn: 'A' }, v2);
    expect(world().denials).toEqual([]);
    expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
  });
});

/**
 * The template the previous version synthesized for the same app: the custom domains' service and
 * zone statements in inline policies of both handler roles (`DomainPolicy…`, `ZonePolicy…`, which
 * the custom domains depend on), no domain roles, no `RoleArnPrefix`, no `sts:AssumeRole`.
 */
function previousVersion(template: Template): Template {
  const t = JSON.parse(JSON.stringify(template)) as Template;
  const resources = t.Resources as Record<string, any>;
  const handlerRoles = Object.keys(resources).filter((id) => resources[id].Type === 'AWS::IAM::Role' && /^AppRunnerKitOperationsProvider(OnEvent|IsComplete)ServiceRole/.test(id));
  expect(handlerRoles).toHaveLength(2);
  const domainRoles = Object.keys(resources).filter((id) => resources[id].Type === 'AWS::IAM::Role' && resources[id].Properties.Path === '/cdk-apprunner-kit/');
  const zonePolicies = Object.keys(resources).filter((id) => resources[id].Type === 'AWS::IAM::RolePolicy' && domainRoles.includes(resources[id].Properties.RoleName.Ref));
  const legacy = new Map<string, string[]>(); // domain role or zone policy id → the legacy policies standing for it
  const add = (id: string, name: Json, document: Json) => {
    legacy.set(id, handlerRoles.map((role) => {
      const legacyId = `Legacy${id.slice(-16)}${role.includes('OnEvent') ? 'OnEvent' : 'IsComplete'}`;
      resources[legacyId] = { Type: 'AWS::IAM::RolePolicy', Properties: { RoleName: { Ref: role }, PolicyName: name, PolicyDocument: document } };
      return legacyId;
    }));
  };
  for (const id of domainRoles) {
    const role = resources[id];
    add(id, role.Properties.RoleName, role.Properties.Policies[0].PolicyDocument);
    delete resources[id];
  }
  for (const id of zonePolicies) {
    add(id, { 'Fn::Join': ['-', ['AppRunnerKitZonePolicyLegacy', resources[id].Properties.PolicyName]] }, resources[id].Properties.PolicyDocument);
    delete resources[id];
  }
  for (const r of Object.values<any>(resources)) {
    if (r.Type === 'Custom::AppRunnerCustomDomain') {
      delete r.Properties.RoleArnPrefix;
      r.DependsOn = (r.DependsOn ?? []).flatMap((d: string) => legacy.get(d) ?? [d]);
    }
  }
  // the handlers' permission to assume domain roles is new too
  const assume = Object.keys(resources).filter((id) => /^AppRunnerKitOperationsProviderAssumeDomainRoles/.test(id));
  expect(assume).toHaveLength(1);
  delete resources[assume[0]];
  for (const r of Object.values<any>(resources)) if (r.DependsOn) r.DependsOn = r.DependsOn.filter((d: string) => d !== assume[0]);
  return t;
}

describe('from the previous version (inline policies on the handler roles)', () => {
  test('the model of the previous template deploys, its handlers acting with their own roles', async () => {
    const stack = next('Legacy');
    const v1 = previousVersion(build({ domainOn: 'A' }).template);
    expect(JSON.stringify(v1)).not.toMatch(/RoleArnPrefix|cdk-apprunner-kit\/|AssumeDomainRoles/);
    const from = world().authorizedCalls.length;
    expect((await stack.deploy(v1)).status).toBe('CREATE_COMPLETE');
    const calls = domainCalls(stack, from);
    expect(calls.length).toBeGreaterThan(0);
    if (process.env.PRINT_CALLS) console.log(calls.join('\n'));
    expect(calls.every((c) => /^Legacy\d+-AppRunnerKitOperationsProvider(OnEvent|IsComplete)Ser/.test(c))).toBe(true);
    expect(world().denials).toEqual([]);
    expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
  });

  test('upgraded in place: UPDATE_COMPLETE, the old policies gone in the cleanup, no denial', async () => {
    const stack = next('Legacy');
    const current = build({ domainOn: 'A' });
    await stack.deploy(previousVersion(current.template));
    const updated = await stack.deploy(current.template);
    expect(updated.status).toBe('UPDATE_COMPLETE');
    expect(world().live.filter((r) => r.stackName === stack.name && /^Legacy/.test(r.logicalId))).toEqual([]);
    expectState(world(), stack, { domainOn: 'A' }, current);
    expect(world().denials).toEqual([]);
    expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
  });

  test.each(['reverse', 'dependencies-first'] as const)('upgraded with the domain moved to B (A keeps no domain, so no role): rolled back (%s), then done; '
    + 'the only denials: AssumeRole of A\'s role, which does not exist (the handler then uses its own role)', async (rollbackOrder) => {
    const stack = next('Legacy');
    const v1 = build({ domainOn: 'A' });
    await stack.deploy(previousVersion(v1.template));
    const denials = world().denials.length;
    const failed = await stack.deploy(build({ domainOn: 'B', domainStyle: 'construct', fault: true }).template, { rollbackOrder });
    expect(failed.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(failed.events.filter((e) => /FAILED/.test(e.status) && e.logicalId !== 'Fault')).toEqual([]);
    expectState(world(), stack, { domainOn: 'A' }, v1);
    const v2 = build({ domainOn: 'B', domainStyle: 'construct' });
    expect((await stack.deploy(v2.template)).status).toBe('UPDATE_COMPLETE');
    expectState(world(), stack, { domainOn: 'B' }, v2);
    const arnA = stack.physicalId(v1.ids.a)!;
    const unexpected = world().denials.slice(denials).filter((d) => !(d.action === 'sts:AssumeRole' && d.reason === 'no such role' && d.resource.endsWith(arnA.split('/')[2])));
    expect(unexpected).toEqual([]);
    expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
  });
});

test('30 services with custom domains in one zone: created and deleted, each acting through its own role, no denial', async () => {
  const cdk = new Stack(new App(), 'Many', { env: { account: '123456789012', region: 'us-east-1' } });
  const zone = new route53.PublicHostedZone(cdk, 'Zone', { zoneName: 'example.com' });
  const ids: string[] = [];
  for (let i = 0; i < 30; i++) {
    const s = new Service(cdk, `Svc${i}`, { source: Source.fromEcrPublic({ imageIdentifier: 'public.ecr.aws/aws-containers/hello-app-runner:latest' }) });
    s.addCustomDomain({ domainName: `s${i}.example.com`, hostedZone: zone, enableWwwSubdomain: false });
    ids.push(cdk.getLogicalId(s.cfnService));
  }
  const template = templateOf(cdk);
  const stack = next('Many');
  const from = world().authorizedCalls.length;
  const denials = world().denials.length;
  expect((await stack.deploy(template)).status).toBe('CREATE_COMPLETE');
  const holders = [...world().appRunner.services.values()].filter((s) => s.domains.length === 1);
  expect(holders).toHaveLength(30);
  const calls = domainCalls(stack, from).filter((c) => c.includes(' apprunner:'));
  for (const id of ids) {
    const arn = stack.physicalId(id)!;
    const role = roleOf(stack, id);
    expect(calls.filter((c) => c.endsWith(arn)).every((c) => c.startsWith(`${role} `))).toBe(true);
  }
  expect(world().denials.slice(denials)).toEqual([]);
  expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
  expect(world().denials.slice(denials)).toEqual([]);
  expect(world().live.filter((r) => r.stackName === stack.name)).toEqual([]);
  // the template is the app's: a CfnResource count for the record (service, its role, domain, domain role, zone policy)
  expect(Object.values(template.Resources).filter((r) => (r as CfnResource | any).Type === 'AWS::IAM::Role').length).toBe(30 + 30 + 6);
});
