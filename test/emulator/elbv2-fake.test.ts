/**
 * The ELB v2 fake (elbv2-fake.ts) through the real @aws-sdk/client-elastic-load-balancing-v2
 * against a started LoopbackAws (so the awsQuery request and response shapes are the SDK's
 * own): Express Mode's shared load balancer, DescribeRules / ModifyRule / DescribeLoadBalancers /
 * DescribeListenerCertificates with ELB's rules and errors, and the helpers for tests.
 */
import {
  DescribeListenerCertificatesCommand, DescribeLoadBalancersCommand, DescribeRulesCommand, ElasticLoadBalancingV2Client, ModifyRuleCommand,
  RuleCondition,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { Elbv2Fake, parseQuery } from './elbv2-fake';
import { DEFAULT_ACCESS_KEY_ID, LoopbackAws, loopbackClientConfig, ServiceRequest } from './server';

const aws = new LoopbackAws();
const fake: Elbv2Fake = aws.elb;
let endpoint: string;
let client: ElasticLoadBalancingV2Client;

beforeAll(async () => {
  endpoint = await aws.start();
  client = new ElasticLoadBalancingV2Client(loopbackClientConfig(endpoint));
});

afterAll(async () => {
  client.destroy();
  await aws.stop();
});

const hosts = (...values: string[]): RuleCondition => ({ Field: 'host-header', HostHeaderConfig: { Values: values } });
const modify = (RuleArn: string, Conditions: RuleCondition[]) => client.send(new ModifyRuleCommand({ RuleArn, Conditions }));
const describeRule = async (ruleArn: string) => (await client.send(new DescribeRulesCommand({ RuleArns: [ruleArn] }))).Rules![0];

describe('Express Mode ingress', () => {
  test('two services share one load balancer and listener: one rule (host-header = endpoint) and two target groups each', async () => {
    const a = fake.createExpressIngress('orders-api');
    const b = fake.createExpressIngress('Billing_Service');
    expect(b.loadBalancerArn).toBe(a.loadBalancerArn);
    expect(b.listenerArn).toBe(a.listenerArn);
    expect(b.listenerRuleArn).not.toBe(a.listenerRuleArn);
    expect(a.loadBalancerArn).toMatch(/^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer\/app\/[\w-]{1,32}\/[0-9a-f]{16}$/);
    expect(a.listenerArn).toMatch(/:listener\/app\/[\w-]+\/[0-9a-f]{16}\/[0-9a-f]{16}$/);
    expect(a.listenerRuleArn).toMatch(/:listener-rule\/app\/[\w-]+\/[0-9a-f]{16}\/[0-9a-f]{16}\/[0-9a-f]{16}$/);
    expect(a.targetGroupArns).toHaveLength(2);
    for (const tg of [...a.targetGroupArns, ...b.targetGroupArns]) expect(tg).toMatch(/:targetgroup\/[\w-]{1,32}\/[0-9a-f]{16}$/);
    expect(a.endpoint).toMatch(/^orders-api-[0-9a-f]{8}\.ecs\.us-east-1\.on\.aws$/);
    expect(b.endpoint).toMatch(/^billing-service-[0-9a-f]{8}\.ecs\.us-east-1\.on\.aws$/);

    const rule = await describeRule(a.listenerRuleArn);
    expect(rule).toEqual({
      RuleArn: a.listenerRuleArn,
      Priority: '1',
      IsDefault: false,
      // ELB echoes the values in Values beside HostHeaderConfig
      Conditions: [{ Field: 'host-header', Values: [a.endpoint], HostHeaderConfig: { Values: [a.endpoint] } }],
      Actions: [{
        Type: 'forward',
        Order: 1,
        ForwardConfig: {
          TargetGroups: [{ TargetGroupArn: a.targetGroupArns[0], Weight: 100 }, { TargetGroupArn: a.targetGroupArns[1], Weight: 0 }],
          TargetGroupStickinessConfig: { Enabled: false },
        },
      }],
    });
    const all = await client.send(new DescribeRulesCommand({ ListenerArn: a.listenerArn }));
    expect(all.Rules!.map((r) => `${r.Priority} ${r.IsDefault}`)).toEqual(['1 false', '2 false', 'default true']);
    expect(all.Rules![2].Actions).toEqual([{ Type: 'fixed-response', Order: 1, FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain' } }]);
    const page = await client.send(new DescribeRulesCommand({ ListenerArn: a.listenerArn, PageSize: 2 }));
    expect(page.Rules).toHaveLength(2);
    expect((await client.send(new DescribeRulesCommand({ ListenerArn: a.listenerArn, Marker: page.NextMarker }))).Rules).toHaveLength(1);

    const lbs = await client.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [a.loadBalancerArn] }));
    expect(lbs.LoadBalancers).toHaveLength(1);
    expect(lbs.LoadBalancers![0]).toMatchObject({
      LoadBalancerArn: a.loadBalancerArn,
      DNSName: a.dnsName,
      CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
      Type: 'application',
      Scheme: 'internet-facing',
      State: { Code: 'active' },
      SecurityGroups: a.loadBalancerSecurityGroups,
    });
    expect(a.dnsName).toMatch(/^ecs-express-gateway-alb-[0-9a-f]{8}-\d{10}\.us-east-1\.elb\.amazonaws\.com$/);
    expect(lbs.LoadBalancers![0].CreatedTime).toBeInstanceOf(Date);

    // the certificates of both endpoints on the listener: the first is the default one
    const certs = await client.send(new DescribeListenerCertificatesCommand({ ListenerArn: a.listenerArn }));
    expect(certs.Certificates).toEqual([
      { CertificateArn: a.certificateArn, IsDefault: true }, { CertificateArn: b.certificateArn, IsDefault: false },
    ]);

    expect(fake.deleteExpressIngress(a.listenerRuleArn)).toBe(true);
    expect(fake.deleteExpressIngress(a.listenerRuleArn)).toBe(false);
    expect(a.targetGroupArns.some((tg) => fake.targetGroups.has(tg))).toBe(false);
    expect(fake.loadBalancers.has(a.loadBalancerArn)).toBe(true); // b still uses it
    await expect(describeRule(a.listenerRuleArn)).rejects.toMatchObject({ name: 'RuleNotFoundException', message: 'One or more rules not found' });
    fake.deleteExpressIngress(b.listenerRuleArn);
    expect(fake.loadBalancers.has(a.loadBalancerArn)).toBe(false);
    expect(fake.listeners.has(a.listenerArn)).toBe(false);
    expect([...fake.rules.values()].filter((r) => r.listenerArn === a.listenerArn)).toEqual([]);
    await expect(client.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [a.loadBalancerArn] })))
      .rejects.toMatchObject({ name: 'LoadBalancerNotFoundException', message: 'One or more load balancers not found', $metadata: { httpStatusCode: 400 } });
    await expect(client.send(new DescribeListenerCertificatesCommand({ ListenerArn: a.listenerArn })))
      .rejects.toMatchObject({ name: 'ListenerNotFoundException', message: 'One or more listeners not found' });
  });

  test('a load balancer takes 25 services; the 26th gets a new one', () => {
    const made = Array.from({ length: 26 }, (_, i) => fake.createExpressIngress(`svc-${i}`));
    expect(new Set(made.slice(0, 25).map((m) => m.loadBalancerArn)).size).toBe(1);
    expect(made[25].loadBalancerArn).not.toBe(made[0].loadBalancerArn);
    for (const m of made) fake.deleteExpressIngress(m.listenerRuleArn);
    expect(fake.loadBalancers.size).toBe(0);
  });

  test('a canary deployment moves the weights only; resetExpressConditions puts the endpoint back alone', async () => {
    const s = fake.createExpressIngress('canary');
    await modify(s.listenerRuleArn, [hosts(s.endpoint, 'app.example.com')]);
    fake.shiftWeights(s.listenerRuleArn, 5);
    expect(fake.ruleActions(s.listenerRuleArn)[0].ForwardConfig!.TargetGroups!.map((t) => t.Weight)).toEqual([95, 5]);
    fake.shiftWeights(s.listenerRuleArn);
    expect(fake.ruleActions(s.listenerRuleArn)[0].ForwardConfig!.TargetGroups!.map((t) => t.Weight)).toEqual([0, 100]);
    fake.shiftWeights(s.listenerRuleArn);
    expect((await describeRule(s.listenerRuleArn)).Actions![0].ForwardConfig!.TargetGroups!.map((t) => t.Weight)).toEqual([100, 0]);
    expect(fake.hostValues(s.listenerRuleArn)).toEqual([s.endpoint, 'app.example.com']);
    fake.resetExpressConditions(s.listenerRuleArn);
    expect(fake.hostValues(s.listenerRuleArn)).toEqual([s.endpoint]);
    fake.deleteExpressIngress(s.listenerRuleArn);
  });
});

