/**
 * Issue 14, point 2: the custom-domain handlers may write only the records their service's
 * domains in the zone need (names, types, UPSERT/DELETE), through the service's domain role
 * (issue 11 point 5). Whole deployments on the bundled handlers with IAM enforced: a zone with
 * domains of two services; one removed (its Delete in the cleanup phase is still allowed: the
 * service's zone policy is replaced, the old one stays until the cleanup); one added and the
 * deployment rolled back (both rollback orders); and the condition biting, on the live policies
 * and end to end (App Runner asking for a record outside the domain: denied).
 */
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { evaluate, policiesOfRole } from './iam';
import { IMAGE, useWorld } from './issue10-fixture';
import { LifecycleStack } from './stack';
import { Template } from './template';
import { templateOf } from './world';
import { Service, Source } from '../../src';

const world = useWorld();
let stacks = 0;
const next = () => world().stack(`Route53x${++stacks}`);

/** A domain of the app: its name (in example.com), the service that holds it, www. */
interface Domain {
  readonly name: string;
  readonly on: 'A' | 'B';
  readonly www?: boolean;
}

const API: Domain = { name: 'api.example.com', on: 'A', www: true };
const WEB: Domain = { name: 'web.example.com', on: 'B' };
const SHOP: Domain = { name: 'shop.example.com', on: 'B' };

/** Two services and a zone of the stack with these domains; optionally a resource that fails after everything else. */
function app(domains: Domain[], fault = false): { template: Template; zone: string } {
  const stack = new Stack(new App(), 'Route53', { env: { account: '123456789012', region: 'us-east-1' } });
  const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
  const services = {
    A: new Service(stack, 'A', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }) }),
    B: new Service(stack, 'B', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }) }),
  };
  const made = domains.map((d) => services[d.on].addCustomDomain({ domainName: d.name, hostedZone: zone, enableWwwSubdomain: d.www ?? false }));
  if (fault) new CfnResource(stack, 'Fault', { type: 'Custom::HarnessFault', properties: { Fail: 'true' } }).node.addDependency(...Object.values(services), ...made);
  return { template: templateOf(stack), zone: stack.getLogicalId(zone.node.defaultChild as CfnResource) };
}

/** The zone's CNAME records as `name value`, sorted. */
function records(stack: LifecycleStack, zoneLogicalId: string): string[] {
  return world().route53.zone(stack.physicalId(zoneLogicalId)!).filter((r) => r.Type === 'CNAME').map((r) => `${r.Name} ${r.Values?.[0]}`).sort();
}

/** Exactly the records of these domains: each association's validation records, the target and www at its service's host. */
function expectRecords(stack: LifecycleStack, zoneLogicalId: string, domains: Domain[]): void {
  const expected = domains.flatMap((d) => {
    const holder = [...world().appRunner.services.values()].find((s) => s.domains.some((x) => x.DomainName === d.name));
    expect(holder).toBeDefined();
    const association = holder!.domains.find((x) => x.DomainName === d.name)!;
    const target = world().appRunner.dnsTarget(holder!);
    return [...association.records.map((r) => `${r.Name.toLowerCase()} ${r.Value}`), `${d.name}. ${target}`, ...(d.www ? [`www.${d.name}. ${target}`] : [])];
  });
  expect(records(stack, zoneLogicalId)).toEqual(expected.sort());
  const associated = [...world().appRunner.services.values()].flatMap((s) => s.domains.map((x) => x.DomainName)).sort();
  expect(associated).toEqual(domains.map((d) => d.name).sort());
}

