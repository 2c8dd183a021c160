/** Custom::AppRunnerCustomDomain: every branch, with aws-sdk-client-mock fakes of App Runner and Route 53. */
import {
  AppRunnerClient, AssociateCustomDomainCommand, DescribeCustomDomainsCommand, DescribeServiceCommand, DisassociateCustomDomainCommand,
} from '@aws-sdk/client-apprunner';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { drive, event, HandlerModule, SERVICE_ARN } from './events';
import { handlerFor } from '../../src/operations/runtime';

const appRunner = mockClient(AppRunnerClient);
const route53 = mockClient(Route53Client);
const cloudFormation = mockClient(CloudFormationClient);
const clients = {
  appRunner: new AppRunnerClient({ region: 'us-east-1' }),
  cloudFormation: new CloudFormationClient({ region: 'us-east-1' }),
  route53: new Route53Client({ region: 'us-east-1' }),
};
let clock = 0;
const handler: HandlerModule = {
  onEvent: async (e) => handlerFor(e, clients, () => clock).onEvent(),
  isComplete: async (e) => handlerFor(e, clients, () => clock).isComplete(),
};
const TYPE = 'Custom::AppRunnerCustomDomain';
const TARGET = 'abc123.us-east-1.awsapprunner.com';
const VALIDATION = [
  { Name: '_1.api.example.com.', Type: 'CNAME', Value: '_x1.acm-validations.aws.', Status: 'PENDING_VALIDATION' },
  { Name: '_2.api.example.com.', Type: 'CNAME', Value: '_x2.acm-validations.aws.', Status: 'PENDING_VALIDATION' },
];
const domain = (status: string, records = VALIDATION) => ({
  DNSTarget: TARGET,
  CustomDomains: [{ DomainName: 'api.example.com', EnableWWWSubdomain: false, Status: status as any, CertificateValidationRecords: records as any }],
});
const props = (extra: Record<string, string> = {}) => ({
  ServiceArn: SERVICE_ARN,
  DomainName: 'api.example.com',
  EnableWwwSubdomain: 'false',
  WaitForActive: 'true',
  RecordMode: 'CNAME',
  DualStack: 'false',
  HostedZoneId: 'Z1',
  ...extra,
});
const changes = () => route53.commandCalls(ChangeResourceRecordSetsCommand).flatMap((c) => c.args[0].input.ChangeBatch!.Changes!
  .map((ch) => `${ch.Action} ${ch.ResourceRecordSet!.Type} ${ch.ResourceRecordSet!.Name} ${ch.ResourceRecordSet!.ResourceRecords?.[0]?.Value ?? ch.ResourceRecordSet!.AliasTarget?.DNSName}`));

/** Our record's value for a name (validation records by prefix, else the target). */
const ourValue = (name: string) => (name.startsWith('_1') ? '_x1.acm-validations.aws.' : name.startsWith('_2') ? '_x2.acm-validations.aws.' : TARGET);
/** A zone that answers ListResourceRecordSets with one record of the asked name and type. */
const listed = (input: any, value: string = ourValue(input.StartRecordName)) => ({
  ResourceRecordSets: [{ Name: `${input.StartRecordName.replace(/\.$/, '')}.`, Type: input.StartRecordType, TTL: 300, ResourceRecords: [{ Value: value }] }],
});

beforeEach(() => {
  appRunner.reset();
  route53.reset();
  cloudFormation.reset();
  clock = 0;
  appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'RUNNING' } as any });
  cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackStatus: 'UPDATE_IN_PROGRESS' } as any] });
  route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [] });
  route53.on(ChangeResourceRecordSetsCommand).resolves({ ChangeInfo: { Id: 'c', Status: 'PENDING', SubmittedAt: new Date() } });
});