describe('ModifyRule', () => {
  let s: ReturnType<Elbv2Fake['createExpressIngress']>;
  beforeEach(() => {
    s = fake.createExpressIngress('web');
  });
  afterEach(() => {
    fake.deleteExpressIngress(s.listenerRuleArn);
  });

  test('conditions only: host values kept as sent (case, order), the actions untouched, the answer is the rule', async () => {
    const actions = fake.ruleActions(s.listenerRuleArn);
    fake.shiftWeights(s.listenerRuleArn, 30); // a deployment under way: the weights must survive
    const during = fake.ruleActions(s.listenerRuleArn);
    const out = await modify(s.listenerRuleArn, [hosts('WWW.Example.com', s.endpoint, 'example.com')]);
    expect(fake.hostValues(s.listenerRuleArn)).toEqual(['WWW.Example.com', s.endpoint, 'example.com']);
    expect(fake.ruleActions(s.listenerRuleArn)).toEqual(during);
    expect(during).not.toEqual(actions);
    expect(out.Rules).toEqual([await describeRule(s.listenerRuleArn)]);
    const sent = fake.requests.filter((r) => r.action === 'ModifyRule').pop()!;
    expect(Object.keys(sent.input).sort()).toEqual(['Conditions', 'RuleArn']);
    // the whole list is replaced
    await modify(s.listenerRuleArn, [hosts(s.endpoint)]);
    expect(fake.hostValues(s.listenerRuleArn)).toEqual([s.endpoint]);
  });

  test('5 condition values a rule, over all its conditions: 5 pass, 6 are refused and change nothing', async () => {
    await modify(s.listenerRuleArn, [hosts(s.endpoint, 'a.example.com', 'b.example.com', 'c.example.com', 'd.example.com')]);
    expect(fake.hostValues(s.listenerRuleArn)).toHaveLength(5);
    const limit = { name: 'ValidationError', message: "A rule can only have '5' condition values and regex values", $metadata: { httpStatusCode: 400 } };
    await expect(modify(s.listenerRuleArn, [hosts(s.endpoint, 'a.example.com', 'b.example.com', 'c.example.com', 'd.example.com', 'e.example.com')]))
      .rejects.toMatchObject(limit);
    await expect(modify(s.listenerRuleArn, [hosts(s.endpoint, 'a.example.com', 'b.example.com'),
      { Field: 'path-pattern', PathPatternConfig: { Values: ['/a', '/b', '/c'] } }])).rejects.toMatchObject(limit);
    await expect(modify(s.listenerRuleArn, [{ Field: 'host-header', HostHeaderConfig: { Values: [s.endpoint], RegexValues: ['^a', '^b', '^c', '^d', '^e'] } }]))
      .rejects.toMatchObject(limit);
    expect(fake.hostValues(s.listenerRuleArn)).toHaveLength(5);
    // 4 + 1 over two conditions pass
    await modify(s.listenerRuleArn, [hosts(s.endpoint, 'a.example.com', 'b.example.com', 'c.example.com'), { Field: 'path-pattern', Values: ['/api/*'] }]);
    expect(fake.ruleConditions(s.listenerRuleArn)[1]).toEqual({ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } });
  });

  test('a described condition sent back as it is (Values beside HostHeaderConfig) is refused', async () => {
    const described = (await describeRule(s.listenerRuleArn)).Conditions!;
    expect(described[0].Values).toEqual([s.endpoint]);
    await expect(modify(s.listenerRuleArn, [{ ...described[0], HostHeaderConfig: { Values: [s.endpoint, 'example.com'] } }])).rejects.toMatchObject({
      name: 'ValidationError', message: "You cannot provide both Values and 'HostHeaderConfig' for a condition of type 'host-header'",
    });
    // Values alone (the old form) is taken, and stored as HostHeaderConfig
    await modify(s.listenerRuleArn, [{ Field: 'host-header', Values: ['example.com'] }]);
    expect(fake.ruleConditions(s.listenerRuleArn)).toEqual([hosts('example.com')]);
  });

  test('ELB\'s other condition rules', async () => {
    const refused = async (conditions: RuleCondition[], message: RegExp) =>
      expect(modify(s.listenerRuleArn, conditions)).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringMatching(message) });
    await refused([hosts(s.endpoint), hosts('example.com')], /only have one 'host-header' condition/);
    await refused([hosts()], /at least one value/);
    await refused([], /at least one condition/);
    await refused([hosts('no-dot')], /host header 'no-dot' is not valid/);
    await refused([hosts('example.c0m')], /is not valid/);
    await refused([hosts('a'.repeat(126) + '.io')], /is not valid/);
    await refused([{ Field: 'http-header', Values: ['x'] }], /cannot provide Values for a condition of type 'http-header'/);
    await refused([{ Field: 'path-pattern', HostHeaderConfig: { Values: ['example.com'] } }], /cannot provide 'HostHeaderConfig' for a condition of type 'path-pattern'/);
    await refused([{ Field: 'cookie', Values: ['x'] }], /must be one of/);
    expect(fake.hostValues(s.listenerRuleArn)).toEqual([s.endpoint]);
    // accepted: wildcards, an http-header (its name is not a value) and a query string
    await modify(s.listenerRuleArn, [
      hosts('*.example.com', 'app?.example.com'),
      { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Canary', Values: ['on'] } },
      { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'v', Value: '2' }, { Value: 'beta' }] } },
    ]);
    expect((await describeRule(s.listenerRuleArn)).Conditions).toEqual([
      { Field: 'host-header', Values: ['*.example.com', 'app?.example.com'], HostHeaderConfig: { Values: ['*.example.com', 'app?.example.com'] } },
      { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Canary', Values: ['on'] } },
      { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'v', Value: '2' }, { Value: 'beta' }] } },
    ]);
  });

  test('actions when given: forward to known target groups, weights 0-999; RuleNotFound', async () => {
    const [tgA, tgB] = s.targetGroupArns;
    const forward = (weights: number[], arns = [tgA, tgB]) => client.send(new ModifyRuleCommand({
      RuleArn: s.listenerRuleArn,
      Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: arns.map((TargetGroupArn, i) => ({ TargetGroupArn, Weight: weights[i] })) } }],
    }));
    await forward([50, 50]);
    expect(fake.ruleActions(s.listenerRuleArn)[0].ForwardConfig!.TargetGroups!.map((t) => t.Weight)).toEqual([50, 50]);
    expect(fake.hostValues(s.listenerRuleArn)).toEqual([s.endpoint]); // actions only: conditions untouched
    await expect(forward([1000, 0])).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(forward([1, 1], [tgA, `${tgB}0`])).rejects.toMatchObject({ name: 'TargetGroupNotFoundException', message: 'One or more target groups not found' });
    await client.send(new ModifyRuleCommand({ RuleArn: s.listenerRuleArn, Actions: [{ Type: 'forward', TargetGroupArn: tgB }] }));
    expect((await describeRule(s.listenerRuleArn)).Actions).toEqual([{
      Type: 'forward', Order: 1, TargetGroupArn: tgB, ForwardConfig: { TargetGroups: [{ TargetGroupArn: tgB, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } },
    }]);
    await expect(client.send(new ModifyRuleCommand({ RuleArn: s.listenerRuleArn, Actions: [{ Type: 'authenticate-oidc' }] })))
      .rejects.toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/does not model actions of type 'authenticate-oidc'/) });
    const missing = `${s.listenerRuleArn.slice(0, -4)}0000`;
    await expect(modify(missing, [hosts('example.com')])).rejects.toMatchObject({ name: 'RuleNotFoundException', $metadata: { httpStatusCode: 400 } });
    await expect(client.send(new DescribeRulesCommand({ RuleArns: [s.listenerRuleArn, missing] }))).rejects.toMatchObject({ name: 'RuleNotFoundException' });
    await expect(client.send(new ModifyRuleCommand({ RuleArn: s.listenerRuleArn, Transforms: [{ Type: 'host-header-rewrite' }] })))
      .rejects.toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/does not model Transforms/) });
  });
});

