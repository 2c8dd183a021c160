/**
 * A loopback Route 53 for the two operations the custom-domain handler uses, over Route 53's
 * REST-XML protocol: ChangeResourceRecordSets (POST /2013-04-01/hostedzone/ID/rrset/) and
 * ListResourceRecordSets (GET …/rrset?name=&type=&maxitems=). DELETE must match the record
 * exactly (as Route 53 requires), CREATE must not exist.
 */
export interface FakeRecord {
  Name: string;
  Type: string;
  TTL?: number;
  Values?: string[];
  Alias?: { HostedZoneId: string; DNSName: string; EvaluateTargetHealth: boolean };
}

export class Route53Error extends Error {
  constructor(public readonly code: string, message: string) {
    super(message);
  }
}

const fqdn = (name: string) => (name.endsWith('.') ? name : `${name}.`).toLowerCase().replace(/^\*/, '\\052');
const tag = (xml: string, name: string) => xml.match(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`))?.[1];
const tags = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => m[1]);
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export class Route53Fake {
  /** Records by zone id. */
  public readonly zones = new Map<string, FakeRecord[]>();
  /** Names of the zones made with createHostedZone, by zone id. */
  public readonly zoneNames = new Map<string, string>();
  public readonly calls: string[] = [];
  private changeId = 1;
  private zoneCount = 0;
  private readonly deletedZones = new Set<string>();

  /** A zone's records (a zone nobody created springs into existence; a deleted one is NoSuchHostedZone). */
  public zone(id: string): FakeRecord[] {
    if (this.deletedZones.has(id)) throw new Route53Error('NoSuchHostedZone', `No hosted zone found with ID: ${id}`);
    if (!this.zones.has(id)) this.zones.set(id, []);
    return this.zones.get(id)!;
  }

  /** Create a public hosted zone with its own NS and SOA records (as CreateHostedZone does). */
  public createHostedZone(name: string): { id: string; nameServers: string[] } {
    const id = `Z${String(++this.zoneCount).padStart(4, '0')}LOOPBACK${name.replace(/[^a-z0-9]/gi, '').toUpperCase().slice(0, 8)}`;
    const apex = fqdn(name);
    const nameServers = [1, 2, 3, 4].map((n) => `ns-${n}${this.zoneCount}.awsdns-loopback.org`);
    this.zones.set(id, [
      { Name: apex, Type: 'NS', TTL: 172800, Values: nameServers.map((ns) => `${ns}.`) },
      { Name: apex, Type: 'SOA', TTL: 900, Values: [`${nameServers[0]}. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400`] },
    ]);
    this.zoneNames.set(id, apex);
    return { id, nameServers };
  }

  /** Delete a zone; fails like Route 53 (HostedZoneNotEmpty) while records other than its own NS/SOA remain. */
  public deleteHostedZone(id: string): void {
    const records = this.zone(id);
    const apex = this.zoneNames.get(id);
    const foreign = records.filter((r) => !(r.Name === apex && (r.Type === 'NS' || r.Type === 'SOA')));
    if (foreign.length > 0) {
      throw new Route53Error('HostedZoneNotEmpty', 'The specified hosted zone contains non-required resource record sets and so cannot be deleted.');
    }
    this.zones.delete(id);
    this.zoneNames.delete(id);
    this.deletedZones.add(id);
  }

  /** Whether any zone holds a CNAME of this name with this value. */
  public hasCname(name: string, value: string): boolean {
    return [...this.zones.values()].some((records) => records.some((r) =>
      r.Type === 'CNAME' && r.Name === fqdn(name) && (r.Values ?? []).some((v) => v.toLowerCase() === value.toLowerCase())));
  }

  /** Handle one HTTP request; returns [status, xml]. */
  public handle(method: string, url: URL, body: string): [number, string] {
    const match = url.pathname.match(/^\/2013-04-01\/hostedzone\/([^/]+)\/rrset\/?$/);
    try {
      if (!match) throw new Route53Error('InvalidInput', `The Route 53 fake does not implement ${method} ${url.pathname}`);
      if (this.deletedZones.has(match[1])) return [404, errorXml('NoSuchHostedZone', `No hosted zone found with ID: ${match[1]}`)];
      const records = this.zone(match[1]);
      if (method === 'POST') {
        this.calls.push('ChangeResourceRecordSets');
        this.change(records, body);
        return [200, `<?xml version="1.0" encoding="UTF-8"?><ChangeResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeInfo><Id>/change/C${this.changeId++}</Id><Status>PENDING</Status><SubmittedAt>2026-11-24T00:00:00Z</SubmittedAt></ChangeInfo></ChangeResourceRecordSetsResponse>`];
      }
      this.calls.push('ListResourceRecordSets');
      return [200, this.list(records, url)];
    } catch (e) {
      const err = e as Route53Error;
      return [400, errorXml(err.code ?? 'InternalError', err.message)];
    }
  }

  private change(records: FakeRecord[], body: string): void {
    const changes = tags(body, 'Change').map((c) => {
      const set = tag(c, 'ResourceRecordSet') ?? '';
      const alias = tag(set, 'AliasTarget');
      const record: FakeRecord = {
        Name: fqdn(unescape(tag(set, 'Name') ?? '')),
        Type: tag(set, 'Type') ?? '',
        TTL: tag(set, 'TTL') ? Number(tag(set, 'TTL')) : undefined,
        Values: alias ? undefined : tags(set, 'Value').map(unescape),
        Alias: alias ? { HostedZoneId: tag(alias, 'HostedZoneId') ?? '', DNSName: unescape(tag(alias, 'DNSName') ?? ''), EvaluateTargetHealth: tag(alias, 'EvaluateTargetHealth') === 'true' } : undefined,
      };
      return { action: tag(c, 'Action') ?? '', record };
    });
    // validate the whole batch first: Route 53 applies all or nothing
    const same = (a: FakeRecord, b: FakeRecord) => a.Name === b.Name && a.Type === b.Type;
    for (const { action, record } of changes) {
      const existing = records.find((r) => same(r, record));
      if (action === 'DELETE' && (!existing || JSON.stringify(existing) !== JSON.stringify(record))) {
        throw new Route53Error('InvalidChangeBatch', `Tried to delete resource record set [name='${record.Name}', type='${record.Type}'] but the values provided do not match the current values`);
      }
      if (action === 'CREATE' && existing) {
        throw new Route53Error('InvalidChangeBatch', `Tried to create resource record set [name='${record.Name}', type='${record.Type}'] but it already exists`);
      }
    }
    for (const { action, record } of changes) {
      const index = records.findIndex((r) => same(r, record));
      if (index >= 0) records.splice(index, 1);
      if (action !== 'DELETE') records.push(record);
    }
  }

  private list(records: FakeRecord[], url: URL): string {
    const name = url.searchParams.get('name');
    const type = url.searchParams.get('type');
    const max = Number(url.searchParams.get('maxitems') ?? 100);
    const sorted = [...records].sort((a, b) => (a.Name + a.Type).localeCompare(b.Name + b.Type));
    const start = name ? sorted.findIndex((r) => (r.Name + (r.Type ?? '')).localeCompare(fqdn(name) + (type ?? '')) >= 0) : 0;
    const page = start < 0 ? [] : sorted.slice(start, start + max);
    const xml = page.map((r) => `<ResourceRecordSet><Name>${escape(r.Name)}</Name><Type>${r.Type}</Type>${r.Alias
      ? `<AliasTarget><HostedZoneId>${r.Alias.HostedZoneId}</HostedZoneId><DNSName>${escape(r.Alias.DNSName)}</DNSName><EvaluateTargetHealth>${r.Alias.EvaluateTargetHealth}</EvaluateTargetHealth></AliasTarget>`
      : `<TTL>${r.TTL ?? 300}</TTL><ResourceRecords>${(r.Values ?? []).map((v) => `<ResourceRecord><Value>${escape(v)}</Value></ResourceRecord>`).join('')}</ResourceRecords>`}</ResourceRecordSet>`).join('');
    const truncated = start >= 0 && start + max < sorted.length;
    return `<?xml version="1.0" encoding="UTF-8"?><ListResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ResourceRecordSets>${xml}</ResourceRecordSets><IsTruncated>${truncated}</IsTruncated><MaxItems>${max}</MaxItems></ListResourceRecordSetsResponse>`;
  }
}

/** A Route 53 REST-XML error body. */
export function errorXml(code: string, message: string): string {
  return `<?xml version="1.0"?><ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escape(message)}</Message></Error><RequestId>r</RequestId></ErrorResponse>`;
}
