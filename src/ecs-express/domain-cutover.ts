import { CustomResource, Fn, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { propertyInjectable } from 'aws-cdk-lib/core/lib/prop-injectable';
import { Construct } from 'constructs';
import type { EcsExpressTwin } from './ecs-express-twin';
import { TrafficSplit } from './traffic-split';
import type { CustomDomain } from '../custom-domain/custom-domain';
import { ECS_EXPRESS_SET_IDENTIFIER, EXPRESS_DOMAIN_TYPE } from '../operations/contract';
import { OperationsProvider } from '../operations/operations-provider';
import { acknowledgeFinding } from '../private/acknowledge';
import { customDomainHooks, CustomDomainHooks, twinHooks } from '../private/cutover-hooks';
import { checkDomainName, checkPublicHostedZone, isZoneApex, stripDot } from '../private/domain-rules';
import { shortHash } from '../private/hash';
import { fail } from '../private/validation';
import { warn } from '../private/warnings';

/**
 * Properties of a `DomainCutover`.
 */
export interface DomainCutoverProps {
  /** The ECS Express Mode twin the traffic moves to. */
  readonly twin: EcsExpressTwin;

  /**
   * The App Runner side: a custom domain of the twin's service, in a Route 53 hosted zone. Its
   * target (and www) records become weighted sets next to the twin's.
   *
   * Leave it out in the final step, once the custom domain is removed from the service (give
   * `domainName` and `hostedZone` instead, and `split: TrafficSplit.EXPRESS_ONLY`).
   *
   * @default - none: App Runner no longer serves the domain (the final step)
   */
  readonly customDomain?: CustomDomain;

  /**
   * The domain name; must be the custom domain's when both are given.
   *
   * @default - the custom domain's
   */
  readonly domainName?: string;

  /**
   * The public Route 53 hosted zone of the domain; must be the custom domain's when both are given.
   *
   * @default - the custom domain's
   */
  readonly hostedZone?: route53.IHostedZone;

  /**
   * Whether `www.` + the domain moves too; must match the custom domain's.
   *
   * @default - the custom domain's `enableWwwSubdomain`; true without a custom domain
   */
  readonly enableWwwSubdomain?: boolean;

  /**
   * How the domain's requests are split between App Runner and the twin.
   *
   * @default TrafficSplit.APP_RUNNER_ONLY
   */
  readonly split?: TrafficSplit;
}

/** What the cutovers of one twin share: their host names on its listener rule, written one resource at a time. */
interface TwinCutovers {
  hostNames: number;
  last?: CustomResource;
}

const cutoversOfTwin = new WeakMap<EcsExpressTwin, TwinCutovers>();

/** Host names a twin's listener rule takes besides its own endpoint (an ALB rule takes 5 condition values). */
const MAX_HOST_NAMES_PER_TWIN = 4;

/** Route 53 weights of CNAME sets must share the TTL: the custom domain's (src/operations/runtime/dns.ts). */
const RECORD_TTL = '300';

/**
 * Moves the traffic of a custom domain from an App Runner service to its ECS Express Mode twin
 * with Route 53 weighted records, one `cdk deploy` per step (`split`).
 *
 * On the twin's side, as AWS documents a custom domain for Express Mode: an ACM certificate for
 * the domain (and `www.`), validated in the hosted zone; the certificate on the load balancer's
 * HTTPS listener (`AWS::ElasticLoadBalancingV2::ListenerCertificate`); the host names on the
 * host-header condition of the listener rule Express Mode manages for the twin (a custom
 * resource: the rule is not in the stack); and the twin's weighted records (set identifier
 * `apprunner-kit-ecs-express`: a CNAME to the load balancer, an alias A record for an apex).
 * On App Runner's side, the custom domain writes its target and www records as weighted sets
 * (`apprunner-kit-app-runner`), replacing its simple records in one change.
 *
 * Steps: `APP_RUNNER_ONLY` (everything in place, no traffic moved), then e.g. `CANARY`, `HALF`,
 * `EXPRESS_ONLY`; the final step removes the App Runner custom domain (its Delete removes only
 * App Runner's weighted sets, never the twin's) and keeps this construct, with the domain given
 * by name. Going back is a deploy with a smaller split.
 */
@propertyInjectable
export class DomainCutover extends Construct {
  /** Identifies this class to property injectors (aws-cdk-lib `PropertyInjectors`). */
  public static readonly PROPERTY_INJECTION_ID: string = 'cdk-apprunner-kit.DomainCutover';

  /** The domain name. */
  public readonly domainName: string;

  /** The split of this deployment. */
  public readonly split: TrafficSplit;

  /** The certificate of the domain on the twin's load balancer. */
  public readonly certificate: acm.ICertificate;

  /** The load balancer's DNS name, which the twin's records point to (known at deploy time). */
  public readonly loadBalancerDnsName: string;

  constructor(scope: Construct, id: string, props: DomainCutoverProps) {
    super(scope, id);
    const twin = props.twin;
    const split = props.split ?? TrafficSplit.APP_RUNNER_ONLY;
    const percent = split.expressPercent;
    if (Token.isUnresolved(percent) || !Number.isInteger(percent) || percent < 0 || percent > 100) {
      fail('InvalidTrafficSplit', `split must send a whole percentage from 0 to 100 to the twin (TrafficSplit.toExpress), got ${percent}`, this);
    }
    if (Stack.of(this) !== Stack.of(twin)) {
      fail('CutoverInOtherStack', `DomainCutover ${this.node.path} must be in the stack of its twin ${twin.node.path}`, this);
    }
    const domain = props.customDomain ? customDomainHooks(props.customDomain) : undefined;
    if (props.customDomain && !domain) {
      fail('CutoverNeedsCustomDomain', `customDomain ${props.customDomain.node.path} is not a CustomDomain of this library`, this);
    }
    const target = domain ? fromCustomDomain(domain, props, twin, this) : withoutAppRunner(props, percent, this);
    const { name, zone, www, apex } = target;
    this.domainName = name;
    this.split = split;

    const cutovers = cutoversOfTwin.get(twin) ?? { hostNames: 0 };
    cutoversOfTwin.set(twin, cutovers);
    const hostNames = www ? [name, `www.${name}`] : [name];
    cutovers.hostNames += hostNames.length;
    if (cutovers.hostNames > MAX_HOST_NAMES_PER_TWIN) {
      fail('TooManyCutoverHostNames',
        `the twin ${twin.node.path} would serve ${cutovers.hostNames} custom host names (${name}${www ? ' and www.' : ''} being the last): its load balancer `
        + `rule takes 5 condition values, one being its own endpoint, so at most ${MAX_HOST_NAMES_PER_TWIN} (a domain with www counts 2)`, this);
    }

    // 1. the certificate, on the twin's HTTPS listener (an SNI certificate next to Express Mode's own)
    this.certificate = new acm.Certificate(this, 'Certificate', {
      domainName: name,
      subjectAlternativeNames: www ? [`www.${name}`] : undefined,
      validation: acm.CertificateValidation.fromDns(zone),
    });
    const listenerCertificate = new elbv2.CfnListenerCertificate(this, 'ListenerCertificate', {
      listenerArn: twin.listenerArn,
      certificates: [{ certificateArn: this.certificate.certificateArn }],
    });

    // 2. the host names on the twin's listener rule (after the certificate: no request for the
    // domain reaches the rule before TLS works), one cutover of the twin at a time
    const provider = OperationsProvider.of(this);
    const hostNamesResource = provider._customResource(this, 'HostNames', EXPRESS_DOMAIN_TYPE, {
      ListenerRuleArn: twin.listenerRuleArn,
      LoadBalancerArn: twin.loadBalancerArn,
      HostNames: hostNames.map((h) => h.toLowerCase()).join(','),
      ConfigHash: Lazy.string({ produce: () => shortHash(JSON.stringify(Stack.of(twin).resolve(twin.cfnService._toCloudFormation()))) }),
    });
    hostNamesResource.node.addDependency(listenerCertificate);
    if (cutovers.last) hostNamesResource.node.addDependency(cutovers.last);
    cutovers.last = hostNamesResource;
    grantHostNames(provider, twin, hostNamesResource);
    this.loadBalancerDnsName = hostNamesResource.getAttString('DNSName');

    // 3. the twin's weighted records; App Runner's become weighted first (Route 53 refuses a
    // weighted set next to a simple one), so they depend on the custom domain
    const weighted = { hostedZoneId: zone.hostedZoneId, setIdentifier: ECS_EXPRESS_SET_IDENTIFIER, weight: percent };
    const cname = (recordId: string, recordName: string) => new route53.CfnRecordSet(this, recordId, {
      ...weighted, name: recordName, type: 'CNAME', ttl: RECORD_TTL, resourceRecords: [this.loadBalancerDnsName],
    });
    const records = [apex
      ? new route53.CfnRecordSet(this, 'Record', {
        ...weighted,
        name,
        type: 'A',
        aliasTarget: {
          dnsName: this.loadBalancerDnsName,
          hostedZoneId: hostNamesResource.getAttString('CanonicalHostedZoneId'),
          evaluateTargetHealth: false,
        },
      })
      : cname('Record', name)];
    if (www) records.push(cname('WwwRecord', `www.${name}`));
    if (domain) {
      domain.setRoutingWeight(100 - percent, this);
      for (const record of records) record.node.addDependency(domain.resource);
    }
  }
}

/** The domain, zone and www flag of a cutover. */
interface CutoverTarget {
  readonly name: string;
  readonly zone: route53.IHostedZone;
  readonly www: boolean;
  readonly apex: boolean;
}

/** From the App Runner custom domain (checked against the props given too). */
function fromCustomDomain(domain: CustomDomainHooks, props: DomainCutoverProps, twin: EcsExpressTwin, scope: Construct): CutoverTarget {
  const zone = domain.hostedZone;
  if (!zone) {
    fail('CutoverWithoutHostedZone',
      `custom domain ${domain.domainName} has no hostedZone: a cutover writes weighted records, so the domain's records must be in a Route 53 zone`, scope);
  }
  if (twinHooks(twin)?.service !== domain.service) {
    fail('CutoverServiceMismatch', `custom domain ${domain.domainName} is not a domain of ${twin.node.path}'s service`, scope);
  }
  const name = props.domainName === undefined ? domain.domainName : stripDot(props.domainName);
  if (!Token.isUnresolved(name) && !Token.isUnresolved(domain.domainName) && name.toLowerCase() !== domain.domainName.toLowerCase()) {
    fail('CutoverDomainMismatch', `domainName ${name} is not the custom domain's (${domain.domainName})`, scope);
  }
  if (props.hostedZone && props.hostedZone !== zone) {
    fail('CutoverDomainMismatch', `hostedZone ${props.hostedZone.node.path} is not the custom domain's (${zone.node.path})`, scope);
  }
  if (props.enableWwwSubdomain !== undefined && props.enableWwwSubdomain !== domain.www) {
    fail('CutoverDomainMismatch', `enableWwwSubdomain ${props.enableWwwSubdomain} is not the custom domain's (${domain.www})`, scope);
  }
  if (domain.apex && domain.dualStack) {
    warn(scope, 'ecsExpressCutoverDualStack',
      `The custom domain ${domain.domainName} has an AAAA alias to the dual-stack App Runner service; the cutover moves the A record only `
      + '(an Express Mode load balancer is dual-stack only in IPv6 subnets), so clients over IPv6 keep reaching App Runner until its custom domain is removed.');
  }
  return { name: domain.domainName, zone, www: domain.www, apex: domain.apex };
}

/** The final step: the domain given by name, App Runner gone. */
function withoutAppRunner(props: DomainCutoverProps, percent: number, scope: Construct): CutoverTarget {
  if (props.domainName === undefined || props.hostedZone === undefined) {
    fail('CutoverWithoutDomain', 'a DomainCutover without customDomain (the final step) needs domainName and hostedZone', scope);
  }
  if (percent !== 100) {
    fail('CutoverWithoutAppRunner',
      `without customDomain App Runner no longer serves the domain, so the split must be TrafficSplit.EXPRESS_ONLY, got ${percent}% to the twin`, scope);
  }
  const www = props.enableWwwSubdomain ?? true;
  const name = stripDot(props.domainName);
  checkDomainName(name, www, scope);
  checkPublicHostedZone(props.hostedZone, name, scope);
  return { name, zone: props.hostedZone, www, apex: isZoneApex(name, props.hostedZone, scope) };
}

/**
 * The handlers' permissions: the rule of the twin (ModifyRule; an inline policy replaced, not
 * edited, when Express Mode gives the twin another rule, so the old instance's Delete keeps it)
 * and the ELB reads (no resource-level permissions).
 */
function grantHostNames(provider: OperationsProvider, twin: EcsExpressTwin, dependent: CustomResource): void {
  const describe = provider._grantHandlersKeyed('ExpressDescribe', 'elasticloadbalancing:Describe', [new iam.PolicyStatement({
    actions: ['elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeLoadBalancers'],
    resources: ['*'],
  })], dependent);
  acknowledgeFinding(describe, 'AwsSolutions-IAM5[Resource::*]',
    'elasticloadbalancing:DescribeRules and DescribeLoadBalancers have no resource-level permissions: they read the twin\'s listener rule and load balancer.');
  // the rule's ID: the last of the ARN's parts (…:listener-rule, app, LB, LB_ID, LISTENER_ID, RULE_ID)
  const ruleId = Fn.select(5, Fn.split('/', twin.listenerRuleArn));
  provider._grantHandlersReplaceable('ExpressRule', twin.node.addr, [new iam.PolicyStatement({
    actions: ['elasticloadbalancing:ModifyRule'],
    resources: [twin.listenerRuleArn],
  })], dependent, [ruleId]);
}
