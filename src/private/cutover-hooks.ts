import type * as route53 from 'aws-cdk-lib/aws-route53';
import { IConstruct } from 'constructs';
import { HookRegistry } from './hooks';

/**
 * What a `DomainCutover` learns from the `CustomDomain` it moves traffic away from (typed; a
 * `CustomDomain` registers them when it is created).
 */
export interface CustomDomainHooks {
  /** The service the domain is associated with (its construct). */
  readonly service: IConstruct;
  /** The domain, normalized (no trailing dot). */
  readonly domainName: string;
  /** Whether `www.` of the domain is associated too. */
  readonly www: boolean;
  /** The Route 53 zone of its records, when one was given. */
  readonly hostedZone?: route53.IHostedZone;
  /** Whether the domain is the zone's apex (alias records) rather than a subdomain (CNAME). */
  readonly apex: boolean;
  /** Whether an apex domain gets an AAAA alias too. */
  readonly dualStack: boolean;
  /** The domain's custom resource (which the cutover's records depend on). */
  readonly resource: IConstruct;
  /**
   * Write the domain's target and www records as weighted sets with this weight (0-255): a
   * traffic cutover asks; `by` is the construct that asks (one per domain).
   */
  setRoutingWeight(weight: number, by: IConstruct): void;
}

/** What a `DomainCutover` learns from an `EcsExpressTwin`. */
export interface TwinHooks {
  /** The App Runner service the twin was made from (its construct); undefined when made from its props (the service removed). */
  readonly service?: IConstruct;
}

const domains = new HookRegistry<CustomDomainHooks>();
const twins = new HookRegistry<TwinHooks>();

/** Register the hooks of a `CustomDomain` (its constructor does). */
export function setCustomDomainHooks(domain: IConstruct, hooks: CustomDomainHooks): void {
  domains.set(domain, hooks);
}

/** The hooks of a `CustomDomain` of this library. */
export function customDomainHooks(domain: IConstruct | undefined): CustomDomainHooks | undefined {
  return domains.get(domain);
}

/** Register the hooks of an `EcsExpressTwin` (its constructor does). */
export function setTwinHooks(twin: IConstruct, hooks: TwinHooks): void {
  twins.set(twin, hooks);
}

/** The hooks of an `EcsExpressTwin`. */
export function twinHooks(twin: IConstruct): TwinHooks | undefined {
  return twins.get(twin);
}
