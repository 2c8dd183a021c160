/**
 * Custom::AppRunnerExpressDomain (src/operations/runtime/express-domain.ts): the host names of a
 * custom domain on the listener rule ECS Express Mode manages for a twin. ELB and
 * CloudFormation are aws-sdk-client-mock clients over an in-memory rule and stack; the handler
 * is the source module. (The bundled handler runs against the loopback ELB model in
 * test/lifecycle/issue13-cutover.test.ts.)
 */
import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeLoadBalancersCommand, DescribeRulesCommand, ElasticLoadBalancingV2Client, ModifyRuleCommand, RuleCondition,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { completeEvent, drive, event } from './events';
import { sourceHandlers } from './mocks';
import { formatExpressDomain, parseExpressDomain } from '../../src/operations/runtime/express-domain';

const TYPE = 'Custom::AppRunnerExpressDomain';
const RULE = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/ecs-express-gateway-alb-1/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee';
const OTHER_RULE = RULE.replace(/[0-9a-f]+$/, '1111111111111111');
const LB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/ecs-express-gateway-alb-1/50dc6c495c0c9188';
const ENDPOINT = 'ab-0123456789abcdef0123456789abcdef.ecs.us-east-1.on.aws';
const ACTIONS = [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: 'tg-blue', Weight: 100 }, { TargetGroupArn: 'tg-green', Weight: 0 }] } }];

const elb = mockClient(ElasticLoadBalancingV2Client);
const cfn = mockClient(CloudFormationClient);
const handler = sourceHandlers(() => 1_000_000);

/** The rules as ELB holds them: ARN → conditions. */
let rules: Map<string, RuleCondition[]>;
let rows: Array<{ LogicalResourceId: string; PhysicalResourceId: string; ResourceType: string; ResourceStatus: string }>;
let modifications: Array<{ RuleArn?: string; Conditions?: RuleCondition[]; Actions?: unknown }>;

