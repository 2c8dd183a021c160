/**
 * A loopback Route 53 for the two record operations the custom-domain handler uses, over Route 53's
 * REST-XML protocol: ChangeResourceRecordSets (POST /2013-04-01/hostedzone/ID/rrset/) and
 * ListResourceRecordSets (GET …/rrset?name=&type=&identifier=&maxitems=). It holds simple record
 * sets (values, or an alias target) and weighted ones (SetIdentifier + Weight, values or an alias
 * target); other routing policies and health checks are refused (InvalidInput), not modelled.
 *
 * Rules modelled, and where they come from:
 * - Identity: a record set is (Name, Type, SetIdentifier?); weighted sets of one name and type
 *   coexist with distinct SetIdentifiers ("Record ID: a value that uniquely identifies this record
 *   in the group of weighted records"); Weight is an integer 0-255 and every weighted set has one.
 *   https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-weighted.html
 *   https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html
 * - No mixing: "You can't create non-weighted records that have the same values for Name and Type
 *   as weighted records" (same page). The InvalidChangeBatch messages, as Route 53 gives them:
 *   weighted over simple "RRSet with DNS name x., type CNAME, SetIdentifier s cannot be created as a
 *   non-weighted set exists with the same name and type."
 *   (https://github.com/kubernetes-sigs/external-dns/issues/3141); simple over weighted "RRSet with
 *   DNS name x., type CNAME cannot be created as other RRSets exist with the same name and type."
 *   (https://github.com/chef-boneyard/route53/issues/100, https://github.com/kubernetes-sigs/external-dns/issues/4058).
 * - A batch is transactional: validated change by change in order against the zone as the earlier
 *   changes of the batch leave it (so [DELETE simple, CREATE weighted] passes), and applied only
 *   when every change passes; DELETE must give all the values the set has now; UPSERT creates or
 *   replaces the set of that name, type and SetIdentifier.
 *   https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html
 *   The errors of one batch come as one InvalidChangeBatch whose message lists them all in
 *   brackets, ", "-separated (https://github.com/kubernetes-sigs/external-dns/issues/5939), in an
 *   ErrorResponse body (https://github.com/boto/boto/issues/2887, which also gives "Tried to delete
 *   resource record set [name='x.', type='A'] but it was not found"); a weighted set is labelled
 *   [name='x.', type='CNAME', set-identifier='s'] (as in public Route 53 client test fixtures).
 * - Weighted sets of one name and type must share their TTL (alias ones have none): "RRSet with DNS
 *   name x. and type CNAME, SetIdentifier s cannot be created as weighted sets must contain the same
 *   TTL." (https://github.com/hashicorp/terraform/issues/16389, https://github.com/aws/aws-sdk-go-v2/issues/518).
 *   NOT CONFIRMED: the developer guide says instead that Route 53 changes every TTL of the group to
 *   the last one given, and when Route 53 checks is unknown; the fake checks the zone as the whole
 *   batch leaves it (a batch that changes the TTL of every set of the group passes).
 * - CNAME: no other record set at a CNAME's name, weighted CNAMEs of distinct SetIdentifiers
 *   excepted, and no CNAME at the zone apex.
 *   https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/ResourceRecordTypes.html#CNAMEFormat
 *   Messages: "RRSet of type A with DNS name x. is not permitted because a conflicting RRSet of
 *   type CNAME with the same DNS name already exists in zone z."
 *   (https://github.com/RJPearson94/terraform-aws-open-next/issues/24), "RRSet of type CNAME with
 *   DNS name x. is not permitted as it conflicts with other records with the same DNS name in zone
 *   z." (https://github.com/aws/aws-sdk-java/issues/1996); the apex one ("… is not permitted at
 *   apex in zone z.") is NOT CONFIRMED. For a zone not made with createHostedZone the fake does not
 *   know its name: it takes the record name's last two labels.
 * - InvalidInput (the first one found, before any InvalidChangeBatch check): "Invalid request:
 *   Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or
 *   TrafficPolicyInstanceId], but found none|more than one in Change with [Action=…, Name=…,
 *   Type=…, SetIdentifier=…|null]" (https://github.com/ministryofjustice/modernisation-platform/pull/10072);
 *   a Weight without a SetIdentifier: "Invalid request: Missing field 'SetIdentifier' in Change with
 *   […]" (https://github.com/ansible-collections/community.aws/issues/615). NOT CONFIRMED (close
 *   messages): a SetIdentifier without a Weight ("Expected exactly one of [Weight, Region, …], but
 *   found none …") and a Weight outside 0-255 (the AWS validation-error form).
 * - ListResourceRecordSets: sorted by name with its labels reversed (com.example.www.), in ASCII
 *   order, then by type; starting at the first set >= name (and type, if given; type without name
 *   is InvalidInput, with an empty message: https://github.com/boto/boto3/issues/941); up to
 *   maxitems (at most 300) a page, IsTruncated with NextRecordName / NextRecordType, and
 *   NextRecordIdentifier when the next set is weighted, taken back as `identifier`.
 *   https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListResourceRecordSets.html
 *   NOT CONFIRMED: the order of the weighted sets of one name and type (the documentation does not
 *   say); the fake sorts them by SetIdentifier (ASCII).
 * Not modelled: the limit of 100 weighted sets of one name and type, names outside the zone, value
 * syntax (a CNAME's single value included), SetIdentifier length, empty batches.
 */
