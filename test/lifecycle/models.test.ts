/**
 * The lifecycle driver's world: the loopback protocols (CloudFormation answers, the IAM hook's
 * errors and condition keys) and the resource models, with small hand-written templates.
 */
import { AppRunnerClient, DescribeServiceCommand } from '@aws-sdk/client-apprunner';
import {
  CloudFormationClient, DescribeStackResourceCommand, DescribeStackResourcesCommand, DescribeStacksCommand, paginateListStackResources,
} from '@aws-sdk/client-cloudformation';
import { ChangeResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { App, Stack } from 'aws-cdk-lib';
import { customResource, handWritten, IMAGE } from './fixtures';
import { LIFECYCLE_TEST_TIMEOUT_MS } from './issue10-fixture';
import { Template, TemplateResource } from './template';
import { BUNDLES, LifecycleWorld, templateOf } from './world';
import { AutoScalingConfiguration } from '../../src';
import { ServiceRequest } from '../emulator/server';

// whole deployments per test: see LIFECYCLE_TEST_TIMEOUT_MS
jest.setTimeout(LIFECYCLE_TEST_TIMEOUT_MS);

let world: LifecycleWorld;
let cfn: CloudFormationClient;

beforeAll(async () => {
  world = await LifecycleWorld.start();
  cfn = new CloudFormationClient({});
});

afterAll(async () => {
  cfn.destroy();
  await world.stop();
});

const service = (props: Record<string, unknown> = {}): TemplateResource => ({
  Type: 'AWS::AppRunner::Service',
  Properties: { SourceConfiguration: { ImageRepository: { ImageIdentifier: IMAGE, ImageRepositoryType: 'ECR_PUBLIC' } }, ...props },
});
const fault = (props: Record<string, unknown> = {}, extra: Partial<TemplateResource> = {}): TemplateResource =>
  ({ Type: 'Custom::HarnessFault', Properties: props, ...extra });
const tpl = (resources: Record<string, TemplateResource>, more: Partial<Template> = {}): Template => ({ Resources: resources, ...more });

describe('the CloudFormation answers', () => {
  test('DescribeStacks, DescribeStackResource(s), ListStackResources with NextToken, and proper errors', async () => {
    const stack = world.stack('Listed');
    const resources = Object.fromEntries([...'ABCDEFG'].map((c) => [`Res${c}`, fault({ Value: c })]));
    expect((await stack.deploy(tpl(resources))).status).toBe('CREATE_COMPLETE');
    const described = await cfn.send(new DescribeStacksCommand({ StackName: 'Listed' }));
    expect(described.Stacks?.[0]).toMatchObject({ StackName: 'Listed', StackId: stack.id, StackStatus: 'CREATE_COMPLETE' });
    world.aws.listPageSize = 3;
    try {
      const pages = [];
      for await (const page of paginateListStackResources({ client: cfn }, { StackName: stack.id })) pages.push(page.StackResourceSummaries ?? []);
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
      expect(pages.flat().map((s) => s.LogicalResourceId).sort()).toEqual(Object.keys(resources).sort());
    } finally {
      world.aws.listPageSize = 100;
    }
    const one = await cfn.send(new DescribeStackResourceCommand({ StackName: stack.id, LogicalResourceId: 'ResC' }));
    expect(one.StackResourceDetail).toMatchObject({ PhysicalResourceId: stack.physicalId('ResC'), ResourceType: 'Custom::HarnessFault', ResourceStatus: 'CREATE_COMPLETE' });
    const some = await cfn.send(new DescribeStackResourcesCommand({ StackName: 'Listed', LogicalResourceId: 'ResA' }));
    expect(some.StackResources?.map((s) => s.PhysicalResourceId)).toEqual([stack.physicalId('ResA')]);
    await expect(cfn.send(new DescribeStackResourceCommand({ StackName: stack.id, LogicalResourceId: 'Nope' })))
      .rejects.toMatchObject({ name: 'ValidationError', message: `Resource Nope does not exist for stack ${stack.id}` });
    await expect(cfn.send(new DescribeStacksCommand({ StackName: 'Nope' }))).rejects.toMatchObject({ name: 'ValidationError', message: 'Stack with id Nope does not exist' });
  });

  test('the IAM hook: each protocol\'s AccessDenied, Route 53 condition keys, a hook that throws answers a HarnessError', async () => {
    const seen: ServiceRequest[] = [];
    const hook = world.aws.authorize;
    world.aws.authorize = (r) => {
      seen.push(r);
      if (r.service === 'cloudformation' && r.action === 'cloudformation:DescribeStackResources') throw new Error('cannot decide');
      return { message: `no ${r.action}` };
    };
    const appRunner = new AppRunnerClient({});
    const route53 = new Route53Client({});
    try {
      await expect(appRunner.send(new DescribeServiceCommand({ ServiceArn: 'arn:aws:apprunner:us-east-1:123456789012:service/x/1' })))
        .rejects.toMatchObject({ name: 'AccessDeniedException', message: 'no apprunner:DescribeService', $metadata: { httpStatusCode: 400 } });
      await expect(route53.send(new ChangeResourceRecordSetsCommand({
        HostedZoneId: 'Z1',
        ChangeBatch: {
          Changes: [
            { Action: 'UPSERT', ResourceRecordSet: { Name: 'API.Example.com.', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'x' }] } },
            { Action: 'DELETE', ResourceRecordSet: { Name: '\\052.example.com', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"v"' }] } },
          ],
        },
      }))).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
      await expect(cfn.send(new DescribeStacksCommand({ StackName: 'Listed' }))).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
      await expect(cfn.send(new DescribeStackResourcesCommand({ StackName: 'Listed' }))).rejects.toMatchObject({ name: 'HarnessError' });
    } finally {
      world.aws.authorize = hook;
      appRunner.destroy();
      route53.destroy();
    }
    expect(seen.map((r) => `${r.action} ${r.resource}`)).toEqual([
      'apprunner:DescribeService arn:aws:apprunner:us-east-1:123456789012:service/x/1',
      'route53:ChangeResourceRecordSets arn:aws:route53:::hostedzone/Z1',
      `cloudformation:DescribeStacks ${world.stack('Listed').id}`,
      `cloudformation:DescribeStackResources ${world.stack('Listed').id}`,
    ]);
    expect(seen[1].context).toEqual({
      'route53:ChangeResourceRecordSetsActions': ['UPSERT', 'DELETE'],
      'route53:ChangeResourceRecordSetsRecordTypes': ['CNAME', 'TXT'],
      'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['api.example.com', '\\052.example.com'],
    });
  });
});

describe('resource models', () => {
  test('App Runner services: names are unique, a paused service refuses updates, ROLLBACK_SUCCEEDED passes and FAILED fails', async () => {
    const dup = await world.stack('Dup').deploy(tpl({ One: service({ ServiceName: 'same' }), Two: service({ ServiceName: 'same' }) }));
    expect(dup.status).toBe('ROLLBACK_COMPLETE');
    expect(dup.reason).toMatch(/Service with the provided name already exists: same .*InvalidRequestException/);

    const stack = world.stack('Svc');
    const v = (value: string) => tpl({ Svc: service({ InstanceConfiguration: { Cpu: value } }) });
    expect((await stack.deploy(v('1 vCPU'))).status).toBe('CREATE_COMPLETE');
    const s = world.appRunner.services.get(stack.physicalId('Svc')!)!;
    expect(stack.attribute('Svc', 'ServiceArn')).toBe(s.arn);
    expect(stack.attribute('Svc', 'ServiceUrl')).toMatch(/\.us-east-1\.awsapprunner\.com$/);
    world.appRunner.planOutcome('UPDATE_SERVICE', 'ROLLBACK_SUCCEEDED');
    expect((await stack.deploy(v('2 vCPU'))).status).toBe('UPDATE_COMPLETE'); // the App Runner gap
    world.appRunner.planOutcome('UPDATE_SERVICE', 'FAILED');
    const failed = await stack.deploy(v('0.25 vCPU'));
    expect(failed).toMatchObject({ status: 'UPDATE_ROLLBACK_COMPLETE', failedLogicalId: 'Svc', reason: expect.stringMatching(/ended FAILED/) });
    expect(s.operations.slice(0, 3).map((o) => `${o.Type} ${o.Status}`)).toEqual(['UPDATE_SERVICE SUCCEEDED', 'UPDATE_SERVICE FAILED', 'UPDATE_SERVICE ROLLBACK_SUCCEEDED']);
    s.status = 'PAUSED';
    const paused = await stack.deploy(v('4 vCPU'));
    expect(paused).toMatchObject({ status: 'UPDATE_ROLLBACK_COMPLETE', reason: expect.stringMatching(/is PAUSED.*InvalidStateException/) });
    // a custom-named service cannot be replaced under the same name
    const named = world.stack('Named');
    expect((await named.deploy(tpl({ Svc: service({ ServiceName: 'fixed' }) }))).status).toBe('CREATE_COMPLETE');
    const replaced = await named.deploy(tpl({ Svc: service({ ServiceName: 'fixed', Tags: [{ Key: 'a', Value: 'b' }] }) }));
    expect(replaced.reason).toBe('CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename fixed and update the stack again.');
  });

  test('a hosted zone cannot be deleted while records remain (HostedZoneNotEmpty): DELETE_FAILED, then a second destroy', async () => {
    const stack = world.stack('Zone');
    expect((await stack.deploy(tpl({ Zone: { Type: 'AWS::Route53::HostedZone', Properties: { Name: 'example.org' } } }))).status).toBe('CREATE_COMPLETE');
    const id = stack.physicalId('Zone')!;
    expect(world.route53.zone(id).map((r) => `${r.Type} ${r.Name}`)).toEqual(['NS example.org.', 'SOA example.org.']);
    expect(stack.attribute('Zone', 'NameServers')).toHaveLength(4);
    world.route53.zone(id).push({ Name: 'www.example.org.', Type: 'CNAME', TTL: 60, Values: ['x'] });
    const first = await stack.destroy();
    expect(first).toMatchObject({ status: 'DELETE_FAILED', reason: expect.stringMatching(/HostedZoneNotEmpty/) });
    expect(stack.resourceStatus('Zone')).toBe('DELETE_FAILED');
    world.route53.zone(id).pop();
    expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
    expect(() => world.route53.zone(id)).toThrow(/No hosted zone found/);
  });

  test('exports and imports between stacks; a missing export refuses the deployment', async () => {
    const producer = world.stack('Producer');
    await producer.deploy(tpl({ Param: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'shared-value' } } },
      { Outputs: { Name: { Value: { Ref: 'Param' }, Export: { Name: 'param-name' } } } }));
    expect(world.exports.get('param-name')).toBe(producer.physicalId('Param'));
    const consumer = world.stack('Consumer');
    const uses = (name: string) => tpl({ Use: fault({ Value: { 'Fn::ImportValue': name }, Dyn: `{{resolve:ssm:${producer.physicalId('Param')}}}` }) });
    await expect(consumer.deploy(uses('nope'))).rejects.toThrow(/No export named nope found/);
    expect(consumer.status).toBe('NONE');
    expect((await consumer.deploy(uses('param-name'))).status).toBe('CREATE_COMPLETE');
    const created = world.customResourceRequests.find((q) => q.stack === 'Consumer')!;
    expect(created.properties).toEqual({ Value: producer.physicalId('Param'), Dyn: 'shared-value' });
    expect((await producer.destroy()).status).toBe('DELETE_COMPLETE');
    expect(world.exports.has('param-name')).toBe(false);
  });

  test('conditions skip resources; Retain policies skip deletes; a failing cleanup delete is recorded, the update still completes', async () => {
    const stack = world.stack('Policies');
    const template = (withB: boolean) => tpl({
      A: fault({ Value: { 'Fn::If': ['On', 'on', { Ref: 'AWS::NoValue' }] } }, { DeletionPolicy: 'Retain' }),
      ...(withB ? { B: fault({ FailDelete: 'true' }) } : {}),
      Skipped: fault({}, { Condition: 'Off' }),
    }, { Conditions: { On: { 'Fn::Equals': ['1', '1'] }, Off: { 'Fn::Not': [{ Condition: 'On' }] } } });
    expect((await stack.deploy(template(true))).status).toBe('CREATE_COMPLETE');
    expect(stack.logicalIds().sort()).toEqual(['A', 'B']);
    const cleanup = await stack.deploy(template(false));
    expect(cleanup.status).toBe('UPDATE_COMPLETE');
    expect(cleanup.events.map((e) => `${e.stackStatus} ${e.logicalId} ${e.status}`)).toEqual([
      'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS B DELETE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS B DELETE_FAILED',
    ]);
    expect(stack.logicalIds()).toEqual(['A']);
    expect((await stack.destroy()).events.map((e) => `${e.logicalId} ${e.status}`)).toEqual(['A DELETE_SKIPPED']);
  });

  test('rollback orders: the reverse of the update (default), or the previous template\'s dependency order', async () => {
    // A ← B ← C (C depends on B, B on A), all updated in place, then D fails
    const chain = (v: string, failing: boolean) => tpl({
      A: fault({ V: v }),
      B: fault({ V: v, After: { 'Fn::GetAtt': ['A', 'Value'] } }),
      C: fault({ V: v, After: { 'Fn::GetAtt': ['B', 'Value'] } }),
      ...(failing ? { D: fault({ Fail: 'true' }, { DependsOn: 'C' }) } : {}),
    });
    const orders: Record<string, string[]> = {};
    for (const rollbackOrder of ['reverse', 'dependencies-first'] as const) {
      const stack = world.stack(`Order-${rollbackOrder}`);
      await stack.deploy(chain('1', false));
      const r = await stack.deploy(chain('2', true), { rollbackOrder });
      expect(r.status).toBe('UPDATE_ROLLBACK_COMPLETE');
      orders[rollbackOrder] = r.events.filter((e) => e.stackStatus === 'UPDATE_ROLLBACK_IN_PROGRESS' && e.status === 'UPDATE_COMPLETE').map((e) => e.logicalId);
      const back = world.customResourceRequests.filter((q) => q.stack === stack.name && q.phase === 'UPDATE_ROLLBACK_IN_PROGRESS');
      expect(back.map((q) => `${q.logicalId} ${q.properties.V} ${q.oldProperties?.V}`)).toEqual(orders[rollbackOrder].map((id) => `${id} 1 2`));
    }
    expect(orders).toEqual({ 'reverse': ['C', 'B', 'A'], 'dependencies-first': ['A', 'B', 'C'] });
  });

  test('the account default auto scaling configuration, set and restored through the bundles', async () => {
    const app = new Stack(new App(), 'Test', { env: { account: '123456789012', region: 'us-east-1' } });
    new AutoScalingConfiguration(app, 'Scaling', { autoScalingConfigurationName: 'web-scaling', maxSize: 5, isDefault: true });
    const stack = world.stack('Scaling');
    const created = await stack.deploy(templateOf(app));
    expect(created.status).toBe('CREATE_COMPLETE');
    const arn = world.appRunner.autoScalingConfigurations.find((c) => c.isDefault)!.arn;
    expect(arn).toMatch(/^arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration\/web-scaling\/1\/[0-9a-f]{32}$/);
    expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
    expect(world.appRunner.autoScalingConfigurations.filter((c) => c.isDefault).map((c) => c.arn.split('/')[1])).toEqual(['DefaultConfiguration']);
    expect(world.appRunner.autoScalingConfigurations.find((c) => c.arn === arn)?.status).toBe('INACTIVE');
    expect(world.denials).toEqual([]);
  });

  test('harness errors: unsupported template features and providers throw, never pass', async () => {
    await expect(world.stack('Bad1').deploy(tpl({ R: fault({ N: { 'Fn::Length': [1] } }) }))).rejects.toThrow(/harness: the intrinsic function Fn::Length/);
    await expect(world.stack('Bad2').deploy({ ...tpl({ R: fault() }), Transform: 'AWS::Serverless-2016-10-31' })).rejects.toThrow(/harness: templates with a Transform/);
    const plainLambda: TemplateResource = {
      Type: 'AWS::Lambda::Function',
      Properties: { Code: { ZipFile: 'x' }, Handler: 'index.handler', Runtime: 'nodejs22.x', Role: 'arn:aws:iam::123456789012:role/r' },
    };
    await expect(world.stack('Bad3').deploy(tpl({ Fn: plainLambda, Cr: { Type: 'Custom::Thing', Properties: { ServiceToken: { 'Fn::GetAtt': ['Fn', 'Arn'] } } } })))
      .rejects.toThrow(/is not an aws-cdk-lib Provider framework onEvent function/);
    expect(BUNDLES.onEvent).toMatch(/assets\/operations\/functions\/on-event\.lambda\/index\.js$/);
    // a handler policy the evaluator cannot judge: the deployment fails with a harness error, the request is not allowed
    const unjudgeable = handWritten({
      handlerStatements: [{ Effect: 'Allow', Action: 'apprunner:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } } as any],
      resources: { RunState: customResource('Custom::AppRunnerRunState', { ServiceArn: { 'Fn::GetAtt': ['Svc', 'ServiceArn'] }, Paused: 'true' }, ['HandlerPolicy']) },
    });
    await expect(world.stack('Bad4').deploy(unjudgeable)).rejects.toThrow(/harness: the condition operator Bool is not supported/);
    expect(world.harnessErrors).toHaveLength(1);
  });
});
