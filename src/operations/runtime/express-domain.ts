import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  DescribeLoadBalancersCommand, DescribeRulesCommand, ElasticLoadBalancingV2Client, ModifyRuleCommand, Rule, RuleCondition,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { EXPRESS_DOMAIN_TYPE as CONTRACT_TYPE, ExpressDomainData, ExpressDomainProperties } from '../contract';
import { errorName } from './apprunner';
import { normalizeName } from './dns';
import { liveInstanceRows, stackResources } from './domain-claims';
import { COMPLETE, NOT_YET, ResourceHandler } from './resource-handler';
import { IsCompleteResponse, OnEventResponse } from './types';

/** The type (the contract's: a literal the compiler checks, so the bundle keeps its own). */
export const EXPRESS_DOMAIN_TYPE: typeof CONTRACT_TYPE = 'Custom::AppRunnerExpressDomain';

/**
 * One instance, as its physical id records it (all a later Delete can know):
 * `apprunner-kit:express-domain|RULE_ARN|HOSTS|pre=HOSTS|TOKEN` — the rule and the host names it
 * declares (a change of either is a new instance: CloudFormation deletes the old one in the
 * cleanup phase, or the new one when the stack rolls back), those of them that were on the
 * rule before it, put there by someone else (never removed by it), and a token of the request
 * that made it (the same for a retried request), so two instances never share an id.
 */
export interface ExpressDomainInstance {
  readonly ruleArn: string;
  /** Lower case. */
  readonly hosts: readonly string[];
  readonly preexisting: readonly string[];
  readonly token: string;
}

const PREFIX = 'apprunner-kit:express-domain';

/** The physical id of an instance. */
export function formatExpressDomain(instance: ExpressDomainInstance): string {
  return [PREFIX, instance.ruleArn, instance.hosts.join(','), `pre=${instance.preexisting.join(',')}`, instance.token].join('|');
}

/** The instance a physical id describes, or undefined when it is not one. */
export function parseExpressDomain(physicalId: string | undefined): ExpressDomainInstance | undefined {
  const parts = (physicalId ?? '').split('|');
  if (parts.length !== 5 || parts[0] !== PREFIX || !parts[1].startsWith('arn:') || !parts[3].startsWith('pre=')) return undefined;
  const list = (s: string) => s.split(',').filter((h) => h !== '');
  return { ruleArn: parts[1], hosts: list(parts[2]), preexisting: list(parts[3].slice(4)), token: parts[4] };
}

/**
 * Custom::AppRunnerExpressDomain {ListenerRuleArn, LoadBalancerArn, HostNames, ConfigHash}: a
 * custom domain on an ECS Express Mode service, the way AWS documents it ("Adding a custom
 * domain to your service": the domain as another value of the host-header condition of the
 * listener rule Express Mode manages for the service). The rule is Express Mode's: only its
 * host-header values are written (ModifyRule with the conditions alone, so the actions, whose
 * target-group weights a canary deployment shifts, stay as they are), and a Delete removes only
 * the host names its instance added and that no other live instance of the stack declares on
 * the same rule (a renamed construct, the replacing instance). The attributes are the load
 * balancer's DNS name and canonical hosted zone, which CloudFormation does not return for the
 * service.
 *
 * Every change of the Express service's properties updates the resource (ConfigHash), which puts the host
 * names back should the update have reset the rule.
 */
export class ExpressDomainHandler extends ResourceHandler<ExpressDomainProperties, ExpressDomainData> {
  constructor(private readonly elb: ElasticLoadBalancingV2Client, private readonly cfn: CloudFormationClient,
    event: ConstructorParameters<typeof ResourceHandler>[0], now?: () => number) {
    super(event, now);
  }

  protected waitingFor(): string {
    const what = this.event.RequestType === 'Delete' ? 'the removal' : 'the addition';
    return `${what} of host names ${this.props.optionalString('HostNames')} on listener rule ${this.props.optionalString('ListenerRuleArn')}`;
  }

  protected onCreate(): Promise<OnEventResponse<ExpressDomainData>> {
    return this.begin();
  }

  protected async onUpdate(): Promise<OnEventResponse<ExpressDomainData>> {
    const current = parseExpressDomain(this.physicalResourceId);
    const wanted = this.declared();
    if (current && current.ruleArn === wanted.ruleArn && sameHosts(current.hosts, wanted.hosts)) return {};
    return this.begin();
  }

  protected isCreateComplete(): Promise<IsCompleteResponse<ExpressDomainData>> {
    return this.isUpdateComplete();
  }

