import { Lazy, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { shortHash } from './hash';
import { normalizeRecordName } from './record-name';

/** What one custom domain writes into its hosted zone. */
export interface ZoneDomain {
  /** The domain name, without a trailing dot (a token when not known at synthesis). */
  readonly name: string;
  /** Whether `www.` + the name is associated too (a CNAME). */
  readonly www: boolean;
  /** Whether the name is the zone's apex (alias A, and AAAA when dual-stack; else a CNAME). */
  readonly apex: boolean;
  /** Whether the service is dual-stack (an apex then gets AAAA too). */
  readonly dualStack: boolean;
}

/** The values of the ChangeResourceRecordSets conditions for a zone's domains. */
export interface ZoneRecordConditions {
  /**
   * `route53:ChangeResourceRecordSetsNormalizedRecordNames` patterns (StringLike), sorted;
   * undefined when a domain name is a token (it cannot be normalized at synthesis).
   */
  readonly names?: string[];
  /** `route53:ChangeResourceRecordSetsRecordTypes`, sorted. */
  readonly types: string[];
}

/** The only changes the handler makes: it never CREATEs (an UPSERT converges from any state). */
export const RECORD_ACTIONS = ['UPSERT', 'DELETE'];

/**
 * The record names one domain writes, as `route53:ChangeResourceRecordSetsNormalizedRecordNames`
 * patterns: the name (its target record), `_*.` + the name (the certificate validation
 * CNAMEs App Runner asks for, `_<token>.<name>` and `_<token>.www.<name>`), and `www.` + the
 * name with the www subdomain. A wildcard's validation records are at its parent, as ACM
 * validates `*.example.com` at `example.com`.
 */
export function recordNamesOf(domain: ZoneDomain): string[] {
  const name = normalizeRecordName(domain.name);
  const wildcard = '\\052.';
  const validated = name.startsWith(wildcard) ? name.slice(wildcard.length) : name;
  return [name, `_*.${validated}`, ...(domain.www ? [`www.${name}`] : [])];
}

/**
 * The condition values for the domains of one zone: the union of their record names and
 * types (CNAME always: the validation records, also of an apex; A for an apex, AAAA for a
 * dual-stack apex), sorted and without duplicates, so that the same domains give the same
 * policy in any order. No names when a domain name is a token.
 */
export function zoneRecordConditions(domains: readonly ZoneDomain[]): ZoneRecordConditions {
  const types = new Set(['CNAME']);
  for (const d of domains) {
    if (d.apex) types.add('A');
    if (d.apex && d.dualStack) types.add('AAAA');
  }
  const concrete = domains.every((d) => !Token.isUnresolved(d.name));
  return {
    names: concrete ? [...new Set(domains.flatMap(recordNamesOf))].sort() : undefined,
    types: [...types].sort(),
  };
}

/**
 * The Route 53 permissions of the custom-domain handlers on one hosted zone, for the domains
 * of one service in that zone (its domain role's policy for the zone). Domains are added while the app is built; the
 * statements and the fingerprint are lazy (uncached: an app synthesized again after more
 * domains were added renders them too), so they hold every domain of the zone.
 */
export class ZoneRecordGrant {
  /**
   * `route53:ListResourceRecordSets` on the zone (it takes no conditions), and
   * `route53:ChangeResourceRecordSets` on the zone limited to the domains' record names (unless
   * one is a token), their record types, and
   * UPSERT and DELETE.
   */
  public readonly statements: iam.PolicyStatement[];

  /**
   * 8 hex characters of the SHA-256 of the rendered conditions (lazy): a part of the policy's
   * name, so that the policy is replaced, not edited, when they change.
   */
  public readonly fingerprint: string;

  private readonly domains: ZoneDomain[] = [];

  constructor(zoneArn: string) {
    this.statements = [
      new iam.PolicyStatement({ actions: ['route53:ListResourceRecordSets'], resources: [zoneArn] }),
      new iam.PolicyStatement({
        actions: ['route53:ChangeResourceRecordSets'],
        resources: [zoneArn],
        conditions: {
          'ForAllValues:StringEquals': {
            'route53:ChangeResourceRecordSetsActions': RECORD_ACTIONS,
            'route53:ChangeResourceRecordSetsRecordTypes': Lazy.uncachedList({ produce: () => this.conditions().types }),
          },
          'ForAllValues:StringLike': Lazy.uncachedAny({
            produce: () => {
              const names = this.conditions().names;
              return names ? { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': names } : undefined;
            },
          }),
        },
      }),
    ];
    // what the policy renders (a token domain's value is not in it: no names are listed then)
    this.fingerprint = Lazy.uncachedString({
      produce: () => shortHash(JSON.stringify(this.conditions())),
    });
  }

  /** Add a domain of the zone. */
  public addDomain(domain: ZoneDomain): void {
    this.domains.push(domain);
  }

  private conditions(): ZoneRecordConditions {
    return zoneRecordConditions(this.domains);
  }
}