describe('create', () => {
  test('associate, wait for the validation records, write them and the CNAME, wait for active', async () => {
    appRunner.on(AssociateCustomDomainCommand).resolves({});
    appRunner.on(DescribeCustomDomainsCommand)
      .resolvesOnce({ DNSTarget: TARGET, CustomDomains: [] })
      .resolvesOnce(domain('creating', []))
      .resolvesOnce(domain('pending_certificate_dns_validation'))
      .resolvesOnce(domain('PENDING_CERTIFICATE_DNS_VALIDATION'))
      .resolves(domain('ACTIVE'));
    const result = await drive(handler, event(TYPE, 'Create', props()));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(5);
    expect(result.physicalResourceId).toBe(`${SERVICE_ARN}|api.example.com`);
    expect(appRunner.commandCalls(AssociateCustomDomainCommand)[0].args[0].input).toEqual({
      ServiceArn: SERVICE_ARN, DomainName: 'api.example.com', EnableWWWSubdomain: false,
    });
    // upserted once per poll with records present, only what is missing (the fake zone stays empty here)
    expect(changes().slice(0, 3)).toEqual([
      'UPSERT CNAME _1.api.example.com. _x1.acm-validations.aws.',
      'UPSERT CNAME _2.api.example.com. _x2.acm-validations.aws.',
      `UPSERT CNAME api.example.com ${TARGET}`,
    ]);
    expect(result.data).toMatchObject({
      DNSTarget: TARGET,
      Status: 'active',
      ValidationRecord0Name: '_1.api.example.com.',
      ValidationRecord1Value: '_x2.acm-validations.aws.',
    });
    expect(JSON.parse(result.data.ValidationRecords)).toHaveLength(2);
  });

  test('without waiting for active: records written in one poll are read once more, so a late record is written too', async () => {
    const zoneRecords = new Map<string, string>();
    route53.on(ListResourceRecordSetsCommand).callsFake((input) => {
      const value = zoneRecords.get(`${input.StartRecordType} ${input.StartRecordName.replace(/\.$/, '')}`);
      return value ? listed(input, value) : { ResourceRecordSets: [] };
    });
    route53.on(ChangeResourceRecordSetsCommand).callsFake((input) => {
      for (const ch of input.ChangeBatch.Changes) {
        zoneRecords.set(`${ch.ResourceRecordSet.Type} ${ch.ResourceRecordSet.Name.replace(/\.$/, '')}`, ch.ResourceRecordSet.ResourceRecords[0].Value);
      }
      return { ChangeInfo: { Id: 'c', Status: 'PENDING', SubmittedAt: new Date() } };
    });
    const late = { Name: '_3.api.example.com.', Type: 'CNAME', Value: '_x3.acm-validations.aws.', Status: 'PENDING_VALIDATION' };
    appRunner.on(AssociateCustomDomainCommand).resolves({});
    appRunner.on(DescribeCustomDomainsCommand)
      .resolvesOnce(domain('pending_certificate_dns_validation', [VALIDATION[0]])) // poll 1: one record, written
      .resolvesOnce(domain('pending_certificate_dns_validation', [...VALIDATION, late])) // poll 2: two more, written
      .resolves(domain('pending_certificate_dns_validation', [...VALIDATION, late])); // poll 3: nothing new: done
    const result = await drive(handler, event(TYPE, 'Create', props({ WaitForActive: 'false' })));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(3);
    expect([...zoneRecords.keys()].sort()).toEqual(['CNAME _1.api.example.com', 'CNAME _2.api.example.com', 'CNAME _3.api.example.com', 'CNAME api.example.com']);
    expect(JSON.parse(result.data.ValidationRecords)).toHaveLength(3);
  });

  test('records already in the zone with our values are not written again', async () => {
    route53.on(ListResourceRecordSetsCommand).callsFake((input) => listed(input));
    appRunner.on(AssociateCustomDomainCommand).resolves({});
    appRunner.on(DescribeCustomDomainsCommand).resolves(domain('active'));
    const result = await drive(handler, event(TYPE, 'Create', props()));
    expect(result.error).toBeUndefined();
    expect(route53.commandCalls(ChangeResourceRecordSetsCommand)).toHaveLength(0);
  });

  test('apex: alias A and AAAA to App Runner\'s zone, plus the www CNAME', async () => {
    appRunner.on(AssociateCustomDomainCommand).resolves({});
    appRunner.on(DescribeCustomDomainsCommand).resolves({
      DNSTarget: TARGET, CustomDomains: [{ DomainName: 'example.com', EnableWWWSubdomain: true, Status: 'active' as any, CertificateValidationRecords: [] }],
    });
    const result = await drive(handler, event(TYPE, 'Create', props({
      DomainName: 'example.com', RecordMode: 'ALIAS', AliasHostedZoneId: 'Z01915732ZBZKC8D32TPT', DualStack: 'true', EnableWwwSubdomain: 'true',
    })));
    expect(result.error).toBeUndefined();
    expect(changes()).toEqual([`UPSERT A example.com ${TARGET}`, `UPSERT AAAA example.com ${TARGET}`, `UPSERT CNAME www.example.com ${TARGET}`]);
    const alias = route53.commandCalls(ChangeResourceRecordSetsCommand)[0].args[0].input.ChangeBatch!.Changes![0].ResourceRecordSet!.AliasTarget;
    expect(alias).toEqual({ HostedZoneId: 'Z01915732ZBZKC8D32TPT', DNSName: TARGET, EvaluateTargetHealth: false });
  });

  test('"already associated" is not an error; no zone and no wait: done when the records are known', async () => {
    appRunner.on(AssociateCustomDomainCommand).rejects(Object.assign(new Error('api.example.com is already associated with service web'), { name: 'InvalidRequestException' }));
    appRunner.on(DescribeCustomDomainsCommand).resolves(domain('pending_certificate_dns_validation'));
    const result = await drive(handler, event(TYPE, 'Create', props({ HostedZoneId: '', RecordMode: 'NONE', WaitForActive: 'false' })));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(1);
    expect(result.data.Status).toBe('pending_certificate_dns_validation');
    expect(route53.calls()).toHaveLength(0);
  });

  test('InvalidStateException (an operation running) retries the association in a later poll', async () => {
    appRunner.on(AssociateCustomDomainCommand).rejectsOnce(Object.assign(new Error('busy'), { name: 'InvalidStateException' }))
      .rejectsOnce(Object.assign(new Error('busy'), { name: 'InvalidStateException' })).resolves({});
    appRunner.on(DescribeCustomDomainsCommand).resolvesOnce({ CustomDomains: [] }).resolvesOnce({ CustomDomains: [] }).resolves(domain('active'));
    const result = await drive(handler, event(TYPE, 'Create', props()));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(3);
    expect(appRunner.commandCalls(AssociateCustomDomainCommand)).toHaveLength(3);
  });

  test.each(['create_failed', 'DELETE_FAILED'])('%s fails the deployment with the status', async (status) => {
    appRunner.on(AssociateCustomDomainCommand).resolves({});
    appRunner.on(DescribeCustomDomainsCommand).resolves(domain(status));
    const result = await drive(handler, event(TYPE, 'Create', props()));
    expect(result.error?.message).toBe(`Custom domain api.example.com of ${SERVICE_ARN} is ${status}`);
  });

  test('a PAUSED service refuses the association: fail at once with a clear message, not at the timeout', async () => {
    appRunner.on(AssociateCustomDomainCommand).rejects(Object.assign(new Error('Service is PAUSED'), { name: 'InvalidStateException' }));
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'PAUSED' } as any });
    const result = await drive(handler, event(TYPE, 'Create', props()));
    expect(result.polls).toBe(0);
    expect(result.error?.message).toBe(`App Runner service ${SERVICE_ARN} is PAUSED: App Runner refuses to associate custom domain api.example.com `
      + 'while the service is paused (resume it, e.g. with paused: false, deploy, then change the domain)');
  });

  test('other association errors fail; a certificate that never validates times out clearly', async () => {
    appRunner.on(AssociateCustomDomainCommand).rejectsOnce(new Error('AccessDenied')).resolves({});
    expect((await drive(handler, event(TYPE, 'Create', props()))).error?.message).toBe('AccessDenied');
    appRunner.on(DescribeCustomDomainsCommand).resolves(domain('pending_certificate_dns_validation'));
    const result = await drive(handler, event(TYPE, 'Create', props({ TimeoutSeconds: '30' })), { between: async () => { clock += 10_000; } });
    expect(result.error?.message).toBe(`Timed out after 30 s waiting for the association of custom domain api.example.com of ${SERVICE_ARN} (last status: pending_certificate_dns_validation)`);
  });
});

