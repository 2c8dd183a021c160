/**
 * The native resource models of the lifecycle driver for ECS Express Mode and what a custom
 * domain puts in front of it: AWS::ECS::ExpressGatewayService and
 * AWS::ElasticLoadBalancingV2::ListenerCertificate in the ELB fake, AWS::Route53::RecordSet and
 * AWS::CertificateManager::Certificate (with ACM's DNS validation records) in the Route 53 fake.
 * resources.ts registers them in its MODELS table.
 */
import * as crypto from 'crypto';
import { ACCOUNT, arnOf, generatedName, ModelContext, NativeModel, REGION } from './model-context';
import { HarnessError, Json, ResourceFailure } from './template';
import { Elbv2Error, Elbv2Fake, ExpressIngress } from '../emulator/elbv2-fake';

// ---- ECS Express Mode and its load balancer (the ELB fake) ----------------------------------

/** The Express services that exist, by ELB fake: service ARNs. */
const EXPRESS_SERVICES = new WeakMap<Elbv2Fake, Set<string>>();


const elbFailure = (e: unknown): never => {
  if (e instanceof Elbv2Error) {
    throw new ResourceFailure(`Resource handler returned message: "${e.message} (Service: ElasticLoadBalancingV2, Status Code: ${e.status}, Error Code: ${e.code})"`);
  }
  throw e;
};

/** GetAtt names of an Express service's ingress attributes (CloudFormation's, dotted). */
export const EXPRESS_INGRESS = {
  loadBalancerArn: 'ECSManagedResourceArns.IngressPath.LoadBalancerArn',
  listenerArn: 'ECSManagedResourceArns.IngressPath.ListenerArn',
  listenerRuleArn: 'ECSManagedResourceArns.IngressPath.ListenerRuleArn',
  targetGroupArns: 'ECSManagedResourceArns.IngressPath.TargetGroupArns',
  certificateArn: 'ECSManagedResourceArns.IngressPath.CertificateArn',
  loadBalancerSecurityGroups: 'ECSManagedResourceArns.IngressPath.LoadBalancerSecurityGroups',
} as const;

/** An Express service's ActiveConfigurations after its `revision`-th deployment: the configuration given, a revision ARN. */
function activeConfigurations(arn: string, props: Json, endpoint: string, revision: number): Json {
  const [, cluster, name] = arn.split(':').pop()!.split('/');
  const digits = crypto.createHash('sha256').update(`${arn}/revision/${revision}`).digest('hex').replace(/[a-f]/g, (c) => String(c.charCodeAt(0) % 10)).slice(0, 19);
  return [{
    ServiceRevisionArn: arnOf('ecs', `service-revision/${cluster}/${name}/${digits}`),
    CreatedAt: new Date().toISOString(),
    ...Object.fromEntries(['Cpu', 'Memory', 'ExecutionRoleArn', 'TaskRoleArn', 'HealthCheckPath', 'PrimaryContainer', 'ScalingTarget', 'NetworkConfiguration']
      .filter((k) => props[k] !== undefined).map((k) => [k, props[k]])),
    IngressPaths: [{ AccessType: 'PUBLIC', Endpoint: endpoint }],
  }];
}

/**
 * The attributes of an Express service, keyed by CloudFormation's GetAtt names: the dotted
 * leaves (`ECSManagedResourceArns.IngressPath.ListenerRuleArn`, `Status.StatusCode`, …) and the
 * objects above them (`ECSManagedResourceArns.IngressPath`, `ECSManagedResourceArns`, `Status`),
 * so that Fn::GetAtt (either form), Fn::Sub and `stack.attribute()` find them by the whole name.
 */
