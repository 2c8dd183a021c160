/**
 * The custom domains' zone policy (issue 14, point 2): Route 53 writes limited to the record
 * names, types and actions the zone's domains need, in a policy replaced (not edited) when
 * they change; a token domain name lists no names; the names of a provider's zones stay within
 * a budget that keeps the handler roles' inline policies within IAM's 10,240 characters.
 */
import { App, CfnElement, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { CustomDomain, CustomDomainOptions, IpAddressType, OperationsProvider, Service, ServiceProps, Source } from '../../src';
import { RECORD_NAMES_BUDGET, recordNamesOf, zoneRecordConditions } from '../../src/private/zone-policy';
import { newStack, resolvedPolicySize, synth } from '../support/util';

const IMAGE = 'public.ecr.aws/aws-containers/hello-app-runner:latest';
const NAMES = 'route53:ChangeResourceRecordSetsNormalizedRecordNames';
const TYPES = 'route53:ChangeResourceRecordSetsRecordTypes';
const ACTIONS = 'route53:ChangeResourceRecordSetsActions';

function service(stack: Stack, props: Partial<ServiceProps> = {}, id = 'Svc'): Service {
  return new Service(stack, id, { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), ...props });
}

function zone(stack: Stack, name = 'example.com', id = 'Zone', hostedZoneId = 'Z123EXAMPLE'): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(stack, id, { hostedZoneId, zoneName: name });
}

/** The zone policies (on the onEvent role; the isComplete role's are the same) by zone ID: name and ChangeResourceRecordSets statement. */
function zonePolicies(template: Template): Record<string, { id: string; name: any; list: any; change: any }> {
  const out: Record<string, { id: string; name: any; list: any; change: any }> = {};
  for (const [id, p] of Object.entries<any>(template.findResources('AWS::IAM::RolePolicy'))) {
    const statements: any[] = p.Properties.PolicyDocument.Statement;
    const change = statements.find((s) => s.Action === 'route53:ChangeResourceRecordSets');
    if (!change || !id.includes('OnEvent')) continue;
    const zoneId = String(change.Resource['Fn::Join'][1][2]).split('hostedzone/')[1];
    out[zoneId] = { id, name: p.Properties.PolicyName, list: statements.find((s) => s.Action === 'route53:ListResourceRecordSets'), change };
  }
  return out;
}

/** The ChangeResourceRecordSets condition of the only zone policy. */
function condition(stack: Stack): any {
  const policies = Object.values(zonePolicies(synth(stack)));
  expect(policies).toHaveLength(1);
  return policies[0].change.Condition;
}

/** The condition a zone with these names and types gets. */
function expected(names: string[] | undefined, types: string[]): any {
  return {
    'ForAllValues:StringEquals': { [ACTIONS]: ['UPSERT', 'DELETE'], [TYPES]: types },
    ...(names ? { 'ForAllValues:StringLike': { [NAMES]: names } } : {}),
  };
}

