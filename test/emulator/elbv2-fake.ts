/**
 * A loopback Elastic Load Balancing v2 (Application Load Balancers only) as ECS Express Mode
 * leaves it: the shared load balancer of Express services, its HTTPS listener with its
 * certificates, one listener rule per service and two target groups per service. Over ELB's
 * awsQuery protocol (form-encoded POST, XML answers in the 2015-12-01 namespace) it answers
 * DescribeLoadBalancers, DescribeRules, ModifyRule and DescribeListenerCertificates; everything
 * else is InvalidAction. The helpers (createExpressIngress, shiftWeights, …) are what ECS
 * Express Mode and CloudFormation do to it (test/lifecycle/express-models.ts uses them). Its
 * awsQuery wire (the API's shapes, request parsing and validation, XML answers and errors) is
 * elbv2-wire.ts, with the sources of the conditions, actions and errors ELB accepts and answers.
 *
 * Sourced (ELB API reference and user guide):
 * - ModifyRule replaces the properties given and leaves the others unchanged; a list given
 *   replaces the whole list. https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_ModifyRule.html
 * - DescribeListenerCertificates lists the default certificate (IsDefault true) and the others
 *   (IsDefault false); a default certificate also in the list shows twice.
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeListenerCertificates.html
 * - Express Mode shares one load balancer among up to 25 services of a VPC (the fake has no VPCs:
 *   one shared load balancer until it holds 25 services), with an HTTPS listener, listener rules
 *   and target groups, and canary deployments between two target groups.
 *   https://docs.aws.amazon.com/AmazonECS/latest/developerguide/express-service-work.html
 * INFERRED, not confirmed by documentation:
 * - DescribeRules lists the rules in priority order, the default one last.
 * - Express Mode's rule: one host-header condition (the service's endpoint), a forward action
 *   weighted 100/0 between its two target groups; its listener's default action a fixed 404; one
 *   ACM certificate a service, the first service's the listener's default and the others added
 *   to the listener (removed with their service); a canary deployment moves the weights only.
 * - The messages of the ValidationErrors marked below.
 * Not modelled: rule priorities beyond Express's own, tags, Network and Gateway Load Balancers.
 */
import * as crypto from 'crypto';
import {
  checkActions, checkConditions, elbErrorXml, elbResultXml, Elbv2Error, forwardTo, invalid, known, listOf, notFound, parseQuery,
  RuleAction, RuleCondition, ruleXml, strings,
} from './elbv2-wire';

// the wire's names, importable from here as before the split
export { ELB_NS, Elbv2Error, elbErrorXml, elbRequest, parseQuery } from './elbv2-wire';
export type { RuleAction, RuleCondition, TargetGroupTuple, ValuesConfig } from './elbv2-wire';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
/** Route 53's hosted zone of Application Load Balancers in us-east-1. */
const ALB_HOSTED_ZONE = 'Z35SXDOTRQ7X7K';
/** Express Mode services a load balancer takes. */
const EXPRESS_SERVICES_PER_LOAD_BALANCER = 25;
const CERTIFICATES_PER_LOAD_BALANCER = 25;

export interface FakeLoadBalancer {
  readonly arn: string;
  readonly name: string;
  readonly dnsName: string;
  readonly canonicalHostedZoneId: string;
  readonly createdTime: string;
  readonly securityGroups: string[];
  /** Made by Express Mode (createExpressIngress): shared by up to 25 services. */
  readonly express: boolean;
}

export interface FakeListener {
  readonly arn: string;
  readonly loadBalancerArn: string;
  readonly port: number;
  readonly protocol: string;
  /** The default certificate. */
  defaultCertificate: string;
  /** The other certificates (AddListenerCertificates), in the order added. */
  readonly certificates: string[];
}

export interface FakeRule {
  readonly arn: string;
  readonly listenerArn: string;
  /** 'default' for the listener's default rule. */
  readonly priority: number | 'default';
  conditions: RuleCondition[];
  actions: RuleAction[];
  /** Express Mode's rule of a service: its endpoint, target groups and certificate. */
  readonly express?: { readonly endpoint: string; readonly targetGroupArns: string[]; readonly certificateArn: string };
}

export interface FakeTargetGroup {
  readonly arn: string;
  readonly name: string;
}

