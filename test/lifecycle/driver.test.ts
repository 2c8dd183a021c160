/**
 * The lifecycle driver proves itself: real CDK templates of this library deployed against the
 * loopback fakes, custom resources through the bundled handlers (assets/), IAM enforced as it
 * stands at each moment of a deployment.
 */
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { customResource, expectValidOrder, handWritten, idsOf, IMAGE, serviceStack } from './fixtures';
import { AttachedPolicy, evaluate, wildcardMatch } from './iam';
import { LIFECYCLE_TEST_TIMEOUT_MS } from './issue10-fixture';
import { CREATE_FAILED_MARKER } from './provider';
import { LifecycleStack } from './stack';
import { LifecycleWorld, templateOf } from './world';
import { Service, Source } from '../../src';

// whole deployments per test: see LIFECYCLE_TEST_TIMEOUT_MS
jest.setTimeout(LIFECYCLE_TEST_TIMEOUT_MS);

let world: LifecycleWorld;
let cfn: CloudFormationClient;

beforeAll(async () => {
  world = await LifecycleWorld.start();
  cfn = new CloudFormationClient({}); // the test's own calls: no handler runs, no IAM check
});

afterAll(async () => {
  cfn.destroy();
  await world.stop();
});

const requestsOf = (stack: LifecycleStack) => world.customResourceRequests.filter((q) => q.stack === stack.name);
const byPhase = (events: { stackStatus: string; logicalId: string; status: string }[], phase: string) =>
  events.filter((e) => e.stackStatus === phase).map((e) => `${e.logicalId} ${e.status}`);