function expressAttributes(arn: string, cluster: string, name: string, ingress: ExpressIngress, props: Json): Record<string, Json> {
  const now = new Date().toISOString();
  const id = (seed: string, n: number) => crypto.createHash('sha256').update(`${arn}/${seed}`).digest('hex').slice(0, n);
  const sg = (seed: string) => `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/sg-${id(seed, 17)}`;
  const ingressPath = {
    LoadBalancerArn: ingress.loadBalancerArn,
    ListenerArn: ingress.listenerArn,
    ListenerRuleArn: ingress.listenerRuleArn,
    TargetGroupArns: ingress.targetGroupArns,
    CertificateArn: ingress.certificateArn,
    LoadBalancerSecurityGroups: ingress.loadBalancerSecurityGroups.map((g) => `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${g}`),
  };
  const autoScaling = {
    ScalableTarget: arnOf('application-autoscaling', `scalable-target/${id('target', 32)}`),
    ApplicationAutoScalingPolicies: [arnOf('autoscaling', `scalingPolicy:${id('policy', 36)}:resource/ecs/service/${cluster}/${name}:policyName/${name}-scaling`)],
  };
  const managed = {
    IngressPath: ingressPath,
    AutoScaling: autoScaling,
    LogGroups: [arnOf('logs', `log-group:/aws/ecs/${cluster}/${name}-${id('logs', 4)}`)],
    MetricAlarms: [arnOf('cloudwatch', `alarm:${name}-rollback-${id('alarm', 6)}`)],
    ServiceSecurityGroups: [sg('service')],
  };
  const attributes: Record<string, Json> = {
    'ServiceArn': arn,
    'Endpoint': ingress.endpoint,
    'CreatedAt': now,
    'UpdatedAt': now,
    'Status': { StatusCode: 'ACTIVE' },
    'Status.StatusCode': 'ACTIVE',
    'ActiveConfigurations': activeConfigurations(arn, props, ingress.endpoint, 0),
    'ECSManagedResourceArns': managed,
    'ECSManagedResourceArns.IngressPath': ingressPath,
    'ECSManagedResourceArns.AutoScaling': autoScaling,
    'ECSManagedResourceArns.AutoScaling.ScalableTarget': autoScaling.ScalableTarget,
    'ECSManagedResourceArns.AutoScaling.ApplicationAutoScalingPolicies': autoScaling.ApplicationAutoScalingPolicies,
    'ECSManagedResourceArns.LogGroups': managed.LogGroups,
    'ECSManagedResourceArns.MetricAlarms': managed.MetricAlarms,
    'ECSManagedResourceArns.ServiceSecurityGroups': managed.ServiceSecurityGroups,
  };
  for (const [key, value] of Object.entries(ingressPath)) attributes[`ECSManagedResourceArns.IngressPath.${key}`] = value;
  return attributes;
}

/**
 * AWS::ECS::ExpressGatewayService: create is what Express Mode makes on the ELB fake
 * (`createExpressIngress`: a rule on the shared load balancer, two target groups, the endpoint);
 * physical id and Ref are the service ARN (arn:aws:ecs:REGION:ACCOUNT:service/CLUSTER/NAME;
 * a second live service of that ARN is refused). An update in place is a canary deployment
 * (`shiftWeights`: the traffic moves to the other target group; the rule's conditions, with any
 * host names added to them, stay); delete removes the rule and target groups
 * (`deleteExpressIngress`), the load balancer with its last service.
 */
export const EXPRESS_SERVICE: NativeModel = {
  create(ctx, props) {
    const elb = ctx.elb;
    const name = String(props.ServiceName ?? generatedName(ctx, 64).replace(/[^A-Za-z0-9_-]/g, '-'));
    const cluster = String(props.Cluster ?? 'default').split('/').pop()!;
    const arn = `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${cluster}/${name}`;
    const live = EXPRESS_SERVICES.get(elb) ?? new Set<string>();
    EXPRESS_SERVICES.set(elb, live);
    if (live.has(arn)) {
      // message INFERRED (ECS's answer to a second ACTIVE service of one name)
      throw new ResourceFailure('Resource handler returned message: "Creation of service was not idempotent. (Service: Ecs, Status Code: 400, Error Code: InvalidParameterException)"');
    }
    const ingress = elb.createExpressIngress(name);
    live.add(arn);
    return { physicalId: arn, ref: arn, attributes: expressAttributes(arn, cluster, name, ingress, props) };
  },
  update(ctx, current, props) {
    const rule = String(current.attributes[EXPRESS_INGRESS.listenerRuleArn]);
    try {
      ctx.elb.shiftWeights(rule);
    } catch (e) {
      if (e instanceof Elbv2Error) return elbFailure(e);
      // its forward action rewritten outside Express Mode: what a deployment makes of it is not modelled
      throw new HarnessError(`${current.label}: ${(e as Error).message}`);
    }
    const configurations = activeConfigurations(current.physicalId, props, String(current.attributes.Endpoint), ctx.counter());
    return { attributes: { ...current.attributes, ActiveConfigurations: configurations, UpdatedAt: configurations[0].CreatedAt }, effective: true };
  },
  delete(ctx, current) {
    const elb = ctx.elb;
    elb.deleteExpressIngress(String(current.attributes[EXPRESS_INGRESS.listenerRuleArn]));
    EXPRESS_SERVICES.get(elb)?.delete(current.physicalId);
  },
};

