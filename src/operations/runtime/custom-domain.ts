import {
  AppRunnerClient, AssociateCustomDomainCommand, CustomDomain, DescribeCustomDomainsCommand, DisassociateCustomDomainCommand,
} from '@aws-sdk/client-apprunner';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CustomDomainData, CustomDomainProperties } from '../contract';
import { errorName, isInvalidState, isNotFound, statusIs } from './apprunner';
import { normalizeName, ZoneRecords } from './dns';
import {
  DomainClaim, domainClaims, DomainInstance, formatInstance, isStackService, parseInstance, RecordClass, StackResourceRow, stackResources,
} from './domain-claims';
import { ClassifiedRecord, desiredRecords, domainAttributes, DomainSettings, recordKey, removable, settingsOf } from './domain-records';
import { domainRoleArnPrefixOfStackId } from '../domain-role-name';
import { DomainRoles, RoleSource } from './domain-roles';
import { COMPLETE, NOT_YET, ResourceHandler } from './resource-handler';
import { ServiceGate } from './service-gate';
import { stackStatus } from './stack-status';
import { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse, Writable } from './types';

/** What DescribeCustomDomains says about one domain of one service. */
interface DomainState {
  /** The service does not exist. */
  readonly gone?: boolean;
  readonly dnsTarget?: string;
  readonly association?: CustomDomain;
}

/** How `ensure` gets a domain to its target service. */
interface EnsureOptions {
  /** A service of this stack's custom domains that may hold the domain and must give it up first. */
  readonly holder?: string;
  /** Record classes of the holder's instance that were someone else's. */
  readonly holderPreexisting?: readonly RecordClass[];
  /** Pause the holder again once it let go of the domain. */
  readonly holderPaused?: boolean;
  /** Pause the target service again at the end. */
  readonly targetPaused?: boolean;
  /** Record classes that were someone else's (never removed). */
  readonly preexisting: readonly RecordClass[];
  /** Settings of an in-place update whose records the new settings may no longer want. */
  readonly previous?: DomainSettings;
}

/** Data keys onEvent hands to isComplete. */
const D = {
  holder: 'Holder',
  holderPre: 'HolderPreexisting',
  holderPaused: 'HolderPaused',
  targetPaused: 'TargetPaused',
  mode: 'Mode',
  to: 'To',
  toWww: 'ToWww',
  toPaused: 'ToPaused',
  restore: 'Restore',
  paused: 'ServicePaused',
} as const satisfies { readonly [name: string]: keyof CustomDomainData };

/**
 * Custom::AppRunnerCustomDomain {ServiceArn, DomainName, EnableWwwSubdomain, WaitForActive,
 * RecordMode (CNAME | ALIAS | NONE), DualStack, HostedZoneId?, AliasHostedZoneId?}.
 *
 * onEvent only reads and decides: which instance this is (its physical id, see
 * domain-claims.ts: the service, domain and www flag it declares, and what existed before
 * it) and which managed service holds the domain now. isComplete converges, one poll at a
 * time and without state, to "the domain is associated with the service, its records are in
 * the zone": it takes the domain from the service of another instance of this stack when it
 * holds it (App Runner associates a domain with one service only), re-associates for a www
 * change, resumes a PAUSED service for the change and pauses it again at the end, writes the
 * validation and target records, optionally waits for `active`.
 *
 * Delete undoes only what the instance did: when another live instance of the stack declares
 * the same domain (a renamed construct, the instance a replacement made, or the old one a
 * rollback brings back) the domain is handed to that one — left where it is, or moved back
 * to its service; otherwise the instance removes its association (unless it was there
 * before it) and the records it wrote (never those that were there before).
 *
 * App Runner and Route 53 calls on a service's domains are made with the stack's domain role of
 * that service (see domain-roles.ts); CloudFormation reads with the handler's own role.
 */
export class CustomDomainHandler extends ResourceHandler<CustomDomainProperties, CustomDomainData> {
  private readonly gate: ServiceGate;
  private readonly roles: DomainRoles;

