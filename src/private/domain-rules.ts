import { Aws, CfnMapping, Stack, Token } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { IConstruct } from 'constructs';
import { fail } from './validation';

/** App Runner's hosted zone IDs for apex-domain alias records, by region. */
export const APPRUNNER_HOSTED_ZONES: { readonly [region: string]: string } = {
  'us-east-1': 'Z01915732ZBZKC8D32TPT',
  'us-east-2': 'Z0224347AD7KVHMLOX31',
  'us-west-2': 'Z02243383FTQ64HJ5772Q',
  'ap-south-1': 'Z00855883LBHKTIC4ODF2',
  'ap-southeast-1': 'Z09819469CZ3KQ8PWMCL',
  'ap-southeast-2': 'Z03657752RA8799S0TI5I',
  'ap-northeast-1': 'Z08491812XW6IPYLR6CCA',
  'eu-central-1': 'Z0334911C2FDI2Q9M4FZ',
  'eu-west-1': 'Z087551914Z2PCAU0QHMW',
  'eu-west-2': 'Z098228427VC6B3IX76ON',
  'eu-west-3': 'Z087117439MBKHYM69QS6',
};

/** A domain or zone name without its trailing dot (a token as it is). */
export function stripDot(name: string): string {
  return !Token.isUnresolved(name) && name.endsWith('.') ? name.slice(0, -1) : name;
}

/** The zone's name, without its trailing dot: needed to tell an apex domain (alias records) from a subdomain (CNAME). */
export function zoneNameOf(zone: route53.IHostedZone, scope: IConstruct): string {
  try {
    return stripDot(zone.zoneName);
  } catch {
    return fail('HostedZoneWithoutName',
      `hostedZone ${zone.node.path} does not know its zone name (HostedZone.fromHostedZoneId): import it with HostedZone.fromHostedZoneAttributes({ hostedZoneId, zoneName }) `
      + 'so that an apex domain (alias records) can be told from a subdomain (CNAME)', scope);
  }
}

/**
 * Whether `domainName` (without trailing dot) is the zone's apex (alias records) rather than a
 * subdomain (CNAME); a domain outside the zone fails. False when either name is a token.
 */
export function isZoneApex(domainName: string, zone: route53.IHostedZone, scope: IConstruct): boolean {
  const zoneName = zoneNameOf(zone, scope);
  if (Token.isUnresolved(zoneName) || Token.isUnresolved(domainName)) return false;
  const isApex = zoneName.toLowerCase() === domainName.toLowerCase();
  if (!isApex && !domainName.toLowerCase().endsWith(`.${zoneName.toLowerCase()}`)) {
    fail('DomainOutsideZone', `domainName ${domainName} is not in the hosted zone ${zoneName}`, scope);
  }
  return isApex;
}

/** The most custom domains App Runner associates with one service. */
export const MAX_DOMAINS_PER_SERVICE = 5;

const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * A custom domain name: 1–255 characters of `[A-Za-z0-9*.-]`, at least two labels of at
 * most 63 characters, a wildcard only as the whole first label (`*.example.com`), and no
 * www subdomain together with a wildcard.
 */
export function checkDomainName(domainName: string, enableWwwSubdomain: boolean, scope: IConstruct): void {
  if (Token.isUnresolved(domainName)) return;
  const name = domainName.endsWith('.') ? domainName.slice(0, -1) : domainName;
  if (name.length < 1 || name.length > 255) {
    fail('InvalidDomainName', `domainName must be between 1 and 255 characters, got ${name.length} characters: ${JSON.stringify(domainName)}`, scope);
  }
  if (!/^[A-Za-z0-9*.-]+$/.test(name)) {
    fail('InvalidDomainName', `domainName may contain only letters, digits, hyphens, dots and a leading "*.", got ${JSON.stringify(domainName)}`, scope);
  }
  const labels = name.split('.');
  const wildcard = labels[0] === '*';
  if (name.includes('*') && (!wildcard || labels.slice(1).some((l) => l.includes('*')))) {
    fail('InvalidDomainName', `domainName may use a wildcard only as its first label ("*.example.com"), got ${JSON.stringify(domainName)}`, scope);
  }
  const rest = wildcard ? labels.slice(1) : labels;
  if (rest.length < 2 || rest.some((l) => !LABEL.test(l))) {
    fail('InvalidDomainName',
      `domainName must be a fully qualified name of at least two labels, each 1–63 letters, digits or inner hyphens, got ${JSON.stringify(domainName)}`, scope);
  }
  if (wildcard && enableWwwSubdomain) {
    fail('WwwWithWildcard',
      `enableWwwSubdomain cannot be used with the wildcard domain ${JSON.stringify(domainName)} (App Runner refuses it); set enableWwwSubdomain: false`, scope);
  }
}