describe('the names, types and actions of a zone\'s domains', () => {
  test('a subdomain with www (the default): its name, www., and _*. for the validation records; CNAME; ListResourceRecordSets without a condition', () => {
    const stack = newStack();
    service(stack).addCustomDomain({ domainName: 'API.Example.com.', hostedZone: zone(stack) });
    const template = synth(stack);
    const policy = zonePolicies(template).Z123EXAMPLE;
    expect(policy.change.Condition).toEqual(expected(['_*.api.example.com', 'api.example.com', 'www.api.example.com'], ['CNAME']));
    expect(policy.list).toEqual({ Action: 'route53:ListResourceRecordSets', Effect: 'Allow', Resource: policy.change.Resource });
    expect(template.toJSON().Resources[policy.id].Properties.PolicyDocument.Statement).toHaveLength(2);
  });

  test('an apex domain of a dual-stack service: A, AAAA and CNAME (its validation records); without www', () => {
    const stack = newStack();
    const s = service(stack, { ipAddressType: IpAddressType.DUAL_STACK });
    new CustomDomain(stack, 'Apex', { service: s, domainName: 'example.com', hostedZone: zone(stack), enableWwwSubdomain: false });
    expect(condition(stack)).toEqual(expected(['_*.example.com', 'example.com'], ['A', 'AAAA', 'CNAME']));
  });

  test('an apex domain of an IPv4 service with www: A and CNAME', () => {
    const stack = newStack();
    new CustomDomain(stack, 'Apex', { service: service(stack), domainName: 'example.com', hostedZone: zone(stack) });
    expect(condition(stack)).toEqual(expected(['_*.example.com', 'example.com', 'www.example.com'], ['A', 'CNAME']));
  });

  test('a dual-stack subdomain: CNAME only (no alias records)', () => {
    const stack = newStack();
    service(stack, { ipAddressType: IpAddressType.DUAL_STACK }).addCustomDomain({ domainName: 'api.example.com', hostedZone: zone(stack), enableWwwSubdomain: false });
    expect(condition(stack)).toEqual(expected(['_*.api.example.com', 'api.example.com'], ['CNAME']));
  });

  test('a wildcard domain: \\052 for the *, its validation records at its parent', () => {
    const stack = newStack();
    service(stack).addCustomDomain({ domainName: '*.dev.example.com', hostedZone: zone(stack), enableWwwSubdomain: false });
    expect(condition(stack)).toEqual(expected(['\\052.dev.example.com', '_*.dev.example.com'], ['CNAME']));
  });

  test('two domains of two services in one zone (imported twice): one policy pair with the union, sorted', () => {
    const stack = newStack();
    service(stack, {}, 'A').addCustomDomain({ domainName: 'web.example.com', hostedZone: zone(stack) });
    new CustomDomain(stack, 'Apex', { service: service(stack, {}, 'B'), domainName: 'example.com', hostedZone: zone(stack, 'example.com', 'Again'), enableWwwSubdomain: false });
    const template = synth(stack);
    expect(Object.keys(template.findResources('AWS::IAM::RolePolicy', { Properties: { PolicyName: Match.stringLikeRegexp('ZonePolicy') } }))).toHaveLength(2);
    expect(zonePolicies(template).Z123EXAMPLE.change.Condition).toEqual(
      expected(['_*.example.com', '_*.web.example.com', 'example.com', 'web.example.com', 'www.web.example.com'], ['A', 'CNAME']));
  });

  test('domains of two zones: each zone\'s policy lists its own', () => {
    const stack = newStack();
    const s = service(stack);
    s.addCustomDomain({ domainName: 'a.example.com', hostedZone: zone(stack), enableWwwSubdomain: false });
    s.addCustomDomain({ domainName: 'b.example.org', hostedZone: zone(stack, 'example.org', 'Org', 'Z456ORG'), enableWwwSubdomain: false });
    const policies = zonePolicies(synth(stack));
    expect(policies.Z123EXAMPLE.change.Condition).toEqual(expected(['_*.a.example.com', 'a.example.com'], ['CNAME']));
    expect(policies.Z456ORG.change.Condition).toEqual(expected(['_*.b.example.org', 'b.example.org'], ['CNAME']));
  });

  test('a domain name that is a token (a parameter): no names condition for its zone, types and actions still', () => {
    const stack = newStack();
    const s = service(stack);
    s.addCustomDomain({ domainName: 'api.example.com', hostedZone: zone(stack) });
    new CustomDomain(stack, 'FromParameter', {
      service: s, domainName: new CfnParameter(stack, 'DomainName').valueAsString, hostedZone: zone(stack, 'example.com', 'Again'), enableWwwSubdomain: false,
    });
    expect(condition(stack)).toEqual(expected(undefined, ['CNAME']));
    // the zone's name a token: a subdomain is assumed (CNAME), its names are listed
    const other = newStack();
    const tokenZone = route53.HostedZone.fromHostedZoneAttributes(other, 'Zone', { hostedZoneId: 'Z123EXAMPLE', zoneName: new CfnParameter(other, 'ZoneName').valueAsString });
    service(other).addCustomDomain({ domainName: 'api.example.com', hostedZone: tokenZone, enableWwwSubdomain: false });
    expect(condition(other)).toEqual(expected(['_*.api.example.com', 'api.example.com'], ['CNAME']));
  });

  test('pure: recordNamesOf and zoneRecordConditions', () => {
    expect(recordNamesOf({ name: 'Shop.Example.com', www: true, apex: false, dualStack: false })).toEqual(['shop.example.com', '_*.shop.example.com', 'www.shop.example.com']);
    const a = { name: 'b.example.com', www: false, apex: false, dualStack: true };
    const b = { name: 'example.com', www: false, apex: true, dualStack: false };
    expect(zoneRecordConditions([a, b])).toEqual(zoneRecordConditions([b, a]));
    expect(zoneRecordConditions([a, a])).toEqual({ names: ['_*.b.example.com', 'b.example.com'], types: ['CNAME'] });
    expect(zoneRecordConditions([b], false)).toEqual({ names: undefined, types: ['A', 'CNAME'] });
  });
});

