/**
 * The Route 53 fake (route53-fake.ts) against the rules it models, each accepted and refused,
 * through the real @aws-sdk/client-route-53 against a started LoopbackAws (so the request and
 * response XML shapes are the SDK's own), and the fake's helpers for tests.
 */
import {
  ChangeAction, ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, ListResourceRecordSetsCommandInput,
  ResourceRecordSet, Route53Client,
} from '@aws-sdk/client-route-53';
import { LoopbackAws, loopbackClientConfig, ServiceRequest } from './server';

const aws = new LoopbackAws();
const fake = aws.route53;
let client: Route53Client;

beforeAll(async () => {
  const endpoint = await aws.start();
  client = new Route53Client(loopbackClientConfig(endpoint));
});

afterAll(async () => {
  client.destroy();
  await aws.stop();
});

let zones = 0;
/** A fresh zone id (the zone springs into existence, empty). */
const newZone = () => `ZWEIGHTED${++zones}`;

const NAME = 'app.example.com';
const FQDN = 'app.example.com.';
const APP_RUNNER = 'xyz.us-east-1.awsapprunner.com';
const ECS = 'ecs-express.example.net';

const simple = (value: string, extra: Partial<ResourceRecordSet> = {}): ResourceRecordSet =>
  ({ Name: NAME, Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: value }], ...extra });
const weighted = (id: string, weight: number, value: string, extra: Partial<ResourceRecordSet> = {}): ResourceRecordSet =>
  simple(value, { SetIdentifier: id, Weight: weight, ...extra });

/** ChangeResourceRecordSets with these changes, in order. */
const change = (zone: string, ...changes: Array<[ChangeAction, ResourceRecordSet]>) => client.send(new ChangeResourceRecordSetsCommand({
  HostedZoneId: zone,
  ChangeBatch: { Changes: changes.map(([Action, set]) => ({ Action, ResourceRecordSet: set })) },
}));
/** ListResourceRecordSets' record sets (one page). */
const list = async (zone: string, input: Partial<ListResourceRecordSetsCommandInput> = {}) =>
  (await client.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone, ...input }))).ResourceRecordSets ?? [];
/** The zone as the fake holds it, as comparable strings. */
const contents = (zone: string) => fake.zone(zone).map((r) => `${r.Type} ${r.Name} ${r.SetIdentifier ?? '-'} ${r.Weight ?? '-'} ${r.TTL ?? '-'} ${r.Values?.join(',') ?? r.Alias?.DNSName}`).sort();
const invalidBatch = (message: string) => ({ name: 'InvalidChangeBatch', message, $metadata: { httpStatusCode: 400 } });
const invalidInput = (message: string | RegExp) => ({ name: 'InvalidInput', message: expect.stringMatching(message), $metadata: { httpStatusCode: 400 } });

/** A zone with the two weighted sets of app.example.com: blue (App Runner, 255) and green (ECS, 0). */
async function blueGreen(): Promise<string> {
  const zone = newZone();
  await change(zone, ['CREATE', weighted('blue', 255, APP_RUNNER)], ['CREATE', weighted('green', 0, ECS)]);
  return zone;
}