  constructor(source: RoleSource, private readonly cfn: CloudFormationClient, event: OnEventRequest | IsCompleteRequest,
    now?: () => number, sleep?: (ms: number) => Promise<void>) {
    super(event, now);
    this.roles = new DomainRoles(source, this.props.optionalString('RoleArnPrefix'), this.props.string('ServiceArn'),
      domainRoleArnPrefixOfStackId(this.event.StackId), sleep);
    this.gate = new ServiceGate((serviceArn) => this.appRunner(serviceArn));
  }

  /** The App Runner client for the domains of `serviceArn`. */
  private async appRunner(serviceArn: string): Promise<AppRunnerClient> {
    return (await this.roles.of(serviceArn)).appRunner;
  }

  /** The records of a hosted zone, changed with the role of this custom domain's own service. */
  private async zone(hostedZoneId: string): Promise<ZoneRecords> {
    return new ZoneRecords((await this.roles.of(this.props.string('ServiceArn'))).route53, hostedZoneId);
  }

  protected waitingFor(): string {
    const s = settingsOf(this.props);
    const what = this.event.RequestType === 'Delete' ? 'the removal' : 'the association';
    return `${what} of custom domain ${s.domainName} of ${s.serviceArn}`;
  }

  // ---- create and update ----------------------------------------------------------------

  protected async onCreate(): Promise<OnEventResponse<CustomDomainData>> {
    const s = settingsOf(this.props);
    const targetStatus = await this.gate.requireUsable(s.serviceArn, `associate custom domain ${s.domainName}`);
    return this.begin(s, targetStatus, undefined);
  }

  protected async onUpdate(): Promise<OnEventResponse<CustomDomainData>> {
    const s = settingsOf(this.props);
    const current = this.currentInstance(settingsOf(this.oldProps));
    const targetStatus = await this.gate.requireUsable(s.serviceArn, `associate custom domain ${s.domainName}`);
    if (current.serviceArn === s.serviceArn && current.domainName === normalizeName(s.domainName) && current.www === s.www) {
      // same association, other settings (zone, record mode, waiting): in place
      return { PhysicalResourceId: this.physicalResourceId, Data: this.flag(D.targetPaused, statusIs(targetStatus, 'PAUSED')) };
    }
    return this.begin(s, targetStatus, current);
  }

  protected isCreateComplete(): Promise<IsCompleteResponse<CustomDomainData>> {
    return this.isUpdateComplete();
  }

  protected async isUpdateComplete(): Promise<IsCompleteResponse<CustomDomainData>> {
    const s = settingsOf(this.props);
    const instance = this.currentInstance(s);
    const previous = this.event.RequestType === 'Update' ? settingsOf(this.oldProps) : undefined;
    return this.ensure(s, {
      holder: this.data[D.holder],
      holderPreexisting: classesOf(this.data[D.holderPre]),
      holderPaused: this.data[D.holderPaused] === 'true',
      targetPaused: this.data[D.targetPaused] === 'true',
      preexisting: instance.preexisting,
      previous: previous && previous.serviceArn === s.serviceArn && normalizeName(previous.domainName) === normalizeName(s.domainName)
        ? previous : undefined,
    });
  }