const certificateArnsOf = (props: Json): string[] =>
  (Array.isArray(props.Certificates) ? props.Certificates : []).map((c: Json) => String(c.CertificateArn));

/**
 * AWS::ElasticLoadBalancingV2::ListenerCertificate (ListenerArn, create-only, and Certificates
 * [{CertificateArn}]): AddListenerCertificates / RemoveListenerCertificates on the ELB fake; an
 * update removes the certificates no longer listed and adds the new ones; a listener gone is
 * fine on delete.
 */
export const LISTENER_CERTIFICATE: NativeModel = {
  create(ctx, props) {
    try {
      ctx.elb.addListenerCertificates(String(props.ListenerArn), certificateArnsOf(props));
    } catch (e) {
      return elbFailure(e);
    }
    const physicalId = `${ctx.logicalId}-${ctx.counter()}`;
    return { physicalId, ref: physicalId, attributes: {} };
  },
  update(ctx, current, props) {
    const before = certificateArnsOf(current.properties);
    const after = certificateArnsOf(props);
    try {
      ctx.elb.removeListenerCertificates(String(props.ListenerArn), before.filter((c) => !after.includes(c)));
      ctx.elb.addListenerCertificates(String(props.ListenerArn), after.filter((c) => !before.includes(c)));
    } catch (e) {
      return elbFailure(e);
    }
    return { effective: true };
  },
  delete(ctx, current) {
    const elb = ctx.elb;
    if (!elb.listeners.has(String(current.properties.ListenerArn))) return;
    try {
      elb.removeListenerCertificates(String(current.properties.ListenerArn), certificateArnsOf(current.properties));
    } catch (e) {
      elbFailure(e);
    }
  },
};

// ---- Route 53 record sets and ACM's validation records ---------------------------------------

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const xmlEl = (name: string, value: Json) => (value === undefined || value === null ? '' : `<${name}>${xmlText(String(value))}</${name}>`);
const fqdnOf = (name: string) => (name.endsWith('.') ? name : `${name}.`).toLowerCase();
/** Record set properties the Route 53 fake does not model (other routing policies, health checks). */
const UNMODELLED_RECORD_PROPERTIES = ['Region', 'Failover', 'GeoLocation', 'GeoProximityLocation', 'MultiValueAnswer', 'CidrRoutingConfig', 'HealthCheckId'];

/** A ResourceRecordSet element of a ChangeResourceRecordSets request from CloudFormation properties. */
function recordSetXml(p: Json): string {
  const alias = p.AliasTarget;
  return `<ResourceRecordSet>${xmlEl('Name', p.Name)}${xmlEl('Type', p.Type)}${xmlEl('SetIdentifier', p.SetIdentifier)}${xmlEl('Weight', p.Weight)}`
    + (alias ? `<AliasTarget>${xmlEl('HostedZoneId', alias.HostedZoneId)}${xmlEl('DNSName', alias.DNSName)}`
      + `${xmlEl('EvaluateTargetHealth', String(alias.EvaluateTargetHealth ?? false) === 'true')}</AliasTarget>` : '')
    + xmlEl('TTL', p.TTL)
    + (Array.isArray(p.ResourceRecords)
      ? `<ResourceRecords>${p.ResourceRecords.map((v: Json) => `<ResourceRecord>${xmlEl('Value', v)}</ResourceRecord>`).join('')}</ResourceRecords>` : '')
    + '</ResourceRecordSet>';
}

/** A Route 53 failure as CloudFormation reports it, with the Route 53 error code and message kept. */
class Route53Failure extends ResourceFailure {
  constructor(public readonly code: string, public readonly detail: string, status: number) {
    super(`Resource handler returned message: "${detail} (Service: Route53, Status Code: ${status}, Error Code: ${code})"`);
  }
}