/** The live zone policies of a stack (one per service with domains: on its domain role), sorted by their names condition. */
function zonePolicies(stack: LifecycleStack): Array<{ name: string; role: string; names?: string[] }> {
  return world().live.filter((r) => r.stackName === stack.name && r.type === 'AWS::IAM::RolePolicy' && String(r.properties.PolicyName).startsWith('AppRunnerKitZone-'))
    .map((r) => ({
      name: String(r.properties.PolicyName),
      role: String(r.properties.RoleName),
      names: r.properties.PolicyDocument.Statement[1].Condition['ForAllValues:StringLike']?.['route53:ChangeResourceRecordSetsNormalizedRecordNames'],
    }))
    .sort((a, b) => JSON.stringify(a.names).localeCompare(JSON.stringify(b.names)));
}

const requestsOf = (stack: LifecycleStack, logicalId: string) =>
  world().customResourceRequests.filter((q) => q.stack === stack.name && q.logicalId === logicalId).map((q) => `${q.requestType} ${q.phase} ${q.ok}`);

test('(a) a zone with domains of two services (one with www): created with every write allowed; each service\'s policy lists exactly its names', async () => {
  const stack = next();
  const v1 = app([API, WEB]);
  const created = await stack.deploy(v1.template);
  expect(created.status).toBe('CREATE_COMPLETE');
  expectRecords(stack, v1.zone, [API, WEB]);
  const policies = zonePolicies(stack);
  expect(policies).toHaveLength(2);
  expect(new Set(policies.map((p) => p.role)).size).toBe(2);
  expect(policies.map((p) => p.names)).toEqual([['_*.api.example.com', 'api.example.com', 'www.api.example.com'], ['_*.web.example.com', 'web.example.com']]);
  // the domain roles are named after their service's ID
  for (const p of policies) expect(p.role).toMatch(/^apprunner-kit-[0-9a-f]{8}-[0-9a-f]{32}$/);
  expect(world().denials).toEqual([]);
  expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
});