describe('listener certificates', () => {
  test('added once, removed, the default one stays; 25 a load balancer', async () => {
    const s = fake.createExpressIngress('certs');
    const cert = (n: number) => `arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    fake.addListenerCertificates(s.listenerArn, [cert(1), cert(2), cert(1)]);
    fake.addListenerCertificates(s.listenerArn, [cert(2)]);
    expect(fake.listenerCertificates(s.listenerArn)).toEqual([
      { CertificateArn: s.certificateArn, IsDefault: true },
      { CertificateArn: cert(1), IsDefault: false },
      { CertificateArn: cert(2), IsDefault: false },
    ]);
    expect((await client.send(new DescribeListenerCertificatesCommand({ ListenerArn: s.listenerArn }))).Certificates)
      .toEqual(fake.listenerCertificates(s.listenerArn));
    fake.removeListenerCertificates(s.listenerArn, [cert(1), cert(9)]);
    expect(fake.listenerCertificates(s.listenerArn).map((c) => c.CertificateArn)).toEqual([s.certificateArn, cert(2)]);
    expect(() => fake.removeListenerCertificates(s.listenerArn, [s.certificateArn])).toThrow(/default certificate/);
    fake.addListenerCertificates(s.listenerArn, Array.from({ length: 24 }, (_, i) => cert(100 + i))); // 25 besides the default one
    expect(() => fake.addListenerCertificates(s.listenerArn, [cert(200)])).toThrow(/limit on the number of certificates/);
    expect(fake.listenerCertificates(s.listenerArn)).toHaveLength(26);
    expect(() => fake.addListenerCertificates(`${s.listenerArn}0`, [cert(3)])).toThrow(/One or more listeners not found/);
    fake.deleteExpressIngress(s.listenerRuleArn);
  });
});

describe('the loopback', () => {
  test('IAM: ModifyRule on the rule ARN, Describe* on *; AccessDenied 403; Throttling is retried', async () => {
    const s = fake.createExpressIngress('iam');
    const seen: ServiceRequest[] = [];
    aws.authorize = (r) => {
      seen.push(r);
      return r.action === 'elasticloadbalancing:ModifyRule' ? { message: `no ${r.action}` } : undefined;
    };
    try {
      await describeRule(s.listenerRuleArn);
      await client.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [s.loadBalancerArn] }));
      await client.send(new DescribeListenerCertificatesCommand({ ListenerArn: s.listenerArn }));
      await expect(modify(s.listenerRuleArn, [hosts(s.endpoint, 'example.com')]))
        .rejects.toMatchObject({ name: 'AccessDenied', message: 'no elasticloadbalancing:ModifyRule', $metadata: { httpStatusCode: 403 } });
    } finally {
      aws.authorize = undefined;
    }
    expect(seen.map((r) => `${r.service} ${r.action} ${r.resource} ${r.accessKeyId}`)).toEqual([
      `elasticloadbalancing elasticloadbalancing:DescribeRules * ${DEFAULT_ACCESS_KEY_ID}`,
      `elasticloadbalancing elasticloadbalancing:DescribeLoadBalancers * ${DEFAULT_ACCESS_KEY_ID}`,
      `elasticloadbalancing elasticloadbalancing:DescribeListenerCertificates * ${DEFAULT_ACCESS_KEY_ID}`,
      `elasticloadbalancing elasticloadbalancing:ModifyRule ${s.listenerRuleArn} ${DEFAULT_ACCESS_KEY_ID}`,
    ]);
    expect(fake.hostValues(s.listenerRuleArn)).toEqual([s.endpoint]);

    const retrying = new ElasticLoadBalancingV2Client(loopbackClientConfig(endpoint, 3));
    try {
      aws.throttleNext('elasticloadbalancing', 2);
      const before = fake.requests.length;
      await retrying.send(new DescribeRulesCommand({ RuleArns: [s.listenerRuleArn] }));
      expect(fake.requests.length).toBe(before + 1); // the throttled attempts never reached the fake
    } finally {
      retrying.destroy();
    }
    fake.deleteExpressIngress(s.listenerRuleArn);
  });

  test('AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 points a client without an endpoint at the loopback; other actions are InvalidAction', async () => {
    const env = LoopbackAws.environment(endpoint);
    expect(env.AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2).toBe(endpoint);
    const saved = process.env.AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2;
    process.env.AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 = endpoint;
    const plain = new ElasticLoadBalancingV2Client({ region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: DEFAULT_ACCESS_KEY_ID, secretAccessKey: 'x' } });
    try {
      const before = fake.requests.length;
      expect((await plain.send(new DescribeLoadBalancersCommand({}))).LoadBalancers).toHaveLength(fake.loadBalancers.size);
      expect(fake.requests.length).toBe(before + 1);
    } finally {
      plain.destroy();
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2;
      else process.env.AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 = saved;
    }
    expect(fake.handle(new URLSearchParams({ Action: 'DeleteRule', Version: '2015-12-01', RuleArn: 'x' })))
      .toEqual([400, expect.stringContaining('<Code>InvalidAction</Code>')]);
  });

  test('parseQuery: awsQuery lists and structures', () => {
    const form = new URLSearchParams('Action=ModifyRule&RuleArn=r&Conditions.member.2.Field=path-pattern&Conditions.member.1.Field=host-header'
      + '&Conditions.member.1.HostHeaderConfig.Values.member.1=a.example.com&Conditions.member.1.HostHeaderConfig.Values.member.2=b.example.com&Actions=');
    expect(parseQuery(form)).toEqual({
      RuleArn: 'r',
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['a.example.com', 'b.example.com'] } }, { Field: 'path-pattern' }],
      Actions: '',
    });
  });
});