/** One ChangeResourceRecordSets batch through the Route 53 fake (all its checks); a refusal is a Route53Failure. */
function changeRecordSets(ctx: ModelContext, zoneId: string, changes: Array<[string, Json]>): void {
  const body = '<?xml version="1.0" encoding="UTF-8"?><ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/">'
    + `<ChangeBatch><Changes>${changes.map(([action, p]) => `<Change><Action>${action}</Action>${recordSetXml(p)}</Change>`).join('')}</Changes></ChangeBatch>`
    + '</ChangeResourceRecordSetsRequest>';
  const [status, xml] = ctx.route53.handle('POST', new URL(`http://loopback/2013-04-01/hostedzone/${zoneId}/rrset/`), body);
  if (status === 200) return;
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  throw new Route53Failure(/<Code>([^<]*)<\/Code>/.exec(xml)?.[1] ?? 'InternalError', unescape(/<Message>([\s\S]*?)<\/Message>/.exec(xml)?.[1] ?? ''), status);
}

/** The hosted zone of a record set: HostedZoneId (a /hostedzone/ prefix dropped), else the zone named HostedZoneName. */
function zoneIdOf(ctx: ModelContext, props: Json): string {
  if (props.HostedZoneId !== undefined) return String(props.HostedZoneId).replace(/^\/hostedzone\//, '');
  if (props.HostedZoneName === undefined) throw new ResourceFailure('Exactly one of [HostedZoneId, HostedZoneName] must be specified'); // message INFERRED
  const name = fqdnOf(String(props.HostedZoneName));
  const found = [...ctx.route53.zoneNames].filter(([, zone]) => zone === name).map(([id]) => id);
  // messages INFERRED; zones the fake did not create (imported ones) have no name: give their HostedZoneId
  if (found.length !== 1) throw new ResourceFailure(found.length === 0 ? `No hosted zones named ${name} found` : `Multiple hosted zones named ${name} found`);
  return found[0];
}

const recordLabel = (p: Json) => `${p.Name} ${p.Type}${p.SetIdentifier === undefined ? '' : ` ${p.SetIdentifier}`}`;

/**
 * AWS::Route53::RecordSet, written into the Route 53 fake as CloudFormation writes it: create is
 * a CREATE change (an existing set is refused, InvalidChangeBatch and InvalidInput become the
 * resource's failure); an update is an UPSERT of the set, or, when Type or SetIdentifier change
 * (another set), one batch deleting the old set (if it is still there) and creating the new one;
 * a change of Name or zone is a replacement (create-only); delete is a DELETE of exactly the set
 * the properties describe (a set or zone already gone is fine; other values than those written:
 * the DELETE fails, as Route 53 refuses it). Ref and physical id: the record name as given.
 * Unmodelled routing policies and health checks are a HarnessError.
 */
export const RECORD_SET: NativeModel = {
  create(ctx, props) {
    const unmodelled = UNMODELLED_RECORD_PROPERTIES.find((k) => props[k] !== undefined);
    if (unmodelled) throw new HarnessError(`${ctx.stackName}/${ctx.logicalId}: the Route 53 fake does not model record sets with ${unmodelled}`);
    changeRecordSets(ctx, zoneIdOf(ctx, props), [['CREATE', props]]);
    const name = String(props.Name);
    return { physicalId: name, ref: name, attributes: {} };
  },
  update(ctx, current, props) {
    const unmodelled = UNMODELLED_RECORD_PROPERTIES.find((k) => props[k] !== undefined);
    if (unmodelled) throw new HarnessError(`${ctx.stackName}/${ctx.logicalId}: the Route 53 fake does not model record sets with ${unmodelled}`);
    const old = current.properties;
    const zoneId = zoneIdOf(ctx, props);
    if (old.Type === props.Type && old.SetIdentifier === props.SetIdentifier) {
      changeRecordSets(ctx, zoneId, [['UPSERT', props]]);
    } else {
      const stillThere = ctx.route53.recordSets(zoneId, String(old.Name), String(old.Type)).some((r) => r.SetIdentifier === old.SetIdentifier);
      changeRecordSets(ctx, zoneId, [...(stillThere ? [['DELETE', old] as [string, Json]] : []), ['CREATE', props]]);
    }
    return { effective: true };
  },
  delete(ctx, current) {
    try {
      changeRecordSets(ctx, zoneIdOf(ctx, current.properties), [['DELETE', current.properties]]);
    } catch (e) {
      if (e instanceof Route53Failure && (e.code === 'NoSuchHostedZone' || /but it was not found\]$/.test(e.detail))) return;
      if (e instanceof Route53Failure) throw new ResourceFailure(`${e.message} (deleting ${recordLabel(current.properties)})`);
      throw e;
    }
  },
};

