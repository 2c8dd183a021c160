/**
 * A stateful world for the custom-domain handler's unit tests: aws-sdk-client-mock clients of
 * App Runner (answered by the loopback emulator's model, in process), Route 53 (an in-memory
 * zone per id) and CloudFormation (the stack's resources and status, set by the test). The
 * handler under test is the source module (not the bundle), with an injected clock.
 */
import {
  AppRunnerClient, AssociateCustomDomainCommand, DescribeCustomDomainsCommand, DescribeServiceCommand, DisassociateCustomDomainCommand,
  ListOperationsCommand, PauseServiceCommand, ResumeServiceCommand,
} from '@aws-sdk/client-apprunner';
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { event, HandlerModule } from './events';
import { sourceHandlers } from './mocks';
import { OnEventRequest } from '../../src/operations/runtime/types';
import { ApiError, AppRunnerEmulator, EmulatedService } from '../emulator/apprunner-emulator';

export const TYPE = 'Custom::AppRunnerCustomDomain';
export const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Test/1';

/** A record in a zone: `TYPE NAME VALUE` (names with a trailing dot, alias targets as values). */
export type ZoneLine = string;

interface Row { LogicalResourceId: string; PhysicalResourceId?: string; ResourceType: string; ResourceStatus: string }

export class DomainWorld {
  public readonly emulator = new AppRunnerEmulator({ operationSteps: 2, recordSteps: 1, activeSteps: 1, deleteSteps: 1 });
  public readonly appRunner = mockClient(AppRunnerClient);
  public readonly route53 = mockClient(Route53Client);
  public readonly cloudFormation = mockClient(CloudFormationClient);
  /** Zone id → record key (`TYPE name`) → record set. */
  public readonly zones = new Map<string, Map<string, any>>();
  /** The stack's resources as ListStackResources reports them. */
  public rows: Row[] = [];
  public stackStatus = 'UPDATE_IN_PROGRESS';
  public clock = 1_000_000;
  public readonly handler: HandlerModule;
  private requestCount = 0;

  constructor() {
    this.handler = sourceHandlers(() => this.clock);
    this.reset();
  }

  /** Wire every mock to the world's state (after aws-sdk-client-mock's reset). */
  public reset(): void {
    this.appRunner.reset();
    this.route53.reset();
    this.cloudFormation.reset();
    const forward = (op: string) => async (input: any) => {
      try {
        return JSON.parse(JSON.stringify(this.emulator.handle(op, input)), (k, v) => (k === 'StartedAt' || k === 'EndedAt') && typeof v === 'number' ? new Date(v * 1000) : v);
      } catch (e) {
        if (e instanceof ApiError) throw Object.assign(new Error(e.message), { name: e.type });
        throw e;
      }
    };
    const commands: Array<[any, string]> = [
      [DescribeServiceCommand, 'DescribeService'], [ListOperationsCommand, 'ListOperations'], [PauseServiceCommand, 'PauseService'],
      [ResumeServiceCommand, 'ResumeService'], [AssociateCustomDomainCommand, 'AssociateCustomDomain'],
      [DisassociateCustomDomainCommand, 'DisassociateCustomDomain'], [DescribeCustomDomainsCommand, 'DescribeCustomDomains'],
    ];
    for (const [command, op] of commands) this.appRunner.on(command).callsFake(forward(op));
    this.route53.on(ListResourceRecordSetsCommand).callsFake((input) => {
      const set = this.zone(input.HostedZoneId).get(`${input.StartRecordType} ${fqdn(input.StartRecordName)}`);
      return { ResourceRecordSets: set ? [set] : [] };
    });
    this.route53.on(ChangeResourceRecordSetsCommand).callsFake((input) => {
      const zone = this.zone(input.HostedZoneId);
      for (const change of input.ChangeBatch.Changes) {
        const set = { ...change.ResourceRecordSet, Name: fqdn(change.ResourceRecordSet.Name) };
        const key = `${set.Type} ${set.Name}`;
        if (change.Action === 'DELETE') {
          if (JSON.stringify(zone.get(key)) !== JSON.stringify(set)) throw Object.assign(new Error(`no such record ${key}`), { name: 'InvalidChangeBatch' });
          zone.delete(key);
        } else {
          zone.set(key, set);
        }
      }
      return { ChangeInfo: { Id: 'c', Status: 'PENDING', SubmittedAt: new Date() } };
    });
    this.cloudFormation.on(ListStackResourcesCommand).callsFake(() => ({ StackResourceSummaries: this.rows }));
    this.cloudFormation.on(DescribeStacksCommand).callsFake(() => ({ Stacks: [{ StackStatus: this.stackStatus }] }));
  }

  public zone(id: string): Map<string, any> {
    if (!this.zones.has(id)) this.zones.set(id, new Map());
    return this.zones.get(id)!;
  }

  /** A zone's records as `TYPE NAME VALUE` lines, sorted. */
  public lines(zoneId: string): ZoneLine[] {
    return [...this.zone(zoneId).values()]
      .map((r) => `${r.Type} ${r.Name} ${r.AliasTarget ? r.AliasTarget.DNSName : r.ResourceRecords?.[0]?.Value}`).sort();
  }

  /** Put a CNAME into a zone as someone else would. */
  public putCname(zoneId: string, name: string, value: string): void {
    this.zone(zoneId).set(`CNAME ${fqdn(name)}`, { Name: fqdn(name), Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: value }] });
  }

  /** A row of the stack (ListStackResources). */
  public row(logicalId: string, physicalId: string | undefined, status = 'CREATE_COMPLETE', type = TYPE): void {
    this.rows = this.rows.filter((r) => r.LogicalResourceId !== logicalId);
    this.rows.push({ LogicalResourceId: logicalId, PhysicalResourceId: physicalId, ResourceType: type, ResourceStatus: status });
  }

  /** A request with a fresh RequestId (CloudFormation's), for logical id `logicalId`. */
  public request(requestType: 'Create' | 'Update' | 'Delete', logicalId: string, props: Record<string, string>,
    oldProps?: Record<string, string>, physicalId?: string): OnEventRequest {
    return { ...event(TYPE, requestType, props, oldProps, physicalId), LogicalResourceId: logicalId, RequestId: `req-${++this.requestCount}`, StackId: STACK_ID };
  }

  /** Associate a domain by hand (outside any stack), as active. */
  public associateByHand(service: EmulatedService, domainName: string, www = false): void {
    this.emulator.handle('AssociateCustomDomain', { ServiceArn: service.arn, DomainName: domainName, EnableWWWSubdomain: www });
    for (let i = 0; i < 4; i++) this.emulator.handle('DescribeCustomDomains', { ServiceArn: service.arn });
  }
}

function fqdn(name: string): string {
  return (name.endsWith('.') ? name : `${name}.`).toLowerCase();
}
