import {
  AppRunnerClient, AssociateCustomDomainCommand, CustomDomain, DescribeCustomDomainsCommand, DisassociateCustomDomainCommand,
} from '@aws-sdk/client-apprunner';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { Route53Client } from '@aws-sdk/client-route-53';
import { AppRunnerReader, errorName, isInvalidState, isNotFound, statusIs } from './apprunner';
import { DesiredRecord, normalizeName, ZoneRecords } from './dns';
import { COMPLETE, NOT_YET, ResourceHandler } from './resource-handler';
import { stackStatus } from './stack-status';
import { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from './types';

/** A domain of a service. */
interface Target {
  readonly serviceArn: string;
  readonly domainName: string;
}

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
 * old association); a domain moved to another service is first removed from the old one (App
 * Runner does not associate a domain another service holds). A changed www flag
 * re-associates in place. App Runner refuses domain changes of a PAUSED service: that fails
 * at once with a clear message instead of waiting for the timeout.
 * Delete: remove the records this resource wrote (only where their value is still ours),
 * disassociate, wait until the domain is gone. Not found is success. When the whole stack is
 * being deleted and the service is PAUSED, the disassociation is left to the service's
 * deletion (App Runner would refuse it).
 */
export class CustomDomainHandler extends ResourceHandler {
  constructor(private readonly client: AppRunnerClient, private readonly route53: Route53Client,
    private readonly cfn: CloudFormationClient, event: OnEventRequest | IsCompleteRequest, now?: () => number) {
    super(event, now);
  }

  /** This resource's domain (new properties). */
  private get target(): Target {
    return { serviceArn: this.props.string('ServiceArn'), domainName: this.props.string('DomainName') };
  }

  /** The domain of the old properties (an update). */
  private get oldTarget(): Target {
    return { serviceArn: this.oldProps.string('ServiceArn'), domainName: this.oldProps.string('DomainName') };
  }

  protected waitingFor(): string {
    const what = this.event.RequestType === 'Delete' ? 'the removal' : 'the association';
    return `${what} of custom domain ${this.props.string('DomainName')} of ${this.props.string('ServiceArn')}`;
  }

  protected async onCreate(): Promise<OnEventResponse> {
    return { PhysicalResourceId: this.physicalId(), Data: await this.associate() };
  }

  protected async onUpdate(): Promise<OnEventResponse> {
    const old = this.oldTarget;
    if (this.target.serviceArn !== old.serviceArn) {
      // moved to another service: remove it from the old one first (its records too), then
      // associate (isUpdateComplete, phase MOVE); the new physical id makes CloudFormation
      // delete the old one, which then finds nothing left to do
      const state = await this.describe(old);
      const oldZone = this.oldProps.optionalString('HostedZoneId');
      if (oldZone && state.domain) {
        await new ZoneRecords(this.route53, oldZone).deleteOwn(this.desiredRecords(state, this.oldProps.optionalString.bind(this.oldProps)));
      }
      if (state.domain && !statusIs(state.domain.Status, 'deleting')) await this.disassociate(old);
      return { PhysicalResourceId: this.physicalId(), Data: { Phase: 'MOVE' } };
    }
    if (normalizeName(this.target.domainName) !== normalizeName(old.domainName)) {
      return this.onCreate(); // new physical id: CloudFormation deletes the old association
    }
    const oldZone = this.oldProps.optionalString('HostedZoneId');
    if (oldZone && (oldZone !== this.props.optionalString('HostedZoneId') || this.recordsChanged())) {
      const state = await this.describe();
      // remove only the old properties' records that the new ones do not write again (no gap)
      const sameZone = oldZone === this.props.optionalString('HostedZoneId');
      const keep = new Set(sameZone ? this.desiredRecords(state, this.props.optionalString.bind(this.props)).map(recordKey) : []);
      const stale = this.desiredRecords(state, this.oldProps.optionalString.bind(this.oldProps)).filter((r) => !keep.has(recordKey(r)));
      await new ZoneRecords(this.route53, oldZone).deleteOwn(stale);
    }
    if (this.props.boolean('EnableWwwSubdomain', true) !== this.oldProps.boolean('EnableWwwSubdomain', true)) {
      await this.disassociate(this.target);
      return { PhysicalResourceId: this.physicalId(), Data: { Phase: 'ASSOCIATE' } };
    }
    return { PhysicalResourceId: this.physicalId(), Data: {} };
  }

