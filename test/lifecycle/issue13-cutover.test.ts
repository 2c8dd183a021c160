/**
 * Issue 13: moving a custom domain from App Runner to the ECS Express Mode twin, one `cdk deploy`
 * per step, on the bundled handlers with IAM enforced: App Runner (emulator), Route 53 (weighted
 * record sets as Route 53 keeps them), the Express service's load balancer (ELB fake: its
 * listener, certificates and listener rule) and CloudFormation's own resources
 * (AWS::Route53::RecordSet, AWS::CertificateManager::Certificate,
 * AWS::ElasticLoadBalancingV2::ListenerCertificate, AWS::ECS::ExpressGatewayService models).
 *
 * Steps: side by side (App Runner serves api.example.com and www.) → 100/0 → 50/50 → 0/100 →
 * back to 50/50 → 0/100 → App Runner's custom domain removed → the App Runner service removed; every step checked on
 * the zone, the listener and its rule. Every change of the zone is watched: the domain never
 * goes without an answer, and once the twin has all the traffic no answer names App Runner.
 */
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { IMAGE, useWorld } from './issue10-fixture';
import { acmValidationRecord, EXPRESS_INGRESS } from './resources';
import { LifecycleStack } from './stack';
import { Template } from './template';
import { templateOf } from './world';
import { DomainCutover, EcsExpressTwin, HealthCheck, Service, ServiceProps, Source, TrafficSplit } from '../../src';

const world = useWorld();

type Step = 'side-by-side' | 'app-runner-only' | 'half' | 'express-only' | 'domain-removed' | 'app-runner-removed';
const STEPS: readonly Step[] = ['side-by-side', 'app-runner-only', 'half', 'express-only', 'domain-removed', 'app-runner-removed'];
const SPLIT: Partial<Record<Step, TrafficSplit>> = {
  'app-runner-only': TrafficSplit.APP_RUNNER_ONLY, 'half': TrafficSplit.HALF, 'express-only': TrafficSplit.EXPRESS_ONLY,
};
const APP_RUNNER = 'apprunner-kit-app-runner';
const EXPRESS = 'apprunner-kit-ecs-express';
const NAMES = ['api.example.com.', 'www.api.example.com.'];

interface Built {
  readonly template: Template;
  readonly ids: {
    readonly twin: string; readonly certificate?: string; readonly hostNames?: string; readonly service?: string;
  };
}

/** The app at a step; `fault` adds a resource that fails after everything else (a rolled-back deployment). */
function app(zoneId: string, step: Step, opts: { fault?: boolean; variable?: string } = {}): Built {
  const at = (first: Step) => STEPS.indexOf(step) >= STEPS.indexOf(first);
  const stack = new Stack(new App(), 'Cutover', { env: { account: '123456789012', region: 'us-east-1' } });
  const zone = route53.PublicHostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: zoneId, zoneName: 'example.com' });
  const serviceProps: ServiceProps = {
    source: Source.fromEcrPublic({ imageIdentifier: IMAGE, imageConfiguration: { environmentVariables: { MODE: opts.variable ?? 'a' } } }),
    healthCheck: HealthCheck.http({ path: '/' }),
    instanceRole: new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('tasks.apprunner.amazonaws.com') }),
  };
  const service = at('app-runner-removed') ? undefined : new Service(stack, 'Api', serviceProps);
  const domain = service && !at('domain-removed') ? service.addCustomDomain({ domainName: 'api.example.com', hostedZone: zone }) : undefined;
  const twin = new EcsExpressTwin(stack, 'Twin', service ? { service } : { serviceProps });
  let cutover: DomainCutover | undefined;
  if (at('app-runner-only')) {
    cutover = domain
      ? new DomainCutover(stack, 'ApiCutover', { twin, customDomain: domain, split: SPLIT[step] })
      : new DomainCutover(stack, 'ApiCutover', { twin, domainName: 'api.example.com', hostedZone: zone, split: TrafficSplit.EXPRESS_ONLY });
  }
  if (opts.fault) {
    new CfnResource(stack, 'Fault', { type: 'Custom::HarnessFault', properties: { Fail: 'true' } })
      .node.addDependency(...[twin, domain, cutover].filter((c) => c !== undefined));
  }
  const id = (c: { node: { defaultChild?: unknown } } | undefined) => (c ? stack.getLogicalId(c.node.defaultChild as CfnResource) : undefined);
  return {
    template: templateOf(stack),
    ids: {
      twin: id(twin)!,
      service: id(service),
      certificate: cutover ? stack.getLogicalId(cutover.certificate.node.defaultChild as CfnResource) : undefined,
      hostNames: cutover ? stack.getLogicalId(cutover.node.findChild('HostNames').node.defaultChild as CfnResource) : undefined,
    },
  };
}

