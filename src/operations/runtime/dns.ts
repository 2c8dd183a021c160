import {
  ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, ResourceRecordSet, Route53Client,
} from '@aws-sdk/client-route-53';

/** A record this library writes: a CNAME, or an alias A/AAAA to App Runner's zone. */
export interface DesiredRecord {
  readonly name: string;
  readonly type: 'CNAME' | 'A' | 'AAAA';
  /** The CNAME value, or the alias DNS name. */
  readonly value: string;
  /** For alias records: App Runner's hosted zone of the region. */
  readonly aliasZoneId?: string;
}

const TTL = 300;

/** Route 53 names: lower case, no trailing dot, `\052` for `*`. */
export function normalizeName(name: string): string {
  return name.replace(/\\052/g, '*').replace(/\.$/, '').toLowerCase();
}

function toRecordSet(record: DesiredRecord): ResourceRecordSet {
  if (record.aliasZoneId) {
    return {
      Name: record.name,
      Type: record.type,
      AliasTarget: { HostedZoneId: record.aliasZoneId, DNSName: record.value, EvaluateTargetHealth: false },
    };
  }
  return { Name: record.name, Type: record.type, TTL, ResourceRecords: [{ Value: record.value }] };
}

/** Whether a record set in the zone is exactly the record we write. */
function matches(existing: ResourceRecordSet, record: DesiredRecord): boolean {
  if (normalizeName(existing.Name ?? '') !== normalizeName(record.name) || existing.Type !== record.type) return false;
  if (record.aliasZoneId) {
    return existing.AliasTarget?.HostedZoneId === record.aliasZoneId
      && normalizeName(existing.AliasTarget?.DNSName ?? '') === normalizeName(record.value);
  }
  const values = existing.ResourceRecords ?? [];
  return values.length === 1 && normalizeName(values[0].Value ?? '') === normalizeName(record.value) && !existing.AliasTarget;
}

/** Writes and removes the records of one hosted zone. */
export class ZoneRecords {
  constructor(private readonly client: Route53Client, private readonly hostedZoneId: string) {}

  /** The record set of this name and type in the zone, if any. */
  public async find(name: string, type: string): Promise<ResourceRecordSet | undefined> {
    const out = await this.client.send(new ListResourceRecordSetsCommand({
      HostedZoneId: this.hostedZoneId, StartRecordName: name, StartRecordType: type as any, MaxItems: 1,
    }));
    const first = out.ResourceRecordSets?.[0];
    return first && normalizeName(first.Name ?? '') === normalizeName(name) && first.Type === type ? first : undefined;
  }

  /** Whether the zone holds exactly this record (same name, type and value). */
  public async holds(record: DesiredRecord): Promise<boolean> {
    const existing = await this.find(record.name, record.type);
    return existing !== undefined && matches(existing, record);
  }

  /** UPSERT the records that are missing or different; returns how many were written. */
  public async upsert(records: DesiredRecord[]): Promise<number> {
    const changes = [];
    for (const record of records) {
      const existing = await this.find(record.name, record.type);
      if (!existing || !matches(existing, record)) {
        changes.push({ Action: 'UPSERT' as const, ResourceRecordSet: toRecordSet(record) });
      }
    }
    if (changes.length > 0) {
      await this.client.send(new ChangeResourceRecordSetsCommand({
        HostedZoneId: this.hostedZoneId,
        ChangeBatch: { Comment: 'cdk-apprunner-kit custom domain', Changes: changes },
      }));
    }
    return changes.length;
  }

  /**
   * DELETE the records that are in the zone exactly as we wrote them; a record with another
   * value (someone else's) or no record at all is left alone. Returns how many were deleted.
   */
  public async deleteOwn(records: DesiredRecord[]): Promise<number> {
    const changes = [];
    for (const record of records) {
      const existing = await this.find(record.name, record.type);
      if (existing && matches(existing, record)) {
        changes.push({ Action: 'DELETE' as const, ResourceRecordSet: existing });
      }
    }
    if (changes.length > 0) {
      await this.client.send(new ChangeResourceRecordSetsCommand({
        HostedZoneId: this.hostedZoneId,
        ChangeBatch: { Comment: 'cdk-apprunner-kit custom domain removed', Changes: changes },
      }));
    }
    return changes.length;
  }
}