  /**
   * A new instance (created, or the service, domain or www flag changed): decide what it
   * adopts and which managed service holds the domain now. Reads only.
   */
  private async begin(s: DomainSettings, targetStatus: string, predecessor: DomainInstance | undefined): Promise<OnEventResponse<CustomDomainData>> {
    const rows = await stackResources(this.cfn, this.event.StackId);
    // instances of ours that declare this domain: the one this update replaces (unless the
    // domain itself changed) and those of other logical ids
    const known: DomainInstance[] = [
      ...(predecessor && predecessor.domainName === normalizeName(s.domainName) ? [predecessor] : []),
      ...domainClaims(rows, s.domainName, this.physicalResourceId).map((c) => c.instance),
    ];
    const state = await this.describe(s.serviceArn);
    const held = state.association !== undefined && !statusIs(state.association.Status, 'deleting');
    let adopted = false;
    let preexisting: RecordClass[] = [];
    const sameService = known.find((i) => i.serviceArn === s.serviceArn);
    if (sameService) {
      // another instance of ours declared it on this service: what it adopted stays adopted
      adopted = held && sameService.adopted;
      preexisting = [...sameService.preexisting];
    } else if (known.length === 0) {
      // nothing of ours declares the domain: an association or records already there are
      // someone else's, and stay when this instance goes (even as the rollback of its Create)
      adopted = held;
      preexisting = await this.presentClasses(s, desiredRecords(s, state.dnsTarget, held ? state.association : undefined));
    }
    const instance: DomainInstance = {
      serviceArn: s.serviceArn, domainName: normalizeName(s.domainName), www: s.www, token: this.requestToken(), adopted, preexisting,
    };
    const data: Writable<CustomDomainData> = { ...this.flag(D.targetPaused, statusIs(targetStatus, 'PAUSED')) };
    if (!held) {
      const holder = await this.findHolder(known.map((i) => i.serviceArn).filter((arn) => arn !== s.serviceArn), s.domainName);
      if (holder) {
        data[D.holder] = holder;
        data[D.holderPre] = known.find((i) => i.serviceArn === holder)!.preexisting.join(',');
        Object.assign(data, this.flag(D.holderPaused, statusIs(await this.gate.status(holder), 'PAUSED')));
      }
    }
    return { PhysicalResourceId: formatInstance(instance), Data: data };
  }

  // ---- delete ----------------------------------------------------------------------------

  protected async onDelete(): Promise<OnEventResponse<CustomDomainData>> {
    const s = settingsOf(this.props);
    const me = this.currentInstance(s);
    const rows = await stackResources(this.cfn, this.event.StackId);
    const claims = domainClaims(rows, me.domainName, this.physicalResourceId);
    if (claims.length > 0) {
      // another live instance declares the domain: hand over to it
      const to = this.preferredClaim(claims, me).instance;
      // the domain is not (or no longer) where and how that instance declares it: this instance
      // took it (or changed its www setting) and is rolled back, or its Create failed half-way:
      // it goes back
      const held = (await this.describe(to.serviceArn)).association;
      const restore = !held || (to.www !== undefined && held.EnableWWWSubdomain !== undefined && held.EnableWWWSubdomain !== to.www);
      return {
        Data: {
          [D.mode]: 'HANDOVER',
          ...this.flag(D.restore, restore),
          [D.to]: to.serviceArn,
          [D.toWww]: to.www === undefined ? '' : String(to.www),
          ...this.flag(D.toPaused, statusIs(await this.gate.status(to.serviceArn), 'PAUSED')),
          ...this.flag(D.holderPaused, statusIs(await this.gate.status(me.serviceArn), 'PAUSED')),
        },
      };
    }
    if (await this.goesWithItsService(rows, me.serviceArn)) return { Data: { [D.mode]: 'RECORDS' } };
    return { Data: { [D.mode]: 'REMOVE', ...this.flag(D.paused, statusIs(await this.gate.status(me.serviceArn), 'PAUSED')) } };
  }

  protected async isDeleteComplete(): Promise<IsCompleteResponse<CustomDomainData>> {
    const s = settingsOf(this.props);
    const me = this.currentInstance(s);
    switch (this.data[D.mode]) {
      case 'HANDOVER': return this.handOver(s, me);
      case 'RECORDS': {
        const state = await this.describe(me.serviceArn);
        await this.removeRecords(s, desiredRecords(s, state.dnsTarget, state.association), me.preexisting);
        return COMPLETE;
      }
      default: return this.remove(s, me);
    }
  }