describe('1. identity: (name, type, SetIdentifier); Weight 0-255', () => {
  test('two weighted sets of one name and type with distinct SetIdentifiers coexist; the zone, the helpers and the list show SetIdentifier and Weight', async () => {
    const zone = await blueGreen();
    expect(fake.zone(zone)).toEqual([
      { Name: FQDN, Type: 'CNAME', SetIdentifier: 'blue', Weight: 255, TTL: 300, Values: [APP_RUNNER] },
      { Name: FQDN, Type: 'CNAME', SetIdentifier: 'green', Weight: 0, TTL: 300, Values: [ECS] },
    ]);
    expect(fake.weights(zone, NAME, 'CNAME')).toEqual({ blue: 255, green: 0 });
    expect(fake.recordSets(zone, 'APP.example.com.', 'CNAME').map((r) => r.SetIdentifier)).toEqual(['blue', 'green']);
    expect(fake.hasCname(NAME, ECS)).toBe(true); // weighted, weight 0: still a record
    expect(await list(zone)).toEqual([
      { Name: FQDN, Type: 'CNAME', SetIdentifier: 'blue', Weight: 255, TTL: 300, ResourceRecords: [{ Value: APP_RUNNER }] },
      { Name: FQDN, Type: 'CNAME', SetIdentifier: 'green', Weight: 0, TTL: 300, ResourceRecords: [{ Value: ECS }] },
    ]);
  });

  test('CREATE of a SetIdentifier that exists: already exists (labelled with its set-identifier); nothing changes', async () => {
    const zone = await blueGreen();
    const before = contents(zone);
    await expect(change(zone, ['CREATE', weighted('blue', 10, 'other.example.net')])).rejects.toMatchObject(
      invalidBatch("[Tried to create resource record set [name='app.example.com.', type='CNAME', set-identifier='blue'] but it already exists]"));
    expect(contents(zone)).toEqual(before);
  });

  test('Weight must come with a SetIdentifier and the other way round, and be 0-255 (InvalidInput)', async () => {
    const zone = newZone();
    await expect(change(zone, ['CREATE', simple(APP_RUNNER, { Weight: 10 })])).rejects.toMatchObject(
      invalidInput(/^Invalid request: Missing field 'SetIdentifier' in Change with \[Action=CREATE, Name=app\.example\.com, Type=CNAME, SetIdentifier=null\]$/));
    await expect(change(zone, ['CREATE', simple(APP_RUNNER, { SetIdentifier: 'blue' })])).rejects.toMatchObject(
      invalidInput(/^Invalid request: Expected exactly one of \[Weight, .*\], but found none in Change with \[Action=CREATE, Name=app\.example\.com, Type=CNAME, SetIdentifier=blue\]$/));
    await expect(change(zone, ['CREATE', weighted('blue', 256, APP_RUNNER)])).rejects.toMatchObject(invalidInput(/'256' .*weight.* between 0 and 255/));
    await expect(change(zone, ['CREATE', weighted('blue', -1, APP_RUNNER)])).rejects.toMatchObject(invalidInput(/'-1' .*weight/));
    expect(fake.zone(zone)).toEqual([]);
    // the bounds themselves are fine
    await change(zone, ['CREATE', weighted('blue', 255, APP_RUNNER)], ['CREATE', weighted('green', 0, ECS)]);
    expect(fake.weights(zone, NAME, 'CNAME')).toEqual({ blue: 255, green: 0 });
  });

  test('routing policies and health checks the fake does not model are refused, not ignored', async () => {
    const zone = newZone();
    await expect(change(zone, ['CREATE', simple(APP_RUNNER, { SetIdentifier: 'east', Region: 'us-east-1' })])).rejects.toMatchObject(invalidInput(/does not model Region/));
    await expect(change(zone, ['CREATE', weighted('blue', 1, APP_RUNNER, { HealthCheckId: 'hc-1' })])).rejects.toMatchObject(invalidInput(/does not model HealthCheckId/));
    expect(fake.zone(zone)).toEqual([]);
  });

  test('a record set is values with a TTL, or an alias target: not both, not neither (InvalidInput)', async () => {
    const zone = newZone();
    const alias = { HostedZoneId: 'Z01915732ZBZKC8D32TPT', DNSName: APP_RUNNER, EvaluateTargetHealth: false };
    await expect(change(zone, ['CREATE', { Name: NAME, Type: 'A', TTL: 60, AliasTarget: alias }])).rejects.toMatchObject(
      invalidInput(/^Invalid request: Expected exactly one of \[AliasTarget, all of \[TTL, and ResourceRecords\], or TrafficPolicyInstanceId\], but found more than one in Change with \[Action=CREATE, Name=app\.example\.com, Type=A, SetIdentifier=null\]$/));
    await expect(change(zone, ['CREATE', { Name: NAME, Type: 'A', ResourceRecords: [{ Value: '192.0.2.1' }] }])).rejects.toMatchObject(invalidInput(/but found none in Change/));
    await change(zone, ['CREATE', { Name: NAME, Type: 'A', SetIdentifier: 'blue', Weight: 1, AliasTarget: alias }]);
    expect(fake.zone(zone)).toEqual([{ Name: FQDN, Type: 'A', SetIdentifier: 'blue', Weight: 1, Alias: alias }]);
  });
});

