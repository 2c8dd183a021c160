/**
 * The custom domains' zone policy (issue 14, point 2): Route 53 writes limited to the record
 * names, types and actions a service's domains in the zone need, in a policy of the service's
 * domain role replaced (not edited) when they change; a token domain name lists no names; a
 * domain role's inline policies stay within IAM's 10,240 characters with the most a service
 * can have (5 domains in 5 zones).
 */
import { CfnParameter, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { CustomDomain, CustomDomainOptions, IpAddressType, Service, ServiceProps, Source } from '../../src';
import { recordNamesOf, zoneRecordConditions } from '../../src/private/zone-policy';
import { newStack, realisticPolicySize, synth } from '../support/util';

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

interface ZonePolicy {
  readonly id: string;
  readonly zoneId: string;
  readonly role: string;
  readonly name: any;
  readonly list: any;
  readonly change: any;
}

/** Every zone policy (one per service with domains and zone): its zone ID, role, name and ChangeResourceRecordSets statement. */
function allZonePolicies(template: Template): ZonePolicy[] {
  const out: ZonePolicy[] = [];
  for (const [id, p] of Object.entries<any>(template.findResources('AWS::IAM::RolePolicy'))) {
    const statements: any[] = p.Properties.PolicyDocument.Statement;
    const change = statements.find((s) => s.Action === 'route53:ChangeResourceRecordSets');
    if (!change) continue;
    const zoneId = String(change.Resource['Fn::Join'][1][2]).split('hostedzone/')[1];
    out.push({ id, zoneId, role: p.Properties.RoleName.Ref, name: p.Properties.PolicyName, list: statements.find((s) => s.Action === 'route53:ListResourceRecordSets'), change });
  }
  return out;
}

/** The zone policies by zone ID (of a stack with one service with domains per zone). */
function zonePolicies(template: Template): Record<string, ZonePolicy> {
  const all = allZonePolicies(template);
  const out = Object.fromEntries(all.map((p) => [p.zoneId, p]));
  expect(Object.keys(out)).toHaveLength(all.length);
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

  test('domains of two services in one zone (imported twice): a policy on each service\'s role, with that service\'s names only', () => {
    const stack = newStack();
    service(stack, {}, 'A').addCustomDomain({ domainName: 'web.example.com', hostedZone: zone(stack) });
    service(stack, {}, 'A2').addCustomDomain({ domainName: 'shop.example.com', hostedZone: zone(stack, 'example.com', 'Zone2') });
    new CustomDomain(stack, 'Apex', { service: service(stack, {}, 'B'), domainName: 'example.com', hostedZone: zone(stack, 'example.com', 'Again'), enableWwwSubdomain: false });
    const policies = allZonePolicies(synth(stack));
    expect(policies).toHaveLength(3);
    expect(new Set(policies.map((p) => p.role)).size).toBe(3);
    expect(policies.map((p) => p.change.Condition).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))).toEqual([
      expected(['_*.example.com', 'example.com'], ['A', 'CNAME']),
      expected(['_*.shop.example.com', 'shop.example.com', 'www.shop.example.com'], ['CNAME']),
      expected(['_*.web.example.com', 'web.example.com', 'www.web.example.com'], ['CNAME']),
    ]);
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
    expect(zoneRecordConditions([b, { ...a, name: new CfnParameter(newStack(), 'P').valueAsString }])).toEqual({ names: undefined, types: ['A', 'CNAME'] });
  });
});

describe('the policy name: replaced when the zone\'s names or types change, the same otherwise', () => {
  /** One app with the zone's domains given: the zone policy's (resolved) name and the template. */
  const build = (domains: Array<Partial<CustomDomainOptions> & { domainName: string; ipv6?: boolean }>) => {
    const stack = newStack();
    const hostedZone = zone(stack);
    // the domains of one service (a zone policy is the service's)
    const s = service(stack, domains.some((d) => d.ipv6) ? { ipAddressType: IpAddressType.DUAL_STACK } : {});
    for (const { ipv6, ...options } of domains) {
      new CustomDomain(stack, `D${options.domainName.toLowerCase().replace(/\W/g, '')}`, { service: s, hostedZone, ...options });
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
    expect(one.name).toMatch(/^AppRunnerKitZone-Z123EXAMPLE-[0-9a-f]{8}$/);
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

describe('the size of a domain role\'s inline policies', () => {
  test('the most a service can have (5 domains with www, each in its own zone of a 32-character ID, 200-character names): within IAM\'s 10,240 characters', () => {
    const stack = newStack();
    const s = service(stack, { serviceName: 'service-with-a-long-name-abcdefghijklmno', paused: true, redeploy: 'v1', failOnRollback: true });
    const label = 'a'.repeat(60);
    for (let i = 0; i < 5; i++) {
      const zoneName = `${label}.${label}.example${i}.com`;
      s.addCustomDomain({ domainName: `${label}${i}.${zoneName}`, hostedZone: zone(stack, zoneName, `Zone${i}`, `Z${i}${'3456789ABCDEFGHIJKLMNOPQRSTUVW'}`) });
    }
    const template = synth(stack);
    const [[roleId, role]] = Object.entries<any>(template.findResources('AWS::IAM::Role', { Properties: { Path: '/cdk-apprunner-kit/' } }));
    const zonePolicyDocs = allZonePolicies(template).filter((p) => p.role === roleId)
      .map((p) => template.toJSON().Resources[p.id].Properties.PolicyDocument);
    expect(zonePolicyDocs).toHaveLength(5);
    // intrinsics replaced by values of realistic (long) length: the service ARN 125 characters, the longest partition
    const size = [...role.Properties.Policies.map((p: any) => p.PolicyDocument), ...zonePolicyDocs]
      .reduce((sum, doc) => sum + realisticPolicySize(doc), 0);
    // measured 2026-12-01: 6,308 characters
    expect(size).toBeGreaterThan(6000);
    expect(size).toBeLessThanOrEqual(10240);
  });
});