  /**
   * Another instance declares the domain. Where it holds it already (a renamed construct, the
   * instance a replacement made), everything stays, apart from this instance's target records
   * of another service; where it does not (this instance took the domain from it and is rolled
   * back, or a www change is undone), the domain goes back to that instance's service and settings.
   */
  private async handOver(s: DomainSettings, me: DomainInstance): Promise<IsCompleteResponse<CustomDomainData>> {
    const to = this.data[D.to]!; // onDelete's HANDOVER always sets it
    const toWww = this.data[D.toWww] === '' ? undefined : this.data[D.toWww] === 'true';
    if (this.data[D.restore] !== 'true') {
      if (to !== me.serviceArn) {
        const mine = await this.describe(me.serviceArn);
        await this.removeRecords(s, desiredRecords(s, mine.dnsTarget).filter((r) => r.cls !== 'validation'), me.preexisting);
      }
      return COMPLETE;
    }
    const target: DomainSettings = { ...s, serviceArn: to, www: toWww ?? me.www ?? s.www, waitForActive: false };
    return this.ensure(target, {
      holder: to === me.serviceArn ? undefined : me.serviceArn,
      holderPreexisting: me.preexisting,
      holderPaused: this.data[D.holderPaused] === 'true',
      targetPaused: this.data[D.toPaused] === 'true',
      preexisting: me.preexisting,
    });
  }

  /** No other instance declares the domain: remove what this instance did. */
  private async remove(s: DomainSettings, me: DomainInstance): Promise<IsCompleteResponse<CustomDomainData>> {
    const state = await this.describe(me.serviceArn);
    if (state.gone) return COMPLETE; // the service went, and its domains with it
    const association = state.association;
    const records = desiredRecords(s, state.dnsTarget, association);
    if (association && statusIs(association.Status, 'deleting')) {
      this.lastStatus = 'deleting';
      return NOT_YET;
    }
    if (association && !me.adopted) {
      this.lastStatus = association.Status ?? 'unknown';
      if (statusIs(association.Status, 'delete_failed')) {
        throw new Error(`Custom domain ${association.DomainName} of ${me.serviceArn} is ${association.Status}`);
      }
      await this.removeRecords(s, records, me.preexisting);
      if (await this.gate.ready(me.serviceArn, `remove custom domain ${me.domainName}`)) await this.disassociate(me.serviceArn, s.domainName);
      return NOT_YET;
    }
    // gone (or never ours): the records this instance wrote go, the service sleeps again
    await this.removeRecords(s, records, me.adopted ? [...me.preexisting, 'validation'] : me.preexisting);
    if (await this.shouldSleep(me.serviceArn, this.data[D.paused] === 'true') && !(await this.gate.repaused(me.serviceArn))) return NOT_YET;
    return COMPLETE;
  }

  /**
   * On stack deletion, a domain of a service of the same stack goes with the service (App
   * Runner deletes a service's domains with it, and would refuse the change while it is
   * PAUSED): only the records are removed.
   */
  private async goesWithItsService(rows: readonly StackResourceRow[], serviceArn: string): Promise<boolean> {
    if (!isStackService(rows, serviceArn)) return false;
    return statusIs(await stackStatus(this.cfn, this.event.StackId), 'DELETE_IN_PROGRESS');
  }

  // ---- converge --------------------------------------------------------------------------

