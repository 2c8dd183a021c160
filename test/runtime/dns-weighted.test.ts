/**
 * ZoneRecords (src/operations/runtime/dns.ts) next to the weighted sets of a traffic cutover,
 * through the real Route 53 client against the loopback Route 53 (which refuses what Route 53
 * refuses: a simple set next to weighted ones, weighted CNAMEs of different TTLs, …).
 */
import { ChangeResourceRecordSetsCommand, ResourceRecordSet, Route53Client } from '@aws-sdk/client-route-53';
import type { CustomDomainProperties } from '../../src/operations/contract';
import { DesiredRecord, WEIGHT_WHILE_SHARED, ZoneRecords } from '../../src/operations/runtime/dns';
import { settingsOf } from '../../src/operations/runtime/domain-records';
import { Props } from '../../src/operations/runtime/props';
import { LoopbackAws, loopbackClientConfig } from '../emulator/server';

const aws = new LoopbackAws();
let client: Route53Client;

beforeAll(async () => {
  const endpoint = await aws.start();
  client = new Route53Client(loopbackClientConfig(endpoint));
});
afterAll(async () => {
  client.destroy();
  await aws.stop();
});

const NAME = 'api.example.com';
const APP_RUNNER = 'abc.us-east-1.awsapprunner.com';
const ALB = 'ecs-express-gateway-alb-1.us-east-1.elb.amazonaws.com';
const OURS = 'apprunner-kit-app-runner';
const THEIRS = 'apprunner-kit-ecs-express';

let zones = 0;
function zone(): { id: string; records: ZoneRecords } {
  const id = `ZDNSWEIGHTED${++zones}`;
  return { id, records: new ZoneRecords(client, id) };
}
const target = (weight?: number): DesiredRecord => ({ name: NAME, type: 'CNAME', value: APP_RUNNER, routing: { setIdentifier: OURS, weight } });
/** The sets of the name as `SETID:WEIGHT:VALUE` (`-` for simple), sorted. */
const sets = (id: string) => aws.route53.recordSets(id, NAME, 'CNAME')
  .map((r) => `${r.SetIdentifier ?? '-'}:${r.Weight ?? '-'}:${r.Values?.join(',')}`).sort();
async function theirSet(id: string, weight: number, action: 'CREATE' | 'DELETE' = 'CREATE'): Promise<void> {
  const set: ResourceRecordSet = { Name: NAME, Type: 'CNAME', SetIdentifier: THEIRS, Weight: weight, TTL: 300, ResourceRecords: [{ Value: ALB }] };
  const changes = [{ Action: action, ResourceRecordSet: set }];
  await client.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: id, ChangeBatch: { Changes: changes } }));
}

test('without routing weight and alone: a simple record, as before cutovers existed', async () => {
  const { id, records } = zone();
  expect(await records.upsert([target()])).toBe(1);
  expect(sets(id)).toEqual([`-:-:${APP_RUNNER}`]);
  expect(await records.upsert([target()])).toBe(0); // nothing to change
});

test('simple → weighted in one batch (the name resolves throughout), then the other side can join', async () => {
  const { id, records } = zone();
  await records.upsert([target()]);
  const before = aws.route53.calls.length;
  expect(await records.upsert([target(100)])).toBe(1);
  expect(aws.route53.calls.slice(before).filter((c) => c.startsWith('ChangeResourceRecordSets'))).toHaveLength(1);
  expect(sets(id)).toEqual([`${OURS}:100:${APP_RUNNER}`]);
  await theirSet(id, 0);
  expect(sets(id)).toEqual([`${OURS}:100:${APP_RUNNER}`, `${THEIRS}:0:${ALB}`]);
  // weights move in place; the other side's set is never touched
  expect(await records.upsert([target(0)])).toBe(1);
  expect(sets(id)).toEqual([`${OURS}:0:${APP_RUNNER}`, `${THEIRS}:0:${ALB}`]);
});