export interface FakeRecord {
  Name: string;
  Type: string;
  /** Weighted record sets: the record ID, unique among the sets of this name and type. */
  SetIdentifier?: string;
  /** Weighted record sets: 0-255. */
  Weight?: number;
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

/** The TTL ListResourceRecordSets shows for a non-alias set pushed into a zone without one. */
const DEFAULT_TTL = 300;
/** ListResourceRecordSets' largest page. */
const MAX_PAGE = 300;
/** Elements of a ResourceRecordSet the fake does not model (other routing policies, health checks). */
const UNMODELLED = ['Region', 'GeoLocation', 'GeoProximityLocation', 'Failover', 'MultiValueAnswer', 'CidrRoutingConfig', 'HealthCheckId', 'TrafficPolicyInstanceId'];

/** A record set's identity: name, type, SetIdentifier. */
const identity = (r: FakeRecord) => `${r.Name}|${r.Type}|${r.SetIdentifier ?? ''}`;
const sameGroup = (a: FakeRecord, b: FakeRecord) => a.Name === b.Name && a.Type === b.Type;
/** Route 53's label in InvalidChangeBatch messages: [name='x.', type='A'] or [name='x.', type='A', set-identifier='s']. */
const label = (r: FakeRecord) => `[name='${r.Name}', type='${r.Type}'${r.SetIdentifier === undefined ? '' : `, set-identifier='${r.SetIdentifier}'`}]`;
/** A name as ListResourceRecordSets sorts it: labels reversed, trailing dot (www.example.com. → com.example.www.). */
const sortName = (name: string) => `${name.replace(/\.$/, '').split('.').reverse().join('.')}.`;
const sortKey = (r: FakeRecord): [string, string, string] => [sortName(r.Name), r.Type, r.SetIdentifier ?? ''];
/** ASCII order of [name, type, set identifier] (not localeCompare: Route 53 sorts by code point). */
function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

/** Whether a DELETE's record set is exactly the set in the zone (values in any order). */
function sameRecordSet(current: FakeRecord, given: FakeRecord): boolean {
  if (identity(current) !== identity(given) || current.Weight !== given.Weight) return false;
  if (current.Alias || given.Alias) {
    return current.Alias !== undefined && given.Alias !== undefined && given.TTL === undefined
      && current.Alias.HostedZoneId === given.Alias.HostedZoneId && current.Alias.DNSName === given.Alias.DNSName
      && current.Alias.EvaluateTargetHealth === given.Alias.EvaluateTargetHealth;
  }
  const values = (r: FakeRecord) => JSON.stringify([...(r.Values ?? [])].sort());
  return (current.TTL ?? DEFAULT_TTL) === given.TTL && values(current) === values(given);
}

interface ParsedChange {
  readonly action: string;
  readonly record: FakeRecord;
  /** How the change names itself in InvalidInput messages: [Action=…, Name=… (as sent), Type=…, SetIdentifier=…]. */
  readonly described: string;
}

export class Route53Fake {
  /** Records by zone id. */
  public readonly zones = new Map<string, FakeRecord[]>();
  /** Names of the zones made with createHostedZone, by zone id. */
  public readonly zoneNames = new Map<string, string>();
  public readonly calls: string[] = [];
  private changeId = 1;
  private zoneCount = 0;
  private readonly deletedZones = new Set<string>();