describe('2. no simple and weighted sets of one name and type', () => {
  test('a weighted set where a simple one is: refused (CREATE and UPSERT)', async () => {
    const zone = newZone();
    await change(zone, ['CREATE', simple(APP_RUNNER)]);
    for (const action of ['CREATE', 'UPSERT'] as const) {
      await expect(change(zone, [action, weighted('green', 0, ECS)])).rejects.toMatchObject(
        invalidBatch('[RRSet with DNS name app.example.com., type CNAME, SetIdentifier green cannot be created as a non-weighted set exists with the same name and type.]'));
    }
    expect(contents(zone)).toEqual([`CNAME ${FQDN} - - 300 ${APP_RUNNER}`]);
  });

  test('a simple set where weighted ones are: refused (CREATE and UPSERT)', async () => {
    const zone = await blueGreen();
    for (const action of ['CREATE', 'UPSERT'] as const) {
      await expect(change(zone, [action, simple(APP_RUNNER)])).rejects.toMatchObject(
        invalidBatch('[RRSet with DNS name app.example.com., type CNAME cannot be created as other RRSets exist with the same name and type.]'));
    }
    expect(fake.weights(zone, NAME, 'CNAME')).toEqual({ blue: 255, green: 0 });
  });

  test('the rule is per name and type: weighted A next to a simple TXT of the same name, and weighted A of another name', async () => {
    const zone = newZone();
    await change(zone,
      ['CREATE', { Name: NAME, Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"owner=kit"' }] }],
      ['CREATE', { Name: NAME, Type: 'A', TTL: 60, SetIdentifier: 'blue', Weight: 1, ResourceRecords: [{ Value: '192.0.2.1' }] }],
      ['CREATE', { Name: 'other.example.com', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.2' }] }]);
    expect(contents(zone)).toEqual([
      `A ${FQDN} blue 1 60 192.0.2.1`,
      'A other.example.com. - - 60 192.0.2.2',
      `TXT ${FQDN} - - 300 "owner=kit"`,
    ]);
  });
});

describe('3. a batch is checked in order and applied whole or not at all', () => {
  test('simple → weighted in one batch: [DELETE simple, CREATE blue, CREATE green]', async () => {
    const zone = newZone();
    await change(zone, ['CREATE', simple(APP_RUNNER)]);
    await change(zone, ['DELETE', simple(APP_RUNNER)], ['CREATE', weighted('blue', 255, APP_RUNNER)], ['UPSERT', weighted('green', 0, ECS)]);
    expect(contents(zone)).toEqual([`CNAME ${FQDN} blue 255 300 ${APP_RUNNER}`, `CNAME ${FQDN} green 0 300 ${ECS}`]);
    // and back: [DELETE blue, DELETE green, CREATE simple]
    await change(zone, ['DELETE', weighted('blue', 255, APP_RUNNER)], ['DELETE', weighted('green', 0, ECS)], ['CREATE', simple(ECS)]);
    expect(contents(zone)).toEqual([`CNAME ${FQDN} - - 300 ${ECS}`]);
  });

  test('the same changes in the wrong order are refused (the simple set still exists at the CREATE): nothing applied', async () => {
    const zone = newZone();
    await change(zone, ['CREATE', simple(APP_RUNNER)]);
    await expect(change(zone, ['CREATE', weighted('blue', 255, APP_RUNNER)], ['DELETE', simple(APP_RUNNER)])).rejects.toMatchObject(
      invalidBatch('[RRSet with DNS name app.example.com., type CNAME, SetIdentifier blue cannot be created as a non-weighted set exists with the same name and type.]'));
    expect(contents(zone)).toEqual([`CNAME ${FQDN} - - 300 ${APP_RUNNER}`]);
  });

  test('one failing change: the valid ones before it are not applied; every failure is listed, in order', async () => {
    const zone = await blueGreen();
    const before = contents(zone);
    await expect(change(zone, ['UPSERT', weighted('blue', 0, APP_RUNNER)], ['DELETE', weighted('gone', 1, ECS)])).rejects.toMatchObject(
      invalidBatch("[Tried to delete resource record set [name='app.example.com.', type='CNAME', set-identifier='gone'] but it was not found]"));
    expect(contents(zone)).toEqual(before);
    await expect(change(zone,
      ['CREATE', weighted('green', 0, ECS)],
      ['UPSERT', weighted('blue', 0, APP_RUNNER)],
      ['DELETE', weighted('blue', 255, APP_RUNNER)], // blue is weight 0 by now
    )).rejects.toMatchObject(invalidBatch(
      "[Tried to create resource record set [name='app.example.com.', type='CNAME', set-identifier='green'] but it already exists, "
      + "Tried to delete resource record set [name='app.example.com.', type='CNAME', set-identifier='blue'] but the values provided do not match the current values]"));
    expect(contents(zone)).toEqual(before);
  });

  test('the live zone array is changed in place (callers holding zone() see the batch)', async () => {
    const zone = newZone();
    const records = fake.zone(zone);
    await change(zone, ['CREATE', weighted('blue', 255, APP_RUNNER)]);
    expect(records.map((r) => r.SetIdentifier)).toEqual(['blue']);
  });
});

describe('4. DELETE gives the whole current set', () => {
  test('exactly the set (as listed): deleted', async () => {
    const zone = await blueGreen();
    const [blue] = await list(zone, { StartRecordName: NAME, StartRecordType: 'CNAME', MaxItems: 1 });
    await change(zone, ['DELETE', blue]);
    expect(fake.weights(zone, NAME, 'CNAME')).toEqual({ green: 0 });
  });

  test('another weight, value, TTL: do not match; another or no SetIdentifier: not found', async () => {
    const zone = await blueGreen();
    const mismatch = "[Tried to delete resource record set [name='app.example.com.', type='CNAME', set-identifier='blue'] but the values provided do not match the current values]";
    await expect(change(zone, ['DELETE', weighted('blue', 254, APP_RUNNER)])).rejects.toMatchObject(invalidBatch(mismatch));
    await expect(change(zone, ['DELETE', weighted('blue', 255, ECS)])).rejects.toMatchObject(invalidBatch(mismatch));
    await expect(change(zone, ['DELETE', weighted('blue', 255, APP_RUNNER, { TTL: 60 })])).rejects.toMatchObject(invalidBatch(mismatch));
    await expect(change(zone, ['DELETE', weighted('Blue', 255, APP_RUNNER)])).rejects.toMatchObject(
      invalidBatch("[Tried to delete resource record set [name='app.example.com.', type='CNAME', set-identifier='Blue'] but it was not found]"));
    await expect(change(zone, ['DELETE', simple(APP_RUNNER)])).rejects.toMatchObject(
      invalidBatch("[Tried to delete resource record set [name='app.example.com.', type='CNAME'] but it was not found]"));
    expect(fake.weights(zone, NAME, 'CNAME')).toEqual({ blue: 255, green: 0 });
  });

  test('weighted alias sets: the whole alias target must match', async () => {
    const zone = newZone();
    const alias = { HostedZoneId: 'Z01915732ZBZKC8D32TPT', DNSName: APP_RUNNER, EvaluateTargetHealth: false };
    const set: ResourceRecordSet = { Name: 'example.org', Type: 'A', SetIdentifier: 'blue', Weight: 100, AliasTarget: alias };
    await change(zone, ['CREATE', set]);
    await expect(change(zone, ['DELETE', { ...set, AliasTarget: { ...alias, EvaluateTargetHealth: true } }])).rejects.toMatchObject(
      invalidBatch("[Tried to delete resource record set [name='example.org.', type='A', set-identifier='blue'] but the values provided do not match the current values]"));
    await change(zone, ['DELETE', set]);
    expect(fake.zone(zone)).toEqual([]);
  });

  test('simple sets as before: values in any order, the TTL shown for a set pushed without one', async () => {
    const zone = newZone();
    fake.zone(zone).push({ Name: 'multi.example.com.', Type: 'A', Values: ['192.0.2.1', '192.0.2.2'] });
    await expect(change(zone, ['DELETE', { Name: 'multi.example.com', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.2' }, { Value: '192.0.2.1' }] }]))
      .rejects.toMatchObject(invalidBatch("[Tried to delete resource record set [name='multi.example.com.', type='A'] but the values provided do not match the current values]"));
    await change(zone, ['DELETE', { Name: 'multi.example.com', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.2' }, { Value: '192.0.2.1' }] }]);
    expect(fake.zone(zone)).toEqual([]);
  });
});

describe('5. UPSERT replaces the set of its SetIdentifier', () => {
  test('weight and value change; the other set stays; a new SetIdentifier adds a set', async () => {
    const zone = await blueGreen();
    await change(zone, ['UPSERT', weighted('blue', 0, 'new.us-east-1.awsapprunner.com')], ['UPSERT', weighted('green', 255, ECS)]);
    expect(contents(zone)).toEqual([`CNAME ${FQDN} blue 0 300 new.us-east-1.awsapprunner.com`, `CNAME ${FQDN} green 255 300 ${ECS}`]);
    await change(zone, ['UPSERT', weighted('canary', 5, 'canary.example.net')]);
    expect(fake.weights(zone, NAME, 'CNAME')).toEqual({ blue: 0, canary: 5, green: 255 });
  });

  test('weighted sets of one name and type share their TTL: one set alone refused, the whole group in one batch accepted', async () => {
    const zone = await blueGreen();
    await expect(change(zone, ['UPSERT', weighted('blue', 255, APP_RUNNER, { TTL: 60 })])).rejects.toMatchObject(
      invalidBatch('[RRSet with DNS name app.example.com. and type CNAME, SetIdentifier blue cannot be created as weighted sets must contain the same TTL.]'));
    await expect(change(zone, ['CREATE', weighted('canary', 5, 'canary.example.net', { TTL: 60 })])).rejects.toMatchObject(
      invalidBatch('[RRSet with DNS name app.example.com. and type CNAME, SetIdentifier canary cannot be created as weighted sets must contain the same TTL.]'));
    await change(zone, ['UPSERT', weighted('blue', 255, APP_RUNNER, { TTL: 60 })], ['UPSERT', weighted('green', 0, ECS, { TTL: 60 })]);
    expect(fake.recordSets(zone, NAME, 'CNAME').map((r) => r.TTL)).toEqual([60, 60]);
  });
});

describe('6. CNAME: alone at its name, weighted CNAMEs excepted', () => {
  test('another type where a weighted CNAME is, or a CNAME where another type is: refused', async () => {
    const zone = await blueGreen();
    await expect(change(zone, ['CREATE', { Name: NAME, Type: 'A', TTL: 60, SetIdentifier: 'blue', Weight: 1, ResourceRecords: [{ Value: '192.0.2.1' }] }])).rejects.toMatchObject(
      invalidBatch('[RRSet of type A with DNS name app.example.com. is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone example.com.]'));
    await expect(change(zone, ['UPSERT', { Name: NAME, Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"x"' }] }])).rejects.toMatchObject(
      invalidBatch('[RRSet of type TXT with DNS name app.example.com. is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone example.com.]'));
    await change(zone, ['CREATE', { Name: 'txt.example.com', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"x"' }] }]);
    await expect(change(zone, ['CREATE', { Name: 'txt.example.com', Type: 'CNAME', TTL: 60, SetIdentifier: 'blue', Weight: 1, ResourceRecords: [{ Value: APP_RUNNER }] }])).rejects.toMatchObject(
      invalidBatch('[RRSet of type CNAME with DNS name txt.example.com. is not permitted as it conflicts with other records with the same DNS name in zone example.com.]'));
  });

  test('a CNAME replaced by alias A/AAAA in one batch is fine; a CNAME at the apex of a created zone is not', async () => {
    const zone = newZone();
    await change(zone, ['CREATE', simple(APP_RUNNER)]);
    const alias = (type: string): ResourceRecordSet => ({ Name: NAME, Type: type as 'A', AliasTarget: { HostedZoneId: 'Z01915732ZBZKC8D32TPT', DNSName: APP_RUNNER, EvaluateTargetHealth: false } });
    await change(zone, ['DELETE', simple(APP_RUNNER)], ['CREATE', alias('A')], ['CREATE', alias('AAAA')]);
    expect(contents(zone)).toEqual([`A ${FQDN} - - - ${APP_RUNNER}`, `AAAA ${FQDN} - - - ${APP_RUNNER}`]);

    const created = fake.createHostedZone('example.org');
    await expect(change(created.id, ['CREATE', { Name: 'example.org', Type: 'CNAME', TTL: 60, SetIdentifier: 'blue', Weight: 1, ResourceRecords: [{ Value: APP_RUNNER }] }])).rejects.toMatchObject(
      invalidBatch('[RRSet of type CNAME with DNS name example.org. is not permitted at apex in zone example.org.]'));
    await change(created.id, ['CREATE', { Name: 'www.example.org', Type: 'CNAME', TTL: 60, SetIdentifier: 'blue', Weight: 1, ResourceRecords: [{ Value: APP_RUNNER }] }]);
  });
});

describe('7. ListResourceRecordSets: Route 53 order, start position, pages', () => {
  async function mixedZone(): Promise<string> {
    const zone = newZone();
    const a = (name: string, extra: Partial<ResourceRecordSet> = {}): ResourceRecordSet => ({ Name: name, Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }], ...extra });
    await change(zone,
      ['CREATE', a('b.example.com')],
      ['CREATE', a('example.org')],
      ['CREATE', a('z.a.example.com')],
      ['CREATE', weighted('green', 0, ECS)],
      ['CREATE', a('a.example.com')],
      ['CREATE', weighted('blue', 255, APP_RUNNER)],
      ['CREATE', a('example.com', { SetIdentifier: 'two', Weight: 2 })],
      ['CREATE', a('example.com', { SetIdentifier: 'one', Weight: 1 })],
      ['CREATE', { Name: 'example.com', Type: 'AAAA', TTL: 60, ResourceRecords: [{ Value: '2001:db8::1' }] }],
    );
    return zone;
  }
  const EXPECTED = [
    'example.com. A one', 'example.com. A two', 'example.com. AAAA -', // com.example.
    'a.example.com. A -', // com.example.a.
    'z.a.example.com. A -', // com.example.a.z.
    `${FQDN} CNAME blue`, `${FQDN} CNAME green`, // com.example.app.
    'b.example.com. A -', // com.example.b.
    'example.org. A -', // org.example.
  ];
  const show = (sets: ResourceRecordSet[]) => sets.map((s) => `${s.Name} ${s.Type} ${s.SetIdentifier ?? '-'}`);

  test('sorted by name with its labels reversed, then type, then SetIdentifier', async () => {
    expect(show(await list(await mixedZone()))).toEqual(EXPECTED);
  });

  test('pages of MaxItems, followed through NextRecordName / NextRecordType / NextRecordIdentifier', async () => {
    const zone = await mixedZone();
    const seen: ResourceRecordSet[] = [];
    const nexts: string[] = [];
    let input: Partial<ListResourceRecordSetsCommandInput> = {};
    for (let pages = 0; pages < 20; pages++) {
      const out = await client.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone, MaxItems: 2, ...input }));
      seen.push(...out.ResourceRecordSets ?? []);
      expect(out.MaxItems).toBe(2);
      if (!out.IsTruncated) break;
      nexts.push(`${out.NextRecordName} ${out.NextRecordType} ${out.NextRecordIdentifier ?? '-'}`);
      input = { StartRecordName: out.NextRecordName, StartRecordType: out.NextRecordType, StartRecordIdentifier: out.NextRecordIdentifier };
    }
    expect(show(seen)).toEqual(EXPECTED);
    expect(nexts).toEqual(['example.com. AAAA -', 'z.a.example.com. A -', `${FQDN} CNAME green`, 'example.org. A -']);
  });

  test('a start position: name, name and type, name, type and identifier; a type without a name is InvalidInput', async () => {
    const zone = await mixedZone();
    expect(show(await list(zone, { StartRecordName: 'App.Example.com', MaxItems: 1 }))).toEqual([`${FQDN} CNAME blue`]);
    expect(show(await list(zone, { StartRecordName: 'example.com', StartRecordType: 'AAAA', MaxItems: 1 }))).toEqual(['example.com. AAAA -']);
    expect(show(await list(zone, { StartRecordName: NAME, StartRecordType: 'CNAME', StartRecordIdentifier: 'green', MaxItems: 5 })))
      .toEqual([`${FQDN} CNAME green`, 'b.example.com. A -', 'example.org. A -']);
    expect(await list(zone, { StartRecordName: 'zzz.example.org' })).toEqual([]);
    await expect(list(zone, { StartRecordType: 'A' })).rejects.toMatchObject({ name: 'InvalidInput', $metadata: { httpStatusCode: 400 } });
  });
});

describe('8. helpers and IAM condition keys', () => {
  test('simple records keep their shape in zone() (no SetIdentifier / Weight keys); recordSets and weights of a simple set', async () => {
    const zone = newZone();
    await change(zone, ['CREATE', simple(APP_RUNNER)]);
    expect(JSON.stringify(fake.zone(zone))).toBe(`[{"Name":"${FQDN}","Type":"CNAME","TTL":300,"Values":["${APP_RUNNER}"]}]`);
    expect(fake.recordSets(zone, NAME, 'CNAME')).toEqual([{ Name: FQDN, Type: 'CNAME', TTL: 300, Values: [APP_RUNNER] }]);
    expect(fake.weights(zone, NAME, 'CNAME')).toEqual({});
    expect(fake.recordSets(zone, NAME, 'A')).toEqual([]);
    expect(fake.hasCname('APP.example.com', APP_RUNNER.toUpperCase())).toBe(true);
  });

  test('a weighted batch as IAM sees it: actions, record types and normalized names, each once', async () => {
    const zone = newZone();
    await change(zone, ['CREATE', simple(APP_RUNNER)]);
    const seen: ServiceRequest[] = [];
    aws.authorize = (request) => {
      seen.push(request);
      return undefined;
    };
    try {
      await change(zone, ['DELETE', simple(APP_RUNNER)], ['CREATE', weighted('blue', 255, APP_RUNNER)], ['CREATE', weighted('green', 0, ECS)]);
    } finally {
      aws.authorize = undefined;
    }
    expect(seen.map((r) => [r.action, r.resource, r.context])).toEqual([['route53:ChangeResourceRecordSets', `arn:aws:route53:::hostedzone/${zone}`, {
      'route53:ChangeResourceRecordSetsActions': ['DELETE', 'CREATE'],
      'route53:ChangeResourceRecordSetsRecordTypes': ['CNAME'],
      'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['app.example.com'],
    }]]);
  });
});