describe('the policy name: replaced when the zone\'s names or types change, the same otherwise', () => {
  /** One app with the zone's domains given: the zone policy's (resolved) name and the template. */
  const build = (domains: Array<Partial<CustomDomainOptions> & { domainName: string; ipv6?: boolean }>) => {
    const stack = newStack();
    const hostedZone = zone(stack);
    for (const { ipv6, ...options } of domains) {
      const id = options.domainName.toLowerCase().replace(/\W/g, '');
      const s = service(stack, ipv6 ? { ipAddressType: IpAddressType.DUAL_STACK } : {}, `S${id}`);
      new CustomDomain(stack, `D${id}`, { service: s, hostedZone, ...options });
    }
    const template = synth(stack);
    const policy = zonePolicies(template).Z123EXAMPLE;
    return { name: policy.name as string, id: policy.id, template: template.toJSON() };
  };
  const api = { domainName: 'api.example.com' };
  const web = { domainName: 'web.example.com' };

  test('a domain added or removed: another name (a new policy); the construct ids stay', () => {
    const one = build([api]);
    const two = build([api, web]);
    expect(one.name).toMatch(/^AppRunnerKitZonePolicy[0-9a-f]{8}-Z123EXAMPLE-[0-9a-f]{8}$/);
    expect(two.name).not.toBe(one.name);
    expect(two.id).toBe(one.id);
    expect(build([web]).name).not.toBe(one.name);
  });

  test('www switched, dual stack of an apex switched: another name; dual stack of a subdomain: the same', () => {
    const one = build([api]);
    expect(build([{ ...api, enableWwwSubdomain: false }]).name).not.toBe(one.name);
    const apex = { domainName: 'example.com', enableWwwSubdomain: false };
    expect(build([{ ...apex, ipv6: true }]).name).not.toBe(build([apex]).name);
    expect(build([{ ...api, ipv6: true }]).name).toBe(one.name);
  });

  test('the same domains, in another order or spelling: the same zone policy, byte for byte', () => {
    const first = build([api, web, { domainName: 'example.com' }]);
    const again = build([api, web, { domainName: 'example.com' }]);
    expect(JSON.stringify(again.template)).toBe(JSON.stringify(first.template));
    const reordered = build([{ domainName: 'example.com' }, { domainName: 'WEB.example.com.' }, api]);
    expect(reordered.name).toBe(first.name);
    expect(reordered.template.Resources[reordered.id]).toEqual(first.template.Resources[first.id]);
  });
});

