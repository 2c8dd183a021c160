/**
 * Issue 10, custom domains through whole deployments (bundled handlers, IAM enforced): what
 * the matrix (issue10-matrix.test.ts) checks as end states, here with the calls that must (not)
 * happen, adopted associations and records, failed creates, unmanaged holders, paused services.
 */
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AppSpec, build, DOMAIN, expectState, IMAGE, useWorld } from './issue10-fixture';
import { templateOf } from './world';
import { CustomDomain, Service, Source } from '../../src';

const world = useWorld();
let stacks = 0;

const next = () => world().stack(`Domains${++stacks}`);
const callsSince = (mark: number) => world().appRunner.calls.slice(mark);

/** The matrix app's requests of one custom resource, as CloudFormation sent them. */
const requestsOf = (stack: string, logicalId: string) =>
  world().customResourceRequests.filter((q) => q.stack === stack && q.logicalId === logicalId).map((q) => `${q.requestType} ${q.phase} ${q.ok}`);

test('2. a construct id that changes (addCustomDomain → new CustomDomain, API.example.com.): no disassociation, no record change, for both deletes', async () => {
  const stack = next();
  const before: AppSpec = { domainOn: 'A' };
  const after: AppSpec = { domainOn: 'A', domainStyle: 'construct', domainAs: 'API.example.com.' };
  const v1 = build(before);
  await stack.deploy(v1.template);
  const zone = world().route53.zone(stack.physicalId(v1.ids.zone)!);
  const records = JSON.stringify(zone);
  const mark = world().appRunner.calls.length;
  const v2 = build(after);
  expect(v2.ids.domain).not.toBe(v1.ids.domain);
  const updated = await stack.deploy(v2.template);
  expect(updated.status).toBe('UPDATE_COMPLETE');
  expect(requestsOf(stack.name, v2.ids.domain!)).toEqual(['Create UPDATE_IN_PROGRESS true']);
  expect(requestsOf(stack.name, v1.ids.domain!)).toEqual(['Create CREATE_IN_PROGRESS true', 'Delete UPDATE_COMPLETE_CLEANUP_IN_PROGRESS true']);
  expect(callsSince(mark).filter((c) => /CustomDomain$/.test(c) && c !== 'DescribeCustomDomains')).toEqual([]);
  expect(JSON.stringify(zone)).toBe(records);
  expectState(world(), stack, after, v2);
  await stack.destroy();
});

test('1. a replaced service\'s domain: every handler call allowed at each moment (seeds 1-4), the records point at the new service', async () => {
  for (let seed = 1; seed <= 4; seed++) {
    const stack = next();
    const v1 = build({ domainOn: 'A' });
    await stack.deploy(v1.template, { seed });
    const oldArn = stack.physicalId(v1.ids.a)!;
    const v2 = build({ domainOn: 'A', tagA: 'replace-me' });
    const updated = await stack.deploy(v2.template, { seed });
    expect(updated.status).toBe('UPDATE_COMPLETE');
    expect(stack.physicalId(v2.ids.a)).not.toBe(oldArn);
    expect(world().appRunner.services.has(oldArn)).toBe(false);
    expectState(world(), stack, { domainOn: 'A', tagA: 'replace-me' }, v2);
    await stack.destroy({ seed });
  }
  expect(world().denials).toEqual([]);
});

/** A stack with one service and, optionally, a domain on it (the zone is an import of a zone the test made). */
function simpleStack(zoneId: string, domain: boolean, failing = false): { template: any; service: string; domain?: string } {
  const stack = new Stack(new App(), 'Simple', { env: { account: '123456789012', region: 'us-east-1' } });
  const service = new Service(stack, 'Svc', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }) });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: zoneId, zoneName: 'example.com' });
  const d = domain ? new CustomDomain(stack, 'Domain', { service, domainName: DOMAIN, hostedZone: zone, enableWwwSubdomain: false }) : undefined;
  if (failing && d) {
    const fault = new CfnResource(stack, 'Fault', { type: 'Custom::HarnessFault', properties: { Fail: 'true' } });
    fault.node.addDependency(d);
  }
  return {
    template: templateOf(stack),
    service: stack.getLogicalId(service.cfnService),
    domain: d ? stack.getLogicalId(d.node.defaultChild as CfnResource) : undefined,
  };
}