test('the smallest and largest weights Route 53 takes (0 and 255) are written as given', async () => {
  const { id, records } = zone();
  await records.upsert([target(0)]);
  expect(sets(id)).toEqual([`${OURS}:0:${APP_RUNNER}`]);
  await records.upsert([target(255)]);
  expect(sets(id)).toEqual([`${OURS}:255:${APP_RUNNER}`]);
});

test('back to simple while the other side\'s set still exists (a rollback, or the cutover removed): stays weighted at 255, simple once alone', async () => {
  const { id, records } = zone();
  await records.upsert([target(50)]);
  await theirSet(id, 50);
  expect(await records.upsert([target()])).toBe(1);
  expect(sets(id)).toEqual([`${OURS}:${WEIGHT_WHILE_SHARED}:${APP_RUNNER}`, `${THEIRS}:50:${ALB}`]);
  await theirSet(id, 50, 'DELETE');
  expect(await records.upsert([target()])).toBe(1);
  expect(sets(id)).toEqual([`-:-:${APP_RUNNER}`]);
});

test('holds and deleteOwn: only our set with our value; the other side\'s set stays (the final step)', async () => {
  const { id, records } = zone();
  await records.upsert([target(0)]);
  await theirSet(id, 100);
  expect(await records.holds(target(0))).toBe(true);
  expect(await records.holds(target())).toBe(true); // ours whatever the weight
  expect(await records.holds({ ...target(), value: ALB })).toBe(false); // their value under our identity is not ours
  expect(await records.deleteOwn([target()])).toBe(1);
  expect(sets(id)).toEqual([`${THEIRS}:100:${ALB}`]);
  expect(await records.deleteOwn([target()])).toBe(0);
  // a simple record of ours is deleted too (no cutover)
  const other = zone();
  await other.records.upsert([target()]);
  expect(await other.records.deleteOwn([target(40)])).toBe(1);
  expect(sets(other.id)).toEqual([]);
});

test('a simple record with another value (someone else\'s) is replaced by our weighted set, as a simple UPSERT replaced it before', async () => {
  const { id, records } = zone();
  await client.send(new ChangeResourceRecordSetsCommand({
    HostedZoneId: id,
    ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: { Name: NAME, Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'old.example.net' }] } }] },
  }));
  await records.upsert([target(90)]);
  expect(sets(id)).toEqual([`${OURS}:90:${APP_RUNNER}`]);
});

test('sets of a name are read across pages (more than 100 weighted sets of others)', async () => {
  const { id, records } = zone();
  const changes = Array.from({ length: 120 }, (_, i) => ({
    Action: 'CREATE' as const,
    ResourceRecordSet: { Name: NAME, Type: 'CNAME' as const, SetIdentifier: `a-${String(i).padStart(3, '0')}`, Weight: 1, TTL: 300, ResourceRecords: [{ Value: `v${i}.example.net` }] },
  }));
  await client.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: id, ChangeBatch: { Changes: changes } }));
  expect(await records.sets(NAME, 'CNAME')).toHaveLength(120);
  // ours sorts after a-…: found on the second page, and updated in place
  await records.upsert([target(3)]);
  await records.upsert([target(4)]);
  expect(aws.route53.weights(id, NAME, 'CNAME')[OURS]).toBe(4);
  expect(await records.sets(NAME, 'CNAME')).toHaveLength(121);
});

test('RoutingWeight is read as Route 53 takes weights: 0 to 255 in decimal digits, absent for simple records', () => {
  const settings = (weight?: string) => settingsOf(new Props<CustomDomainProperties>('Custom::AppRunnerCustomDomain', {
    ServiceArn: 'arn:aws:apprunner:us-east-1:123456789012:service/web/0123456789abcdef0123456789abcdef', DomainName: NAME, RoutingWeight: weight,
  })).weight;
  expect([settings(), settings(''), settings('0'), settings('255')]).toEqual([undefined, undefined, 0, 255]);
  for (const bad of ['256', '-1', '1.5', '1e2', 'x']) {
    expect(() => settings(bad)).toThrow(`Custom::AppRunnerCustomDomain: property RoutingWeight must be an integer between 0 and 255, got "${bad}"`);
  }
});