/**
 * The App Runner hosted zone of the stack's region, for an apex alias; a clear error for
 * other regions. In an environment-agnostic stack, a mapping looked up at deploy time.
 */
export function appRunnerHostedZone(stack: Stack, domainName: string, scope: IConstruct): string {
  const region = stack.region;
  if (Token.isUnresolved(region)) {
    const id = 'AppRunnerHostedZones';
    const mapping = (stack.node.tryFindChild(id) as CfnMapping | undefined) ?? new CfnMapping(stack, id, {
      mapping: Object.fromEntries(Object.entries(APPRUNNER_HOSTED_ZONES).map(([r, z]) => [r, { zoneId: z }])),
    });
    return mapping.findInMap(Aws.REGION, 'zoneId');
  }
  const zone = APPRUNNER_HOSTED_ZONES[region];
  if (!zone) {
    fail('UnsupportedRegionForApexAlias',
      `The apex domain ${domainName} needs an alias record to App Runner's hosted zone of region ${region}, which is not known; regions with a known zone: ${Object.keys(APPRUNNER_HOSTED_ZONES).join(', ')}. Use a subdomain (CNAME) instead.`,
      scope);
  }
  return zone;
}

/**
 * A custom domain's hosted zone must be public: App Runner validates the domain's certificate
 * through public DNS (and clients resolve the domain there), which a private zone does not
 * answer. Refused: a `route53.PrivateHostedZone`, a `route53.HostedZone` created with `vpcs`
 * (VPCs added later with `addVpc` are not seen), and `PrivateHostedZone.fromPrivateHostedZoneId`
 * (told by the error code of its `zoneName`). Other imports cannot be told: `HostedZone.fromLookup`
 * with `privateZone: true` and `PrivateHostedZone.fromPrivateHostedZoneAttributes` return the
 * same kind of object as a public zone's import, without a trace of the lookup or its class.
 */
export function checkPublicHostedZone(zone: route53.IHostedZone | undefined, domainName: string, scope: IConstruct): void {
  if (zone === undefined) return;
  let kind: string | undefined;
  if (zone instanceof route53.PrivateHostedZone) {
    kind = 'a PrivateHostedZone';
  } else if (zone instanceof route53.HostedZone && hasVpcs(zone)) {
    kind = 'a HostedZone with vpcs, which makes it private';
  } else if (importedPrivateById(zone)) {
    kind = 'imported with PrivateHostedZone.fromPrivateHostedZoneId';
  }
  if (kind !== undefined) {
    fail('PrivateHostedZoneForCustomDomain',
      `hostedZone ${zone.node.path} of custom domain ${domainName} is a private hosted zone (${kind}): App Runner validates the domain's certificate `
      + 'through public DNS, which a private zone does not answer, so the domain would never become active. Pass the public hosted zone of the domain, '
      + 'or no hostedZone (the records are then stack outputs for your DNS provider).', scope);
  }
}

/** Whether a HostedZone of the app has VPCs (as of now): its CfnHostedZone renders them. */
function hasVpcs(zone: route53.HostedZone): boolean {
  const cfn = zone.node.defaultChild;
  if (!(cfn instanceof route53.CfnHostedZone) || cfn.vpcs === undefined) return false;
  const vpcs: unknown = Stack.of(zone).resolve(cfn.vpcs);
  return Array.isArray(vpcs) && vpcs.length > 0;
}

/** `PrivateHostedZone.fromPrivateHostedZoneId`: its `zoneName` throws an error of its own. */
function importedPrivateById(zone: route53.IHostedZone): boolean {
  try {
    void zone.zoneName;
    return false;
  } catch (e) {
    return (e as Error | undefined)?.name === 'CannotReferenceZoneNamePrivate';
  }
}