/**
 * The CNAME ACM asks for to validate a domain by DNS: `_<hash>.<domain>.` →
 * `_<hash>.<hash>.acm-validations.aws.`, a function of the account and the domain (ACM gives
 * every certificate of an account the same record for a domain; a wildcard `*.x` the record of
 * `x`), so tests can predict it. The hashes are the fake's own.
 */
export function acmValidationRecord(domain: string): { name: string; value: string } {
  const base = domain.replace(/^\*\./, '').replace(/\.$/, '').toLowerCase();
  const h = crypto.createHash('sha256').update(`acm/${ACCOUNT}/${base}`).digest('hex');
  return { name: `_${h.slice(0, 32)}.${base}.`, value: `_${h.slice(32, 64)}.${crypto.createHash('sha256').update(h).digest('hex').slice(0, 10)}.acm-validations.aws.` };
}

/**
 * AWS::CertificateManager::Certificate: an ACM ARN (physical id and Ref); with DNS validation,
 * CloudFormation writes the validation CNAME of each of the certificate's domains (DomainName
 * and SubjectAlternativeNames) that a DomainValidationOption with a HostedZoneId names into that
 * zone (UPSERT, TTL 300: INFERRED; a record two domains share, a domain given twice or `*.x`
 * beside `x`, is written once); the certificate is then issued at once. Delete leaves the
 * validation records in the zone, as CloudFormation does
 * (https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/1603,
 * https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/837,
 * https://github.com/aws/aws-cdk/issues/7063: a hosted zone of the same stack then fails to
 * delete, HostedZoneNotEmpty); `acmValidationRecord` names them for a test's cleanup.
 */
export const CERTIFICATE: NativeModel = {
  create(ctx, props) {
    const options: Json[] = Array.isArray(props.DomainValidationOptions) ? props.DomainValidationOptions : [];
    const zoned = options.filter((o) => o.HostedZoneId !== undefined);
    if (zoned.length > 0 && props.ValidationMethod !== 'DNS') {
      // the rule is documented (HostedZoneId "can be used only when DNS is specified as your validation method"); the message is INFERRED
      throw new ResourceFailure('Resource handler returned message: "HostedZoneId can be used only with DNS validation" (HandlerErrorCode: InvalidRequest)');
    }
    const domains = [props.DomainName, ...(Array.isArray(props.SubjectAlternativeNames) ? props.SubjectAlternativeNames : [])].map(String);
    const byZone = new Map<string, Map<string, string>>();
    for (const domain of domains) {
      const option = zoned.find((o) => String(o.DomainName).toLowerCase() === domain.toLowerCase());
      if (!option) continue;
      const zoneId = String(option.HostedZoneId).replace(/^\/hostedzone\//, '');
      const record = acmValidationRecord(domain);
      if (!byZone.has(zoneId)) byZone.set(zoneId, new Map());
      byZone.get(zoneId)!.set(record.name, record.value);
    }
    for (const [zoneId, records] of byZone) {
      changeRecordSets(ctx, zoneId, [...records].map(([Name, value]) => ['UPSERT', { Name, Type: 'CNAME', TTL: '300', ResourceRecords: [value] }]));
    }
    const h = crypto.createHash('sha256').update(`${ctx.stackName}/${ctx.logicalId}/${ctx.suffix()}`).digest('hex');
    const arn = arnOf('acm', `certificate/${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`);
    return { physicalId: arn, ref: arn, attributes: { Id: arn } };
  },
  update: () => ({ effective: true }),
  delete: () => undefined,
};