/** The sets of api.example.com and www. (CNAME) as `SETID:WEIGHT:VALUE` (`-` for a simple set). */
function sets(zoneId: string): Record<string, string[]> {
  return Object.fromEntries(NAMES.map((name) => [name, world().route53.recordSets(zoneId, name, 'CNAME')
    .map((r) => `${r.SetIdentifier ?? '-'}:${r.Weight ?? '-'}:${r.Values?.[0]}`).sort()]));
}

/** The App Runner DNS target of the stack's service. */
function appRunnerTarget(): string {
  const service = [...world().appRunner.services.values()].find((s) => s.domains.length > 0) ?? [...world().appRunner.services.values()][0];
  return world().appRunner.dnsTarget(service);
}

/**
 * Watches every change of the zone: after each, the names must still have an answer (a set
 * with a positive weight, or a simple set), and, once `expressOnly` is set, no answer may name
 * App Runner.
 */
function watchZone(zoneId: string): { problems: string[]; changes: number; expressOnly: boolean; stop(): void } {
  const fake = world().route53;
  const original = fake.handle.bind(fake);
  let armed = false;
  const watch = {
    problems: [] as string[],
    changes: 0,
    expressOnly: false,
    stop: () => { fake.handle = original; },
  };
  fake.handle = (method, url, body) => {
    const result = original(method, url, body);
    if (method === 'POST' && url.pathname.includes(zoneId)) {
      watch.changes++;
      for (const name of NAMES) {
        const live = world().route53.recordSets(zoneId, name, 'CNAME');
        if (live.length > 0) armed = true;
        if (!armed) continue;
        const answering = live.filter((r) => r.SetIdentifier === undefined || (r.Weight ?? 0) > 0 || live.every((x) => (x.Weight ?? 0) === 0));
        if (answering.length === 0) watch.problems.push(`${name}: no answer after a change`);
        if (watch.expressOnly && answering.some((r) => r.SetIdentifier !== EXPRESS)) {
          watch.problems.push(`${name}: an answer names App Runner (${JSON.stringify(live)})`);
        }
      }
    }
    return result;
  };
  return watch;
}

/** The certificates added to a listener (its default one, Express Mode's own, aside). */
const sniCertificates = (listener: string) => world().elb.listenerCertificates(listener).filter((c) => !c.IsDefault).map((c) => c.CertificateArn);

/** The Express ingress of the stack's twin. */
function ingress(stack: LifecycleStack, twinId: string): { rule: string; listener: string } {
  return {
    rule: String(stack.attribute(twinId, EXPRESS_INGRESS.listenerRuleArn)),
    listener: String(stack.attribute(twinId, EXPRESS_INGRESS.listenerArn)),
  };
}