test('1. create, in-place update and delete of a paused service: bundles run, the service ends PAUSED, events in dependency order', async () => {
  const stack = world.stack('Paused');
  const t1 = templateOf(serviceStack({ paused: true }));
  const [svc] = idsOf(t1, 'AWS::AppRunner::Service');
  const [pre] = idsOf(t1, 'Custom::AppRunnerPreUpdateResume');
  const [run] = idsOf(t1, 'Custom::AppRunnerRunState');

  const created = await stack.deploy(t1);
  expect(created.status).toBe('CREATE_COMPLETE');
  expect(created.statuses).toEqual(['CREATE_IN_PROGRESS', 'CREATE_COMPLETE']);
  expectValidOrder(t1, created.events, 'create');
  const arn = stack.physicalId(svc)!;
  const service = world.appRunner.services.get(arn)!;
  expect(service.status).toBe('PAUSED');
  expect(service.operations.map((o) => `${o.Type} ${o.Status}`)).toEqual(['PAUSE_SERVICE SUCCEEDED', 'CREATE_SERVICE SUCCEEDED']);
  // the handlers made the calls over HTTP (the driver's own calls are not in `calls`)
  expect(world.appRunner.calls).toContain('PauseService');
  expect(requestsOf(stack).map((q) => `${q.logicalId} ${q.requestType} ${q.ok}`)).toEqual([`${pre} Create true`, `${run} Create true`]);

  const t2 = templateOf(serviceStack({ paused: true, env: { V: 'b' } }));
  const updated = await stack.deploy(t2);
  expect(updated.status).toBe('UPDATE_COMPLETE');
  expect(updated.statuses).toEqual(['UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_COMPLETE']);
  // exactly the three resources whose properties changed, in dependency order
  expect(updated.events.filter((e) => e.status === 'UPDATE_COMPLETE').map((e) => e.logicalId)).toEqual([pre, svc, run]);
  expect(stack.physicalId(svc)).toBe(arn);
  expect(service.status).toBe('PAUSED');
  // resumed before UpdateService (App Runner refuses it while paused), paused again after
  expect(service.operations.map((o) => o.Type)).toEqual(['PAUSE_SERVICE', 'UPDATE_SERVICE', 'RESUME_SERVICE', 'PAUSE_SERVICE', 'CREATE_SERVICE']);
  // the pre-update resume found the service in the stack being updated
  expect(world.cloudFormationCalls).toContainEqual(expect.objectContaining({
    action: 'DescribeStackResource', logicalId: pre, requestType: 'Update', stackStatus: 'UPDATE_IN_PROGRESS',
  }));

  const deleted = await stack.destroy();
  expect(deleted.status).toBe('DELETE_COMPLETE');
  expectValidOrder(t2, deleted.events, 'delete');
  expect(world.appRunner.services.has(arn)).toBe(false);
  expect(world.live.filter((r) => r.stackName === 'Paused')).toEqual([]);
  // the pre-update resume's old instance in the update's cleanup (it applies the run state), then both in the stack's deletion
  const deletes = requestsOf(stack).filter((q) => q.requestType === 'Delete');
  expect(deletes.filter((q) => q.phase === 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS').map((q) => q.logicalId)).toEqual([pre]);
  expect(deletes.filter((q) => q.phase === 'DELETE_IN_PROGRESS').map((q) => q.logicalId).sort()).toEqual([pre, run].sort());
  expect(world.denials).toEqual([]);
  // CloudFormation: by id the stack is DELETE_COMPLETE, by name it does not exist
  const byId = await cfn.send(new DescribeStacksCommand({ StackName: stack.id }));
  expect(byId.Stacks?.[0]?.StackStatus).toBe('DELETE_COMPLETE');
  await expect(cfn.send(new DescribeStacksCommand({ StackName: 'Paused' }))).rejects.toMatchObject({ name: 'ValidationError', message: 'Stack with id Paused does not exist' });
});

test('2. replacing the service (a tag): new service in the update phase, old one deleted in the cleanup, custom resources follow', async () => {
  const stack = world.stack('Replace');
  const props = { paused: false, failOnRollback: true, domain: true };
  const t1 = templateOf(serviceStack(props));
  expect((await stack.deploy(t1)).status).toBe('CREATE_COMPLETE');
  const [svc] = idsOf(t1, 'AWS::AppRunner::Service');
  const following = idsOf(t1, /^Custom::AppRunner(RunState|RollbackCheck|CustomDomain)$/);
  expect(following).toHaveLength(3);
  const oldArn = stack.physicalId(svc)!;
  const oldIds = Object.fromEntries(following.map((id) => [id, stack.physicalId(id)!]));

  // the spy: DescribeStacks right before every handler invocation
  const seen: string[] = [];
  const invoke = world.invoke.bind(world);
  const spy = jest.spyOn(world, 'invoke').mockImplementation(async (fn, kind, payload, request) => {
    const out = await cfn.send(new DescribeStacksCommand({ StackName: request.stackId }));
    seen.push(`${request.requestType} ${out.Stacks?.[0]?.StackStatus}`);
    return invoke(fn, kind, payload, request);
  });
  const handlerCalls = world.cloudFormationCalls.length;
  const r = await stack.deploy(templateOf(serviceStack({ ...props, tag: 'v2' })));
  spy.mockRestore();

  expect(r.status).toBe('UPDATE_COMPLETE');
  const newArn = stack.physicalId(svc)!;
  expect(newArn).not.toBe(oldArn);
  expect(world.appRunner.services.has(oldArn)).toBe(false);
  expect(world.appRunner.services.get(newArn)!.domains.map((d) => `${d.DomainName} ${d.Status}`)).toEqual(['api.example.com active']);
  expect(r.events.filter((e) => e.logicalId === svc).map((e) => `${e.stackStatus} ${e.status} ${e.physicalId}`)).toEqual([
    `UPDATE_IN_PROGRESS UPDATE_IN_PROGRESS ${oldArn}`,
    `UPDATE_IN_PROGRESS UPDATE_COMPLETE ${newArn}`,
    `UPDATE_COMPLETE_CLEANUP_IN_PROGRESS DELETE_IN_PROGRESS ${oldArn}`,
    `UPDATE_COMPLETE_CLEANUP_IN_PROGRESS DELETE_COMPLETE ${oldArn}`,
  ]);
  const oldServiceGone = r.events.findIndex((e) => e.logicalId === svc && e.status === 'DELETE_COMPLETE');
  for (const id of following) {
    const update = requestsOf(stack).find((q) => q.logicalId === id && q.requestType === 'Update')!;
    expect(update.phase).toBe('UPDATE_IN_PROGRESS');
    expect(update.properties.ServiceArn).toBe(newArn);
    expect(update.oldProperties?.ServiceArn).toBe(oldArn);
    // a new physical id (all three embed the service): the old one gets its Delete, with the old
    // properties, in the cleanup, before the old service goes (it depends on it)
    expect(stack.physicalId(id)).not.toBe(oldIds[id]);
    const cleanup = requestsOf(stack).find((q) => q.logicalId === id && q.requestType === 'Delete')!;
    expect(cleanup).toMatchObject({ physicalId: oldIds[id], phase: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', ok: true });
    expect(cleanup.properties.ServiceArn).toBe(oldArn);
    expect(r.events.findIndex((e) => e.logicalId === id && e.status === 'DELETE_COMPLETE')).toBeLessThan(oldServiceGone);
  }
  // what the handlers see is the phase they run in
  expect(seen.length).toBeGreaterThan(6);
  expect(new Set(seen.filter((s) => !s.startsWith('Delete')))).toEqual(new Set(['Update UPDATE_IN_PROGRESS']));
  expect(new Set(seen.filter((s) => s.startsWith('Delete')))).toEqual(new Set(['Delete UPDATE_COMPLETE_CLEANUP_IN_PROGRESS']));
  const own = world.cloudFormationCalls.slice(handlerCalls).filter((c) => c.logicalId !== undefined); // the handlers' calls
  expect(own.map((c) => `${c.action} ${c.stackStatus}`)).toContainEqual('DescribeStacks UPDATE_IN_PROGRESS');
  for (const c of own) expect(c.stackStatus).toBe(c.requestType === 'Delete' ? 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS' : 'UPDATE_IN_PROGRESS');
  // listed once, with its current physical id
  const listed = await cfn.send(new ListStackResourcesCommand({ StackName: 'Replace' }));
  expect(listed.StackResourceSummaries?.filter((s) => s.LogicalResourceId === svc)).toEqual([
    expect.objectContaining({ PhysicalResourceId: newArn, ResourceType: 'AWS::AppRunner::Service', ResourceStatus: 'UPDATE_COMPLETE' }),
  ]);
  expect(world.denials).toEqual([]);
});

test('2b. a replacement rolled back: no Update to the replaced custom resources, the old ids are current again, the new ones deleted', async () => {
  const stack = world.stack('ReplaceBack');
  const props = { paused: false, failOnRollback: true };
  const t1 = templateOf(serviceStack(props));
  expect((await stack.deploy(t1)).status).toBe('CREATE_COMPLETE');
  const [svc] = idsOf(t1, 'AWS::AppRunner::Service');
  const following = idsOf(t1, /^Custom::AppRunner(RunState|RollbackCheck)$/);
  const before = Object.fromEntries([svc, ...following].map((id) => [id, stack.physicalId(id)!]));

  const r = await stack.deploy(templateOf(serviceStack({ ...props, tag: 'v2', fault: true })));
  expect(r.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  const newArn = r.events.find((e) => e.logicalId === svc && e.status === 'UPDATE_COMPLETE' && e.stackStatus === 'UPDATE_IN_PROGRESS')!.physicalId!;
  expect(newArn).not.toBe(before[svc]);
  for (const id of [svc, ...following]) expect(stack.physicalId(id)).toBe(before[id]);
  expect([...world.appRunner.services.keys()]).toContain(before[svc]);
  expect([...world.appRunner.services.keys()]).not.toContain(newArn);
  for (const id of following) {
    const requests = requestsOf(stack).filter((q) => q.logicalId === id && q.phase !== 'CREATE_IN_PROGRESS');
    // forward: an Update that answered a new physical id; rollback: nothing; rollback cleanup: that id's Delete, new properties
    expect(requests.map((q) => `${q.requestType} ${q.phase}`)).toEqual(['Update UPDATE_IN_PROGRESS', 'Delete UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS']);
    expect(requests[1].physicalId).toBe(requests[0].resultPhysicalId);
    expect(requests[1].properties.ServiceArn).toBe(newArn);
  }
  const cleanup = byPhase(r.events, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
  expect(cleanup.indexOf(`${svc} DELETE_COMPLETE`)).toBeGreaterThan(Math.max(...following.map((id) => cleanup.indexOf(`${id} DELETE_COMPLETE`))));
  expect(byPhase(r.events, 'UPDATE_ROLLBACK_IN_PROGRESS')).toContain(`${svc} UPDATE_COMPLETE`);
});

test('3. a failure after the service update: UPDATE_ROLLBACK_COMPLETE, rollback Updates to the custom resources, created resources deleted', async () => {
  const stack = world.stack('Rollback');
  const t1 = templateOf(serviceStack({ paused: true }));
  expect((await stack.deploy(t1)).status).toBe('CREATE_COMPLETE');
  const [svc] = idsOf(t1, 'AWS::AppRunner::Service');
  const [pre] = idsOf(t1, 'Custom::AppRunnerPreUpdateResume');
  const [run] = idsOf(t1, 'Custom::AppRunnerRunState');
  const service = world.appRunner.services.get(stack.physicalId(svc)!)!;
  const t2 = templateOf(serviceStack({ paused: true, env: { V: 'b' }, fault: true }));
  const oldHash = t1.Resources[run].Properties!.ConfigHash;
  const newHash = t2.Resources[run].Properties!.ConfigHash;
  expect(newHash).not.toBe(oldHash);

  const r = await stack.deploy(t2);
  expect(r.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  expect(r.statuses).toEqual(['UPDATE_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE']);
  expect(r.failedLogicalId).toBe('Fault');
  expect(r.reason).toBe('HarnessFault: Create of Fault fails as asked');
  expect(byPhase(r.events, 'UPDATE_IN_PROGRESS').slice(-2)).toEqual(['Fault CREATE_IN_PROGRESS', 'Fault CREATE_FAILED']);
  // back in the reverse order of the update (the default rollbackOrder)
  expect(byPhase(r.events, 'UPDATE_ROLLBACK_IN_PROGRESS')).toEqual([
    `${run} UPDATE_IN_PROGRESS`, `${run} UPDATE_COMPLETE`, `${svc} UPDATE_IN_PROGRESS`, `${svc} UPDATE_COMPLETE`, `${pre} UPDATE_IN_PROGRESS`, `${pre} UPDATE_COMPLETE`,
  ]);
  // the pre-update resume's update made a new instance (a new physical id): switched back without a
  // call, the new instance is deleted in the rollback cleanup (where it pauses the service again)
  expect(byPhase(r.events, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS').sort()).toEqual(
    ['Fault DELETE_COMPLETE', 'Fault DELETE_IN_PROGRESS', `${pre} DELETE_COMPLETE`, `${pre} DELETE_IN_PROGRESS`].sort());
  // the rollback Updates: the old properties, with the new ones as OldResourceProperties
  const rollback = requestsOf(stack).filter((q) => q.phase === 'UPDATE_ROLLBACK_IN_PROGRESS');
  expect(rollback.map((q) => `${q.logicalId} ${q.requestType} ${q.ok}`)).toEqual([`${run} Update true`]);
  for (const q of rollback) {
    expect(q.properties.ConfigHash).toBe(oldHash);
    expect(q.oldProperties?.ConfigHash).toBe(newHash);
  }
  expect(requestsOf(stack).filter((q) => q.logicalId === 'Fault').map((q) => `${q.requestType} ${q.phase}`)).toEqual([
    'Create UPDATE_IN_PROGRESS', 'Delete UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
  ]);
  // the service: resumed, updated (not paused: the outcome is open), updated back, paused in the rollback cleanup
  expect(service.status).toBe('PAUSED');
  const types = service.operations.map((o) => o.Type).reverse();
  expect(types).toEqual(['CREATE_SERVICE', 'PAUSE_SERVICE', 'RESUME_SERVICE', 'UPDATE_SERVICE', 'UPDATE_SERVICE', 'PAUSE_SERVICE']);
  expect(stack.logicalIds()).not.toContain('Fault');
  expect(stack.describeResources().every((d) => /_COMPLETE$/.test(d.status))).toBe(true);

  // the same update with a rollback that fails: UPDATE_ROLLBACK_FAILED, and the stack refuses updates
  const failed = await stack.deploy(t2, { failAt: { logicalId: svc, action: 'update', phase: 'rollback' } });
  expect(failed.status).toBe('UPDATE_ROLLBACK_FAILED');
  expect(failed.events.filter((e) => e.status === 'UPDATE_FAILED').map((e) => `${e.logicalId} ${e.stackStatus}`)).toEqual([`${svc} UPDATE_ROLLBACK_IN_PROGRESS`]);
  await expect(stack.deploy(t1)).rejects.toThrow(/is in UPDATE_ROLLBACK_FAILED state and can not be updated/);
});

test('3b. a failed first deployment rolls back to ROLLBACK_COMPLETE, deleting what was created (but what is retained), dependents first', async () => {
  const stack = world.stack('FirstFails');
  const t = templateOf(serviceStack({ paused: true, fault: true }));
  const r = await stack.deploy(t);
  expect(r.status).toBe('ROLLBACK_COMPLETE');
  expect(r.statuses).toEqual(['CREATE_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_COMPLETE']);
  const created = r.events.filter((e) => e.status === 'CREATE_COMPLETE').map((e) => e.logicalId);
  const rollback = (status: string) => r.events.filter((e) => e.stackStatus === 'ROLLBACK_IN_PROGRESS' && e.status === status).map((e) => e.logicalId);
  // DeletionPolicy Retain holds in a rollback too: the provider's log groups stay (with the logs of what failed)
  const retained = Object.keys(t.Resources).filter((id) => (t.Resources[id] as { DeletionPolicy?: string }).DeletionPolicy === 'Retain');
  expect(retained.map((id) => t.Resources[id].Type)).toEqual(['AWS::Logs::LogGroup', 'AWS::Logs::LogGroup', 'AWS::Logs::LogGroup']);
  expect(rollback('DELETE_SKIPPED').sort()).toEqual(retained.sort());
  expect(rollback('DELETE_COMPLETE').sort()).toEqual([...created, 'Fault'].filter((id) => !retained.includes(id)).sort());
  expectValidOrder(t, r.events.filter((e) => e.stackStatus === 'ROLLBACK_IN_PROGRESS'), 'delete');
  expect(world.live.filter((x) => x.stackName === 'FirstFails')).toEqual([]);
  expect(stack.logicalIds()).toEqual([]);
});

test('4. IAM is enforced: a missing permission is denied; a policy changed earlier in the same deployment is in force', async () => {
  const serviceArn = { 'Fn::GetAtt': ['Svc', 'ServiceArn'] };
  const read = { Effect: 'Allow' as const, Action: ['apprunner:DescribeService', 'apprunner:ListOperations'], Resource: '*' };

  // a: no apprunner:PauseService → the handler's call is denied, the resource fails, the stack rolls back
  const a = world.stack('NoPause');
  const callsBefore = world.appRunner.calls.length;
  const ra = await a.deploy(handWritten({
    handlerStatements: [read],
    resources: { RunState: customResource('Custom::AppRunnerRunState', { ServiceArn: serviceArn, Paused: 'true' }, ['HandlerPolicy']) },
  }));
  expect(ra.status).toBe('ROLLBACK_COMPLETE');
  expect(ra.failedLogicalId).toBe('RunState');
  expect(ra.reason).toMatch(/not authorized to perform: apprunner:PauseService on resource: arn:aws:apprunner:us-east-1:123456789012:service\/NoPause-Svc/);
  const denial = world.denials.find((d) => d.stack === 'NoPause')!;
  expect(denial).toMatchObject({ action: 'apprunner:PauseService', role: expect.stringMatching(/^NoPause-OnEventRole-/), phase: 'CREATE_IN_PROGRESS', logicalId: 'RunState' });
  expect(denial.resource).toMatch(/^arn:aws:apprunner:us-east-1:123456789012:service\/NoPause-Svc-[A-Z0-9]+\/[0-9a-f]{32}$/);
  expect(world.appRunner.calls.slice(callsBefore)).not.toContain('PauseService'); // denied requests never reach App Runner
  // onEvent failed on Create: the framework's marker physical id, whose Delete skips the handler
  expect(ra.events.find((e) => e.status === 'CREATE_FAILED')?.physicalId).toBe(CREATE_FAILED_MARKER);
  expect(requestsOf(a).filter((q) => q.logicalId === 'RunState').map((q) => `${q.requestType} ${q.physicalId ?? '-'} ${q.ok}`))
    .toEqual(['Create - false', `Delete ${CREATE_FAILED_MARKER} true`]);

  // b: the update narrows the policy first (the custom resource depends on it): the resume is denied;
  // the rollback restores the policy and the custom resource's rollback Update (a pause) passes
  const b = world.stack('Narrowed');
  const template = (paused: string, actions: string[]) => handWritten({
    handlerStatements: [read, { Effect: 'Allow', Action: actions, Resource: '*' }],
    resources: { RunState: customResource('Custom::AppRunnerRunState', { ServiceArn: serviceArn, Paused: paused }, ['HandlerPolicy']) },
  });
  expect((await b.deploy(template('true', ['apprunner:PauseService', 'apprunner:ResumeService']))).status).toBe('CREATE_COMPLETE');
  const rb = await b.deploy(template('false', ['apprunner:PauseService']));
  expect(rb.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  expect(byPhase(rb.events, 'UPDATE_IN_PROGRESS')).toEqual(['HandlerPolicy UPDATE_IN_PROGRESS', 'HandlerPolicy UPDATE_COMPLETE', 'RunState UPDATE_IN_PROGRESS', 'RunState UPDATE_FAILED']);
  expect(byPhase(rb.events, 'UPDATE_ROLLBACK_IN_PROGRESS').sort()).toEqual(['HandlerPolicy UPDATE_COMPLETE', 'HandlerPolicy UPDATE_IN_PROGRESS', 'RunState UPDATE_COMPLETE', 'RunState UPDATE_IN_PROGRESS']);
  expect(world.denials.filter((d) => d.stack === 'Narrowed').map((d) => `${d.action} ${d.phase} ${d.requestType}`)).toEqual(['apprunner:ResumeService UPDATE_IN_PROGRESS Update']);
  expect(world.appRunner.services.get(b.physicalId('Svc')!)!.status).toBe('PAUSED');
  // the custom resource whose update failed (same physical id) gets the rollback Update too: old properties, new ones as old
  expect(requestsOf(b).filter((q) => q.logicalId === 'RunState').map((q) => `${q.requestType} ${q.phase} ${q.properties.Paused} ${q.oldProperties?.Paused} ${q.ok}`))
    .toEqual(['Create CREATE_IN_PROGRESS true undefined true', 'Update UPDATE_IN_PROGRESS false true false', 'Update UPDATE_ROLLBACK_IN_PROGRESS true false true']);

  // c: CloudFormation (DescribeStackResource) denied with a 403 AccessDenied
  const c = world.stack('NoCfn');
  const rc = await c.deploy(handWritten({
    handlerStatements: [read],
    resources: { Pre: customResource('Custom::AppRunnerPreUpdateResume', { StackId: { Ref: 'AWS::StackId' }, ServiceLogicalId: 'Svc', ConfigHash: 'x' }, ['HandlerPolicy']) },
  }));
  expect(rc.status).toBe('ROLLBACK_COMPLETE');
  expect(rc.reason).toMatch(/not authorized to perform: cloudformation:DescribeStackResource/);
  expect(world.denials.filter((d) => d.stack === 'NoCfn').map((d) => `${d.action} ${d.resource}`)).toEqual([`cloudformation:DescribeStackResource ${c.id}`]);

  // d: the framework's own role may not invoke the handler
  const d = world.stack('NoInvoke');
  const rd = await d.deploy(handWritten({
    handlerStatements: [read],
    frameworkStatements: [{ Effect: 'Allow', Action: 'states:StartExecution', Resource: '*' }],
    resources: { RunState: customResource('Custom::AppRunnerRunState', { ServiceArn: serviceArn, Paused: 'false' }) },
  }));
  expect(rd.status).toBe('ROLLBACK_COMPLETE');
  expect(world.denials.filter((x) => x.stack === 'NoInvoke').map((x) => `${x.action} ${x.role.replace(/-[A-Z0-9]+$/, '')}`)).toEqual(['lambda:InvokeFunction NoInvoke-FrameworkRole']);
});

test('5. a parameter change and an SSM value change update exactly the resources whose resolved properties changed', async () => {
  const stack = world.stack('Params');
  const app = new Stack(new App(), 'Test', { env: { account: '123456789012', region: 'us-east-1' } });
  const version = new CfnParameter(app, 'Version', { default: 'v1' });
  new Service(app, 'Svc', {
    source: Source.fromEcrPublic({
      imageConfiguration: { port: 8000, environmentVariables: { VERSION: version.valueAsString } },
      imageIdentifier: IMAGE,
    }),
    paused: false,
  });
  new ssm.StringParameter(app, 'Mirror', { stringValue: ssm.StringParameter.valueForStringParameter(app, '/app/setting') });
  const t = templateOf(app);
  const [svc] = idsOf(t, 'AWS::AppRunner::Service');
  const [mirror] = idsOf(t, 'AWS::SSM::Parameter');
  const [ssmParameter] = Object.keys(t.Parameters!).filter((p) => t.Parameters![p].Type.startsWith('AWS::SSM::Parameter::Value'));
  // the resources whose properties use a parameter (the service, and whatever the library makes follow it)
  const using = (parameter: string) => idsOf(t, /./).filter((id) => JSON.stringify(t.Resources[id].Properties ?? {}).includes(`{"Ref":"${parameter}"}`)).sort();
  const updatedIds = (r: { events: { status: string; logicalId: string }[] }) => r.events.filter((e) => e.status === 'UPDATE_COMPLETE').map((e) => e.logicalId).sort();
  expect(using('Version')).toContain(svc);
  expect(using(ssmParameter)).toEqual([mirror]);

  await expect(stack.deploy(t)).rejects.toThrow(/Unable to fetch parameters \[\/app\/setting\]/);
  expect(stack.status).toBe('NONE');
  world.ssm.set('/app/setting', 'one');
  expect((await stack.deploy(t)).status).toBe('CREATE_COMPLETE');
  expect(world.ssm.get(stack.physicalId(mirror)!)).toBe('one');
  // nothing changed: no update at all (CloudFormation: "No updates are to be performed")
  expect(await stack.deploy(t)).toEqual({ status: 'CREATE_COMPLETE', events: [], statuses: [] });

  const byParameter = await stack.deploy(t, { parameters: { Version: 'v2' } });
  expect(byParameter.status).toBe('UPDATE_COMPLETE');
  expect(updatedIds(byParameter)).toEqual(using('Version'));
  expect(world.appRunner.services.get(stack.physicalId(svc)!)!.operations[0].Type).toBe('UPDATE_SERVICE');

  world.ssm.set('/app/setting', 'two');
  const bySsm = await stack.deploy(t, { parameters: { Version: 'v2' } });
  expect(updatedIds(bySsm)).toEqual([mirror]);
  expect(world.ssm.get(stack.physicalId(mirror)!)).toBe('two');
});

test('6. seeds: independent resources come in different (valid) orders', async () => {
  const t = templateOf(serviceStack({ paused: true }));
  const creates = new Set<string>();
  const deletes = new Set<string>();
  for (let seed = 1; seed <= 5; seed++) {
    const stack = world.stack(`Seed${seed}`);
    const created = await stack.deploy(t, { seed });
    expect(created.status).toBe('CREATE_COMPLETE');
    creates.add(expectValidOrder(t, created.events, 'create').join());
    const deleted = await stack.destroy({ seed });
    expect(deleted.status).toBe('DELETE_COMPLETE');
    deletes.add(expectValidOrder(t, deleted.events, 'delete').join());
  }
  expect(creates.size).toBeGreaterThan(1);
  expect(deletes.size).toBeGreaterThan(1);
  // the same seed, the same order
  const again = await world.stack('Seed1').deploy(t, { seed: 1 });
  expect(creates).toContain(again.events.filter((e) => e.status === 'CREATE_IN_PROGRESS').map((e) => e.logicalId).join());
});

describe('7. the IAM evaluator', () => {
  const policy = (...statements: any[]): AttachedPolicy[] => [{ source: 'test', document: { Version: '2012-10-17', Statement: statements } }];
  const request = (action: string, resource: string, context: Record<string, string[]> = {}) => ({ action, resource, context });
  const zone = 'arn:aws:route53:::hostedzone/Z1';

  test('wildcards: actions case-insensitive, resources with * and ?', () => {
    expect(wildcardMatch('apprunner:Describe*', 'APPRUNNER:describeservice', true)).toBe(true);
    expect(wildcardMatch('arn:aws:apprunner:*:*:service/web/?', 'arn:aws:apprunner:us-east-1:1:service/web/a')).toBe(true);
    expect(wildcardMatch('arn:aws:apprunner:*:*:service/web/?', 'arn:aws:apprunner:us-east-1:1:service/web/ab')).toBe(false);
    const p = policy({ Effect: 'Allow', Action: 'apprunner:*Service', Resource: 'arn:aws:apprunner:us-east-1:123456789012:service/*/*' });
    expect(evaluate(p, request('apprunner:PauseService', 'arn:aws:apprunner:us-east-1:123456789012:service/web/1')).allowed).toBe(true);
    expect(evaluate(p, request('apprunner:ListOperations', 'arn:aws:apprunner:us-east-1:123456789012:service/web/1')).allowed).toBe(false);
    expect(evaluate(p, request('apprunner:PauseService', 'arn:aws:apprunner:us-east-1:123456789012:service/web')).allowed).toBe(false);
    expect(evaluate(policy({ Effect: 'Allow', NotAction: 'apprunner:Delete*', NotResource: 'arn:aws:apprunner:*:*:service/prod/*' }),
      request('apprunner:PauseService', 'arn:aws:apprunner:us-east-1:1:service/dev/1')).allowed).toBe(true);
  });

  test('an explicit Deny wins over any Allow; nothing allowed is an implicit deny', () => {
    const p = policy({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'apprunner:PauseService', Resource: '*' });
    expect(evaluate(p, request('apprunner:PauseService', 'x'))).toMatchObject({ allowed: false, explicitDeny: true });
    expect(evaluate(p, request('apprunner:ResumeService', 'x'))).toMatchObject({ allowed: true });
    expect(evaluate([], request('apprunner:ResumeService', 'x'))).toMatchObject({ allowed: false, explicitDeny: false });
  });

  test('conditions: ForAllValues:StringLike on normalized record names, ForAnyValue, StringEquals, Arn operators', () => {
    const p = policy({
      Effect: 'Allow',
      Action: 'route53:ChangeResourceRecordSets',
      Resource: zone,
      Condition: {
        'ForAllValues:StringLike': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['api.example.com', '_*.api.example.com'] },
        'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['CNAME'] },
      },
    });
    const change = (names: string[], types = ['CNAME']) => request('route53:ChangeResourceRecordSets', zone, {
      'route53:ChangeResourceRecordSetsNormalizedRecordNames': names, 'route53:ChangeResourceRecordSetsRecordTypes': types,
    });
    expect(evaluate(p, change(['api.example.com', '_1aaaa.api.example.com'])).allowed).toBe(true);
    expect(evaluate(p, change(['api.example.com', 'www.example.com'])).allowed).toBe(false);
    expect(evaluate(p, change(['api.example.com'], ['CNAME', 'TXT'])).allowed).toBe(false);
    expect(evaluate(p, change([], [])).allowed).toBe(true); // ForAllValues over nothing holds, as in IAM
    const any = policy({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'route53:ChangeResourceRecordSetsActions': ['DELETE'] } } },
      { Effect: 'Allow', Action: '*', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ops-*' }, StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } });
    const ctx = (actions: string[], role = 'ops-1') => ({ 'route53:ChangeResourceRecordSetsActions': actions, 'aws:PrincipalArn': [`arn:aws:iam::1:role/${role}`], 'aws:RequestedRegion': ['us-east-1'] });
    expect(evaluate(any, request('route53:ChangeResourceRecordSets', zone, ctx(['CREATE', 'UPSERT']))).allowed).toBe(true);
    expect(evaluate(any, request('route53:ChangeResourceRecordSets', zone, ctx(['UPSERT', 'DELETE'])))).toMatchObject({ allowed: false, explicitDeny: true });
    expect(evaluate(any, request('route53:ChangeResourceRecordSets', zone, ctx(['CREATE'], 'dev-1'))).allowed).toBe(false);
  });

  test('what it does not know is a harness error, never an Allow', () => {
    const withCondition = (condition: any) => policy({ Effect: 'Allow', Action: '*', Resource: '*', Condition: condition });
    expect(() => evaluate(withCondition({ NumericLessThan: { 'aws:MultiFactorAuthAge': '300' } }), request('a:b', '*'))).toThrow(/harness: the condition operator NumericLessThan/);
    expect(() => evaluate(withCondition({ StringEquals: { 'aws:SourceIp': '1.2.3.4' } }), request('a:b', '*'))).toThrow(/harness: the condition key aws:SourceIp/);
    expect(() => evaluate(withCondition({ StringLike: { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': 'x' } }), request('a:b', '*')))
      .toThrow(/needs ForAllValues: or ForAnyValue:/);
    expect(() => evaluate(policy({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::${aws:username}' }), request('a:b', '*'))).toThrow(/policy variables/);
  });
});
