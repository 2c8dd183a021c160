/**
 * Custom::AppRunnerCustomDomain, source handler, against a stateful world (the emulator's App
 * Runner model in process, an in-memory zone, the stack's resources): what each instance
 * declares and remembers in its physical id, and what its Delete may undo.
 */
import { AssociateCustomDomainCommand, DisassociateCustomDomainCommand } from '@aws-sdk/client-apprunner';
import { ChangeResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { DomainWorld } from './domain-world';
import { drive } from './events';
import { formatInstance, parseInstance } from '../../src/operations/runtime/domain-claims';

let w: DomainWorld;
beforeEach(() => {
  w = new DomainWorld();
});

const props = (serviceArn: string, extra: Record<string, string> = {}) => ({
  ServiceArn: serviceArn,
  DomainName: 'api.example.com',
  EnableWwwSubdomain: 'false',
  WaitForActive: 'true',
  RecordMode: 'CNAME',
  DualStack: 'false',
  HostedZoneId: 'Z1',
  ...extra,
});
const calls = (command: any) => w.appRunner.commandCalls(command).map((c) => c.args[0].input.ServiceArn);
const validation = (n: number) => `CNAME _${n}aaaaaaaa.api.example.com. _v${n}.acm-validations.aws.`;

describe('physical ids', () => {
  test('format and parse round-trip; ids of earlier versions (SERVICE_ARN|DOMAIN) are read as owning instances', () => {
    const arn = 'arn:aws:apprunner:us-east-1:123456789012:service/web/0123';
    const id = formatInstance({ serviceArn: arn, domainName: 'API.Example.com.', www: true, token: 'abc', adopted: true, preexisting: ['target', 'validation'] });
    expect(id).toBe(`apprunner-kit:custom-domain|${arn}|api.example.com|www=1|abc|adopted,pre=tv`);
    expect(parseInstance(id)).toEqual({ serviceArn: arn, domainName: 'api.example.com', www: true, token: 'abc', adopted: true, preexisting: ['target', 'validation'] });
    expect(parseInstance(`${arn}|api.example.com`)).toEqual({ serviceArn: arn, domainName: 'api.example.com', adopted: false, preexisting: [] });
    expect(parseInstance('some-request-id')).toBeUndefined();
    expect(parseInstance(undefined)).toBeUndefined();
  });
});

describe('create', () => {
  test('a new association: records written, active; the id says what it declares and that nothing was there before', async () => {
    const s = w.emulator.addService('web');
    const request = w.request('Create', 'Domain', props(s.arn));
    const result = await drive(w.handler, request);
    expect(result.error).toBeUndefined();
    const instance = parseInstance(result.physicalResourceId)!;
    expect(instance).toMatchObject({ serviceArn: s.arn, domainName: 'api.example.com', www: false, adopted: false, preexisting: [] });
    expect(w.lines('Z1')).toEqual([validation(1), validation(2), `CNAME api.example.com. ${w.emulator.dnsTarget(s)}`]);
    expect(result.data.Status).toBe('active');
    expect(calls(AssociateCustomDomainCommand)).toEqual([s.arn]);
  });

  test('onEvent only reads: a retried onEvent (same RequestId) is the same instance', async () => {
    const s = w.emulator.addService('web');
    const request = w.request('Create', 'Domain', props(s.arn));
    const first = await w.handler.onEvent(request);
    const retried = await w.handler.onEvent(request);
    expect(retried.PhysicalResourceId).toBe(first.PhysicalResourceId);
    expect(s.domains).toEqual([]);
    expect(w.lines('Z1')).toEqual([]);
  });

  test('an association made by hand, with its records: adopted; the Delete rolling back a failed Create leaves all of it', async () => {
    const s = w.emulator.addService('web');
    w.associateByHand(s, 'api.example.com');
    w.putCname('Z1', '_1aaaaaaaa.api.example.com', '_v1.acm-validations.aws.');
    w.putCname('Z1', '_2aaaaaaaa.api.example.com', '_v2.acm-validations.aws.');
    const created = await w.handler.onEvent(w.request('Create', 'Domain', props(s.arn)));
    expect(parseInstance(created.PhysicalResourceId)).toMatchObject({ adopted: true, preexisting: ['validation'] });
    // the Create fails later (say, its timeout): CloudFormation deletes the instance
    const deleted = await drive(w.handler, w.request('Delete', 'Domain', props(s.arn), undefined, created.PhysicalResourceId));
    expect(deleted.error).toBeUndefined();
    expect(s.domains.map((d) => d.DomainName)).toEqual(['api.example.com']);
    expect(w.lines('Z1')).toEqual([validation(1), validation(2)]);
    expect(calls(DisassociateCustomDomainCommand)).toEqual([]);
  });

  test('a target record someone made with our value is theirs: written by nobody, removed by nobody', async () => {
    const s = w.emulator.addService('web');
    w.putCname('Z1', 'api.example.com', w.emulator.dnsTarget(s));
    const created = await drive(w.handler, w.request('Create', 'Domain', props(s.arn)));
    expect(parseInstance(created.physicalResourceId)).toMatchObject({ adopted: false, preexisting: ['target'] });
    await drive(w.handler, w.request('Delete', 'Domain', props(s.arn), undefined, created.physicalResourceId));
    expect(w.lines('Z1')).toEqual([`CNAME api.example.com. ${w.emulator.dnsTarget(s)}`]);
    expect(s.domains).toEqual([]);
  });

  test('held by a service no resource of the stack declares: fails at the first poll, with App Runner\'s words naming it', async () => {
    const other = w.emulator.addService('someone-elses');
    w.associateByHand(other, 'api.example.com');
    const s = w.emulator.addService('web');
    const result = await drive(w.handler, w.request('Create', 'Domain', props(s.arn)));
    expect(result.polls).toBe(1);
    expect(result.error?.message).toBe('Custom domain api.example.com is associated with another App Runner service, which no custom domain of this stack declares '
      + '(App Runner: "api.example.com is already associated with service someone-elses"). Remove it there first (DisassociateCustomDomain), then deploy again.');
    expect(other.domains).toHaveLength(1);
  });

  test.each(['DELETED', 'DELETE_FAILED', 'CREATE_FAILED'])('a service that is %s fails at once, before any change', async (status) => {
    const s = w.emulator.addService('web', status);
    const result = await drive(w.handler, w.request('Create', 'Domain', props(s.arn)));
    expect(result.polls).toBe(0);
    expect(result.error?.message).toBe(`App Runner service ${s.arn} is ${status}: cannot associate custom domain api.example.com`);
  });

  test('a service that is gone fails at once', async () => {
    const arn = 'arn:aws:apprunner:us-east-1:123456789012:service/gone/0123';
    const result = await drive(w.handler, w.request('Create', 'Domain', props(arn)));
    expect(result.error?.message).toBe(`App Runner service ${arn} does not exist (deleted?): cannot associate custom domain api.example.com`);
  });

  test('a PAUSED service (a run schedule paused it): resumed for the association, paused again at the end', async () => {
    const s = w.emulator.addService('web', 'PAUSED');
    const result = await drive(w.handler, w.request('Create', 'Domain', props(s.arn)));
    expect(result.error).toBeUndefined();
    expect(s.status).toBe('PAUSED');
    expect(s.domains.map((d) => `${d.DomainName} ${d.Status}`)).toEqual(['api.example.com active']);
    expect(s.operations.map((o) => o.Type)).toEqual(['PAUSE_SERVICE', 'RESUME_SERVICE']);
  });
});

describe('another resource of the stack declares the domain', () => {
  test('renamed construct (new logical id, same service and domain): the new instance takes over, neither Delete removes anything', async () => {
    const s = w.emulator.addService('web');
    const old = await drive(w.handler, w.request('Create', 'Old', props(s.arn)));
    w.row('Old', old.physicalResourceId);
    const records = w.lines('Z1');
    // update phase: the new logical id is created (API.example.com. as written in the new code)
    const created = await drive(w.handler, w.request('Create', 'New', props(s.arn, { DomainName: 'API.example.com.' })));
    expect(created.error).toBeUndefined();
    expect(parseInstance(created.physicalResourceId)).toMatchObject({ domainName: 'api.example.com', adopted: false });
    w.row('New', created.physicalResourceId);
    // cleanup: the old logical id is deleted
    w.row('Old', old.physicalResourceId, 'DELETE_IN_PROGRESS');
    const cleanup = await drive(w.handler, w.request('Delete', 'Old', props(s.arn), undefined, old.physicalResourceId));
    expect(cleanup.error).toBeUndefined();
    expect(s.domains.map((d) => d.DomainName)).toEqual(['api.example.com']);
    expect(w.lines('Z1')).toEqual(records);
    expect(calls(DisassociateCustomDomainCommand)).toEqual([]);
    expect(calls(AssociateCustomDomainCommand)).toEqual([s.arn]);
  });

  test('the same rename rolled back: the new instance\'s Delete leaves what the old one holds', async () => {
    const s = w.emulator.addService('web');
    const old = await drive(w.handler, w.request('Create', 'Old', props(s.arn)));
    w.row('Old', old.physicalResourceId);
    const created = await drive(w.handler, w.request('Create', 'New', props(s.arn)));
    w.row('New', created.physicalResourceId, 'DELETE_IN_PROGRESS');
    const rollback = await drive(w.handler, w.request('Delete', 'New', props(s.arn), undefined, created.physicalResourceId));
    expect(rollback.error).toBeUndefined();
    expect(s.domains).toHaveLength(1);
    expect(w.lines('Z1')).toHaveLength(3);
  });

  test('moved to another service under another construct id: taken from the old service in a few polls; rolled back: moved back', async () => {
    const a = w.emulator.addService('a');
    const b = w.emulator.addService('b');
    const old = await drive(w.handler, w.request('Create', 'OnA', props(a.arn)));
    w.row('OnA', old.physicalResourceId);
    const moved = await drive(w.handler, w.request('Create', 'OnB', props(b.arn)));
    expect(moved.error).toBeUndefined();
    expect(moved.polls).toBeLessThanOrEqual(8);
    expect(a.domains).toEqual([]);
    expect(b.domains.map((d) => `${d.DomainName} ${d.Status}`)).toEqual(['api.example.com active']);
    expect(w.lines('Z1').filter((l) => l.startsWith('CNAME api.'))).toEqual([`CNAME api.example.com. ${w.emulator.dnsTarget(b)}`]);
    // the stack rolls back: the new instance is deleted while the old one is current again
    w.row('OnB', moved.physicalResourceId, 'DELETE_IN_PROGRESS');
    const back = await drive(w.handler, w.request('Delete', 'OnB', props(b.arn), undefined, moved.physicalResourceId));
    expect(back.error).toBeUndefined();
    expect(b.domains).toEqual([]);
    expect(a.domains.map((d) => d.DomainName)).toEqual(['api.example.com']);
    expect(w.lines('Z1').filter((l) => l.startsWith('CNAME api.'))).toEqual([`CNAME api.example.com. ${w.emulator.dnsTarget(a)}`]);
  });
});

describe('update', () => {
  test('service replaced (same logical id): a new instance moves the domain; cleanup leaves it; a rollback brings it back', async () => {
    const a = w.emulator.addService('a');
    const b = w.emulator.addService('b');
    const created = await drive(w.handler, w.request('Create', 'Domain', props(a.arn)));
    w.row('Domain', created.physicalResourceId, 'UPDATE_IN_PROGRESS');
    const updated = await drive(w.handler, w.request('Update', 'Domain', props(b.arn), props(a.arn), created.physicalResourceId));
    expect(updated.error).toBeUndefined();
    expect(updated.physicalResourceId).not.toBe(created.physicalResourceId);
    expect(parseInstance(updated.physicalResourceId)!.serviceArn).toBe(b.arn);
    expect(b.domains).toHaveLength(1);
    expect(a.domains).toHaveLength(0);
    // cleanup: the old instance's Delete (the stack lists the new id for the logical id)
    w.row('Domain', updated.physicalResourceId, 'UPDATE_COMPLETE');
    const cleanup = await drive(w.handler, w.request('Delete', 'Domain', props(a.arn), undefined, created.physicalResourceId));
    expect(cleanup.error).toBeUndefined();
    expect(b.domains).toHaveLength(1);
    // or, instead, a rollback: the old id is current again, the new one is deleted
    w.row('Domain', created.physicalResourceId, 'UPDATE_COMPLETE');
    const rollback = await drive(w.handler, w.request('Delete', 'Domain', props(b.arn), undefined, updated.physicalResourceId));
    expect(rollback.error).toBeUndefined();
    expect(b.domains).toHaveLength(0);
    expect(a.domains.map((d) => d.DomainName)).toEqual(['api.example.com']);
  });

  test('www on → off: a new instance; the old certificate\'s validation records and the www record leave the zone', async () => {
    const s = w.emulator.addService('web');
    const created = await drive(w.handler, w.request('Create', 'Domain', props(s.arn, { EnableWwwSubdomain: 'true' })));
    expect(w.lines('Z1')).toHaveLength(5); // 3 validation (one for www), target, www
    w.row('Domain', created.physicalResourceId, 'UPDATE_IN_PROGRESS');
    const updated = await drive(w.handler, w.request('Update', 'Domain', props(s.arn), props(s.arn, { EnableWwwSubdomain: 'true' }), created.physicalResourceId));
    expect(updated.error).toBeUndefined();
    expect(parseInstance(updated.physicalResourceId)!.www).toBe(false);
    expect(s.domains.map((d) => `${d.EnableWWWSubdomain} ${d.Status}`)).toEqual(['false active']);
    expect(w.lines('Z1').filter((l) => l.includes('www'))).toEqual([]);
    expect(w.lines('Z1')).toHaveLength(3);
  });

  test('a moved zone (in place): our records leave the old zone and land in the new one', async () => {
    const s = w.emulator.addService('web');
    const created = await drive(w.handler, w.request('Create', 'Domain', props(s.arn, { HostedZoneId: 'Zold' })));
    const updated = await drive(w.handler, w.request('Update', 'Domain', props(s.arn, { HostedZoneId: 'Znew' }), props(s.arn, { HostedZoneId: 'Zold' }), created.physicalResourceId));
    expect(updated.physicalResourceId).toBe(created.physicalResourceId);
    expect(w.lines('Zold')).toEqual([]);
    expect(w.lines('Znew')).toHaveLength(3);
  });

  test('dual stack switched off in place: only the AAAA alias leaves', async () => {
    const s = w.emulator.addService('web');
    const apex = { DomainName: 'example.com', RecordMode: 'ALIAS', AliasHostedZoneId: 'Z01915732ZBZKC8D32TPT' };
    const created = await drive(w.handler, w.request('Create', 'Domain', props(s.arn, { ...apex, DualStack: 'true' })));
    const target = w.emulator.dnsTarget(s);
    expect(w.lines('Z1').filter((l) => !l.startsWith('CNAME _'))).toEqual([`A example.com. ${target}`, `AAAA example.com. ${target}`]);
    w.route53.resetHistory();
    await drive(w.handler, w.request('Update', 'Domain', props(s.arn, { ...apex, DualStack: 'false' }), props(s.arn, { ...apex, DualStack: 'true' }), created.physicalResourceId));
    expect(w.lines('Z1').filter((l) => !l.startsWith('CNAME _'))).toEqual([`A example.com. ${target}`]);
    expect(w.route53.commandCalls(ChangeResourceRecordSetsCommand).flatMap((c) => c.args[0].input.ChangeBatch!.Changes!.map((ch) => `${ch.Action} ${ch.ResourceRecordSet!.Type}`)))
      .toEqual(['DELETE AAAA']);
  });

  test('an id of an earlier version is kept on an in-place update (never a surprise replacement)', async () => {
    const s = w.emulator.addService('web');
    await drive(w.handler, w.request('Create', 'Domain', props(s.arn)));
    const legacy = `${s.arn}|api.example.com`;
    const updated = await drive(w.handler, w.request('Update', 'Domain', props(s.arn, { WaitForActive: 'false' }), props(s.arn), legacy));
    expect(updated.error).toBeUndefined();
    expect(updated.physicalResourceId).toBe(legacy);
  });
});

describe('delete', () => {
  test('removes the association and exactly our records; the zone is empty after (a zone of the stack can be deleted)', async () => {
    const s = w.emulator.addService('web');
    const created = await drive(w.handler, w.request('Create', 'Domain', props(s.arn, { EnableWwwSubdomain: 'true' })));
    w.putCname('Z1', 'other.example.com', 'someone-else.example.net');
    const deleted = await drive(w.handler, w.request('Delete', 'Domain', props(s.arn, { EnableWwwSubdomain: 'true' }), undefined, created.physicalResourceId));
    expect(deleted.error).toBeUndefined();
    expect(s.domains).toEqual([]);
    expect(w.lines('Z1')).toEqual(['CNAME other.example.com. someone-else.example.net']);
  });

  test('a record someone repointed is theirs now and stays', async () => {
    const s = w.emulator.addService('web');
    const created = await drive(w.handler, w.request('Create', 'Domain', props(s.arn)));
    w.putCname('Z1', 'api.example.com', 'manual.example.net');
    await drive(w.handler, w.request('Delete', 'Domain', props(s.arn), undefined, created.physicalResourceId));
    expect(w.lines('Z1')).toEqual(['CNAME api.example.com. manual.example.net']);
  });

  test('removed from a PAUSED service during an update: resumed, disassociated, paused again', async () => {
    const s = w.emulator.addService('web');
    const created = await drive(w.handler, w.request('Create', 'Domain', props(s.arn)));
    s.status = 'PAUSED';
    w.stackStatus = 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS';
    const deleted = await drive(w.handler, w.request('Delete', 'Domain', props(s.arn), undefined, created.physicalResourceId));
    expect(deleted.error).toBeUndefined();
    expect(s.domains).toEqual([]);
    expect(s.status).toBe('PAUSED');
    expect(w.lines('Z1')).toEqual([]);
  });

  test('stack deletion: a domain of a PAUSED service of the stack goes with the service (records removed); of an imported one: resumed, removed, paused', async () => {
    const own = w.emulator.addService('own');
    const imported = w.emulator.addService('imported');
    const a = await drive(w.handler, w.request('Create', 'A', props(own.arn)));
    const b = await drive(w.handler, w.request('Create', 'B', props(imported.arn, { DomainName: 'b.example.com' })));
    own.status = 'PAUSED';
    imported.status = 'PAUSED';
    w.stackStatus = 'DELETE_IN_PROGRESS';
    w.row('Svc', own.arn, 'DELETE_IN_PROGRESS', 'AWS::AppRunner::Service');
    const first = await drive(w.handler, w.request('Delete', 'A', props(own.arn), undefined, a.physicalResourceId));
    expect(first.error).toBeUndefined();
    expect(first.polls).toBe(1);
    expect(own.domains).toHaveLength(1);
    const second = await drive(w.handler, w.request('Delete', 'B', props(imported.arn, { DomainName: 'b.example.com' }), undefined, b.physicalResourceId));
    expect(second.error).toBeUndefined();
    expect(imported.domains).toEqual([]);
    expect(imported.status).toBe('PAUSED');
    expect(w.lines('Z1')).toEqual([]);
  });

  test('the service is gone: nothing left to do', async () => {
    const arn = 'arn:aws:apprunner:us-east-1:123456789012:service/gone/0123';
    const result = await drive(w.handler, w.request('Delete', 'Domain', props(arn), undefined, `${arn}|api.example.com`));
    expect(result.error).toBeUndefined();
  });

  test('delete_failed fails with the status', async () => {
    const s = w.emulator.addService('web');
    const created = await drive(w.handler, w.request('Create', 'Domain', props(s.arn)));
    s.domains[0].Status = 'delete_failed';
    const result = await drive(w.handler, w.request('Delete', 'Domain', props(s.arn), undefined, created.physicalResourceId));
    expect(result.error?.message).toBe(`Custom domain api.example.com of ${s.arn} is delete_failed`);
  });
});