  /** One poll towards "the host names are on the rule"; done once a read shows them all. */
  protected async isUpdateComplete(): Promise<IsCompleteResponse<ExpressDomainData>> {
    const { rule, hosts } = await this.declaredRule();
    const present = hostValues(rule);
    const missing = hosts.filter((h) => !present.includes(h));
    if (missing.length > 0) {
      this.lastStatus = `missing ${missing.join(', ')}`;
      await this.writeHosts(rule, [...present, ...missing]);
      return NOT_YET; // the next poll reads what is there now
    }
    const lb = await this.elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [this.props.string('LoadBalancerArn')] }));
    const balancer = lb.LoadBalancers?.[0];
    if (!balancer?.DNSName || !balancer.CanonicalHostedZoneId) {
      throw new Error(`Load balancer ${this.props.string('LoadBalancerArn')} has no DNS name (DescribeLoadBalancers)`);
    }
    return { IsComplete: true, Data: { DNSName: balancer.DNSName, CanonicalHostedZoneId: balancer.CanonicalHostedZoneId } };
  }

  /** Nothing to decide: the polls read the stack and the rule. */
  protected async onDelete(): Promise<OnEventResponse<ExpressDomainData>> {
    return {};
  }

  /** Remove this instance's host names that no other live instance declares on the rule. */
  protected async isDeleteComplete(): Promise<IsCompleteResponse<ExpressDomainData>> {
    const me = parseExpressDomain(this.physicalResourceId);
    if (!me) return COMPLETE; // never created (a failed Create's id)
    const claimed = await this.claimedHosts(me.ruleArn);
    const removable = me.hosts.filter((h) => !me.preexisting.includes(h) && !claimed.has(h));
    const rule = await this.rule(me.ruleArn);
    if (!rule) return COMPLETE; // the service (and its rule) went first
    const present = hostValues(rule);
    const remaining = present.filter((h) => !removable.includes(h));
    if (remaining.length === present.length) return COMPLETE;
    if (remaining.length === 0) {
      // a host-header condition needs a value, and without it the rule would take every host: leave it
      this.lastStatus = 'the host names are the rule\'s only ones: left';
      return COMPLETE;
    }
    await this.writeHosts(rule, remaining);
    return NOT_YET;
  }

  /** A new instance: which of its host names are already on the rule, put there by someone else. Reads only. */
  private async begin(): Promise<OnEventResponse<ExpressDomainData>> {
    const { ruleArn, rule, hosts } = await this.declaredRule();
    const claimed = await this.claimedHosts(ruleArn);
    const present = hostValues(rule);
    const preexisting = hosts.filter((h) => present.includes(h) && !claimed.has(h));
    return { PhysicalResourceId: formatExpressDomain({ ruleArn, hosts, preexisting, token: this.requestToken() }) };
  }

  /** The rule and host names the properties declare. */
  private declared(): { ruleArn: string; hosts: string[] } {
    const hosts = [...new Set(this.props.string('HostNames').split(',').map((h) => normalizeName(h.trim())).filter((h) => h !== ''))];
    return { ruleArn: this.props.string('ListenerRuleArn'), hosts };
  }

  /** The declared rule, which must exist, with the declared host names. */
  private async declaredRule(): Promise<{ ruleArn: string; rule: Rule; hosts: string[] }> {
    const { ruleArn, hosts } = this.declared();
    const rule = await this.rule(ruleArn);
    if (!rule) throw new Error(`Listener rule ${ruleArn} of the ECS Express Mode service does not exist: cannot add host names ${hosts.join(', ')}`);
    return { ruleArn, rule, hosts };
  }

  /** Host names that other live instances of the stack declare on the rule. */
  private async claimedHosts(ruleArn: string): Promise<Set<string>> {
    const claimed = new Set<string>();
    for (const row of liveInstanceRows(await stackResources(this.cfn, this.event.StackId), EXPRESS_DOMAIN_TYPE, this.physicalResourceId)) {
      const instance = parseExpressDomain(row.physicalId);
      if (instance?.ruleArn === ruleArn) instance.hosts.forEach((h) => claimed.add(h));
    }
    return claimed;
  }

  /** The rule, or undefined when it does not exist. */
  private async rule(ruleArn: string): Promise<Rule | undefined> {
    try {
      return (await this.elb.send(new DescribeRulesCommand({ RuleArns: [ruleArn] }))).Rules?.[0];
    } catch (e) {
      if (/RuleNotFound/.test(errorName(e))) return undefined;
      throw e;
    }
  }

  /** ModifyRule with the rule's conditions, its host-header values replaced (the actions are not sent: they stay). */
  private async writeHosts(rule: Rule, hosts: readonly string[]): Promise<void> {
    const conditions = (rule.Conditions ?? []).map((c) => (c.Field === 'host-header' ? hostCondition(c, hosts) : asWritten(c)));
    if (!(rule.Conditions ?? []).some((c) => c.Field === 'host-header')) {
      throw new Error(`Listener rule ${rule.RuleArn} has no host-header condition (not a rule of ECS Express Mode?): not changed`);
    }
    try {
      await this.elb.send(new ModifyRuleCommand({ RuleArn: rule.RuleArn, Conditions: conditions }));
    } catch (e) {
      const message = String((e as Error).message);
      const limit = /condition values/i.test(message) ? ' (an Application Load Balancer rule takes at most 5 condition values)' : '';
      throw new Error(`Cannot set the host names of listener rule ${rule.RuleArn} to ${hosts.join(', ')}: ${message}${limit}`);
    }
  }
}

/** The host-header values of a rule, lower case. */
export function hostValues(rule: Rule): string[] {
  const condition = (rule.Conditions ?? []).find((c) => c.Field === 'host-header');
  return (condition?.HostHeaderConfig?.Values ?? condition?.Values ?? []).map((v) => v.toLowerCase());
}

/** A host-header condition with these values (the config form only: a condition takes Values or its config, not both). */
function hostCondition(condition: RuleCondition, hosts: readonly string[]): RuleCondition {
  return { Field: 'host-header', HostHeaderConfig: { ...condition.HostHeaderConfig, Values: [...hosts] } };
}

/** A condition as ModifyRule takes it back: with a config, without the legacy Values. */
function asWritten(condition: RuleCondition): RuleCondition {
  const { Values, ...rest } = condition;
  const hasConfig = Object.keys(rest).some((k) => k.endsWith('Config'));
  return hasConfig ? rest : condition;
}

function sameHosts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((h) => b.includes(h));
}
