import { CustomDomain } from '@aws-sdk/client-apprunner';
import type { APP_RUNNER_SET_IDENTIFIER as CONTRACT_SET_IDENTIFIER, CustomDomainAttributes, CustomDomainProperties, RecordMode } from '../contract';
import { DesiredRecord, normalizeName } from './dns';
import { RecordClass } from './domain-claims';
import { Props } from './props';
import { Writable } from './types';

/** How a custom-domain resource's records are written (RecordMode; declared in the contract). */
export type { RecordMode };

/** The set identifier of the target and www records when weighted (the contract's: a literal the compiler checks). */
export const APP_RUNNER_SET_IDENTIFIER: typeof CONTRACT_SET_IDENTIFIER = 'apprunner-kit-app-runner';

/**
 * The settings of a Custom::AppRunnerCustomDomain (its properties, parsed): {ServiceArn,
 * DomainName, EnableWwwSubdomain, WaitForActive, RecordMode, DualStack, HostedZoneId?,
 * AliasHostedZoneId?}.
 */
export interface DomainSettings {
  readonly serviceArn: string;
  readonly domainName: string;
  readonly www: boolean;
  readonly waitForActive: boolean;
  readonly recordMode: RecordMode;
  readonly dualStack: boolean;
  readonly hostedZoneId?: string;
  readonly aliasHostedZoneId?: string;
  /** The weight of the target and www records (a traffic cutover); undefined: simple records. */
  readonly weight?: number;
}

/** The settings in a resource's properties. */
export function settingsOf(props: Props<CustomDomainProperties>): DomainSettings {
  const mode = props.optionalString('RecordMode') ?? 'NONE';
  if (mode !== 'CNAME' && mode !== 'ALIAS' && mode !== 'NONE') {
    throw new Error(`Custom::AppRunnerCustomDomain: property RecordMode must be CNAME, ALIAS or NONE, got ${JSON.stringify(mode)}`);
  }
  return {
    serviceArn: props.string('ServiceArn'),
    domainName: props.string('DomainName').replace(/\.$/, ''),
    www: props.boolean('EnableWwwSubdomain', true),
    waitForActive: props.boolean('WaitForActive', false),
    recordMode: mode,
    dualStack: props.boolean('DualStack', false),
    hostedZoneId: props.optionalString('HostedZoneId'),
    aliasHostedZoneId: props.optionalString('AliasHostedZoneId'),
    // Route 53's weights
    weight: props.optionalInteger('RoutingWeight', 0, 255),
  };
}

/** A record with the kind it is. */
export interface ClassifiedRecord extends DesiredRecord {
  readonly cls: RecordClass;
}

/**
 * The records a resource with these settings writes for a domain whose service answers with
 * `dnsTarget` and whose association asks for `validation` records: the certificate validation
 * CNAMEs, the target (CNAME, or alias A/AAAA for an apex), and the www CNAME.
 */
export function desiredRecords(settings: DomainSettings, dnsTarget: string | undefined, association?: CustomDomain): ClassifiedRecord[] {
  const records: ClassifiedRecord[] = (association?.CertificateValidationRecords ?? [])
    .filter((r) => r.Name && r.Value)
    .map((r) => ({ name: r.Name!, type: 'CNAME' as const, value: r.Value!, cls: 'validation' as const }));
  if (!dnsTarget || settings.recordMode === 'NONE') return records;
  // the target and www records may share their names with the weighted sets of a traffic cutover
  const routing = { setIdentifier: APP_RUNNER_SET_IDENTIFIER, weight: settings.weight };
  if (settings.recordMode === 'ALIAS') {
    const aliasZoneId = settings.aliasHostedZoneId;
    records.push({ name: settings.domainName, type: 'A', value: dnsTarget, aliasZoneId, routing, cls: 'target' });
    if (settings.dualStack) records.push({ name: settings.domainName, type: 'AAAA', value: dnsTarget, aliasZoneId, routing, cls: 'target' });
  } else {
    records.push({ name: settings.domainName, type: 'CNAME', value: dnsTarget, routing, cls: 'target' });
  }
  if (settings.www) records.push({ name: `www.${settings.domainName}`, type: 'CNAME', value: dnsTarget, routing, cls: 'www' });
  return records;
}

/** A record's identity for comparisons (name, type, value, alias zone). */
export function recordKey(r: DesiredRecord): string {
  return `${normalizeName(r.name)}|${r.type}|${normalizeName(r.value)}|${r.aliasZoneId ?? ''}`;
}

/** The records of `records` that are not of the preexisting classes (those are never removed). */
export function removable(records: readonly ClassifiedRecord[], preexisting: readonly RecordClass[]): ClassifiedRecord[] {
  return records.filter((r) => !preexisting.includes(r.cls));
}

/** The resource's attributes (GetAtt): DNS target, status and the validation records. */
export function domainAttributes(dnsTarget: string | undefined, association: CustomDomain | undefined): CustomDomainAttributes {
  const validation = (association?.CertificateValidationRecords ?? []).map((r) => ({ name: r.Name ?? '', type: r.Type ?? 'CNAME', value: r.Value ?? '' }));
  const data: Writable<CustomDomainAttributes> = {
    DNSTarget: dnsTarget ?? '',
    Status: (association?.Status ?? '').toLowerCase(),
    ValidationRecords: JSON.stringify(validation),
  };
  validation.forEach((r, i) => {
    data[`ValidationRecord${i}Name`] = r.name;
    data[`ValidationRecord${i}Type`] = r.type;
    data[`ValidationRecord${i}Value`] = r.value;
  });
  return data;
}