  /**
   * A zone's records, the live array the fake changes in place (a zone nobody created springs
   * into existence; a deleted one is NoSuchHostedZone). Weighted sets carry SetIdentifier and Weight.
   */
  public zone(id: string): FakeRecord[] {
    if (this.deletedZones.has(id)) throw new Route53Error('NoSuchHostedZone', `No hosted zone found with ID: ${id}`);
    if (!this.zones.has(id)) this.zones.set(id, []);
    return this.zones.get(id)!;
  }

  /**
   * The record sets of this name and type in a zone: the weighted sets of the group, sorted by
   * SetIdentifier as ListResourceRecordSets lists them, or the one simple set (or none).
   */
  public recordSets(id: string, name: string, type: string): FakeRecord[] {
    return this.zone(id).filter((r) => r.Name === fqdn(name) && r.Type === type)
      .sort((a, b) => compareKeys(sortKey(a), sortKey(b)));
  }

  /** The weights of the weighted sets of this name and type: SetIdentifier → Weight ({} when none). */
  public weights(id: string, name: string, type: string): Record<string, number> {
    return Object.fromEntries(this.recordSets(id, name, type).filter((r) => r.SetIdentifier !== undefined).map((r) => [r.SetIdentifier!, r.Weight!]));
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

  /** Whether any zone holds a CNAME (simple or weighted, any weight) of this name with this value. */
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
        this.change(match[1], records, body);
        return [200, `<?xml version="1.0" encoding="UTF-8"?><ChangeResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeInfo><Id>/change/C${this.changeId++}</Id><Status>PENDING</Status><SubmittedAt>2026-11-24T00:00:00Z</SubmittedAt></ChangeInfo></ChangeResourceRecordSetsResponse>`];
      }
      this.calls.push('ListResourceRecordSets');
      return [200, this.list(records, url)];
    } catch (e) {
      const err = e as Route53Error;
      return [400, errorXml(err.code ?? 'InternalError', err.message)];
    }
  }

  /** The zone's name, for messages (a zone not made with createHostedZone: the name's last two labels). */
  private zoneName(id: string, name: string): string {
    return this.zoneNames.get(id) ?? `${name.split('.').filter((l) => l !== '').slice(-2).join('.')}.`;
  }

  /** Parse a batch and check each change's shape (InvalidInput, the first one found). */
  private parse(body: string): ParsedChange[] {
    return tags(body, 'Change').map((c) => {
      const action = tag(c, 'Action') ?? '';
      const set = tag(c, 'ResourceRecordSet') ?? '';
      const sentName = unescape(tag(set, 'Name') ?? '');
      const type = tag(set, 'Type') ?? '';
      const setIdentifier = tag(set, 'SetIdentifier') === undefined ? undefined : unescape(tag(set, 'SetIdentifier')!);
      const weight = tag(set, 'Weight');
      const ttl = tag(set, 'TTL');
      const values = tags(set, 'Value').map(unescape);
      const alias = tag(set, 'AliasTarget');
      const described = `[Action=${action}, Name=${sentName}, Type=${type}, SetIdentifier=${setIdentifier ?? 'null'}]`;
      if (!['CREATE', 'DELETE', 'UPSERT'].includes(action)) {
        throw new Route53Error('InvalidInput', `Invalid request: Action must be one of [CREATE, DELETE, UPSERT] in Change with ${described}`);
      }
      const unmodelled = UNMODELLED.find((element) => tag(set, element) !== undefined || new RegExp(`<${element}/>`).test(set));
      if (unmodelled) throw new Route53Error('InvalidInput', `The Route 53 fake does not model ${unmodelled} (only simple and weighted record sets) in Change with ${described}`);
      const plain = ttl !== undefined && values.length > 0;
      const given = (alias !== undefined ? 1 : 0) + (plain ? 1 : 0);
      if (given !== 1 || (alias !== undefined && (ttl !== undefined || values.length > 0))) {
        throw new Route53Error('InvalidInput', `Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found ${given === 0 ? 'none' : 'more than one'} in Change with ${described}`);
      }
      if (weight !== undefined && setIdentifier === undefined) {
        throw new Route53Error('InvalidInput', `Invalid request: Missing field 'SetIdentifier' in Change with ${described}`);
      }
      if (setIdentifier !== undefined && weight === undefined) {
        throw new Route53Error('InvalidInput', `Invalid request: Expected exactly one of [Weight, Region, Failover, GeoLocation, MultiValueAnswer, GeoProximityLocation, or CidrRoutingConfig], but found none in Change with ${described}`);
      }
      if (weight !== undefined && !(/^\d+$/.test(weight.trim()) && Number(weight) <= 255)) {
        throw new Route53Error('InvalidInput', `1 validation error detected: Value '${weight}' at 'changeBatch.changes.member.resourceRecordSet.weight' failed to satisfy constraint: Member must have value between 0 and 255`);
      }
      // keys only when present, in this order (records compared as JSON by some tests stay as before)
      const record: FakeRecord = { Name: fqdn(sentName), Type: type };
      if (setIdentifier !== undefined) record.SetIdentifier = setIdentifier;
      if (weight !== undefined) record.Weight = Number(weight);
      if (alias !== undefined) {
        record.Alias = { HostedZoneId: tag(alias, 'HostedZoneId') ?? '', DNSName: unescape(tag(alias, 'DNSName') ?? ''), EvaluateTargetHealth: tag(alias, 'EvaluateTargetHealth') === 'true' };
      } else {
        record.TTL = Number(ttl);
        record.Values = values;
      }
      return { action, record, described };
    });
  }

  /**
   * ChangeResourceRecordSets: every change checked in order against the zone as the batch's
   * earlier changes leave it; all applied (the live array changed in place), or none.
   */
  private change(zoneId: string, records: FakeRecord[], body: string): void {
    const changes = this.parse(body);
    const working = [...records];
    const errors: string[] = [];
    const written: FakeRecord[] = []; // the sets the batch created or upserted, in order
    for (const { action, record } of changes) {
      const index = working.findIndex((r) => identity(r) === identity(record));
      if (action === 'DELETE') {
        if (index < 0) errors.push(`Tried to delete resource record set ${label(record)} but it was not found`);
        else if (!sameRecordSet(working[index], record)) errors.push(`Tried to delete resource record set ${label(record)} but the values provided do not match the current values`);
        else working.splice(index, 1);
        continue;
      }
      if (action === 'CREATE' && index >= 0) {
        errors.push(`Tried to create resource record set ${label(record)} but it already exists`);
        continue;
      }
      const error = this.conflict(zoneId, working, record);
      if (error) {
        errors.push(error);
        continue;
      }
      if (index >= 0) working.splice(index, 1);
      working.push(record);
      written.push(record);
    }
    // weighted sets of one name and type share their TTL (checked on the zone as the batch leaves it)
    const reported = new Set<string>();
    for (const record of written) {
      const group = `${record.Name}|${record.Type}`;
      if (record.SetIdentifier === undefined || record.Alias || !working.includes(record) || reported.has(group)) continue;
      const peers = working.filter((r) => r !== record && sameGroup(r, record) && r.SetIdentifier !== undefined && !r.Alias);
      if (peers.some((r) => (r.TTL ?? DEFAULT_TTL) !== record.TTL)) {
        reported.add(group);
        errors.push(`RRSet with DNS name ${record.Name} and type ${record.Type}, SetIdentifier ${record.SetIdentifier} cannot be created as weighted sets must contain the same TTL.`);
      }
    }
    if (errors.length > 0) throw new Route53Error('InvalidChangeBatch', `[${errors.join(', ')}]`);
    records.splice(0, records.length, ...working);
  }

  /** Why this set cannot be written into the zone (CREATE or UPSERT), if it cannot. */
  private conflict(zoneId: string, working: FakeRecord[], record: FakeRecord): string | undefined {
    const others = working.filter((r) => r.Name === record.Name && identity(r) !== identity(record));
    const group = others.filter((r) => r.Type === record.Type);
    const zone = this.zoneName(zoneId, record.Name);
    if (record.SetIdentifier === undefined && group.some((r) => r.SetIdentifier !== undefined)) {
      return `RRSet with DNS name ${record.Name}, type ${record.Type} cannot be created as other RRSets exist with the same name and type.`;
    }
    if (record.SetIdentifier !== undefined && group.some((r) => r.SetIdentifier === undefined)) {
      return `RRSet with DNS name ${record.Name}, type ${record.Type}, SetIdentifier ${record.SetIdentifier} cannot be created as a non-weighted set exists with the same name and type.`;
    }
    if (record.Type === 'CNAME' && this.zoneNames.get(zoneId) === record.Name) {
      return `RRSet of type CNAME with DNS name ${record.Name} is not permitted at apex in zone ${zone}`;
    }
    if (record.Type === 'CNAME' && others.some((r) => r.Type !== 'CNAME')) {
      return `RRSet of type CNAME with DNS name ${record.Name} is not permitted as it conflicts with other records with the same DNS name in zone ${zone}`;
    }
    if (record.Type !== 'CNAME' && others.some((r) => r.Type === 'CNAME')) {
      return `RRSet of type ${record.Type} with DNS name ${record.Name} is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone ${zone}`;
    }
    return undefined;
  }

  /** ListResourceRecordSets: a page of the zone in Route 53's order, from name / type / identifier. */
  private list(records: FakeRecord[], url: URL): string {
    const name = url.searchParams.get('name');
    const type = url.searchParams.get('type');
    const identifier = url.searchParams.get('identifier');
    if (type !== null && name === null) throw new Route53Error('InvalidInput', '');
    const asked = Number(url.searchParams.get('maxitems') ?? MAX_PAGE);
    const max = Number.isInteger(asked) && asked > 0 ? Math.min(asked, MAX_PAGE) : MAX_PAGE;
    const sorted = [...records].sort((a, b) => compareKeys(sortKey(a), sortKey(b)));
    const from = name === null ? undefined : [sortName(fqdn(name)), type ?? '', identifier ?? ''];
    const found = from === undefined ? 0 : sorted.findIndex((r) => compareKeys(sortKey(r), from) >= 0);
    const start = found < 0 ? sorted.length : found;
    const page = sorted.slice(start, start + max);
    const next = sorted[start + max];
    const xml = page.map((r) => `<ResourceRecordSet><Name>${escape(r.Name)}</Name><Type>${r.Type}</Type>`
      + (r.SetIdentifier === undefined ? '' : `<SetIdentifier>${escape(r.SetIdentifier)}</SetIdentifier>`)
      + (r.Weight === undefined ? '' : `<Weight>${r.Weight}</Weight>`)
      + (r.Alias
        ? `<AliasTarget><HostedZoneId>${r.Alias.HostedZoneId}</HostedZoneId><DNSName>${escape(r.Alias.DNSName)}</DNSName><EvaluateTargetHealth>${r.Alias.EvaluateTargetHealth}</EvaluateTargetHealth></AliasTarget>`
        : `<TTL>${r.TTL ?? DEFAULT_TTL}</TTL><ResourceRecords>${(r.Values ?? []).map((v) => `<ResourceRecord><Value>${escape(v)}</Value></ResourceRecord>`).join('')}</ResourceRecords>`)
      + '</ResourceRecordSet>').join('');
    const nextXml = next === undefined ? '' : `<NextRecordName>${escape(next.Name)}</NextRecordName><NextRecordType>${next.Type}</NextRecordType>`
      + (next.SetIdentifier === undefined ? '' : `<NextRecordIdentifier>${escape(next.SetIdentifier)}</NextRecordIdentifier>`);
    return `<?xml version="1.0" encoding="UTF-8"?><ListResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ResourceRecordSets>${xml}</ResourceRecordSets><IsTruncated>${next !== undefined}</IsTruncated>${nextXml}<MaxItems>${max}</MaxItems></ListResourceRecordSetsResponse>`;
  }
}

/** A Route 53 REST-XML error body. */
export function errorXml(code: string, message: string): string {
  return `<?xml version="1.0"?><ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escape(message)}</Message></Error><RequestId>r</RequestId></ErrorResponse>`;
}