test('side by side → 100/0 → 50/50 → 0/100 → App Runner\'s custom domain removed → App Runner removed: records, certificate and host names at each step', async () => {
  const { id: zoneId } = world().route53.createHostedZone('example.com');
  const stack = world().stack('CutoverSteps');
  const watch = watchZone(zoneId);
  const denials = world().denials.length;
  try {
    // side by side: App Runner serves the domain with simple records; the twin has its own endpoint
    const v0 = app(zoneId, 'side-by-side');
    expect((await stack.deploy(v0.template)).status).toBe('CREATE_COMPLETE');
    const target = appRunnerTarget();
    expect(sets(zoneId)).toEqual({ 'api.example.com.': [`-:-:${target}`], 'www.api.example.com.': [`-:-:${target}`] });
    const { rule, listener } = ingress(stack, v0.ids.twin);
    const endpoint = String(stack.attribute(v0.ids.twin, 'Endpoint'));
    expect(world().elb.hostValues(rule)).toEqual([endpoint]);
    const alb = world().elb.loadBalancers.get(String(stack.attribute(v0.ids.twin, EXPRESS_INGRESS.loadBalancerArn)))!;

    // 100/0: everything of the twin's side in place, App Runner's records weighted (one batch), no traffic moved
    const v1 = app(zoneId, 'app-runner-only');
    expect((await stack.deploy(v1.template)).status).toBe('UPDATE_COMPLETE');
    const certificate = stack.physicalId(v1.ids.certificate!)!;
    expect(sniCertificates(listener)).toEqual([certificate]);
    expect(world().elb.hostValues(rule)).toEqual([endpoint, 'api.example.com', 'www.api.example.com']);
    const weighted = (appRunner: number, express: number) => NAMES.map((name) => [name, [`${APP_RUNNER}:${appRunner}:${target}`, `${EXPRESS}:${express}:${alb.dnsName}`]]);
    expect(sets(zoneId)).toEqual(Object.fromEntries(weighted(100, 0)));
    // the certificate's validation records are in the zone (CloudFormation wrote them), next to App Runner's
    for (const name of ['api.example.com', 'www.api.example.com']) {
      expect(world().route53.recordSets(zoneId, acmValidationRecord(name).name, 'CNAME')).toHaveLength(1);
    }
    expect(stack.attribute(v1.ids.hostNames!, 'DNSName')).toBe(alb.dnsName);

    // 50/50, then 0/100: weights in place
    expect((await stack.deploy(app(zoneId, 'half').template)).status).toBe('UPDATE_COMPLETE');
    expect(sets(zoneId)).toEqual(Object.fromEntries(weighted(50, 50)));
    expect((await stack.deploy(app(zoneId, 'express-only').template)).status).toBe('UPDATE_COMPLETE');
    expect(sets(zoneId)).toEqual(Object.fromEntries(weighted(0, 100)));
    // going back is a deploy with a smaller split, and forward again
    expect((await stack.deploy(app(zoneId, 'half').template)).status).toBe('UPDATE_COMPLETE');
    expect(sets(zoneId)).toEqual(Object.fromEntries(weighted(50, 50)));
    expect((await stack.deploy(app(zoneId, 'express-only').template)).status).toBe('UPDATE_COMPLETE');
    expect(sets(zoneId)).toEqual(Object.fromEntries(weighted(0, 100)));
    watch.expressOnly = true;

    // App Runner's custom domain removed: disassociated, its sets and validation records gone; the twin's untouched
    const v4 = app(zoneId, 'domain-removed');
    const removed = await stack.deploy(v4.template);
    expect(removed.status).toBe('UPDATE_COMPLETE');
    expect(removed.events.filter((e) => e.logicalId.startsWith('ApiCutover') && /UPDATE|DELETE/.test(e.status))).toEqual([]);
    expect(sets(zoneId)).toEqual(Object.fromEntries(NAMES.map((name) => [name, [`${EXPRESS}:100:${alb.dnsName}`]])));
    expect([...world().appRunner.services.values()].flatMap((s) => s.domains)).toEqual([]);
    expect(world().route53.zone(zoneId).filter((r) => r.Type === 'CNAME').map((r) => r.Name).sort()).toEqual([
      acmValidationRecord('api.example.com').name, acmValidationRecord('www.api.example.com').name, ...NAMES,
    ].sort());
    expect(world().elb.hostValues(rule)).toEqual([endpoint, 'api.example.com', 'www.api.example.com']);

    // the App Runner service removed, the twin made from its props: the twin and the cutover are not even updated
    const v5 = app(zoneId, 'app-runner-removed');
    const gone = await stack.deploy(v5.template);
    expect(gone.status).toBe('UPDATE_COMPLETE');
    expect(gone.events.filter((e) => (e.logicalId === v5.ids.twin || e.logicalId.startsWith('ApiCutover')) && /UPDATE|DELETE/.test(e.status))).toEqual([]);
    expect(gone.events.some((e) => e.logicalId === v4.ids.service && e.status === 'DELETE_COMPLETE')).toBe(true);
    expect(sets(zoneId)).toEqual(Object.fromEntries(NAMES.map((name) => [name, [`${EXPRESS}:100:${alb.dnsName}`]])));
    expect(sniCertificates(listener)).toEqual([certificate]);

    // every ModifyRule wrote conditions only, never the actions (the canary's weights)
    const modifications = world().elb.requests.filter((r) => r.action === 'ModifyRule');
    expect(modifications.length).toBeGreaterThan(0);
    for (const m of modifications) expect(Object.keys(m.input).filter((k) => k.startsWith('Actions'))).toEqual([]);
    expect(watch.problems).toEqual([]);
    expect(watch.changes).toBeGreaterThanOrEqual(8); // App Runner's records, the validation records, the twin's sets: each step's changes were seen
    expect(world().denials.slice(denials)).toEqual([]);

    // and the stack goes: the twin's host names, certificate and records with it
    expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
    expect(sets(zoneId)).toEqual({ 'api.example.com.': [], 'www.api.example.com.': [] });
    expect(world().denials.slice(denials)).toEqual([]);
  } finally {
    watch.stop();
  }
});