describe('update', () => {
  test('a changed domain is a new physical id (CloudFormation then deletes the old association)', async () => {
    appRunner.on(AssociateCustomDomainCommand).resolves({});
    appRunner.on(DescribeCustomDomainsCommand).resolves({ ...domain('active'), CustomDomains: [{ ...domain('active').CustomDomains[0], DomainName: 'api2.example.com' }] });
    const result = await drive(handler, event(TYPE, 'Update', props({ DomainName: 'api2.example.com' }), props(), `${SERVICE_ARN}|api.example.com`));
    expect(result.error).toBeUndefined();
    expect(result.physicalResourceId).toBe(`${SERVICE_ARN}|api2.example.com`);
    expect(appRunner.commandCalls(DisassociateCustomDomainCommand)).toHaveLength(0);
  });

  test('a changed www flag re-associates in place', async () => {
    appRunner.on(DisassociateCustomDomainCommand).resolves({});
    appRunner.on(AssociateCustomDomainCommand).rejectsOnce(Object.assign(new Error('busy'), { name: 'InvalidStateException' })).resolves({});
    const withWww = { ...domain('active'), CustomDomains: [{ ...domain('active').CustomDomains[0], EnableWWWSubdomain: true }] };
    appRunner.on(DescribeCustomDomainsCommand)
      .resolvesOnce(domain('active')) // onUpdate: the records of the old association
      .resolvesOnce(domain('deleting')) // poll 1: the old association goes
      .resolvesOnce({ DNSTarget: TARGET, CustomDomains: [] }) // poll 2: gone; associate meets another operation
      .resolvesOnce({ DNSTarget: TARGET, CustomDomains: [] }) // poll 3: associate
      .resolves(withWww); // poll 4: the new association, with www
    const result = await drive(handler, event(TYPE, 'Update', props({ EnableWwwSubdomain: 'true' }), props(), `${SERVICE_ARN}|api.example.com`));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(4);
    expect(appRunner.commandCalls(DisassociateCustomDomainCommand)).toHaveLength(1);
    expect(result.physicalResourceId).toBe(`${SERVICE_ARN}|api.example.com`);
    expect(appRunner.commandCalls(AssociateCustomDomainCommand).map((c) => c.args[0].input.EnableWWWSubdomain)).toEqual([true, true]);
  });

  test('a changed www flag whose disassociation meets another operation: retried in the next polls', async () => {
    appRunner.on(DisassociateCustomDomainCommand).rejectsOnce(Object.assign(new Error('busy'), { name: 'InvalidStateException' }))
      .rejectsOnce(Object.assign(new Error('busy'), { name: 'InvalidStateException' })).resolves({});
    appRunner.on(AssociateCustomDomainCommand).resolves({});
    const withWww = { ...domain('active'), CustomDomains: [{ ...domain('active').CustomDomains[0], EnableWWWSubdomain: true }] };
    appRunner.on(DescribeCustomDomainsCommand)
      .resolvesOnce(domain('active')) // onUpdate (records); the disassociation is refused
      .resolvesOnce(domain('active')) // poll 1: still the old one: disassociate again (refused)
      .resolvesOnce(domain('active')) // poll 2: again (accepted)
      .resolvesOnce(domain('deleting')) // poll 3
      .resolvesOnce({ DNSTarget: TARGET, CustomDomains: [] }) // poll 4: gone, associate
      .resolves(withWww); // poll 5
    const result = await drive(handler, event(TYPE, 'Update', props({ EnableWwwSubdomain: 'true' }), props(), `${SERVICE_ARN}|api.example.com`));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(5);
    expect(appRunner.commandCalls(DisassociateCustomDomainCommand)).toHaveLength(3);
    expect(appRunner.commandCalls(AssociateCustomDomainCommand)).toHaveLength(1);
  });

  test('moved to another service: records and association leave the old service first, then the new one associates', async () => {
    const OTHER = SERVICE_ARN.replace('/web/', '/api/');
    route53.on(ListResourceRecordSetsCommand).callsFake((input) => listed(input));
    appRunner.on(DisassociateCustomDomainCommand).resolves({});
    appRunner.on(AssociateCustomDomainCommand).resolves({});
    let oldReads = 0;
    appRunner.on(DescribeCustomDomainsCommand).callsFake((input) => {
      if (input.ServiceArn === SERVICE_ARN) return [domain('active'), domain('deleting')][oldReads++] ?? { DNSTarget: TARGET, CustomDomains: [] };
      return appRunner.commandCalls(AssociateCustomDomainCommand).length ? domain('active') : { DNSTarget: TARGET, CustomDomains: [] };
    });
    const result = await drive(handler, event(TYPE, 'Update', props({ ServiceArn: OTHER }), props(), `${SERVICE_ARN}|api.example.com`));
    expect(result.error).toBeUndefined();
    expect(result.physicalResourceId).toBe(`${OTHER}|api.example.com`);
    expect(appRunner.commandCalls(DisassociateCustomDomainCommand).map((c) => c.args[0].input.ServiceArn)).toEqual([SERVICE_ARN]);
    expect(appRunner.commandCalls(AssociateCustomDomainCommand).map((c) => c.args[0].input.ServiceArn)).toEqual([OTHER]);
    // poll 1: old still deleting; poll 2: gone, associate; poll 3: active
    expect(result.polls).toBe(3);
    expect(changes().filter((c) => c.startsWith('DELETE'))).toHaveLength(3);
  });

  test('dual stack switched off in place: only the AAAA alias is deleted, nothing else leaves the zone', async () => {
    const apex = { DomainName: 'example.com', RecordMode: 'ALIAS', AliasHostedZoneId: 'Z01915732ZBZKC8D32TPT', EnableWwwSubdomain: 'false' };
    route53.on(ListResourceRecordSetsCommand).callsFake((input) => ({
      ResourceRecordSets: [{ Name: 'example.com.', Type: input.StartRecordType, AliasTarget: { HostedZoneId: 'Z01915732ZBZKC8D32TPT', DNSName: `${TARGET}.`, EvaluateTargetHealth: false } }],
    }));
    appRunner.on(DescribeCustomDomainsCommand).resolves({
      DNSTarget: TARGET, CustomDomains: [{ DomainName: 'example.com', EnableWWWSubdomain: false, Status: 'active' as any, CertificateValidationRecords: [] }],
    });
    const result = await drive(handler, event(TYPE, 'Update', props({ ...apex, DualStack: 'false' }), props({ ...apex, DualStack: 'true' }), `${SERVICE_ARN}|example.com`));
    expect(result.error).toBeUndefined();
    expect(changes()).toEqual([`DELETE AAAA example.com. ${TARGET}.`]);
  });

  test('a moved zone: our records leave the old zone, land in the new one', async () => {
    route53.on(ListResourceRecordSetsCommand).callsFake((input) => (input.HostedZoneId === 'Zold' ? listed(input) : { ResourceRecordSets: [] }));
    appRunner.on(DescribeCustomDomainsCommand).resolves(domain('active'));
    const result = await drive(handler, event(TYPE, 'Update', props({ HostedZoneId: 'Znew' }), props({ HostedZoneId: 'Zold' }), `${SERVICE_ARN}|api.example.com`));
    expect(result.error).toBeUndefined();
    const byZone = route53.commandCalls(ChangeResourceRecordSetsCommand)
      .map((c) => [c.args[0].input.HostedZoneId, c.args[0].input.ChangeBatch!.Changes!.map((ch) => ch.Action)]);
    expect(byZone).toEqual([['Zold', ['DELETE', 'DELETE', 'DELETE']], ['Znew', ['UPSERT', 'UPSERT', 'UPSERT']]]);
  });
});