  /**
   * One poll towards "the domain is associated with `s.serviceArn` with the www flag asked
   * for, and its records are in the zone". Stateless: every poll reads where things are.
   */
  private async ensure(s: DomainSettings, opts: EnsureOptions): Promise<IsCompleteResponse<CustomDomainData>> {
    const state = await this.describe(s.serviceArn);
    if (state.gone) throw new Error(`App Runner service ${s.serviceArn} does not exist (deleted?): cannot associate custom domain ${s.domainName}`);
    const association = state.association;
    if (!association) return this.associateAfterHolder(s, opts);
    this.lastStatus = association.Status ?? 'unknown';
    if (statusIs(association.Status, 'deleting')) return NOT_YET;
    if (association.EnableWWWSubdomain !== undefined && association.EnableWWWSubdomain !== s.www) {
      // re-association with the www flag asked for: the old certificate's validation records
      // (and, without www, the www record) leave the zone first
      this.lastStatus = `${association.Status ?? 'unknown'} with the other www setting`;
      const old = desiredRecords({ ...s, www: association.EnableWWWSubdomain }, state.dnsTarget, association);
      await this.removeRecords(s, old.filter((r) => r.cls === 'validation' || (r.cls === 'www' && !s.www)), opts.preexisting);
      if (await this.gate.ready(s.serviceArn, `change the www setting of custom domain ${s.domainName}`)) await this.disassociate(s.serviceArn, s.domainName);
      return NOT_YET;
    }
    if (statusIs(association.Status, 'create_failed', 'delete_failed')) {
      throw new Error(`Custom domain ${association.DomainName} of ${s.serviceArn} is ${association.Status}`);
    }
    const active = statusIs(association.Status, 'active');
    if ((association.CertificateValidationRecords ?? []).length === 0 && !active) return NOT_YET; // records appear after a few seconds
    if (s.hostedZoneId) {
      const wanted = desiredRecords(s, state.dnsTarget, association);
      const written = await (await this.zone(s.hostedZoneId)).upsert(wanted);
      // records just written: read once more before finishing, in case more validation
      // records were still to appear (the zone holds what earlier polls wrote)
      if (written > 0 && !active) return NOT_YET;
    }
    if (opts.previous) await this.removeStale(opts.previous, s, state);
    if (s.waitForActive && !active) return NOT_YET;
    if (opts.holder && opts.holderPaused && !(await this.gate.repaused(opts.holder))) return NOT_YET;
    if (await this.shouldSleep(s.serviceArn, opts.targetPaused === true) && !(await this.gate.repaused(s.serviceArn))) return NOT_YET;
    return { IsComplete: true, Data: domainAttributes(state.dnsTarget, association) };
  }

  /** The domain is not on the target service: the holder lets go first, then associate. */
  private async associateAfterHolder(s: DomainSettings, opts: EnsureOptions): Promise<IsCompleteResponse<CustomDomainData>> {
    if (opts.holder) {
      const held = await this.describe(opts.holder);
      if (held.association) {
        this.lastStatus = `${held.association.Status ?? 'unknown'} on ${opts.holder}`;
        if (!statusIs(held.association.Status, 'deleting')) {
          // the holder's records (validation of its certificate, targets at its host) go with it
          await this.removeRecords(s, desiredRecords(s, held.dnsTarget, held.association), opts.holderPreexisting ?? []);
          if (await this.gate.ready(opts.holder, `move custom domain ${s.domainName} away from it`)) await this.disassociate(opts.holder, s.domainName);
        }
        return NOT_YET;
      }
    }
    this.lastStatus = 'not associated';
    if (await this.gate.ready(s.serviceArn, `associate custom domain ${s.domainName}`)) await this.associate(s, opts.holder !== undefined);
    return NOT_YET;
  }

  /** An in-place update: the previous settings' records that the new ones do not write go. */
  private async removeStale(previous: DomainSettings, s: DomainSettings, state: DomainState): Promise<void> {
    if (!previous.hostedZoneId) return;
    const keep = new Set(previous.hostedZoneId === s.hostedZoneId ? desiredRecords(s, state.dnsTarget, state.association).map(recordKey) : []);
    const stale = desiredRecords(previous, state.dnsTarget, state.association).filter((r) => !keep.has(recordKey(r)));
    await this.removeRecords(previous, stale, this.currentInstance(s).preexisting);
  }

  /** Whether a service must end PAUSED: it was when the event began, or someone paused it since. */
  private async shouldSleep(serviceArn: string, wasPaused: boolean): Promise<boolean> {
    return wasPaused || this.gate.pausedSince(serviceArn, Number(this.data.StartedAt ?? this.now()));
  }

  // ---- App Runner and Route 53 -----------------------------------------------------------

  /**
   * AssociateCustomDomain. "Already associated" with this service (a retried call) is fine; with
   * another one that no instance of this stack declares, the deployment fails at once saying
   * so (App Runner's message names that service). Another operation running: a later poll.
   */
  private async associate(s: DomainSettings, holderKnown: boolean): Promise<void> {
    try {
      const client = await this.appRunner(s.serviceArn);
      await client.send(new AssociateCustomDomainCommand({ ServiceArn: s.serviceArn, DomainName: s.domainName, EnableWWWSubdomain: s.www }));
    } catch (e) {
      const message = String((e as Error).message);
      if (/already associated/i.test(message)) {
        if ((await this.describe(s.serviceArn)).association || holderKnown) return;
        throw new Error(`Custom domain ${s.domainName} is associated with another App Runner service, which no custom domain of this stack `
          + `declares (App Runner: "${message}"). Remove it there first (DisassociateCustomDomain), then deploy again.`);
      }
      if (!isInvalidState(e)) throw e;
    }
  }