/** What createExpressIngress made for a service (the ECSManagedResourceArns.IngressPath of an Express service). */
export interface ExpressIngress {
  readonly loadBalancerArn: string;
  readonly listenerArn: string;
  readonly listenerRuleArn: string;
  /** Two: the live one (weight 100) and the one a canary deployment moves to (weight 0). */
  readonly targetGroupArns: string[];
  readonly dnsName: string;
  readonly canonicalHostedZoneId: string;
  /** The service's endpoint host name, `<name>-<hash>.ecs.us-east-1.on.aws`. */
  readonly endpoint: string;
  /** The ACM certificate of the endpoint (on the listener). */
  readonly certificateArn: string;
  readonly loadBalancerSecurityGroups: string[];
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

export class Elbv2Fake {
  public readonly loadBalancers = new Map<string, FakeLoadBalancer>();
  public readonly listeners = new Map<string, FakeListener>();
  public readonly rules = new Map<string, FakeRule>();
  public readonly targetGroups = new Map<string, FakeTargetGroup>();
  /** Every request answered (errors included), with its parsed parameters. */
  public readonly requests: Array<{ action: string; input: Record<string, any> }> = [];
  private count = 0;

  // ---- what ECS Express Mode and CloudFormation do -------------------------------------------

  /**
   * What Express Mode makes for a new service: a rule on the shared load balancer's HTTPS
   * listener (a new load balancer and listener when none takes more services) whose host-header
   * condition is the service's endpoint, forwarding 100/0 to two new target groups; the
   * service's certificate on the listener.
   */
  public createExpressIngress(serviceName: string): ExpressIngress {
    const n = ++this.count;
    const label = serviceName.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'service';
    const endpoint = `${label}-${this.id(`endpoint/${n}`, 8)}.ecs.${REGION}.on.aws`;
    const certificateArn = `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/${this.uuid(`certificate/${n}`)}`;
    let listener = [...this.listeners.values()].find((l) => this.loadBalancers.get(l.loadBalancerArn)?.express
      && [...this.rules.values()].filter((r) => r.listenerArn === l.arn && r.express).length < EXPRESS_SERVICES_PER_LOAD_BALANCER);
    if (listener) listener.certificates.push(certificateArn);
    else listener = this.createExpressLoadBalancer(certificateArn);
    const lb = this.loadBalancers.get(listener.loadBalancerArn)!;
    const targetGroupArns = ['a', 'b'].map((side) => {
      const name = `ecs-gw-${label.slice(0, 16)}-${this.id(`tg/${n}/${side}`, 6)}`.replace(/--+/g, '-');
      const arn = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/${name}/${this.id(`tg-id/${n}/${side}`, 16)}`;
      this.targetGroups.set(arn, { arn, name });
      return arn;
    });
    const used = new Set([...this.rules.values()].filter((r) => r.listenerArn === listener!.arn).map((r) => r.priority));
    let priority = 1;
    while (used.has(priority)) priority++;
    const listenerRuleArn = `${listener.arn.replace(':listener/', ':listener-rule/')}/${this.id(`rule/${n}`, 16)}`;
    this.rules.set(listenerRuleArn, {
      arn: listenerRuleArn,
      listenerArn: listener.arn,
      priority,
      conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [endpoint] } }],
      actions: [forwardTo(targetGroupArns, [100, 0])],
      express: { endpoint, targetGroupArns, certificateArn },
    });
    return {
      loadBalancerArn: lb.arn,
      listenerArn: listener.arn,
      listenerRuleArn,
      targetGroupArns,
      dnsName: lb.dnsName,
      canonicalHostedZoneId: lb.canonicalHostedZoneId,
      endpoint,
      certificateArn,
      loadBalancerSecurityGroups: [...lb.securityGroups],
    };
  }

  /**
   * What Express Mode removes with a service: its rule, its target groups and its certificate
   * on the listener; the load balancer (and listener) once no rule but the default is left.
   * False when the rule no longer exists.
   */
  public deleteExpressIngress(ruleArn: string): boolean {
    const rule = this.rules.get(ruleArn);
    if (!rule) return false;
    this.rules.delete(ruleArn);
    for (const arn of rule.express?.targetGroupArns ?? []) this.targetGroups.delete(arn);
    const listener = this.listeners.get(rule.listenerArn);
    if (listener && rule.express) {
      const i = listener.certificates.indexOf(rule.express.certificateArn);
      if (i >= 0) listener.certificates.splice(i, 1);
    }
    const left = [...this.rules.values()].filter((r) => r.listenerArn === rule.listenerArn && r.priority !== 'default');
    if (listener && left.length === 0) {
      for (const [arn, r] of this.rules) if (r.listenerArn === listener.arn) this.rules.delete(arn);
      this.listeners.delete(listener.arn);
      this.loadBalancers.delete(listener.loadBalancerArn);
    }
    return true;
  }

  /** The values of the rule's host-header condition ([] without one). */
  public hostValues(ruleArn: string): string[] {
    const condition = this.rule(ruleArn).conditions.find((c) => c.Field === 'host-header');
    return [...(condition?.HostHeaderConfig?.Values ?? [])];
  }

  /** The rule's conditions as stored (a copy; the *Config form). */
  public ruleConditions(ruleArn: string): RuleCondition[] {
    return clone(this.rule(ruleArn).conditions);
  }

  /** The rule's actions as stored (a copy). */
  public ruleActions(ruleArn: string): RuleAction[] {
    return clone(this.rule(ruleArn).actions);
  }

  /**
   * What a canary deployment of an Express service does to its rule: `percent` of the traffic
   * moves from the target group that has the most to the other (100, the default: the end of
   * a deployment, 100/0 → 0/100). The conditions are left alone.
   */
  public shiftWeights(ruleArn: string, percent = 100): void {
    const rule = this.rule(ruleArn);
    const tuples = rule.actions.find((a) => a.Type === 'forward')?.ForwardConfig?.TargetGroups ?? [];
    if (tuples.length !== 2) throw new Error(`loopback ELB: ${ruleArn} does not forward to two target groups`);
    const live = (tuples[0].Weight ?? 1) >= (tuples[1].Weight ?? 1) ? 0 : 1;
    tuples[live].Weight = 100 - percent;
    tuples[1 - live].Weight = percent;
  }

  /** Put the rule's conditions back as Express Mode made them (the endpoint only), as if Express rewrote its rule. */
  public resetExpressConditions(ruleArn: string): void {
    const rule = this.rule(ruleArn);
    if (!rule.express) throw new Error(`loopback ELB: ${ruleArn} is not an Express Mode rule`);
    rule.conditions = [{ Field: 'host-header', HostHeaderConfig: { Values: [rule.express.endpoint] } }];
  }

  /** AddListenerCertificates (a certificate already there stays once); at most 25 besides the default ones, per load balancer. */
  public addListenerCertificates(listenerArn: string, certificateArns: string[]): void {
    const listener = this.listener(listenerArn);
    const added = certificateArns.filter((c, i) => !listener.certificates.includes(c) && certificateArns.indexOf(c) === i);
    const onLoadBalancer = [...this.listeners.values()].filter((l) => l.loadBalancerArn === listener.loadBalancerArn)
      .reduce((sum, l) => sum + l.certificates.length, 0);
    if (onLoadBalancer + added.length > CERTIFICATES_PER_LOAD_BALANCER) {
      throw new Elbv2Error('TooManyCertificates', 'You\'ve reached the limit on the number of certificates per load balancer'); // message INFERRED
    }
    listener.certificates.push(...added);
  }

  /** RemoveListenerCertificates (one not there: nothing); the default certificate cannot be removed. */
  public removeListenerCertificates(listenerArn: string, certificateArns: string[]): void {
    const listener = this.listener(listenerArn);
    if (certificateArns.includes(listener.defaultCertificate) && !listener.certificates.includes(listener.defaultCertificate)) {
      throw new Elbv2Error('OperationNotPermitted', 'The default certificate cannot be removed from a listener'); // message INFERRED
    }
    for (const arn of certificateArns) {
      const i = listener.certificates.indexOf(arn);
      if (i >= 0) listener.certificates.splice(i, 1);
    }
  }

  /** The listener's certificates as DescribeListenerCertificates lists them. */
  public listenerCertificates(listenerArn: string): Array<{ CertificateArn: string; IsDefault: boolean }> {
    const listener = this.listener(listenerArn);
    return [
      { CertificateArn: listener.defaultCertificate, IsDefault: true },
      ...listener.certificates.map((c) => ({ CertificateArn: c, IsDefault: false })),
    ];
  }

  // ---- the operations it answers (their wire: elbv2-wire.ts) ---------------------------------

  /** Answer one awsQuery request (the form of its body); returns [status, xml]. */
  public handle(form: URLSearchParams): [number, string] {
    const action = form.get('Action') ?? '';
    const requestId = `00000000-0000-4000-b000-${(this.requests.length + 1).toString(16).padStart(12, '0')}`;
    let input: Record<string, any> = {};
    try {
      input = parseQuery(form);
      const result = this.dispatch(action, input);
      return [200, elbResultXml(action, result, requestId)];
    } catch (e) {
      // anything but an ELB error is the fake's own fault: a non-retryable error that names it
      const err = e instanceof Elbv2Error ? e : new Elbv2Error('HarnessError', `loopback ELB: ${action} failed: ${(e as Error).message}`);
      return [err.status, elbErrorXml(err.code, err.message, requestId)];
    } finally {
      this.requests.push({ action, input });
    }
  }

  private dispatch(action: string, input: Record<string, any>): Record<string, unknown> {
    switch (action) {
      case 'DescribeLoadBalancers': return this.describeLoadBalancers(input);
      case 'DescribeRules': return this.describeRules(input);
      case 'ModifyRule': return this.modifyRule(input);
      case 'DescribeListenerCertificates': {
        known(input, ['ListenerArn', 'Marker', 'PageSize'], action);
        if (!input.ListenerArn) throw invalid('ListenerArn is required'); // message INFERRED
        return { Certificates: this.listenerCertificates(input.ListenerArn) };
      }
      default: throw new Elbv2Error('InvalidAction', `Could not find operation ${action} for version 2015-12-01`);
    }
  }

  private describeLoadBalancers(input: Record<string, any>): Record<string, unknown> {
    known(input, ['LoadBalancerArns', 'Names', 'Marker', 'PageSize'], 'DescribeLoadBalancers');
    const arns = strings(input.LoadBalancerArns, 'LoadBalancerArns');
    const names = strings(input.Names, 'Names');
    if (arns?.length && names?.length) throw invalid('Load balancer names and load balancer ARNs cannot be specified at the same time'); // INFERRED
    let list = [...this.loadBalancers.values()];
    if (arns?.length) {
      if (arns.some((a) => !this.loadBalancers.has(a))) throw notFound('LoadBalancerNotFound', 'load balancers');
      list = arns.map((a) => this.loadBalancers.get(a)!);
    } else if (names?.length) {
      if (names.some((n) => !list.some((lb) => lb.name === n))) throw notFound('LoadBalancerNotFound', 'load balancers');
      list = names.map((n) => list.find((lb) => lb.name === n)!);
    }
    return {
      LoadBalancers: list.map((lb) => ({
        LoadBalancerArn: lb.arn,
        DNSName: lb.dnsName,
        CanonicalHostedZoneId: lb.canonicalHostedZoneId,
        CreatedTime: lb.createdTime,
        LoadBalancerName: lb.name,
        Scheme: 'internet-facing',
        VpcId: 'vpc-0loopback',
        State: { Code: 'active' },
        Type: 'application',
        AvailabilityZones: [{ ZoneName: `${REGION}a`, SubnetId: 'subnet-0loopbacka' }, { ZoneName: `${REGION}b`, SubnetId: 'subnet-0loopbackb' }],
        SecurityGroups: lb.securityGroups,
        IpAddressType: 'ipv4',
      })),
    };
  }

  private describeRules(input: Record<string, any>): Record<string, unknown> {
    known(input, ['ListenerArn', 'RuleArns', 'Marker', 'PageSize'], 'DescribeRules');
    const ruleArns = strings(input.RuleArns, 'RuleArns');
    if (ruleArns?.length && input.ListenerArn) throw invalid('Listener ARN and rule ARNs cannot be specified at the same time'); // INFERRED
    if (ruleArns?.length) {
      if (ruleArns.some((a) => !this.rules.has(a))) throw notFound('RuleNotFound', 'rules');
      return { Rules: ruleArns.map((a) => ruleXml(this.rules.get(a)!)) };
    }
    if (!input.ListenerArn) throw invalid('You must specify either listener ARN or rule ARNs'); // INFERRED
    this.listener(input.ListenerArn);
    const rules = [...this.rules.values()].filter((r) => r.listenerArn === input.ListenerArn)
      .sort((a, b) => (a.priority === 'default' ? 1 : b.priority === 'default' ? -1 : a.priority - b.priority));
    const size = input.PageSize === undefined ? 400 : Number(input.PageSize);
    if (!Number.isInteger(size) || size < 1 || size > 400) throw invalid(`1 validation error detected: Value '${input.PageSize}' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and 400`);
    const start = Number(input.Marker ?? 0);
    return { Rules: rules.slice(start, start + size).map(ruleXml), NextMarker: start + size < rules.length ? String(start + size) : undefined };
  }

  private modifyRule(input: Record<string, any>): Record<string, unknown> {
    known(input, ['RuleArn', 'Conditions', 'Actions'], 'ModifyRule');
    if (!input.RuleArn) throw invalid("1 validation error detected: Value null at 'ruleArn' failed to satisfy constraint: Member must not be null");
    const rule = this.rules.get(input.RuleArn);
    if (!rule) throw notFound('RuleNotFound', 'rules');
    const conditions = listOf<Record<string, any>>(input.Conditions, 'Conditions');
    const actions = listOf<Record<string, any>>(input.Actions, 'Actions');
    const nextConditions = conditions === undefined ? undefined : checkConditions(rule, conditions);
    const nextActions = actions === undefined ? undefined : checkActions(actions, this.targetGroups);
    if (nextConditions) rule.conditions = nextConditions;
    if (nextActions) rule.actions = nextActions;
    return { Rules: [ruleXml(rule)] };
  }


  // ---- internals ----------------------------------------------------------------------------

  private rule(ruleArn: string): FakeRule {
    const rule = this.rules.get(ruleArn);
    if (!rule) throw notFound('RuleNotFound', 'rules');
    return rule;
  }

  private listener(listenerArn: string): FakeListener {
    const listener = this.listeners.get(listenerArn);
    if (!listener) throw notFound('ListenerNotFound', 'listeners');
    return listener;
  }

  /** A new Express Mode load balancer with its HTTPS:443 listener (default action: a fixed 404) and that listener's default rule. */
  private createExpressLoadBalancer(defaultCertificate: string): FakeListener {
    const n = ++this.count;
    const name = `ecs-express-gateway-alb-${this.id(`lb/${n}`, 8)}`;
    const lbId = this.id(`lb-id/${n}`, 16);
    const arn = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/${name}/${lbId}`;
    const digits = String(parseInt(this.id(`dns/${n}`, 8), 16)).padStart(10, '0').slice(0, 10);
    this.loadBalancers.set(arn, {
      arn,
      name,
      dnsName: `${name}-${digits}.${REGION}.elb.amazonaws.com`,
      canonicalHostedZoneId: ALB_HOSTED_ZONE,
      createdTime: '2026-11-24T00:00:00.000Z',
      securityGroups: [`sg-${this.id(`sg/${n}`, 17)}`],
      express: true,
    });
    const listener: FakeListener = {
      arn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/app/${name}/${lbId}/${this.id(`listener/${n}`, 16)}`,
      loadBalancerArn: arn,
      port: 443,
      protocol: 'HTTPS',
      defaultCertificate,
      certificates: [],
    };
    this.listeners.set(listener.arn, listener);
    const defaultRule = `${listener.arn.replace(':listener/', ':listener-rule/')}/${this.id(`default-rule/${n}`, 16)}`;
    this.rules.set(defaultRule, {
      arn: defaultRule,
      listenerArn: listener.arn,
      priority: 'default',
      conditions: [],
      actions: [{ Type: 'fixed-response', Order: 1, FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain' } }],
    });
    return listener;
  }

  private id(seed: string, length: number): string {
    return crypto.createHash('sha256').update(`elbv2/${seed}`).digest('hex').slice(0, length);
  }

  private uuid(seed: string): string {
    const h = this.id(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}