describe('delete', () => {
  const del = (extra: Record<string, string> = {}) => event(TYPE, 'Delete', props(extra), undefined, `${SERVICE_ARN}|api.example.com`);

  test('deletes only records that still hold our values, disassociates, waits until the domain is gone', async () => {
    // the target CNAME was changed by someone else: not ours any more
    route53.on(ListResourceRecordSetsCommand).callsFake((input) =>
      listed(input, input.StartRecordName.startsWith('_') ? ourValue(input.StartRecordName) : 'elsewhere.example.net'));
    appRunner.on(DescribeCustomDomainsCommand).resolvesOnce(domain('active')).resolvesOnce(domain('deleting')).resolves({ DNSTarget: TARGET, CustomDomains: [] });
    appRunner.on(DisassociateCustomDomainCommand).resolves({});
    const result = await drive(handler, del());
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(2);
    expect(changes()).toEqual(['DELETE CNAME _1.api.example.com. _x1.acm-validations.aws.', 'DELETE CNAME _2.api.example.com. _x2.acm-validations.aws.']);
    expect(appRunner.commandCalls(DisassociateCustomDomainCommand)).toHaveLength(1);
  });

  test('not found (service or domain gone) is success; "No custom domain … found" too', async () => {
    appRunner.on(DescribeCustomDomainsCommand).rejectsOnce(Object.assign(new Error('no service'), { name: 'ResourceNotFoundException' }))
      .resolvesOnce(domain('active')).resolves({ CustomDomains: [] });
    expect((await drive(handler, del())).error).toBeUndefined();
    appRunner.on(DisassociateCustomDomainCommand).rejects(Object.assign(new Error('No custom domain api.example.com found for the provided service'), { name: 'InvalidRequestException' }));
    expect((await drive(handler, del({ HostedZoneId: '' }))).error).toBeUndefined();
  });

  test('apex records are deleted only while their alias still points at the service', async () => {
    route53.on(ListResourceRecordSetsCommand).callsFake((input) => ({
      ResourceRecordSets: [{
        Name: 'example.com.',
        Type: input.StartRecordType,
        AliasTarget: { HostedZoneId: 'Z01915732ZBZKC8D32TPT', DNSName: input.StartRecordType === 'A' ? `${TARGET}.` : 'someone-else.example.net.', EvaluateTargetHealth: false },
      }],
    }));
    appRunner.on(DescribeCustomDomainsCommand).resolvesOnce({
      DNSTarget: TARGET, CustomDomains: [{ DomainName: 'example.com', EnableWWWSubdomain: false, Status: 'active' as any, CertificateValidationRecords: [] }],
    }).resolves({ DNSTarget: TARGET, CustomDomains: [] });
    appRunner.on(DisassociateCustomDomainCommand).resolves({});
    const result = await drive(handler, event(TYPE, 'Delete', props({
      DomainName: 'example.com', RecordMode: 'ALIAS', AliasHostedZoneId: 'Z01915732ZBZKC8D32TPT', DualStack: 'true',
    }), undefined, `${SERVICE_ARN}|example.com`));
    expect(result.error).toBeUndefined();
    expect(changes()).toEqual([`DELETE A example.com. ${TARGET}.`]);
  });

  test('a PAUSED service: with the whole stack being deleted the association is left to the service; otherwise a clear error', async () => {
    route53.on(ListResourceRecordSetsCommand).callsFake((input) => listed(input));
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'PAUSED' } as any });
    appRunner.on(DescribeCustomDomainsCommand).resolves(domain('active'));
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackStatus: 'DELETE_IN_PROGRESS' } as any] });
    const stackDeleted = await drive(handler, del());
    expect(stackDeleted.error).toBeUndefined();
    expect(stackDeleted.polls).toBe(1);
    expect(appRunner.commandCalls(DisassociateCustomDomainCommand)).toHaveLength(0);
    expect(changes().filter((c) => c.startsWith('DELETE'))).toHaveLength(3); // our records still go
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackStatus: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS' } as any] });
    expect((await drive(handler, del())).error?.message).toBe(`App Runner service ${SERVICE_ARN} is PAUSED: App Runner refuses to remove `
      + 'custom domain api.example.com while the service is paused (resume it, e.g. with paused: false, deploy, then change the domain)');
  });

  test('an operation in progress retries the disassociation; delete_failed fails', async () => {
    appRunner.on(DescribeCustomDomainsCommand).resolvesOnce(domain('active')).resolvesOnce(domain('active')).resolves(domain('delete_failed'));
    appRunner.on(DisassociateCustomDomainCommand).rejectsOnce(Object.assign(new Error('busy'), { name: 'InvalidStateException' })).resolves({});
    const result = await drive(handler, del({ HostedZoneId: '' }));
    expect(appRunner.commandCalls(DisassociateCustomDomainCommand)).toHaveLength(2);
    expect(result.error?.message).toBe(`Custom domain api.example.com of ${SERVICE_ARN} is delete_failed`);
  });
});

