import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import type { CUSTOM_DOMAIN_TYPE as CONTRACT_TYPE } from '../contract';
import { normalizeName } from './dns';

/** The CloudFormation type of the library's custom-domain resources (the contract's: a literal the compiler checks, so the bundle keeps its own). */
export const CUSTOM_DOMAIN_TYPE: typeof CONTRACT_TYPE = 'Custom::AppRunnerCustomDomain';

/** Kinds of record a custom-domain resource writes. */
export type RecordClass = 'target' | 'www' | 'validation';

const RECORD_CLASS_CODES: Record<RecordClass, string> = { target: 't', www: 'w', validation: 'v' };

/**
 * One instance of a custom-domain resource, as its physical id records it. A physical id is
 * unique per instance and says what the instance holds and what it found when it was created,
 * which is all a later Delete (possibly the rollback of a failed Create) can know:
 *
 * `apprunner-kit:custom-domain|SERVICE_ARN|DOMAIN|www=1|TOKEN|FLAGS`
 *
 * - SERVICE_ARN, DOMAIN (normalized) and the www flag: the association the instance declares.
 *   A change of any of them is a new instance (a new physical id): CloudFormation then deletes
 *   the old instance in the cleanup phase, or, when the stack rolls back, deletes the new one
 *   instead and never sends the old one an Update. Other settings change in place.
 * - TOKEN: derived from the request that made the instance (a retried request gets the same).
 * - FLAGS: `adopted` when the association existed before the instance (associated by hand):
 *   its Delete leaves it; `pre=` the record classes that already held our values in the zone.
 *
 * Physical ids of earlier versions of the library (`SERVICE_ARN|DOMAIN`) are read as instances
 * that own their association and found no records.
 */
export interface DomainInstance {
  readonly serviceArn: string;
  /** Normalized (lower case, no trailing dot). */
  readonly domainName: string;
  /** The www flag; undefined for ids of earlier versions (which did not record it). */
  readonly www?: boolean;
  readonly token?: string;
  /** The association existed before this instance: never removed by it. */
  readonly adopted: boolean;
  /** Record classes that held our values before this instance wrote anything: never removed by it. */
  readonly preexisting: readonly RecordClass[];
}

const PREFIX = 'apprunner-kit:custom-domain';

/** The physical id of an instance. */
export function formatInstance(instance: DomainInstance): string {
  const flags: string[] = [];
  if (instance.adopted) flags.push('adopted');
  if (instance.preexisting.length > 0) flags.push(`pre=${instance.preexisting.map((c) => RECORD_CLASS_CODES[c]).join('')}`);
  return [PREFIX, instance.serviceArn, normalizeName(instance.domainName), `www=${instance.www ? 1 : 0}`, instance.token ?? '', flags.join(',')].join('|');
}

/** The instance a physical id describes, or undefined when it is not one of ours. */
export function parseInstance(physicalId: string | undefined): DomainInstance | undefined {
  if (!physicalId) return undefined;
  const parts = physicalId.split('|');
  if (parts[0] === PREFIX && parts.length === 6 && parts[1].startsWith('arn:') && parts[2] !== '') {
    const flags = parts[5].split(',').filter((f) => f !== '');
    const pre = flags.find((f) => f.startsWith('pre='))?.slice(4) ?? '';
    return {
      serviceArn: parts[1],
      domainName: parts[2],
      www: parts[3] === 'www=1',
      token: parts[4],
      adopted: flags.includes('adopted'),
      preexisting: (Object.keys(RECORD_CLASS_CODES) as RecordClass[]).filter((c) => pre.includes(RECORD_CLASS_CODES[c])),
    };
  }
  // earlier versions: SERVICE_ARN|DOMAIN
  if (parts.length === 2 && parts[0].startsWith('arn:') && parts[1] !== '') {
    return { serviceArn: parts[0], domainName: normalizeName(parts[1]), adopted: false, preexisting: [] };
  }
  return undefined;
}

/** A resource of the stack, as ListStackResources reports it. */
export interface StackResourceRow {
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly type: string;
  readonly status: string;
}

/** Every resource of the stack (ListStackResources, every page). */
export async function stackResources(cfn: CloudFormationClient, stackId: string): Promise<StackResourceRow[]> {
  const rows: StackResourceRow[] = [];
  let nextToken: string | undefined;
  do {
    const out = await cfn.send(new ListStackResourcesCommand({ StackName: stackId, NextToken: nextToken }));
    for (const r of out.StackResourceSummaries ?? []) {
      rows.push({ logicalId: r.LogicalResourceId ?? '', physicalId: r.PhysicalResourceId, type: r.ResourceType ?? '', status: r.ResourceStatus ?? '' });
    }
    nextToken = out.NextToken;
  } while (nextToken);
  return rows;
}

/**
 * The rows of the stack's live instances of `type` other than the instance `self` (a physical
 * id). ListStackResources lists each logical id once, with its current physical id: while
 * CloudFormation deletes a replaced instance (cleanup) or the instance a failed update made
 * (rollback cleanup), the current one of the same logical id is listed, and is live. Resources
 * being deleted or whose creation failed are not.
 */
export function liveInstanceRows(rows: readonly StackResourceRow[], type: string, self: string | undefined): InstanceRow[] {
  return rows.filter((row): row is InstanceRow => row.type === type && !!row.physicalId && row.physicalId !== self
    && !/^DELETE_/.test(row.status) && row.status !== 'CREATE_FAILED');
}

/** A row of an instance (it has a physical id). */
type InstanceRow = StackResourceRow & { readonly physicalId: string };

/** A custom-domain instance of the stack other than the asking one, with its row. */
export interface DomainClaim {
  readonly logicalId: string;
  readonly physicalId: string;
  readonly instance: DomainInstance;
}

/** The live custom-domain instances of the stack that declare `domainName`, other than the instance `self` (see `liveInstanceRows`). */
export function domainClaims(rows: readonly StackResourceRow[], domainName: string, self: string | undefined): DomainClaim[] {
  const wanted = normalizeName(domainName);
  const claims: DomainClaim[] = [];
  for (const row of liveInstanceRows(rows, CUSTOM_DOMAIN_TYPE, self)) {
    const instance = parseInstance(row.physicalId);
    if (instance && instance.domainName === wanted) claims.push({ logicalId: row.logicalId, physicalId: row.physicalId, instance });
  }
  return claims;
}

/** Whether `serviceArn` is an App Runner service of this stack (deleted with it). */
export function isStackService(rows: readonly StackResourceRow[], serviceArn: string): boolean {
  return rows.some((r) => r.type === 'AWS::AppRunner::Service' && r.physicalId === serviceArn);
}