test('(b) a domain removed: its service\'s zone policy is replaced, the old one allows the removed domain\'s Delete in the cleanup (association and records go)', async () => {
  const stack = next();
  const v1 = app([API, WEB, SHOP]);
  await stack.deploy(v1.template);
  const [apiBefore, webShopBefore] = zonePolicies(stack);
  expect(webShopBefore.names).toEqual(['_*.shop.example.com', '_*.web.example.com', 'shop.example.com', 'web.example.com']);
  const shopId = Object.entries(v1.template.Resources).find(([, r]) => r.Type === 'Custom::AppRunnerCustomDomain' && r.Properties?.DomainName === SHOP.name)![0];
  const denials = world().denials.length;

  const v2 = app([API, WEB]);
  const updated = await stack.deploy(v2.template);
  expect(updated.status).toBe('UPDATE_COMPLETE');
  expect(requestsOf(stack, shopId)).toEqual(['Create CREATE_IN_PROGRESS true', 'Delete UPDATE_COMPLETE_CLEANUP_IN_PROGRESS true']);
  // B's old zone policy (a replaced resource: the same logical id) was deleted in the same cleanup, after the domain
  const cleanup = updated.events.filter((e) => e.stackStatus === 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS' && e.status === 'DELETE_COMPLETE').map((e) => e.logicalId);
  const policyIds = Object.keys(v2.template.Resources).filter((id) => v2.template.Resources[id].Type === 'AWS::IAM::RolePolicy' && /DomainRole/.test(id));
  const deletedPolicies = policyIds.map((id) => cleanup.indexOf(id)).filter((i) => i >= 0);
  expect(deletedPolicies).toHaveLength(1);
  expect(cleanup.indexOf(shopId)).toBeGreaterThanOrEqual(0);
  expect(cleanup.indexOf(shopId)).toBeLessThan(deletedPolicies[0]);
  const [apiAfter, webAfter] = zonePolicies(stack);
  expect(apiAfter).toEqual(apiBefore); // A's: untouched
  expect(webAfter.role).toBe(webShopBefore.role);
  expect(webAfter.name).not.toBe(webShopBefore.name);
  expect(webAfter.names).toEqual(['_*.web.example.com', 'web.example.com']);
  expectRecords(stack, v1.zone, [API, WEB]);
  expect(world().denials.slice(denials)).toEqual([]);
  expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
});

test('(b2) a service\'s last domain removed: its domain role and zone policy go in the cleanup, after the domain\'s Delete', async () => {
  const stack = next();
  const v1 = app([API, WEB]);
  await stack.deploy(v1.template);
  const webId = Object.entries(v1.template.Resources).find(([, r]) => r.Type === 'Custom::AppRunnerCustomDomain' && r.Properties?.DomainName === WEB.name)![0];
  const denials = world().denials.length;
  const updated = await stack.deploy(app([API]).template);
  expect(updated.status).toBe('UPDATE_COMPLETE');
  const cleanup = updated.events.filter((e) => e.stackStatus === 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS' && e.status === 'DELETE_COMPLETE').map((e) => e.logicalId);
  const gone = Object.keys(v1.template.Resources).filter((id) => /DomainRole/.test(id) && cleanup.includes(id));
  expect(gone).toHaveLength(2); // B's role and its zone policy
  for (const id of gone) expect(cleanup.indexOf(id)).toBeGreaterThan(cleanup.indexOf(webId));
  expect(zonePolicies(stack).map((p) => p.names)).toEqual([['_*.api.example.com', 'api.example.com', 'www.api.example.com']]);
  expectRecords(stack, v1.zone, [API]);
  expect(world().denials.slice(denials)).toEqual([]);
  expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
});

test.each(['reverse', 'dependencies-first'] as const)('(c) a domain added, the deployment failing after it: rolled back (%s), the records and the policy as before', async (rollbackOrder) => {
  const stack = next();
  const v1 = app([API, WEB]);
  await stack.deploy(v1.template);
  const zoneRecords = JSON.stringify(world().route53.zone(stack.physicalId(v1.zone)!));
  const policies = zonePolicies(stack);
  const denials = world().denials.length;

  const failed = await stack.deploy(app([API, WEB, SHOP], true).template, { rollbackOrder });
  expect(failed.reason).toMatch(/HarnessFault/);
  expect(failed.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  expect(failed.events.filter((e) => /FAILED/.test(e.status) && e.logicalId !== 'Fault')).toEqual([]);
  // shop.example.com was associated and its records written (under the new policy), then removed in the rollback's cleanup
  const shopId = Object.entries(app([API, WEB, SHOP]).template.Resources).find(([, r]) => r.Properties?.DomainName === SHOP.name)![0];
  expect(requestsOf(stack, shopId)).toEqual(['Create UPDATE_IN_PROGRESS true', 'Delete UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS true']);
  expect(JSON.stringify(world().route53.zone(stack.physicalId(v1.zone)!))).toBe(zoneRecords);
  expectRecords(stack, v1.zone, [API, WEB]);
  expect(zonePolicies(stack)).toEqual(policies);
  expect(world().denials.slice(denials)).toEqual([]);

  // and the same update succeeds
  expect((await stack.deploy(app([API, WEB, SHOP]).template)).status).toBe('UPDATE_COMPLETE');
  expectRecords(stack, v1.zone, [API, WEB, SHOP]);
  expect(world().denials.slice(denials)).toEqual([]);
  expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
});

describe('(d) the names condition bites', () => {
  test('on the live policies of the domain roles: another name (another service\'s domain too), type or action in the zone is denied', async () => {
    const stack = next();
    const v1 = app([API, WEB]);
    await stack.deploy(v1.template);
    const zoneArn = `arn:aws:route53:::hostedzone/${stack.physicalId(v1.zone)}`;
    const roles = zonePolicies(stack).map((p) => p.role); // A's (api), B's (web)
    expect(roles).toHaveLength(2);
    for (const [i, role] of roles.entries()) {
      const change = (names: string[], types = ['CNAME'], actions = ['UPSERT']) => evaluate(policiesOfRole(role, world().live), {
        action: 'route53:ChangeResourceRecordSets',
        resource: zoneArn,
        context: {
          'route53:ChangeResourceRecordSetsNormalizedRecordNames': names,
          'route53:ChangeResourceRecordSetsRecordTypes': types,
          'route53:ChangeResourceRecordSetsActions': actions,
        },
      }).allowed;
      // each service's role: its own domains' records only
      expect(change(['api.example.com', 'www.api.example.com', '_1aaaaaaaa.api.example.com', '_2aaaaaaaa.www.api.example.com'])).toBe(i === 0);
      expect(change(['web.example.com', '_3aaaaaaaa.web.example.com'], ['CNAME'], ['DELETE'])).toBe(i === 1);
      expect(change(['example.com'])).toBe(false); // the apex is not a domain of this stack
      expect(change(['www.web.example.com'])).toBe(false); // web has no www subdomain
      const own = i === 0 ? 'api.example.com' : 'web.example.com';
      expect(change([own, 'mail.example.com'])).toBe(false); // one name outside: the whole batch
      expect(change([`x.${own}`])).toBe(false);
      expect(change(['\\052.example.com'])).toBe(false);
      expect(change([own], ['TXT'])).toBe(false);
      expect(change([own], ['A'])).toBe(false); // no apex: no alias records
      expect(change([own], ['CNAME'], ['CREATE'])).toBe(false);
      // listing is not limited by name (ListResourceRecordSets takes no condition keys)
      expect(evaluate(policiesOfRole(role, world().live), { action: 'route53:ListResourceRecordSets', resource: zoneArn, context: {} }).allowed).toBe(true);
      // another zone: nothing
      expect(evaluate(policiesOfRole(role, world().live), {
        action: 'route53:ChangeResourceRecordSets', resource: 'arn:aws:route53:::hostedzone/ZOTHER', context: { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['api.example.com'] },
      }).allowed).toBe(false);
    }
    await stack.destroy();
  });

  test('end to end: App Runner asking for a validation record outside the domain: the handler\'s write is denied, the stack rolls back clean', async () => {
    const emulator = world().appRunner;
    const handle = emulator.handle.bind(emulator);
    // App Runner answering with a record name outside the domain (it never does: _<token>.<domain> or _<token>.www.<domain>)
    emulator.handle = (operation: string, input: any) => {
      const out = handle(operation, input);
      if (operation !== 'DescribeCustomDomains') return out;
      const copy = JSON.parse(JSON.stringify(out));
      for (const d of copy.CustomDomains ?? []) {
        for (const r of d.CertificateValidationRecords ?? []) r.Name = String(r.Name).replace(/\.api\.example\.com\.$/, '.mail.example.com.');
      }
      return copy;
    };
    try {
      const stack = next();
      const v1 = app([{ name: 'api.example.com', on: 'A' }]);
      const denials = world().denials.length;
      const failed = await stack.deploy(v1.template);
      expect(failed.status).toBe('ROLLBACK_COMPLETE');
      expect(failed.reason).toMatch(/not authorized to perform: route53:ChangeResourceRecordSets on resource: arn:aws:route53:::hostedzone\//);
      const denied = world().denials.slice(denials);
      expect(denied.length).toBeGreaterThan(0);
      expect(denied.map((d) => `${d.action} ${d.requestType} ${d.phase}`)).toEqual(denied.map(() => 'route53:ChangeResourceRecordSets Create CREATE_IN_PROGRESS'));
      expect(denied[0].context['route53:ChangeResourceRecordSetsNormalizedRecordNames']).toEqual(expect.arrayContaining(['_1aaaaaaaa.mail.example.com']));
      // nothing was written (Route 53 batches are all or nothing), nothing is left associated
      expect([...world().appRunner.services.values()].flatMap((s) => s.domains)).toEqual([]);
    } finally {
      emulator.handle = handle;
    }
  });
});
