/**
 * Units of the lifecycle driver without a world: template resolution and the Provider
 * framework's semantics (with a fake host in place of Lambda).
 */
import { CREATE_FAILED_MARKER, CustomRequest, FrameworkHost, runCustomResource } from './provider';
import { PhysicalResource } from './resources';
import {
  dependencyGraph, evaluateConditions, HarnessError, NO_VALUE, resolveParameters, resolveValue, ResourceFailure, Scope, stringifyLeaves,
  Template, ValidationError,
} from './template';
import { loadBundle } from './world';

describe('template resolution', () => {
  const scope: Scope = {
    pseudo: { AccountId: '123456789012', Region: 'us-east-1', Partition: 'aws', URLSuffix: 'amazonaws.com', StackName: 'Test', StackId: 'arn:stack/Test/1' },
    parameters: { Env: 'prod', Subnets: ['s-1', 's-2'] },
    conditions: { IsProd: true, IsDev: false },
    mappings: { Sizes: { prod: { Max: 10 } } },
    isResource: (id) => id === 'Res',
    ref: () => 'res-1',
    getAtt: (id, name) => `${id}:${name}`,
    importValue: (name) => {
      if (name === 'shared') return 'from-export';
      throw new ValidationError(`No export named ${name} found`);
    },
    ssm: (name) => ({ '/app/x': 'ssm-x' } as Record<string, string>)[name],
  };
  const r = (node: unknown) => resolveValue(node, scope);

  test('Ref, pseudo parameters, Fn::GetAtt (both forms), Join, Select, Split, FindInMap, Base64, GetAZs, ImportValue', () => {
    expect(r({ Ref: 'Env' })).toBe('prod');
    expect(r({ Ref: 'Res' })).toBe('res-1');
    expect(r({ Ref: 'AWS::StackName' })).toBe('Test');
    expect(r({ 'Fn::GetAtt': ['Res', 'Arn'] })).toBe('Res:Arn');
    expect(r({ 'Fn::GetAtt': 'Res.Endpoint.Address' })).toBe('Res:Endpoint.Address');
    expect(r({ 'Fn::Join': ['-', ['a', { Ref: 'Env' }, { 'Fn::Select': [1, { Ref: 'Subnets' }] }]] })).toBe('a-prod-s-2');
    expect(r({ 'Fn::Split': [',', 'a,b'] })).toEqual(['a', 'b']);
    expect(r({ 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Max'] })).toBe(10);
    expect(r({ 'Fn::Base64': 'hi' })).toBe('aGk=');
    expect(r({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] })).toBe('us-east-1a');
    expect(r({ 'Fn::ImportValue': 'shared' })).toBe('from-export');
    expect(() => r({ 'Fn::ImportValue': 'missing' })).toThrow(ValidationError);
    expect(() => r({ 'Fn::Select': [5, ['a']] })).toThrow(ValidationError);
  });

  test('Fn::Sub: parameters, resources, attributes, pseudo parameters, variables, ${!literal}', () => {
    expect(r({ 'Fn::Sub': '${AWS::Region}/${Env}/${Res}/${Res.Arn}/${!Literal}' })).toBe('us-east-1/prod/res-1/Res:Arn/${Literal}');
    expect(r({ 'Fn::Sub': ['${A}-${Env}', { A: { Ref: 'Res' } }] })).toBe('res-1-prod');
    expect(() => r({ 'Fn::Sub': '${Nope}' })).toThrow(/does not resolve/);
  });

  test('Fn::If and AWS::NoValue remove properties and list elements', () => {
    expect(r({ A: { 'Fn::If': ['IsProd', 'yes', 'no'] }, B: { 'Fn::If': ['IsDev', 'x', { Ref: 'AWS::NoValue' }] }, C: ['a', { Ref: 'AWS::NoValue' }] }))
      .toEqual({ A: 'yes', C: ['a'] });
    expect(r({ Ref: 'AWS::NoValue' })).toBe(NO_VALUE);
  });

  test('dynamic references: ssm resolved (a missing one fails the resource), secure ones stay literal', () => {
    expect(r('a {{resolve:ssm:/app/x}} b {{resolve:ssm:/app/x:3}}')).toBe('a ssm-x b ssm-x');
    expect(r('{{resolve:secretsmanager:s:SecretString:k}} {{resolve:ssm-secure:/p:1}}')).toBe('{{resolve:secretsmanager:s:SecretString:k}} {{resolve:ssm-secure:/p:1}}');
    expect(() => r('{{resolve:ssm:/nope}}')).toThrow(ResourceFailure);
  });

  test('anything unknown is a harness error, never a silent pass', () => {
    expect(() => r({ 'Fn::Length': [1, 2] })).toThrow(HarnessError);
    expect(() => r({ 'Fn::FindInMap': ['Sizes', 'prod', 'Max', { DefaultValue: 1 }] })).toThrow(HarnessError);
    expect(() => r({ Ref: 'AWS::Unknown' })).toThrow(HarnessError);
    expect(() => r({ Ref: 'Undeclared' })).toThrow(ValidationError);
  });

  test('conditions: Fn::Equals, Not, And, Or, Condition', () => {
    const template: Template = {
      Resources: {},
      Conditions: {
        IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
        NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] },
        Both: { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Equals': ['1', 1] }] },
        Either: { 'Fn::Or': [{ Condition: 'NotProd' }, { Condition: 'Both' }] },
      },
    };
    expect(evaluateConditions(template, scope)).toEqual({ IsProd: true, NotProd: false, Both: true, Either: true });
  });

  test('parameters: defaults, SSM parameter types, lists, missing values', () => {
    const template: Template = {
      Resources: {},
      Parameters: {
        Name: { Type: 'String', Default: 'd' },
        FromSsm: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/app/x' },
        Ids: { Type: 'CommaDelimitedList' },
      },
    };
    const ssm = (n: string) => (n === '/app/x' ? 'ssm-x' : undefined);
    expect(resolveParameters(template, { Ids: 'a,b' }, ssm).values).toEqual({ Name: 'd', FromSsm: 'ssm-x', Ids: ['a', 'b'] });
    expect(() => resolveParameters(template, {}, ssm)).toThrow('Parameters: [Ids] must have values');
    expect(() => resolveParameters(template, { Ids: 'a', Other: 'x' }, ssm)).toThrow('Parameters: [Other] do not exist in the template');
    expect(() => resolveParameters(template, { Ids: 'a', FromSsm: '/none' }, ssm)).toThrow(/Unable to fetch parameters \[\/none\]/);
  });

  test('the dependency graph: Ref, GetAtt, Sub names, DependsOn; cycles refused', () => {
    const template: Template = {
      Resources: {
        A: { Type: 'T' },
        B: { Type: 'T', Properties: { X: { 'Fn::Sub': '${A.Arn} ${!B}' } } },
        C: { Type: 'T', Properties: { X: { Ref: 'A' }, Y: { 'Fn::GetAtt': ['B', 'Id'] } }, DependsOn: 'A' },
      },
    };
    expect(dependencyGraph(template, new Set(['A', 'B', 'C']))).toEqual(new Map([['A', new Set()], ['B', new Set(['A'])], ['C', new Set(['A', 'B'])]]));
    const cyclic: Template = { Resources: { A: { Type: 'T', DependsOn: 'B' }, B: { Type: 'T', Properties: { X: { Ref: 'A' } } } } };
    expect(() => dependencyGraph(cyclic, new Set(['A', 'B']))).toThrow(/Circular dependency between resources: \[A, B\]/);
  });

  test('custom resources get strings, recursively', () => {
    expect(stringifyLeaves({ N: 5, B: true, L: [1, { F: false }], S: 's' })).toEqual({ N: '5', B: 'true', L: ['1', { F: 'false' }], S: 's' });
  });
});

test('a missing bundle is a clear error', () => {
  expect(() => loadBundle('/nowhere/index.js')).toThrow(/is missing: run `npx projen bundle` first/);
});

describe('the Provider framework', () => {
  const lambda = (name: string, props: Record<string, unknown>): PhysicalResource => ({
    stackName: 'Test',
    logicalId: name,
    type: 'AWS::Lambda::Function',
    physicalId: name,
    ref: name,
    label: name,
    properties: { Role: `arn:aws:iam::123456789012:role/${name}Role`, ...props },
    attributes: { Arn: `arn:aws:lambda:us-east-1:123456789012:function:${name}` },
  });
  const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
  const fns = [
    lambda('framework', { Environment: { Variables: { USER_ON_EVENT_FUNCTION_ARN: arn('onEvent'), USER_IS_COMPLETE_FUNCTION_ARN: arn('isComplete'), WAITER_STATE_MACHINE_ARN: 'waiter' } } }),
    lambda('frameworkIsComplete', {}),
    lambda('onEvent', { Description: 'cdk-apprunner-kit: onEvent' }),
    lambda('isComplete', { Description: 'cdk-apprunner-kit: isComplete' }),
  ];
  const waiter: PhysicalResource = {
    stackName: 'Test',
    logicalId: 'Waiter',
    type: 'AWS::StepFunctions::StateMachine',
    physicalId: 'waiter',
    ref: 'waiter',
    label: 'waiter',
    attributes: {},
    properties: { DefinitionString: JSON.stringify({ StartAt: 'a', States: { a: { Type: 'Task', Resource: arn('frameworkIsComplete') } } }) },
  };

  function host(onEvent: (e: any) => any, isComplete: (e: any) => any = () => ({ IsComplete: true }), maxPolls = 5) {
    const events: any[] = [];
    let n = 0;
    const h: FrameworkHost = {
      lambdaByArn: (a) => fns.find((f) => f.attributes.Arn === a),
      resourceByRef: (ref) => (ref === 'waiter' ? waiter : undefined),
      authorizeFramework: () => undefined,
      invoke: async (_fn, kind, payload) => {
        events.push({ kind, ...payload });
        return (kind === 'onEvent' ? onEvent : isComplete)(payload);
      },
      nextRequestId: () => `req-${++n}`,
      maxPolls,
    };
    return { h, events };
  }
  const request = (requestType: CustomRequest['requestType'], extra: Partial<CustomRequest> = {}): CustomRequest => ({
    requestType,
    stackId: 'arn:stack/Test/1',
    stackName: 'Test',
    logicalId: 'R',
    type: 'Custom::AppRunnerRunState',
    properties: { ServiceToken: arn('framework'), A: '1' },
    ...extra,
  });

  test('Create: the RequestId is the default physical id, isComplete until true, Data merged, isComplete may override the id', async () => {
    let polls = 0;
    const { h, events } = host(() => ({ Data: { A: '1' } }), () => (++polls < 3 ? { IsComplete: false } : { IsComplete: true, Data: { B: '2' } }));
    expect(await runCustomResource(h, request('Create'))).toEqual({ ok: true, physicalId: 'req-1', data: { A: '1', B: '2' }, invoked: true });
    expect(events.map((e) => e.kind)).toEqual(['onEvent', 'isComplete', 'isComplete', 'isComplete']);
    expect(events[0]).toMatchObject({ RequestType: 'Create', RequestId: 'req-1', ServiceToken: arn('framework'), ResourceProperties: { A: '1' }, StackId: 'arn:stack/Test/1' });
    expect(events[0]).not.toHaveProperty('PhysicalResourceId');
    expect(events[0].ResponseURL).toMatch(/^https:\/\//);
    expect(events[1]).toMatchObject({ PhysicalResourceId: 'req-1', Data: { A: '1' } });
    const override = host(() => ({ PhysicalResourceId: 'p1' }), () => ({ IsComplete: true, PhysicalResourceId: 'p2' }));
    expect((await runCustomResource(override.h, request('Create'))).physicalId).toBe('p2');
  });

  test('onEvent failing: Create reports the CREATE_FAILED marker (whose Delete skips the handler), Update its own physical id', async () => {
    const { h, events } = host(() => {
      throw new Error('boom');
    });
    const failed = await runCustomResource(h, request('Create'));
    expect(failed).toMatchObject({ ok: false, physicalId: CREATE_FAILED_MARKER, reason: 'boom\n\nLogs: /aws/lambda/onEvent\n' });
    expect(await runCustomResource(h, request('Delete', { physicalId: CREATE_FAILED_MARKER }))).toMatchObject({ ok: true, invoked: false });
    expect(events).toHaveLength(1);
    const update = await runCustomResource(h, request('Update', { physicalId: 'p', oldProperties: { A: '0' } }));
    expect(update).toMatchObject({ ok: false, physicalId: 'p' });
    expect(events[1]).toMatchObject({ RequestType: 'Update', PhysicalResourceId: 'p', OldResourceProperties: { A: '0' } });
  });

  test('isComplete failing reports the physical id onEvent returned; Data with IsComplete false fails; polls are capped', async () => {
    const thrown = host(() => ({ PhysicalResourceId: 'from-onevent' }), () => {
      throw new Error('late');
    });
    expect(await runCustomResource(thrown.h, request('Create'))).toMatchObject({ ok: false, physicalId: 'from-onevent', reason: expect.stringMatching(/^late/) });
    const withData = host(() => ({}), () => ({ IsComplete: false, Data: { X: '1' } }));
    expect((await runCustomResource(withData.h, request('Update', { physicalId: 'p' }))).reason).toBe('"Data" is not allowed if "IsComplete" is "False"');
    const never = host(() => ({}), () => ({ IsComplete: false }), 3);
    expect(await runCustomResource(never.h, request('Update', { physicalId: 'p' }))).toMatchObject({ ok: false, physicalId: 'p', reason: 'harness: no completion after 3 isComplete polls' });
    expect(never.events).toHaveLength(4);
  });

  test('a Delete may not change the physical id; a RequestId is unique per request', async () => {
    const { h, events } = host(() => ({ PhysicalResourceId: 'other' }));
    const out = await runCustomResource(h, request('Delete', { physicalId: 'p' }));
    expect(out).toMatchObject({ ok: false, physicalId: 'p', reason: 'DELETE: cannot change the physical resource ID from "p" to "other" during deletion' });
    await runCustomResource(h, request('Delete', { physicalId: 'p' }));
    expect(new Set(events.filter((e) => e.kind === 'onEvent').map((e) => e.RequestId)).size).toBe(2);
  });

  test('only this library\'s Provider: another service token is a harness error', async () => {
    const { h } = host(() => ({}));
    await expect(runCustomResource(h, request('Create', { properties: { ServiceToken: arn('onEvent') } }))).rejects.toThrow(/not an aws-cdk-lib Provider framework onEvent function/);
    await expect(runCustomResource(h, request('Create', { properties: { ServiceToken: 'arn:aws:sns:us-east-1:1:topic' } }))).rejects.toThrow(/is no Lambda function of this world/);
  });

  test('Custom::HarnessFault fails when asked, without a Lambda', async () => {
    const { h, events } = host(() => ({}));
    const fault = (requestType: CustomRequest['requestType'], properties: Record<string, string>) =>
      runCustomResource(h, { ...request(requestType, { physicalId: requestType === 'Create' ? undefined : 'f' }), type: 'Custom::HarnessFault', properties });
    expect(await fault('Create', { Fail: 'true' })).toMatchObject({ ok: false, reason: 'HarnessFault: Create of R fails as asked' });
    expect(await fault('Update', { Fail: 'false' })).toMatchObject({ ok: true, physicalId: 'f' });
    expect(await fault('Delete', { Fail: 'true', FailDelete: 'true' })).toMatchObject({ ok: false });
    expect(events).toEqual([]);
  });
});