describe('errors that are neither "not found" nor "another operation in progress"', () => {
  const denied = (action: string) => Object.assign(new Error(`not authorized to perform: apprunner:${action}`), { name: 'AccessDeniedException' });

  test('DescribeCustomDomains and DisassociateCustomDomain failures fail with the SDK\'s message', async () => {
    appRunner.on(AssociateCustomDomainCommand).resolves({});
    appRunner.on(DescribeCustomDomainsCommand).rejectsOnce(denied('DescribeCustomDomains')).resolves(domain('active'));
    expect((await drive(handler, event(TYPE, 'Create', props()))).error?.message).toBe('not authorized to perform: apprunner:DescribeCustomDomains');
    appRunner.on(DisassociateCustomDomainCommand).rejects(denied('DisassociateCustomDomain'));
    const result = await drive(handler, event(TYPE, 'Delete', props({ HostedZoneId: '' }), undefined, `${SERVICE_ARN}|api.example.com`));
    expect(result.error?.message).toBe('not authorized to perform: apprunner:DisassociateCustomDomain');
  });

  test('an association removed by hand: the delete still removes the target record (from the service\'s DNS target)', async () => {
    route53.on(ListResourceRecordSetsCommand).callsFake((input) => listed(input));
    appRunner.on(DescribeCustomDomainsCommand).resolves({ DNSTarget: TARGET, CustomDomains: [] });
    const result = await drive(handler, event(TYPE, 'Delete', props(), undefined, `${SERVICE_ARN}|api.example.com`));
    expect(result.error).toBeUndefined();
    expect(changes()).toEqual([`DELETE CNAME api.example.com. ${TARGET}`]);
    expect(appRunner.commandCalls(DisassociateCustomDomainCommand)).toHaveLength(0);
  });
});
