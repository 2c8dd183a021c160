import {
  AppRunnerClient, AssociateCustomDomainCommand, CustomDomain, DescribeCustomDomainsCommand, DisassociateCustomDomainCommand,
} from '@aws-sdk/client-apprunner';
import { Route53Client } from '@aws-sdk/client-route-53';
import { errorName, isInvalidState, isNotFound, statusIs } from './apprunner';
import { DesiredRecord, normalizeName, ZoneRecords } from './dns';
import { COMPLETE, NOT_YET, ResourceHandler } from './resource-handler';
import { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from './types';

/** What DescribeCustomDomains says about one domain. */
interface DomainState {
  readonly dnsTarget?: string;
  readonly domain?: CustomDomain;
}

/**
 * Custom::AppRunnerCustomDomain {ServiceArn, DomainName, EnableWwwSubdomain, WaitForActive,
 * RecordMode (CNAME | ALIAS | NONE), DualStack, HostedZoneId?, AliasHostedZoneId?}.
 *
 * Create: AssociateCustomDomain (an "already associated" answer is not an error), then poll
 * DescribeCustomDomains until the certificate validation records are there, UPSERT them and
 * the target record (CNAME, or alias A/AAAA for an apex) into the zone, and optionally wait
 * for `active`. A changed domain or service is a new physical id (CloudFormation deletes the
 * old association); a changed www flag re-associates in place.
 * Delete: remove the records this resource wrote (only where their value is still ours),
 * disassociate, wait until the domain is gone. Not found is success.
 */
export class CustomDomainHandler extends ResourceHandler {
  constructor(private readonly client: AppRunnerClient, private readonly route53: Route53Client,
    event: OnEventRequest | IsCompleteRequest, now?: () => number) {
    super(event, now);
  }

  protected waitingFor(): string {
    const what = this.event.RequestType === 'Delete' ? 'the removal' : 'the association';
    return `${what} of custom domain ${this.props.string('DomainName')} of ${this.props.string('ServiceArn')}`;
  }

  protected async onCreate(): Promise<OnEventResponse> {
    return { PhysicalResourceId: this.physicalId(), Data: await this.associate() };
  }

  protected async onUpdate(): Promise<OnEventResponse> {
    const replaced = this.props.string('ServiceArn') !== this.oldProps.optionalString('ServiceArn')
      || normalizeName(this.props.string('DomainName')) !== normalizeName(this.oldProps.optionalString('DomainName') ?? '');
    if (replaced) return this.onCreate(); // new physical id: CloudFormation deletes the old association
    const oldZone = this.oldProps.optionalString('HostedZoneId');
    if (oldZone && (oldZone !== this.props.optionalString('HostedZoneId') || this.recordsChanged())) {
      const state = await this.describe();
      await new ZoneRecords(this.route53, oldZone).deleteOwn(this.desiredRecords(state, this.oldProps.optionalString.bind(this.oldProps)));
    }
    if (this.props.boolean('EnableWwwSubdomain', true) !== this.oldProps.boolean('EnableWwwSubdomain', true)) {
      await this.disassociate();
      return { PhysicalResourceId: this.physicalId(), Data: { Phase: 'ASSOCIATE' } };
    }
    return { PhysicalResourceId: this.physicalId(), Data: {} };
  }

  protected async onDelete(): Promise<OnEventResponse> {
    const state = await this.describe();
    const zone = this.props.optionalString('HostedZoneId');
    if (zone && state.domain) {
      await new ZoneRecords(this.route53, zone).deleteOwn(this.desiredRecords(state, this.props.optionalString.bind(this.props)));
    }
    if (state.domain && !statusIs(state.domain.Status, 'deleting')) {
      return { Data: await this.disassociate() };
    }
    return { Data: {} };
  }

  protected isCreateComplete(): Promise<IsCompleteResponse> {
    return this.isUpdateComplete();
  }

  protected async isUpdateComplete(): Promise<IsCompleteResponse> {
    const state = await this.describe();
    const domain = state.domain;
    const wantWww = this.props.boolean('EnableWwwSubdomain', true);
    if (this.data.Phase === 'ASSOCIATE') {
      // re-association (www flag changed, or the first call met another operation):
      // wait for the old association to go, then associate (again, until it takes)
      if (domain && statusIs(domain.Status, 'deleting')) return NOT_YET;
      if (!domain || (domain.EnableWWWSubdomain !== undefined && domain.EnableWWWSubdomain !== wantWww)) {
        if (!domain) await this.associate();
        return NOT_YET;
      }
    }
    if (!domain) return NOT_YET; // just associated, not listed yet
    this.lastStatus = domain.Status ?? 'unknown';
    if (statusIs(domain.Status, 'create_failed', 'delete_failed')) {
      throw new Error(`Custom domain ${domain.DomainName} of ${this.props.string('ServiceArn')} is ${domain.Status}`);
    }
    const validation = domain.CertificateValidationRecords ?? [];
    if (validation.length === 0 && !statusIs(domain.Status, 'active')) return NOT_YET; // records appear after a few seconds
    const zone = this.props.optionalString('HostedZoneId');
    if (zone) {
      await new ZoneRecords(this.route53, zone).upsert(this.desiredRecords(state, this.props.optionalString.bind(this.props)));
    }
    if (this.props.boolean('WaitForActive', false) && !statusIs(domain.Status, 'active')) return NOT_YET;
    return { IsComplete: true, Data: this.attributes(state) };
  }

  protected async isDeleteComplete(): Promise<IsCompleteResponse> {
    const state = await this.describe();
    if (!state.domain) return COMPLETE;
    this.lastStatus = state.domain.Status ?? 'unknown';
    if (statusIs(state.domain.Status, 'delete_failed')) {
      throw new Error(`Custom domain ${state.domain.DomainName} of ${this.props.string('ServiceArn')} is ${state.domain.Status}`);
    }
    // still there and not being deleted: the disassociation met another operation; again
    if (!statusIs(state.domain.Status, 'deleting')) await this.disassociate();
    return NOT_YET;
  }

  private physicalId(): string {
    return `${this.props.string('ServiceArn')}|${normalizeName(this.props.string('DomainName'))}`;
  }

  private recordsChanged(): boolean {
    return ['RecordMode', 'DualStack', 'AliasHostedZoneId', 'EnableWwwSubdomain']
      .some((p) => this.props.optionalString(p) !== this.oldProps.optionalString(p));
  }

  /** AssociateCustomDomain; "already associated" is fine; another operation running: later. */
  private async associate(): Promise<{ [key: string]: string }> {
    try {
      await this.client.send(new AssociateCustomDomainCommand({
        ServiceArn: this.props.string('ServiceArn'),
        DomainName: this.props.string('DomainName'),
        EnableWWWSubdomain: this.props.boolean('EnableWwwSubdomain', true),
      }));
    } catch (e) {
      if (isInvalidState(e) && !/already associated/i.test(String((e as Error).message))) return { Phase: 'ASSOCIATE' };
      if (!/already associated/i.test(String((e as Error).message))) throw e;
    }
    return {};
  }

  /** DisassociateCustomDomain; not found is done; another operation running: later. */
  private async disassociate(): Promise<{ [key: string]: string }> {
    try {
      await this.client.send(new DisassociateCustomDomainCommand({
        ServiceArn: this.props.string('ServiceArn'),
        DomainName: this.props.string('DomainName'),
      }));
    } catch (e) {
      if (isNotFound(e) || /no custom domain .* found/i.test(String((e as Error).message))) return {};
      if (isInvalidState(e)) return { Phase: 'DISASSOCIATE' };
      throw e;
    }
    return {};
  }

  /** The service's DNS target and this domain (every page of DescribeCustomDomains). */
  private async describe(): Promise<DomainState> {
    const wanted = normalizeName(this.props.string('DomainName'));
    let nextToken: string | undefined;
    let dnsTarget: string | undefined;
    try {
      do {
        const out = await this.client.send(new DescribeCustomDomainsCommand({ ServiceArn: this.props.string('ServiceArn'), NextToken: nextToken }));
        dnsTarget = out.DNSTarget ?? dnsTarget;
        const domain = (out.CustomDomains ?? []).find((d) => normalizeName(d.DomainName ?? '') === wanted);
        if (domain) return { dnsTarget, domain };
        nextToken = out.NextToken;
      } while (nextToken);
    } catch (e) {
      if (isNotFound(e) || errorName(e) === 'ResourceNotFoundException') return {};
      throw e;
    }
    return { dnsTarget };
  }

  /** The records this resource writes, for the properties read by `prop`. */
  private desiredRecords(state: DomainState, prop: (name: string) => string | undefined): DesiredRecord[] {
    const records: DesiredRecord[] = (state.domain?.CertificateValidationRecords ?? [])
      .filter((r) => r.Name && r.Value)
      .map((r) => ({ name: r.Name!, type: 'CNAME' as const, value: r.Value! }));
    const target = state.dnsTarget;
    const domainName = prop('DomainName');
    if (!target || !domainName) return records;
    const mode = prop('RecordMode');
    if (mode === 'ALIAS') {
      const aliasZoneId = prop('AliasHostedZoneId');
      records.push({ name: domainName, type: 'A', value: target, aliasZoneId });
      if (prop('DualStack') === 'true') records.push({ name: domainName, type: 'AAAA', value: target, aliasZoneId });
    } else if (mode === 'CNAME') {
      records.push({ name: domainName, type: 'CNAME', value: target });
    }
    if (mode !== 'NONE' && mode !== undefined && prop('EnableWwwSubdomain') !== 'false') {
      records.push({ name: `www.${domainName}`, type: 'CNAME', value: target });
    }
    return records;
  }

  /** The resource's attributes (GetAtt). */
  private attributes(state: DomainState): { [key: string]: string } {
    const validation = (state.domain?.CertificateValidationRecords ?? []).map((r) => ({ name: r.Name ?? '', type: r.Type ?? 'CNAME', value: r.Value ?? '' }));
    const data: { [key: string]: string } = {
      DNSTarget: state.dnsTarget ?? '',
      Status: (state.domain?.Status ?? '').toLowerCase(),
      ValidationRecords: JSON.stringify(validation),
    };
    validation.forEach((r, i) => {
      data[`ValidationRecord${i}Name`] = r.name;
      data[`ValidationRecord${i}Type`] = r.type;
      data[`ValidationRecord${i}Value`] = r.value;
    });
    return data;
  }
}