describe('the size of the handler roles\' inline policies', () => {
  /** The inline policies of the onEvent role (the isComplete role's are the same), resolved with realistic (long) values. */
  const roleSize = (stack: Stack): number => {
    const template = synth(stack);
    const roleId = stack.getLogicalId(OperationsProvider.of(stack).onEventFunction.role!.node.defaultChild as CfnElement);
    const docs = [
      ...Object.values<any>(template.findResources('AWS::IAM::Policy')).filter((p) => p.Properties.Roles.some((r: any) => r.Ref === roleId)),
      ...Object.values<any>(template.findResources('AWS::IAM::RolePolicy')).filter((p) => p.Properties.RoleName.Ref === roleId),
    ].map((p) => JSON.parse(JSON.stringify(p.Properties.PolicyDocument).replace(/\{"Ref":"AWS::Partition"\}/g, '"aws-us-gov"')));
    return docs.reduce((sum, doc) => sum + resolvedPolicySize(doc, 125, 110), 0);
  };
  const namesOf = (stack: Stack) => Object.values(zonePolicies(synth(stack))).map((p) => p.change.Condition['ForAllValues:StringLike']?.[NAMES]);
  const warned = (stack: Stack) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('zoneRecordNamesNotLimited')).map((w) => w.id);

  test('the most policies (12 services with every option, 4 zones of 32-character IDs) with names up to the budget fit IAM\'s 10,240 characters; '
    + 'the domain beyond it: its zone lists no names (a warning), the others keep theirs', () => {
    const stack = newStack();
    const zones = [0, 1, 2, 3].map((i) => zone(stack, `example${i}.com`, `Zone${i}`, `Z0${i}${'3456789ABCDEFGHIJKLMNOPQRSTUV'}`));
    const services = Array.from({ length: 12 }, (_, i) =>
      service(stack, { serviceName: `service-with-a-long-name-${String(i).padStart(2, '0')}-abcdefghij`, paused: true, redeploy: 'v1', failOnRollback: true }, `S${i}`));
    const domain = (k: number) => ({ domainName: `host-${String(k).padStart(2, '0')}.example${k % 4}.com`, hostedZone: zones[k % 4] });
    // the domains whose names fit the budget, as the policies render them (JSON arrays)
    const used = (n: number) => [0, 1, 2, 3].reduce((sum, z) => {
      const names = zoneRecordConditions(Array.from({ length: n }, (_, k) => k).filter((k) => k % 4 === z)
        .map((k) => ({ name: domain(k).domainName, www: true, apex: false, dualStack: false }))).names!;
      return sum + (names.length > 0 ? JSON.stringify(names).length : 0);
    }, 0);
    let n = 0;
    while (used(n + 1) <= RECORD_NAMES_BUDGET) n++;
    expect(n).toBeGreaterThanOrEqual(12); // every service has a domain: the most domain policies
    for (let k = 0; k < n; k++) services[k % 12].addCustomDomain(domain(k));
    expect(warned(stack)).toEqual([]);
    expect(namesOf(stack).every((names) => names !== undefined)).toBe(true);
    // at the budget exactly: what this stack takes, and the budget's rest (2026-12: 14 domains, 1,068 characters of names, 10,044 at the budget)
    const atBudget = roleSize(stack) + RECORD_NAMES_BUDGET - used(n);
    expect(atBudget).toBeLessThanOrEqual(10240);

    const beyond = services[n % 12].addCustomDomain(domain(n));
    expect(warned(stack)).toEqual([`/${beyond.node.path}`]);
    const names = zonePolicies(synth(stack));
    expect(Object.entries(names).filter(([, p]) => !p.change.Condition['ForAllValues:StringLike']).map(([id]) => id)).toEqual([zones[n % 4].hostedZoneId]);
    expect(roleSize(stack)).toBeLessThanOrEqual(atBudget);
    // later domains of that zone: no new warning
    services[(n + 4) % 12].addCustomDomain(domain(n + 4));
    expect(warned(stack)).toHaveLength(1);
  });

  test('each provider (stack) has its own budget: long names overflow it in each', () => {
    const app = new App();
    const stacks = [['One', 'us-east-1'], ['Two', 'us-west-2']].map(([id, region]) => new Stack(app, id, { env: { account: '123456789012', region } }));
    const label = 'a'.repeat(60);
    for (const stack of stacks) {
      const s = service(stack);
      const hostedZone = zone(stack);
      for (let i = 0; i < 3; i++) s.addCustomDomain({ domainName: `${label}.${label}.${label}${i}.example.com`, hostedZone });
    }
    // ~600 characters of names per domain: the second is beyond the budget, in each stack
    expect(stacks.map((stack) => warned(stack))).toEqual(['One', 'Two'].map((id) => [`/${id}/Svc/CustomDomain-${label}.${label}.${label}1.example.com`]));
    expect(namesOf(stacks[0])).toEqual([undefined]);
  });
});