test.each(['reverse', 'dependencies-first'] as const)('the cutover\'s first step rolled back (%s): App Runner keeps the domain, nothing of the twin\'s side stays', async (rollbackOrder) => {
  const { id: zoneId } = world().route53.createHostedZone('example.com');
  const stack = world().stack(`CutoverRollback${rollbackOrder === 'reverse' ? 1 : 2}`);
  const watch = watchZone(zoneId);
  const denials = world().denials.length;
  try {
    const v0 = app(zoneId, 'side-by-side');
    await stack.deploy(v0.template);
    const target = appRunnerTarget();
    const { rule, listener } = ingress(stack, v0.ids.twin);
    const hostsBefore = world().elb.hostValues(rule);

    const failed = await stack.deploy(app(zoneId, 'half', { fault: true }).template, { rollbackOrder });
    expect(failed.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(failed.events.filter((e) => /FAILED/.test(e.status) && e.logicalId !== 'Fault')).toEqual([]);
    // App Runner's records: the custom domain was updated back while the twin's sets still
    // existed (Route 53 mixes no simple and weighted sets), so they stay weighted, alone: every answer is App Runner's
    expect(sets(zoneId)).toEqual(Object.fromEntries(NAMES.map((name) => [name, [`${APP_RUNNER}:255:${target}`]])));
    expect(world().elb.hostValues(rule)).toEqual(hostsBefore);
    expect(sniCertificates(listener)).toEqual([]);
    expect(watch.problems).toEqual([]);

    // the same deployment again succeeds, from the weighted state
    expect((await stack.deploy(app(zoneId, 'half').template)).status).toBe('UPDATE_COMPLETE');
    expect(sets(zoneId)['api.example.com.']).toHaveLength(2);
    // removing the cutover: App Runner's sets stay weighted (the twin's went only in the cleanup),
    // alone and answering every query, until the custom domain next runs
    const back = await stack.deploy(app(zoneId, 'side-by-side').template);
    expect(back.status).toBe('UPDATE_COMPLETE');
    expect(sets(zoneId)).toEqual(Object.fromEntries(NAMES.map((name) => [name, [`${APP_RUNNER}:255:${target}`]])));
    expect(sniCertificates(listener)).toEqual([]);
    expect(world().elb.hostValues(rule)).toEqual(hostsBefore);
    expect(world().denials.slice(denials)).toEqual([]);
    expect(watch.problems).toEqual([]);
    expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
  } finally {
    watch.stop();
  }
});

test('an update of the twin writes the host names again (should Express Mode have reset its rule)', async () => {
  const { id: zoneId } = world().route53.createHostedZone('example.com');
  const stack = world().stack('CutoverRuleReset');
  const v1 = app(zoneId, 'half');
  await stack.deploy(v1.template);
  const { rule } = ingress(stack, v1.ids.twin);
  world().elb.resetExpressConditions(rule);
  expect(world().elb.hostValues(rule)).toHaveLength(1);
  const updated = await stack.deploy(app(zoneId, 'half', { variable: 'b' }).template);
  expect(updated.status).toBe('UPDATE_COMPLETE');
  expect(world().elb.hostValues(rule)).toEqual([expect.stringMatching(/\.on\.aws$/), 'api.example.com', 'www.api.example.com']);
  expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
});

test('an apex domain: weighted alias A records on both sides; App Runner\'s removal leaves the twin\'s alias', async () => {
  const { id: zoneId } = world().route53.createHostedZone('example.com');
  const stack = world().stack('CutoverApex');
  const apex = (withDomain: boolean) => {
    const s = new Stack(new App(), 'Apex', { env: { account: '123456789012', region: 'us-east-1' } });
    const zone = route53.PublicHostedZone.fromHostedZoneAttributes(s, 'Zone', { hostedZoneId: zoneId, zoneName: 'example.com' });
    const service = new Service(s, 'Api', { source: Source.fromEcrPublic({ imageIdentifier: IMAGE }), healthCheck: HealthCheck.http({ path: '/' }) });
    const twin = new EcsExpressTwin(s, 'Twin', { service });
    if (withDomain) {
      const domain = service.addCustomDomain({ domainName: 'example.com', hostedZone: zone, enableWwwSubdomain: false });
      new DomainCutover(s, 'Cutover', { twin, customDomain: domain, split: TrafficSplit.HALF });
    } else {
      new DomainCutover(s, 'Cutover', { twin, domainName: 'example.com', hostedZone: zone, enableWwwSubdomain: false, split: TrafficSplit.EXPRESS_ONLY });
    }
    return templateOf(s);
  };
  const aliases = () => world().route53.recordSets(zoneId, 'example.com.', 'A')
    .map((r) => `${r.SetIdentifier}:${r.Weight}:${r.Alias?.HostedZoneId}:${r.Alias?.DNSName.replace(/\.$/, '')}`).sort();
  const denials = world().denials.length;
  expect((await stack.deploy(apex(true))).status).toBe('CREATE_COMPLETE');
  const alb = [...world().elb.loadBalancers.values()].find((lb) => aliases().some((a) => a.endsWith(lb.dnsName)))!;
  expect(alb).toBeDefined();
  expect(aliases()).toEqual([
    `${APP_RUNNER}:50:Z01915732ZBZKC8D32TPT:${appRunnerTarget()}`,
    `${EXPRESS}:50:${alb.canonicalHostedZoneId}:${alb.dnsName}`,
  ]);
  expect((await stack.deploy(apex(false))).status).toBe('UPDATE_COMPLETE');
  expect(aliases()).toEqual([`${EXPRESS}:100:${alb.canonicalHostedZoneId}:${alb.dnsName}`]);
  expect(world().denials.slice(denials)).toEqual([]);
  expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
});
