import {
  Change, ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, ListResourceRecordSetsCommandOutput, ResourceRecordSet, Route53Client,
} from '@aws-sdk/client-route-53';

/** A record this library writes: a CNAME, or an alias A/AAAA to App Runner's zone. */
export interface DesiredRecord {
  readonly name: string;
  readonly type: 'CNAME' | 'A' | 'AAAA';
  /** The CNAME value, or the alias DNS name. */
  readonly value: string;
  /** For alias records: App Runner's hosted zone of the region. */
  readonly aliasZoneId?: string;
  /**
   * For records that may share their name with weighted sets of others (a custom domain's target
   * and www records, next to those of a traffic cutover): the set identifier they take when
   * weighted, and their weight when they are to be weighted (0-255). Without a weight the record
   * is simple, unless other weighted sets of its name and type exist (see `ZoneRecords.upsert`).
   */
  readonly routing?: { readonly setIdentifier: string; readonly weight?: number };
}

/** The weight a record that should be simple keeps while other weighted sets of its name and type exist (Route 53 mixes none). */
export const WEIGHT_WHILE_SHARED = 255;

const TTL = 300;

/** Route 53 names: lower case, no trailing dot, `\052` for `*`. */
export function normalizeName(name: string): string {
  return name.replace(/\\052/g, '*').replace(/\.$/, '').toLowerCase();
}

/** The record as written: `weight` given: weighted with the record's set identifier; undefined: simple. */
function toRecordSet(record: DesiredRecord, weight: number | undefined): ResourceRecordSet {
  const routing = weight !== undefined ? { SetIdentifier: record.routing!.setIdentifier, Weight: weight } : {};
  if (record.aliasZoneId) {
    return {
      Name: record.name,
      Type: record.type,
      ...routing,
      AliasTarget: { HostedZoneId: record.aliasZoneId, DNSName: record.value, EvaluateTargetHealth: false },
    };
  }
  return { Name: record.name, Type: record.type, ...routing, TTL, ResourceRecords: [{ Value: record.value }] };
}

/** Whether a record set holds the record's value (name, type and value or alias target; routing aside). */
function holdsValue(existing: ResourceRecordSet, record: DesiredRecord): boolean {
  if (normalizeName(existing.Name ?? '') !== normalizeName(record.name) || existing.Type !== record.type) return false;
  if (record.aliasZoneId) {
    return existing.AliasTarget?.HostedZoneId === record.aliasZoneId
      && normalizeName(existing.AliasTarget?.DNSName ?? '') === normalizeName(record.value);
  }
  const values = existing.ResourceRecords ?? [];
  return values.length === 1 && normalizeName(values[0].Value ?? '') === normalizeName(record.value) && !existing.AliasTarget;
}

/** Whether a record set is ours: the simple set, or the weighted set of our identifier. */
function isOwnSet(existing: ResourceRecordSet, record: DesiredRecord): boolean {
  return existing.SetIdentifier === undefined || existing.SetIdentifier === record.routing?.setIdentifier;
}

/** Whether a record set is the record as we wrote it: a set of ours with its value (whatever its weight). */
function isWritten(existing: ResourceRecordSet, record: DesiredRecord): boolean {
  return isOwnSet(existing, record) && holdsValue(existing, record);
}

/** Writes and removes the records of one hosted zone. */
export class ZoneRecords {
  constructor(private readonly client: Route53Client, private readonly hostedZoneId: string) {}

  /**
   * The record sets of this name and type in the zone: the simple one, or the weighted ones
   * (every page: Route 53 lists the sets of a name and type one after the other).
   */
  public async sets(name: string, type: string): Promise<ResourceRecordSet[]> {
    const found: ResourceRecordSet[] = [];
    let identifier: string | undefined;
    for (;;) {
      const out: ListResourceRecordSetsCommandOutput = await this.client.send(new ListResourceRecordSetsCommand({
        HostedZoneId: this.hostedZoneId, StartRecordName: name, StartRecordType: type as any, StartRecordIdentifier: identifier, MaxItems: 100,
      }));
      const page = out.ResourceRecordSets ?? [];
      const same = page.filter((r) => normalizeName(r.Name ?? '') === normalizeName(name) && r.Type === type);
      found.push(...same);
      const more = same.length === page.length && out.IsTruncated === true && out.NextRecordIdentifier !== undefined
        && normalizeName(out.NextRecordName ?? '') === normalizeName(name) && out.NextRecordType === type;
      if (!more) return found;
      identifier = out.NextRecordIdentifier;
    }
  }

  /** Whether the zone holds this record: a set of ours (simple, or of our identifier) with its value. */
  public async holds(record: DesiredRecord): Promise<boolean> {
    return (await this.sets(record.name, record.type)).some((r) => isWritten(r, record));
  }

  /**
   * UPSERT the records that are missing or different; returns how many were written.
   *
   * Route 53 keeps the sets of a name and type all simple (one) or all weighted, so a record
   * with `routing`:
   * - with a weight replaces a simple set of its name and type in the same batch (DELETE the
   *   simple set, UPSERT the weighted one): the name resolves throughout;
   * - without a weight, while weighted sets of others exist at its name and type (a traffic
   *   cutover being removed or rolled back, whose sets go later), stays weighted, at
   *   `WEIGHT_WHILE_SHARED`; once it is alone it becomes simple again, in one batch.
   */
  public async upsert(records: DesiredRecord[]): Promise<number> {
    const changes: Change[] = [];
    let written = 0;
    for (const record of records) {
      const sets = await this.sets(record.name, record.type);
      const others = sets.filter((r) => r.SetIdentifier !== undefined && r.SetIdentifier !== record.routing?.setIdentifier);
      const weight = record.routing?.weight ?? (record.routing && others.length > 0 ? WEIGHT_WHILE_SHARED : undefined);
      const wanted = toRecordSet(record, weight);
      const current = sets.find((r) => (r.SetIdentifier ?? '') === (wanted.SetIdentifier ?? ''));
      if (current && holdsValue(current, record) && current.Weight === wanted.Weight) continue;
      // our set of the other kind (weighted vs simple) goes in the same batch
      const otherKind = sets.filter((r) => r !== current && isOwnSet(r, record) && (weight === undefined) !== (r.SetIdentifier === undefined));
      for (const set of otherKind) changes.push({ Action: 'DELETE', ResourceRecordSet: set });
      changes.push({ Action: 'UPSERT', ResourceRecordSet: wanted });
      written++;
    }
    await this.change('cdk-apprunner-kit custom domain', changes);
    return written;
  }

  /**
   * DELETE the records that are in the zone as we wrote them: a set of ours (simple, or of our
   * identifier) with our value. A record with another value (someone else's), another set
   * identifier (the other side of a traffic cutover) or no record at all is left alone.
   * Returns how many were deleted.
   */
  public async deleteOwn(records: DesiredRecord[]): Promise<number> {
    const changes: Change[] = [];
    for (const record of records) {
      for (const set of await this.sets(record.name, record.type)) {
        if (isWritten(set, record)) changes.push({ Action: 'DELETE', ResourceRecordSet: set });
      }
    }
    await this.change('cdk-apprunner-kit custom domain removed', changes);
    return changes.length;
  }

  /** One ChangeResourceRecordSets with these changes (none: no call). */
  private async change(comment: string, changes: Change[]): Promise<void> {
    if (changes.length === 0) return;
    await this.client.send(new ChangeResourceRecordSetsCommand({
      HostedZoneId: this.hostedZoneId,
      ChangeBatch: { Comment: comment, Changes: changes },
    }));
  }
}