beforeEach(() => {
  elb.reset();
  cfn.reset();
  rules = new Map([[RULE, [{ Field: 'host-header', Values: [ENDPOINT], HostHeaderConfig: { Values: [ENDPOINT] } }]]]);
  rows = [];
  modifications = [];
  elb.on(DescribeRulesCommand).callsFake((input) => {
    const arn = input.RuleArns[0];
    const conditions = rules.get(arn);
    if (!conditions) throw Object.assign(new Error('One or more rules not found'), { name: 'RuleNotFoundException' });
    return { Rules: [{ RuleArn: arn, Priority: '1', Conditions: JSON.parse(JSON.stringify(conditions)), Actions: ACTIONS }] };
  });
  elb.on(ModifyRuleCommand).callsFake((input) => {
    modifications.push(input);
    const values = input.Conditions.flatMap((c: RuleCondition) => c.HostHeaderConfig?.Values ?? []);
    if (values.length > 5) throw Object.assign(new Error('A rule can only have \'5\' condition values'), { name: 'TooManyConditionValuesException' });
    if (input.Conditions.some((c: RuleCondition) => c.Values && c.HostHeaderConfig)) throw Object.assign(new Error('both'), { name: 'ValidationError' });
    rules.set(input.RuleArn, input.Conditions);
    return { Rules: [] };
  });
  elb.on(DescribeLoadBalancersCommand).resolves({
    LoadBalancers: [{ LoadBalancerArn: LB, DNSName: 'ecs-express-gateway-alb-1-123.us-east-1.elb.amazonaws.com', CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K' }],
  });
  cfn.on(ListStackResourcesCommand).callsFake(() => ({ StackResourceSummaries: rows }));
});

const props = (hosts: string, rule = RULE) => ({ ListenerRuleArn: rule, LoadBalancerArn: LB, HostNames: hosts, ConfigHash: 'h1' });
const hosts = (rule = RULE) => (rules.get(rule) ?? []).find((c) => c.Field === 'host-header')?.HostHeaderConfig?.Values ?? [];

test('onEvent only reads: a retried onEvent (same request) is the same instance', async () => {
  const first = await handler.onEvent(event(TYPE, 'Create', props('api.example.com')));
  expect(await handler.onEvent(event(TYPE, 'Create', props('api.example.com')))).toEqual({ ...first, Data: expect.anything() });
  expect(modifications).toEqual([]);
});

test('physical ids round-trip; foreign ids are not ours', () => {
  const instance = { ruleArn: RULE, hosts: ['api.example.com', 'www.api.example.com'], preexisting: ['www.api.example.com'], token: '0123456789abcdef' };
  expect(parseExpressDomain(formatExpressDomain(instance))).toEqual(instance);
  expect(parseExpressDomain(formatExpressDomain({ ...instance, preexisting: [] }))).toEqual({ ...instance, preexisting: [] });
  expect(parseExpressDomain('something-else')).toBeUndefined();
  expect(parseExpressDomain(undefined)).toBeUndefined();
});

test('create: the host names join the rule\'s own (conditions only: the actions are never sent); the attributes are the load balancer\'s', async () => {
  const result = await drive(handler, event(TYPE, 'Create', props('API.example.com,www.api.example.com')));
  expect(result.error).toBeUndefined();
  expect(hosts()).toEqual([ENDPOINT, 'api.example.com', 'www.api.example.com']);
  expect(modifications).toHaveLength(1);
  expect(modifications[0].Actions).toBeUndefined();
  expect(modifications[0].Conditions).toEqual([{ Field: 'host-header', HostHeaderConfig: { Values: [ENDPOINT, 'api.example.com', 'www.api.example.com'] } }]);
  expect(result.data).toMatchObject({ DNSName: 'ecs-express-gateway-alb-1-123.us-east-1.elb.amazonaws.com', CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K' });
  expect(parseExpressDomain(result.physicalResourceId)).toEqual({
    ruleArn: RULE, hosts: ['api.example.com', 'www.api.example.com'], preexisting: [], token: expect.stringMatching(/^[0-9a-f]{16}$/),
  });
});

test('other conditions of the rule are kept as they are, written in their config form', async () => {
  rules.set(RULE, [
    { Field: 'host-header', HostHeaderConfig: { Values: [ENDPOINT] } },
    { Field: 'path-pattern', Values: ['/api/*'], PathPatternConfig: { Values: ['/api/*'] } },
  ]);
  await drive(handler, event(TYPE, 'Create', props('api.example.com')));
  expect(rules.get(RULE)).toEqual([
    { Field: 'host-header', HostHeaderConfig: { Values: [ENDPOINT, 'api.example.com'] } },
    { Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } },
  ]);
});

test('a host name already on the rule (added by hand) is recorded as someone else\'s: the Delete leaves it', async () => {
  rules.set(RULE, [{ Field: 'host-header', HostHeaderConfig: { Values: [ENDPOINT, 'api.example.com'] } }]);
  const created = await drive(handler, event(TYPE, 'Create', props('api.example.com,www.api.example.com')));
  expect(parseExpressDomain(created.physicalResourceId)!.preexisting).toEqual(['api.example.com']);
  const deleted = await drive(handler, event(TYPE, 'Delete', props('api.example.com,www.api.example.com'), undefined, created.physicalResourceId));
  expect(deleted.error).toBeUndefined();
  expect(hosts()).toEqual([ENDPOINT, 'api.example.com']);
});

test('delete removes exactly its host names; the twin\'s own endpoint and others\' stay', async () => {
  const created = await drive(handler, event(TYPE, 'Create', props('api.example.com')));
  rules.set(RULE, [{ Field: 'host-header', HostHeaderConfig: { Values: [ENDPOINT, 'api.example.com', 'web.example.com'] } }]);
  await drive(handler, event(TYPE, 'Delete', props('api.example.com'), undefined, created.physicalResourceId));
  expect(hosts()).toEqual([ENDPOINT, 'web.example.com']);
  // again (a retried Delete): nothing to do
  modifications = [];
  await drive(handler, event(TYPE, 'Delete', props('api.example.com'), undefined, created.physicalResourceId));
  expect(modifications).toEqual([]);
});

test('a renamed construct (another live instance declares the host on the same rule): the old instance\'s Delete leaves it', async () => {
  const old = await drive(handler, event(TYPE, 'Create', props('api.example.com')));
  rows = [{ LogicalResourceId: 'Old', PhysicalResourceId: old.physicalResourceId, ResourceType: TYPE, ResourceStatus: 'CREATE_COMPLETE' }];
  const renamed = await drive(handler, { ...event(TYPE, 'Create', props('api.example.com')), LogicalResourceId: 'New', RequestId: 'req-2' });
  // the host was there, but an instance of ours declares it: not someone else's
  expect(parseExpressDomain(renamed.physicalResourceId)!.preexisting).toEqual([]);
  rows = [
    { LogicalResourceId: 'Old', PhysicalResourceId: old.physicalResourceId, ResourceType: TYPE, ResourceStatus: 'DELETE_IN_PROGRESS' },
    { LogicalResourceId: 'New', PhysicalResourceId: renamed.physicalResourceId, ResourceType: TYPE, ResourceStatus: 'CREATE_COMPLETE' },
  ];
  await drive(handler, event(TYPE, 'Delete', props('api.example.com'), undefined, old.physicalResourceId));
  expect(hosts()).toEqual([ENDPOINT, 'api.example.com']);
});

test('update: the same rule and hosts keep the instance (ConfigHash changed: the hosts are written again if the rule lost them)', async () => {
  const created = await drive(handler, event(TYPE, 'Create', props('api.example.com')));
  rules.set(RULE, [{ Field: 'host-header', HostHeaderConfig: { Values: [ENDPOINT] } }]); // an Express Mode update reset the rule
  const updated = await drive(handler, event(TYPE, 'Update', { ...props('api.example.com'), ConfigHash: 'h2' }, props('api.example.com'), created.physicalResourceId));
  expect(updated.physicalResourceId).toBe(created.physicalResourceId);
  expect(hosts()).toEqual([ENDPOINT, 'api.example.com']);
});

test('update to another rule (the twin replaced) or other hosts: a new instance; the old one\'s Delete cleans its rule', async () => {
  rules.set(OTHER_RULE, [{ Field: 'host-header', HostHeaderConfig: { Values: ['xy-other.ecs.us-east-1.on.aws'] } }]);
  const created = await drive(handler, event(TYPE, 'Create', props('api.example.com')));
  const moved = await drive(handler, event(TYPE, 'Update', props('api.example.com', OTHER_RULE), props('api.example.com'), created.physicalResourceId));
  expect(moved.physicalResourceId).not.toBe(created.physicalResourceId);
  expect(hosts(OTHER_RULE)).toEqual(['xy-other.ecs.us-east-1.on.aws', 'api.example.com']);
  rows = [{ LogicalResourceId: 'Resource', PhysicalResourceId: moved.physicalResourceId, ResourceType: TYPE, ResourceStatus: 'UPDATE_COMPLETE' }];
  await drive(handler, event(TYPE, 'Delete', props('api.example.com'), undefined, created.physicalResourceId));
  expect(hosts()).toEqual([ENDPOINT]);
  expect(hosts(OTHER_RULE)).toEqual(['xy-other.ecs.us-east-1.on.aws', 'api.example.com']);
});

test('the rule is gone (the twin was deleted first): Delete is done; Create fails saying so', async () => {
  const created = await drive(handler, event(TYPE, 'Create', props('api.example.com')));
  rules.delete(RULE);
  expect((await drive(handler, event(TYPE, 'Delete', props('api.example.com'), undefined, created.physicalResourceId))).error).toBeUndefined();
  const failed = await drive(handler, event(TYPE, 'Create', props('api.example.com')));
  expect(failed.error?.message).toMatch(/Listener rule .* does not exist: cannot add host names api.example.com/);
});

test('at the limit: 4 host names besides the endpoint are taken, a fifth is refused with the reason', async () => {
  const four = await drive(handler, event(TYPE, 'Create', props('a.example.com,www.a.example.com,b.example.com,www.b.example.com')));
  expect(four.error).toBeUndefined();
  expect(hosts()).toHaveLength(5);
  const five = await drive(handler, { ...event(TYPE, 'Create', props('c.example.com')), LogicalResourceId: 'C' });
  expect(five.error?.message).toMatch(/Cannot set the host names of listener rule .* at most 5 condition values/);
});

test('another refusal of ModifyRule (e.g. access denied) fails with ELB\'s words, without the limit\'s explanation', async () => {
  elb.on(ModifyRuleCommand).rejects(Object.assign(new Error('User is not authorized to perform: elasticloadbalancing:ModifyRule'), { name: 'AccessDenied' }));
  const result = await drive(handler, event(TYPE, 'Create', props('api.example.com')));
  expect(result.error?.message).toMatch(/^Cannot set the host names of listener rule .*: User is not authorized to perform: elasticloadbalancing:ModifyRule$/);
});

test('a rule without a host-header condition is not Express Mode\'s: not changed', async () => {
  rules.set(RULE, [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }]);
  const result = await drive(handler, event(TYPE, 'Create', props('api.example.com')));
  expect(result.error?.message).toMatch(/has no host-header condition/);
  expect(modifications).toEqual([]);
});

test('the last host names of a rule are never all removed (the rule would take every host)', async () => {
  rules.set(RULE, [{ Field: 'host-header', HostHeaderConfig: { Values: [] } }]);
  const created = await drive(handler, event(TYPE, 'Create', props('api.example.com')));
  expect(hosts()).toEqual(['api.example.com']);
  await drive(handler, event(TYPE, 'Delete', props('api.example.com'), undefined, created.physicalResourceId));
  expect(hosts()).toEqual(['api.example.com']);
});

test('a Delete of a failed Create (no instance id) does nothing', async () => {
  const request = event(TYPE, 'Delete', props('api.example.com'), undefined, 'some-other-id');
  const response = await handler.onEvent(request);
  expect(await handler.isComplete(completeEvent(request, response))).toMatchObject({ IsComplete: true });
  expect(modifications).toEqual([]);
});