  protected async onDelete(): Promise<OnEventResponse> {
    const state = await this.describe();
    const zone = this.props.optionalString('HostedZoneId');
    if (zone) {
      // the association may be gone already (removed by hand): the target records (known
      // from the service's DNS target) still go, where they hold our values
      await new ZoneRecords(this.route53, zone).deleteOwn(this.desiredRecords(state, this.props.optionalString.bind(this.props)));
    }
    if (state.domain && !statusIs(state.domain.Status, 'deleting')) {
      if (await this.leaveToServiceDeletion()) return { Data: { LeftToService: 'true' } };
      return { Data: await this.disassociate(this.target) };
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
    if (this.data.Phase === 'MOVE') {
      // the old service's association must be gone before the new one can take
      const old = await this.describe(this.oldTarget);
      if (old.domain) {
        if (!statusIs(old.domain.Status, 'deleting')) await this.disassociate(this.oldTarget);
        this.lastStatus = `${old.domain.Status ?? 'unknown'} on ${this.oldTarget.serviceArn}`;
        return NOT_YET;
      }
    }
    if (this.data.Phase === 'ASSOCIATE' || this.data.Phase === 'MOVE') {
      // re-association (www flag changed, moved, or the first call met another operation):
      // wait for the old association to go, then associate (again, until it takes)
      if (domain && statusIs(domain.Status, 'deleting')) return NOT_YET;
      if (!domain) {
        await this.associate();
        return NOT_YET;
      }
      if (domain.EnableWWWSubdomain !== undefined && domain.EnableWWWSubdomain !== wantWww) {
        // the disassociation met another operation: again
        this.lastStatus = `${domain.Status ?? 'unknown'} with the old www setting`;
        await this.disassociate(this.target);
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
      const written = await new ZoneRecords(this.route53, zone).upsert(this.desiredRecords(state, this.props.optionalString.bind(this.props)));
      // records just written: read once more before finishing, in case more validation
      // records were still to appear (the zone holds what earlier polls wrote)
      if (written > 0 && !statusIs(domain.Status, 'active')) return NOT_YET;
    }
    if (this.props.boolean('WaitForActive', false) && !statusIs(domain.Status, 'active')) return NOT_YET;
    return { IsComplete: true, Data: this.attributes(state) };
  }

  protected async isDeleteComplete(): Promise<IsCompleteResponse> {
    if (this.data.LeftToService === 'true') return COMPLETE;
    const state = await this.describe();
    if (!state.domain) return COMPLETE;
    this.lastStatus = state.domain.Status ?? 'unknown';
    if (statusIs(state.domain.Status, 'delete_failed')) {
      throw new Error(`Custom domain ${state.domain.DomainName} of ${this.props.string('ServiceArn')} is ${state.domain.Status}`);
    }
    // still there and not being deleted: the disassociation met another operation; again
    if (!statusIs(state.domain.Status, 'deleting')) await this.disassociate(this.target);
    return NOT_YET;
  }

  /**
   * On delete: whether the service is PAUSED while its whole stack is being deleted, so that
   * its deletion (which follows this resource's) removes the association App Runner would
   * not remove now.
   */
  private async leaveToServiceDeletion(): Promise<boolean> {
    if (!await this.isPaused(this.target)) return false;
    if (statusIs(await stackStatus(this.cfn, this.event.StackId), 'DELETE_IN_PROGRESS')) return true;
    throw this.pausedError('remove', this.target);
  }

  /** A domain change met InvalidStateException: a PAUSED service fails now, otherwise later. */
  private async refusedWhilePaused(verb: string, target: Target): Promise<void> {
    if (await this.isPaused(target)) throw this.pausedError(verb, target);
  }

  private async isPaused(target: Target): Promise<boolean> {
    return statusIs(await new AppRunnerReader(this.client).serviceStatus(target.serviceArn), 'PAUSED');
  }

  private pausedError(verb: string, target: Target): Error {
    return new Error(`App Runner service ${target.serviceArn} is PAUSED: App Runner refuses to ${verb} custom domain `
      + `${target.domainName} while the service is paused (resume it, e.g. with paused: false, deploy, then change the domain)`);
  }

  private physicalId(): string {
    return `${this.props.string('ServiceArn')}|${normalizeName(this.props.string('DomainName'))}`;
  }

  private recordsChanged(): boolean {
    return ['RecordMode', 'DualStack', 'AliasHostedZoneId', 'EnableWwwSubdomain']
      .some((p) => this.props.optionalString(p) !== this.oldProps.optionalString(p));
  }

  /**
   * AssociateCustomDomain; "already associated" is fine (the describe that follows must then
   * list the domain on this service); another operation running: later; a PAUSED service: fail.
   */
  private async associate(): Promise<{ [key: string]: string }> {
    try {
      await this.client.send(new AssociateCustomDomainCommand({
        ServiceArn: this.target.serviceArn,
        DomainName: this.target.domainName,
        EnableWWWSubdomain: this.props.boolean('EnableWwwSubdomain', true),
      }));
    } catch (e) {
      const already = /already associated/i.test(String((e as Error).message));
      if (isInvalidState(e) && !already) {
        await this.refusedWhilePaused('associate', this.target);
        return { Phase: 'ASSOCIATE' };
      }
      if (!already) throw e;
    }
    return {};
  }

  /** DisassociateCustomDomain; not found is done; another operation running: later; PAUSED: fail. */
  private async disassociate(target: Target): Promise<{ [key: string]: string }> {
    try {
      await this.client.send(new DisassociateCustomDomainCommand({ ServiceArn: target.serviceArn, DomainName: target.domainName }));
    } catch (e) {
      if (isNotFound(e) || /no custom domain .* found/i.test(String((e as Error).message))) return {};
      if (isInvalidState(e)) {
        await this.refusedWhilePaused('remove', target);
        return { Phase: 'DISASSOCIATE' };
      }
      throw e;
    }
    return {};
  }

  /** The service's DNS target and the domain (every page of DescribeCustomDomains). */
  private async describe(target: Target = this.target): Promise<DomainState> {
    const wanted = normalizeName(target.domainName);
    let nextToken: string | undefined;
    let dnsTarget: string | undefined;
    try {
      do {
        const out = await this.client.send(new DescribeCustomDomainsCommand({ ServiceArn: target.serviceArn, NextToken: nextToken }));
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

/** A record's identity for comparisons (name, type, value). */
function recordKey(r: DesiredRecord): string {
  return `${normalizeName(r.name)}|${r.type}|${r.value}|${r.aliasZoneId ?? ''}`;
}