describe('3. a Delete undoes only what its resource did', () => {
  test('an association and records made by hand before the Create: the rollback of the stack leaves all of them', async () => {
    const stack = next();
    const zoneId = `ZHAND${stacks}`;
    const v1 = simpleStack(zoneId, false);
    await stack.deploy(v1.template);
    const service = world().appRunner.services.get(stack.physicalId(v1.service)!)!;
    // by hand: the association, its validation records and the CNAME
    world().appRunner.handle('AssociateCustomDomain', { ServiceArn: service.arn, DomainName: DOMAIN, EnableWWWSubdomain: false });
    for (let i = 0; i < 3; i++) world().appRunner.handle('DescribeCustomDomains', { ServiceArn: service.arn });
    const zone = world().route53.zone(zoneId);
    for (const r of service.domains[0].records) zone.push({ Name: r.Name.toLowerCase(), Type: 'CNAME', TTL: 300, Values: [r.Value] });
    zone.push({ Name: `${DOMAIN}.`, Type: 'CNAME', TTL: 300, Values: [world().appRunner.dnsTarget(service)] });
    const before = JSON.stringify(zone);
    const failed = await stack.deploy(simpleStack(zoneId, true, true).template);
    expect(failed.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    const domainId = simpleStack(zoneId, true).domain!;
    expect(requestsOf(stack.name, domainId)).toEqual(['Create UPDATE_IN_PROGRESS true', 'Delete UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS true']);
    expect(service.domains.map((d) => `${d.DomainName} ${d.Status}`)).toEqual([`${DOMAIN} active`]);
    expect(JSON.stringify(zone)).toBe(before);
    service.domains.length = 0; // clean up by hand
    await stack.destroy();
  });

  test('a Create that fails itself (the certificate cannot be issued): its Delete removes its association, not the CNAME someone made', async () => {
    const stack = next();
    const zoneId = `ZFAIL${stacks}`;
    const v1 = simpleStack(zoneId, false);
    await stack.deploy(v1.template);
    const service = world().appRunner.services.get(stack.physicalId(v1.service)!)!;
    const zone = world().route53.zone(zoneId);
    zone.push({ Name: `${DOMAIN}.`, Type: 'CNAME', TTL: 300, Values: [world().appRunner.dnsTarget(service)] });
    world().appRunner.failNextAssociation(DOMAIN);
    const failed = await stack.deploy(simpleStack(zoneId, true).template);
    expect(failed.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(failed.reason).toMatch(/Custom domain api.example.com of .* is create_failed/);
    expect(service.domains).toEqual([]);
    expect(zone.map((r) => `${r.Name} ${r.Values?.[0]}`)).toEqual([`${DOMAIN}. ${world().appRunner.dnsTarget(service)}`]);
    await stack.destroy();
  });
});

describe('4. a domain held by another service', () => {
  test('held by a service of no resource of this stack: the deployment fails at once, naming that service', async () => {
    const foreign = world().appRunner.addService('foreign');
    world().appRunner.handle('AssociateCustomDomain', { ServiceArn: foreign.arn, DomainName: DOMAIN, EnableWWWSubdomain: false });
    const stack = next();
    const failed = await stack.deploy(build({ domainOn: 'A' }).template);
    expect(failed.status).toBe('ROLLBACK_COMPLETE');
    expect(failed.reason).toMatch(/^Custom domain api.example.com is associated with another App Runner service, which no custom domain of this stack declares \(App Runner: "api.example.com is already associated with service foreign"\)/);
    expect(foreign.domains).toHaveLength(1);
    world().appRunner.services.delete(foreign.arn);
  });

  test('moved to a service of another construct: the new domain resource takes it over; its Create needs few polls', async () => {
    const stack = next();
    const v1 = build({ domainOn: 'A' });
    await stack.deploy(v1.template);
    const mark = world().appRunner.calls.length;
    const v2 = build({ domainOn: 'B' });
    expect((await stack.deploy(v2.template)).status).toBe('UPDATE_COMPLETE');
    // describe-and-act rounds of the new resource: the move is a handful of polls, not a timeout
    const describes = callsSince(mark).filter((c) => c === 'DescribeCustomDomains').length;
    expect(describes).toBeLessThan(30);
    expectState(world(), stack, { domainOn: 'B' }, v2);
    await stack.destroy();
  });
});

describe('8. paused services and domains', () => {
  test('deleting a stack whose imported service is paused removes the association (resumed, removed, paused again)', async () => {
    const imported = world().appRunner.addService('imported');
    const stack = next();
    const app = new Stack(new App(), 'Imported', { env: { account: '123456789012', region: 'us-east-1' } });
    const zone = new route53.PublicHostedZone(app, 'Zone', { zoneName: 'example.com' });
    new CustomDomain(app, 'Domain', { service: Service.fromServiceArn(app, 'Svc', imported.arn), domainName: DOMAIN, hostedZone: zone, enableWwwSubdomain: false });
    expect((await stack.deploy(templateOf(app))).status).toBe('CREATE_COMPLETE');
    expect(imported.domains).toHaveLength(1);
    imported.status = 'PAUSED';
    const deleted = await stack.destroy();
    expect(deleted.status).toBe('DELETE_COMPLETE'); // the zone too: no record of ours left in it
    expect(imported.domains).toEqual([]);
    expect(imported.status).toBe('PAUSED');
    world().appRunner.services.delete(imported.arn);
  });

  test('a service paused by a schedule while its domain is removed: the domain goes, the service ends paused', async () => {
    const stack = next();
    const v1 = build({ domainOn: 'A' });
    await stack.deploy(v1.template);
    const service = world().appRunner.services.get(stack.physicalId(v1.ids.a)!)!;
    service.status = 'PAUSED'; // the schedule's PauseService
    const v2 = build({});
    expect((await stack.deploy(v2.template)).status).toBe('UPDATE_COMPLETE');
    expect(service.domains).toEqual([]);
    expect(service.status).toBe('PAUSED');
    service.status = 'RUNNING';
    await stack.destroy();
  });

  test('a whole stack with a paused service and a domain deletes, zone included (the association goes with the service)', async () => {
    const stack = next();
    const v1 = build({ domainOn: 'A', paused: true });
    expect((await stack.deploy(v1.template)).status).toBe('CREATE_COMPLETE');
    const mark = world().appRunner.calls.length;
    const deleted = await stack.destroy();
    expect(deleted.status).toBe('DELETE_COMPLETE');
    expect(callsSince(mark)).not.toContain('ResumeService');
  });
});