  /** DisassociateCustomDomain; not found is done; another operation running: a later poll. */
  private async disassociate(serviceArn: string, domainName: string): Promise<void> {
    try {
      await (await this.appRunner(serviceArn)).send(new DisassociateCustomDomainCommand({ ServiceArn: serviceArn, DomainName: domainName }));
    } catch (e) {
      if (isNotFound(e) || /no custom domain .* found/i.test(String((e as Error).message)) || isInvalidState(e)) return;
      throw e;
    }
  }

  /** The service's DNS target and the domain (every page of DescribeCustomDomains). */
  private async describe(serviceArn: string, domainName = this.props.string('DomainName')): Promise<DomainState> {
    const wanted = normalizeName(domainName);
    let nextToken: string | undefined;
    let dnsTarget: string | undefined;
    const client = await this.appRunner(serviceArn);
    try {
      do {
        const out = await client.send(new DescribeCustomDomainsCommand({ ServiceArn: serviceArn, NextToken: nextToken }));
        dnsTarget = out.DNSTarget ?? dnsTarget;
        const association = (out.CustomDomains ?? []).find((d) => normalizeName(d.DomainName ?? '') === wanted);
        if (association) return { dnsTarget, association };
        nextToken = out.NextToken;
      } while (nextToken);
    } catch (e) {
      if (isNotFound(e)) return { gone: true };
      throw e;
    }
    return { dnsTarget };
  }

  /** The first of these managed services that holds the domain (each is asked once). */
  private async findHolder(candidates: string[], domainName: string): Promise<string | undefined> {
    for (const arn of [...new Set(candidates)]) {
      try {
        if ((await this.describe(arn, domainName)).association) return arn;
      } catch (e) {
        if (errorName(e) !== 'AccessDeniedException') throw e;
      }
    }
    return undefined;
  }

  /** The record classes whose records already hold our values in the zone. */
  private async presentClasses(s: DomainSettings, records: readonly ClassifiedRecord[]): Promise<RecordClass[]> {
    if (!s.hostedZoneId) return [];
    const zone = await this.zone(s.hostedZoneId);
    const present = new Set<RecordClass>();
    for (const r of records) if (await zone.holds(r)) present.add(r.cls);
    return [...present];
  }

  /** Delete the records that still hold our values, except those of preexisting classes. */
  private async removeRecords(s: DomainSettings, records: readonly ClassifiedRecord[], preexisting: readonly RecordClass[]): Promise<void> {
    if (!s.hostedZoneId) return;
    await (await this.zone(s.hostedZoneId)).deleteOwn(removable(records, preexisting));
  }

  // ---- identity --------------------------------------------------------------------------

  /** This instance, from its physical id (ids of earlier versions: from the settings). */
  private currentInstance(fallback: DomainSettings): DomainInstance {
    const parsed = parseInstance(this.physicalResourceId);
    const base: DomainInstance = parsed
      ?? { serviceArn: fallback.serviceArn, domainName: normalizeName(fallback.domainName), adopted: false, preexisting: [] };
    return base.www === undefined ? { ...base, www: fallback.www } : base;
  }

  /** Of several instances declaring the domain, one on our own service first. */
  private preferredClaim(claims: DomainClaim[], me: DomainInstance): DomainClaim {
    return claims.find((c) => c.instance.serviceArn === me.serviceArn) ?? claims[0];
  }

  private flag(key: keyof CustomDomainData, on: boolean): CustomDomainData {
    return on ? { [key]: 'true' } : {};
  }
}

/** Record classes from a comma-separated list. */
function classesOf(list: string | undefined): RecordClass[] {
  return (list ?? '').split(',').filter((c): c is RecordClass => c === 'target' || c === 'www' || c === 'validation');
}
