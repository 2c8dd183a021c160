/**
 * The lifecycle driver's world: the loopback protocols (CloudFormation answers, the IAM hook's
 * errors and condition keys) and the resource models, with small hand-written templates.
 */
import { AppRunnerClient, DescribeServiceCommand } from '@aws-sdk/client-apprunner';
import {
  CloudFormationClient, DescribeStackResourceCommand, DescribeStackResourcesCommand, DescribeStacksCommand, paginateListStackResources,
} from '@aws-sdk/client-cloudformation';
import { ElasticLoadBalancingV2Client, ModifyRuleCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ChangeResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { App, Stack } from 'aws-cdk-lib';
import { customResource, handWritten, IMAGE } from './fixtures';
import { LIFECYCLE_TEST_TIMEOUT_MS } from './issue10-fixture';
import { acmValidationRecord, EXPRESS_INGRESS } from './resources';
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

describe('ECS Express Mode, listener certificates, Route 53 record sets and ACM certificates', () => {
  const express = (props: Record<string, unknown> = {}): TemplateResource => ({
    Type: 'AWS::ECS::ExpressGatewayService',
    Properties: {
      ExecutionRoleArn: 'arn:aws:iam::123456789012:role/exec',
      InfrastructureRoleArn: 'arn:aws:iam::123456789012:role/infra',
      PrimaryContainer: { Image: IMAGE, ContainerPort: 8000 },
      ...props,
    },
  });
  const zoneOf = (name: string): TemplateResource => ({ Type: 'AWS::Route53::HostedZone', Properties: { Name: name } });
  const records = (zoneId: string) => world.route53.zone(zoneId).filter((r) => r.Type !== 'NS' && r.Type !== 'SOA')
    .map((r) => `${r.Name} ${r.Type}${r.SetIdentifier === undefined ? '' : ` ${r.SetIdentifier}/${r.Weight}`} ${r.TTL} ${(r.Values ?? []).join(',')}`);

  test('Express services: one shared load balancer, GetAtt of the dotted attributes, a canary deployment in place, replacement, delete', async () => {
    const stack = world.stack('Express');
    const rule = { 'Fn::GetAtt': ['Orders', EXPRESS_INGRESS.listenerRuleArn] };
    const template = (cpu: string, name = 'orders', tags?: unknown) => tpl({
      Orders: express({ ServiceName: name, Cpu: cpu, ...(tags ? { Tags: tags } : {}) }),
      Billing: express({ Cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/apps' }),
    }, {
      Outputs: {
        Rule: { Value: rule },
        RuleShort: { Value: { 'Fn::GetAtt': `Orders.${EXPRESS_INGRESS.listenerRuleArn}` } },
        FirstTargetGroup: { Value: { 'Fn::Select': [0, { 'Fn::GetAtt': ['Orders', EXPRESS_INGRESS.targetGroupArns] }] } },
        Sub: { Value: { 'Fn::Sub': 'https://${Orders.Endpoint}/ ${Orders.Status.StatusCode} ${Orders.ECSManagedResourceArns.IngressPath.ListenerArn}' } },
        Ingress: { Value: { 'Fn::GetAtt': ['Billing', 'ECSManagedResourceArns.IngressPath'] } },
        Service: { Value: { Ref: 'Orders' } },
      },
    });
    expect((await stack.deploy(template('1024'))).status).toBe('CREATE_COMPLETE');
    const orders = stack.physicalId('Orders')!;
    expect(orders).toBe('arn:aws:ecs:us-east-1:123456789012:service/default/orders');
    expect(stack.physicalId('Billing')).toMatch(/^arn:aws:ecs:us-east-1:123456789012:service\/apps\/Express-Billing-[0-9A-F]{12}$/);
    const ruleArn = String(stack.attribute('Orders', EXPRESS_INGRESS.listenerRuleArn));
    const endpoint = String(stack.attribute('Orders', 'Endpoint'));
    expect(stack.outputs).toMatchObject({
      Rule: ruleArn,
      RuleShort: ruleArn,
      FirstTargetGroup: world.elb.ruleActions(ruleArn)[0].ForwardConfig!.TargetGroups![0].TargetGroupArn,
      Sub: `https://${endpoint}/ ACTIVE ${stack.attribute('Orders', EXPRESS_INGRESS.listenerArn)}`,
      Service: orders,
    });
    expect(stack.outputs.Ingress).toMatchObject({ ListenerRuleArn: stack.attribute('Billing', EXPRESS_INGRESS.listenerRuleArn), TargetGroupArns: expect.any(Array) });
    expect(stack.attribute('Orders', EXPRESS_INGRESS.loadBalancerArn)).toBe(stack.attribute('Billing', EXPRESS_INGRESS.loadBalancerArn));
    expect(stack.attribute('Orders', EXPRESS_INGRESS.certificateArn)).toMatch(/^arn:aws:acm:us-east-1:123456789012:certificate\//);
    expect(world.elb.hostValues(ruleArn)).toEqual([endpoint]);
    expect(endpoint).toMatch(/^orders-[0-9a-f]{8}\.ecs\.us-east-1\.on\.aws$/);

    // a host name added through the SDK (the world's AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2), then a deployment in place
    const elb = new ElasticLoadBalancingV2Client({});
    try {
      await elb.send(new ModifyRuleCommand({ RuleArn: ruleArn, Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [endpoint, 'orders.example.com'] } }] }));
    } finally {
      elb.destroy();
    }
    const weights = () => world.elb.ruleActions(ruleArn)[0].ForwardConfig!.TargetGroups!.map((t) => t.Weight);
    expect(weights()).toEqual([100, 0]);
    const updated = await stack.deploy(template('2048'));
    expect(updated.status).toBe('UPDATE_COMPLETE');
    expect(updated.events.filter((e) => e.status === 'UPDATE_COMPLETE').map((e) => e.logicalId)).toEqual(['Orders']);
    expect(weights()).toEqual([0, 100]);
    expect(world.elb.hostValues(ruleArn)).toEqual([endpoint, 'orders.example.com']);
    expect(stack.physicalId('Orders')).toBe(orders);

    // a custom-named service cannot be replaced under its name; renamed, it is a new service (rule, target groups, endpoint)
    const retagged = await stack.deploy(template('2048', 'orders', [{ Key: 'team', Value: 'a' }]));
    expect(retagged.reason).toBe('CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename orders and update the stack again.');
    const renamed = await stack.deploy(template('2048', 'orders-v2'));
    expect(renamed.status).toBe('UPDATE_COMPLETE');
    expect(stack.physicalId('Orders')).toBe('arn:aws:ecs:us-east-1:123456789012:service/default/orders-v2');
    expect(world.elb.rules.has(ruleArn)).toBe(false);
    expect(stack.outputs.Rule).not.toBe(ruleArn);
    expect(world.elb.hostValues(String(stack.outputs.Rule))).toEqual([stack.attribute('Orders', 'Endpoint')]);

    // two services of one ARN: the second is refused
    const twice = await world.stack('ExpressTwice').deploy(tpl({ A: express({ ServiceName: 'orders-v2' }) }));
    expect(twice).toMatchObject({ status: 'ROLLBACK_COMPLETE', reason: expect.stringMatching(/Creation of service was not idempotent/) });

    expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
    expect(world.elb.loadBalancers.size).toBe(0);
    expect(world.elb.rules.size).toBe(0);
    expect(world.elb.targetGroups.size).toBe(0);
  });

  test('listener certificates on the Express listener; an ACM certificate writes its validation records and leaves them behind', async () => {
    const stack = world.stack('Certs');
    const certificate = (domain: string, zone = true): TemplateResource => ({
      Type: 'AWS::CertificateManager::Certificate',
      Properties: {
        DomainName: domain,
        SubjectAlternativeNames: [`www.${domain}`, `*.${domain}`, domain],
        ValidationMethod: 'DNS',
        DomainValidationOptions: [domain, `www.${domain}`, `*.${domain}`].map((d) => ({ DomainName: d, ...(zone ? { HostedZoneId: { Ref: 'Zone' } } : {}) })),
      },
    });
    const template = (cert: string) => tpl({
      Zone: zoneOf('certs.example.com'),
      Svc: express({ ServiceName: 'certs' }),
      One: certificate('one.certs.example.com'),
      Two: certificate('two.certs.example.com'),
      OnListener: {
        Type: 'AWS::ElasticLoadBalancingV2::ListenerCertificate',
        Properties: { ListenerArn: { 'Fn::GetAtt': ['Svc', EXPRESS_INGRESS.listenerArn] }, Certificates: [{ CertificateArn: { Ref: cert } }] },
      },
    });
    expect((await stack.deploy(template('One'))).status).toBe('CREATE_COMPLETE');
    const zoneId = stack.physicalId('Zone')!;
    const listener = String(stack.attribute('Svc', EXPRESS_INGRESS.listenerArn));
    const [one, two] = [stack.physicalId('One')!, stack.physicalId('Two')!];
    expect(one).toMatch(/^arn:aws:acm:us-east-1:123456789012:certificate\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(world.elb.listenerCertificates(listener)).toEqual([
      { CertificateArn: stack.attribute('Svc', EXPRESS_INGRESS.certificateArn), IsDefault: true }, { CertificateArn: one, IsDefault: false },
    ]);
    // one record for the domain and its wildcard (given twice), one for www: per certificate
    const validation = ['one', 'two'].flatMap((n) => [`${n}.certs.example.com`, `www.${n}.certs.example.com`].map(acmValidationRecord));
    expect(records(zoneId).sort()).toEqual(validation.map((v) => `${v.name} CNAME 300 ${v.value}`).sort());
    expect(acmValidationRecord('*.one.certs.example.com')).toEqual(validation[0]);

    expect((await stack.deploy(template('Two'))).status).toBe('UPDATE_COMPLETE');
    expect(world.elb.listenerCertificates(listener).map((c) => c.CertificateArn).slice(1)).toEqual([two]);

    // CloudFormation leaves the validation records: the zone cannot be deleted until they are gone
    const first = await stack.destroy();
    expect(first).toMatchObject({ status: 'DELETE_FAILED', reason: expect.stringMatching(/HostedZoneNotEmpty/) });
    expect(world.elb.listeners.has(listener)).toBe(false);
    world.route53.zone(zoneId).splice(0, world.route53.zone(zoneId).length, ...world.route53.zone(zoneId).filter((r) => r.Type !== 'CNAME'));
    expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');

    // a HostedZoneId needs DNS validation; without one, no record is written
    const email = await world.stack('CertsEmail').deploy(tpl({
      Zone: zoneOf('email.example.com'),
      Cert: { Type: 'AWS::CertificateManager::Certificate', Properties: { DomainName: 'email.example.com', DomainValidationOptions: [{ DomainName: 'email.example.com', HostedZoneId: { Ref: 'Zone' } }] } },
    }));
    expect(email).toMatchObject({ status: 'ROLLBACK_COMPLETE', failedLogicalId: 'Cert', reason: expect.stringMatching(/HostedZoneId can be used only with DNS validation/) });
    const bare = world.stack('CertsBare');
    expect((await bare.deploy(tpl({ Zone: zoneOf('bare.example.com'), Cert: certificate('bare.example.com', false) }))).status).toBe('CREATE_COMPLETE');
    expect(records(bare.physicalId('Zone')!)).toEqual([]);
    expect((await bare.destroy()).status).toBe('DELETE_COMPLETE');
    expect(world.denials).toEqual([]);
  });

  test('Route 53 record sets: CREATE, UPSERT in place, another set when Type or SetIdentifier change, Route 53\'s refusals fail the resource, DELETE of exactly the set', async () => {
    const stack = world.stack('Records');
    const set = (props: Record<string, unknown>, zone: Record<string, unknown> = { HostedZoneId: { Ref: 'Zone' } }): TemplateResource =>
      ({ Type: 'AWS::Route53::RecordSet', Properties: { ...zone, TTL: '60', ...props } });
    const template = (more: Record<string, TemplateResource> = {}, www = 'target.example.net', api = { SetIdentifier: 'blue', Weight: 100 }) => tpl({
      Zone: zoneOf('records.example.com'),
      Www: set({ Name: 'www.records.example.com', Type: 'CNAME', ResourceRecords: [www] }),
      Api: set({ Name: 'api.records.example.com.', Type: 'CNAME', ResourceRecords: ['blue.example.net'], ...api }),
      ByName: { ...set({ Name: 'txt.records.example.com', Type: 'TXT', ResourceRecords: ['"v=1"'] }, { HostedZoneName: 'records.example.com.' }), DependsOn: 'Zone' },
      ...more,
    }, { Outputs: { Www: { Value: { Ref: 'Www' } } } });
    expect((await stack.deploy(template())).status).toBe('CREATE_COMPLETE');
    const zoneId = stack.physicalId('Zone')!;
    expect(stack.outputs.Www).toBe('www.records.example.com');
    expect(records(zoneId).sort()).toEqual([
      'api.records.example.com. CNAME blue/100 60 blue.example.net', 'txt.records.example.com. TXT 60 "v=1"', 'www.records.example.com. CNAME 60 target.example.net',
    ]);

    // in place: an UPSERT; another SetIdentifier: the old set deleted and the new one created in one batch
    expect((await stack.deploy(template({}, 'other.example.net', { SetIdentifier: 'green', Weight: 0 }))).status).toBe('UPDATE_COMPLETE');
    expect(records(zoneId).filter((r) => !r.startsWith('txt'))).toEqual(expect.arrayContaining([
      'www.records.example.com. CNAME 60 other.example.net', 'api.records.example.com. CNAME green/0 60 blue.example.net',
    ]));
    expect(records(zoneId)).toHaveLength(3);

    // a simple set beside the weighted one: Route 53 refuses it, the stack rolls back, the zone is as it was
    const before = records(zoneId);
    const clash = await stack.deploy(template({ Clash: set({ Name: 'api.records.example.com', Type: 'CNAME', ResourceRecords: ['x.example.net'] }) }, 'other.example.net', { SetIdentifier: 'green', Weight: 0 }));
    expect(clash).toMatchObject({
      status: 'UPDATE_ROLLBACK_COMPLETE',
      failedLogicalId: 'Clash',
      reason: expect.stringMatching(/cannot be created as other RRSets exist with the same name and type.*Error Code: InvalidChangeBatch/),
    });
    expect(records(zoneId)).toEqual(before);

    // a new name is a replacement: the new set first, the old one deleted in the cleanup
    const renamed = await stack.deploy(tpl({
      Zone: zoneOf('records.example.com'),
      Www: set({ Name: 'web.records.example.com', Type: 'CNAME', ResourceRecords: ['other.example.net'] }),
    }));
    expect(renamed.status).toBe('UPDATE_COMPLETE');
    expect(records(zoneId)).toEqual(['web.records.example.com. CNAME 60 other.example.net']);

    // values changed behind CloudFormation's back: its DELETE no longer matches and fails
    world.route53.zone(zoneId).find((r) => r.Name === 'web.records.example.com.')!.Values = ['changed.example.net'];
    const failed = await stack.destroy();
    expect(failed).toMatchObject({ status: 'DELETE_FAILED', reason: expect.stringMatching(/values provided do not match the current values/) });
    // gone behind its back: the DELETE passes
    world.route53.zone(zoneId).splice(world.route53.zone(zoneId).findIndex((r) => r.Name === 'web.records.example.com.'), 1);
    expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
    expect(world.denials).toEqual([]);
  });
});
