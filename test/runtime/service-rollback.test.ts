/**
 * The service handlers across CloudFormation's lifecycle (issue 10): a replaced service
 * (ReplacementHash), PreUpdateResume's Create and Update (they resume a PAUSED service or do
 * nothing, never pause: the pause at the end of a deployment is its cleanup Delete, see
 * pre-update-resume.test.ts), and a rollback check that judges only the operations of this
 * deployment (DescribeStacks' LastUpdatedTime / CreationTime).
 * aws-sdk-client-mock fakes of App Runner and CloudFormation.
 */
import {
  DescribeServiceCommand, ListOperationsCommand, PauseServiceCommand, ResumeServiceCommand,
} from '@aws-sdk/client-apprunner';
import { DescribeStackResourceCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { drive, event, preUpdateResumeId, SERVICE_ARN } from './events';
import { mockedHandlers, service } from './mocks';

const START = Date.parse('2026-12-01T12:00:00Z');
const { appRunner, cloudFormation, clock, handler, op } = mockedHandlers({
  start: START,
  defaults: () => {
    stack('UPDATE_IN_PROGRESS');
    cloudFormation.on(DescribeStackResourceCommand).resolves({ StackResourceDetail: { PhysicalResourceId: SERVICE_ARN } as any });
  },
});

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Test/1';
const NEW_ARN = 'arn:aws:apprunner:us-east-1:123456789012:service/new-name/ffffffffffffffffffffffffffffffff';
/** The update began a minute before the handler runs; the stack was created long before. */
const UPDATE_STARTED = START - 60_000;
const CREATED = Date.parse('2026-01-01T00:00:00Z');

function stack(status: string, times: { created?: number; updated?: number } = { created: CREATED, updated: UPDATE_STARTED }): void {
  cloudFormation.on(DescribeStacksCommand).resolves({
    Stacks: [{
      StackName: 'Test',
      StackStatus: status as any,
      CreationTime: times.created === undefined ? undefined : new Date(times.created),
      LastUpdatedTime: times.updated === undefined ? undefined : new Date(times.updated),
    }],
  });
}

/** The pre-update resume's instance before this deployment, and the one this Update makes (event() sends RequestId req-1). */
const OLD_PRE = preUpdateResumeId('Svc', true, { StackId: STACK_ID, LogicalResourceId: 'Resource', RequestId: 'req-0' });
const NEW_PRE = preUpdateResumeId('Svc', true, { StackId: STACK_ID, LogicalResourceId: 'Resource', RequestId: 'req-1' });

/** PreUpdateResume's properties (of a paused service): `props` are the event's ResourceProperties, `before` its OldResourceProperties. */
function preUpdate(props: Record<string, string>, before: Record<string, string>) {
  const base = { StackId: STACK_ID, ServiceLogicalId: 'Svc', Paused: 'true', ConfigHash: 'h2', ReplacementHash: 'r1' };
  return event('Custom::AppRunnerPreUpdateResume', 'Update', { ...base, ...props }, { ...base, ConfigHash: 'h1', ...before }, OLD_PRE);
}

describe('a replaced service (a changed ReplacementHash: a new name, encryption or tags)', () => {
  test('the pre-update resume does nothing, without any AWS call (the old service stays paused; IAM allows only the new name)', async () => {
    appRunner.on(DescribeServiceCommand).resolves(service('PAUSED')); // what the old code would have resumed
    appRunner.on(ResumeServiceCommand).resolves({ OperationId: 'r' });
    const result = await drive(handler, preUpdate({ ReplacementHash: 'r2' }, { ReplacementHash: 'r1' }));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(1);
    expect(result.data).toMatchObject({ Done: 'true', Replacement: 'true', WasPaused: 'false' });
    expect(appRunner.calls()).toHaveLength(0);
    expect(cloudFormation.calls()).toHaveLength(0);
  });

  test('nor in the rollback of the replacement (the old service was never touched)', async () => {
    stack('UPDATE_ROLLBACK_IN_PROGRESS');
    const result = await drive(handler, preUpdate({ ReplacementHash: 'r1', ConfigHash: 'h1' }, { ReplacementHash: 'r2', ConfigHash: 'h2' }));
    expect(result.error).toBeUndefined();
    expect(appRunner.calls()).toHaveLength(0);
    expect(cloudFormation.calls()).toHaveLength(0);
  });

  test('no ReplacementHash before (a template of an older version): resumes as before', async () => {
    appRunner.on(DescribeServiceCommand).resolvesOnce(service('PAUSED')).resolvesOnce(service('PAUSED')).resolves(service('RUNNING'));
    appRunner.on(ResumeServiceCommand).resolves({ OperationId: 'r1' });
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('r1', 'RESUME_SERVICE', 'SUCCEEDED')] });
    const result = await drive(handler, preUpdate({}, { ReplacementHash: '' }));
    expect(result.error).toBeUndefined();
    expect(result.data).toMatchObject({ WasPaused: 'true', ServiceArn: SERVICE_ARN });
    expect(appRunner.commandCalls(ResumeServiceCommand)).toHaveLength(1);
  });

  test('the run state defers the new service\'s pause; the forward cleanup Delete of the old pre-update resume pauses the new service', async () => {
    const pre = await drive(handler, preUpdate({ ReplacementHash: 'r2' }, { ReplacementHash: 'r1' }));
    expect(pre.physicalResourceId).toBe(NEW_PRE);
    // CloudFormation creates the new service; the run state's Update names it and pauses nothing yet
    const run = await drive(handler, event('Custom::AppRunnerRunState', 'Update', { ServiceArn: NEW_ARN, Paused: 'true', ConfigHash: 'h2' },
      { ServiceArn: SERVICE_ARN, Paused: 'true', ConfigHash: 'h1' }, `${SERVICE_ARN}/run-state`));
    expect(run.error).toBeUndefined();
    expect(run.physicalResourceId).toBe(`${NEW_ARN}/run-state`);
    expect(run.data).toMatchObject({ Done: 'true', Deferred: 'true' });
    expect(appRunner.calls()).toHaveLength(0);

    // UPDATE_COMPLETE_CLEANUP_IN_PROGRESS: CloudFormation deletes the old instance (with its old properties);
    // the stack holds the new instance and the new service now
    stack('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    cloudFormation.on(DescribeStackResourceCommand, { LogicalResourceId: 'Resource' }).resolves({ StackResourceDetail: { PhysicalResourceId: NEW_PRE } as any });
    cloudFormation.on(DescribeStackResourceCommand, { LogicalResourceId: 'Svc' }).resolves({ StackResourceDetail: { PhysicalResourceId: NEW_ARN } as any });
    appRunner.on(DescribeServiceCommand, { ServiceArn: NEW_ARN }).resolves(service('RUNNING'));
    appRunner.on(PauseServiceCommand).resolves({ OperationId: 'p1' });
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('p1', 'PAUSE_SERVICE', 'SUCCEEDED')] });
    const cleanup = await drive(handler, event('Custom::AppRunnerPreUpdateResume', 'Delete',
      { StackId: STACK_ID, ServiceLogicalId: 'Svc', Paused: 'true', ConfigHash: 'h1', ReplacementHash: 'r1' }, undefined, OLD_PRE));
    expect(cleanup.error).toBeUndefined();
    expect(cleanup.physicalResourceId).toBe(OLD_PRE);
    expect(appRunner.commandCalls(PauseServiceCommand).map((c) => c.args[0].input.ServiceArn)).toEqual([NEW_ARN]);
    expect(appRunner.calls().every((c) => (c.args[0].input as any).ServiceArn === NEW_ARN)).toBe(true); // the old service is left to CloudFormation
  });
});

describe('PreUpdateResume\'s Create and Update never pause: they resume a PAUSED service or do nothing', () => {
  // An Update while the stack rolls back (CloudFormation sends none to an instance it replaced, but
  // whatever sends one gets the same answer): ResourceProperties are the old ones, OldResourceProperties the failed update's
  const rollback = (extra: Record<string, string> = {}) => preUpdate({ ConfigHash: 'h1', ...extra }, { ConfigHash: 'h2' });

  test('its rollback Update finds the service RUNNING (nothing paused it during the update): no operation, complete at once', async () => {
    stack('UPDATE_ROLLBACK_IN_PROGRESS');
    appRunner.on(DescribeServiceCommand).resolves(service('RUNNING'));
    const result = await drive(handler, rollback());
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(1);
    // an Update back keeps the id it is sent (a new one would be a replacement in the midst of a rollback)
    expect(result.physicalResourceId).toBe(OLD_PRE);
    expect(result.data).toMatchObject({ Done: 'true', WasPaused: 'false' });
    expect(appRunner.commandCalls(DescribeServiceCommand).map((c) => c.args[0].input)).toEqual([{ ServiceArn: SERVICE_ARN }]);
    expect(appRunner.commandCalls(PauseServiceCommand)).toHaveLength(0);
    expect(appRunner.commandCalls(ResumeServiceCommand)).toHaveLength(0);
    // it asks whether the stack rolls back only to keep its id: forward and back act alike
    expect(cloudFormation.commandCalls(DescribeStacksCommand)).toHaveLength(1);
    expect(cloudFormation.commandCalls(DescribeStackResourceCommand).map((c) => c.args[0].input)).toEqual([{ StackName: STACK_ID, LogicalResourceId: 'Svc' }]);
  });

  test('... the service PAUSED (a run schedule paused it meanwhile): resumed, so that the service\'s own rollback, which may come after, is not refused', async () => {
    stack('UPDATE_ROLLBACK_IN_PROGRESS');
    appRunner.on(DescribeServiceCommand).resolvesOnce(service('PAUSED')).resolvesOnce(service('PAUSED')).resolves(service('OPERATION_IN_PROGRESS'));
    appRunner.on(ResumeServiceCommand).resolves({ OperationId: 'r1' });
    appRunner.on(ListOperationsCommand).resolvesOnce({ OperationSummaryList: [op('r1', 'RESUME_SERVICE', 'IN_PROGRESS')] })
      .resolves({ OperationSummaryList: [op('r1', 'RESUME_SERVICE', 'SUCCEEDED')] });
    const result = await drive(handler, rollback());
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(2);
    expect(result.data).toMatchObject({ OperationId: 'r1', ServiceArn: SERVICE_ARN, WasPaused: 'true' });
    expect(appRunner.commandCalls(ResumeServiceCommand).map((c) => c.args[0].input)).toEqual([{ ServiceArn: SERVICE_ARN }]);
    expect(appRunner.commandCalls(PauseServiceCommand)).toHaveLength(0);
  });

  test('... the service\'s own rollback runs first (UPDATE_SERVICE in progress): waits for it, starts nothing', async () => {
    stack('UPDATE_ROLLBACK_IN_PROGRESS');
    appRunner.on(DescribeServiceCommand)
      .resolvesOnce(service('OPERATION_IN_PROGRESS')) // onEvent: CloudFormation's rollback UpdateService runs
      .resolvesOnce(service('OPERATION_IN_PROGRESS')) // ... read again before starting anything
      .resolvesOnce(service('OPERATION_IN_PROGRESS')) // poll 1
      .resolves(service('RUNNING')); // poll 2
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('u2', 'UPDATE_SERVICE', 'IN_PROGRESS', clock.now() - 30_000)] });
    const result = await drive(handler, rollback());
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(2);
    expect(result.data).toMatchObject({ ServiceArn: SERVICE_ARN, WasPaused: 'false' });
    expect(appRunner.commandCalls(ResumeServiceCommand)).toHaveLength(0);
    expect(appRunner.commandCalls(PauseServiceCommand)).toHaveLength(0);
  });

  test('a pause in progress (a run schedule) before the update: waits for it, then resumes', async () => {
    appRunner.on(DescribeServiceCommand)
      .resolvesOnce(service('OPERATION_IN_PROGRESS')) // onEvent
      .resolvesOnce(service('OPERATION_IN_PROGRESS')) // ... read again before starting anything
      .resolvesOnce(service('PAUSED')) // poll 1: the pause ended; resume
      .resolves(service('RUNNING')); // poll 2
    appRunner.on(ListOperationsCommand)
      .resolvesOnce({ OperationSummaryList: [op('s1', 'PAUSE_SERVICE', 'IN_PROGRESS', clock.now() - 10_000)] }) // onEvent: not a resume
      .resolves({ OperationSummaryList: [op('s1', 'PAUSE_SERVICE', 'SUCCEEDED', clock.now() - 10_000)] }); // poll 1: not ours
    appRunner.on(ResumeServiceCommand).resolves({ OperationId: 'r1' });
    const result = await drive(handler, preUpdate({}, {}));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(2);
    expect(result.data).toMatchObject({ ServiceArn: SERVICE_ARN, WasPaused: 'false' });
    expect(appRunner.commandCalls(ResumeServiceCommand)).toHaveLength(1);
    expect(appRunner.commandCalls(PauseServiceCommand)).toHaveLength(0);
  });

  test('Paused just set to "true" only goes into the new id (for the cleanup Delete): the Update itself pauses nothing', async () => {
    appRunner.on(DescribeServiceCommand).resolves(service('RUNNING'));
    const result = await drive(handler, preUpdate({ Paused: 'true' }, { Paused: 'false' }));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(1);
    expect(result.physicalResourceId).toMatch(/\/pre-update-resume\/paused=1\/[0-9a-f]{16}$/);
    expect(appRunner.commandCalls(PauseServiceCommand)).toHaveLength(0);
    expect(appRunner.commandCalls(ResumeServiceCommand)).toHaveLength(0);
  });

  test('never hangs: the timeout names the resume it waits for', async () => {
    stack('UPDATE_ROLLBACK_IN_PROGRESS');
    appRunner.on(DescribeServiceCommand).resolvesOnce(service('PAUSED')).resolves(service('OPERATION_IN_PROGRESS'));
    appRunner.on(ResumeServiceCommand).resolves({ OperationId: 'r1' });
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('r1', 'RESUME_SERVICE', 'IN_PROGRESS')] });
    const result = await drive(handler, rollback({ TimeoutSeconds: '60' }), { between: async () => { clock.advance(30_000); } });
    expect(result.polls).toBe(3);
    expect(result.error?.message).toBe(`Timed out after 60 s waiting for the resume (before update) of ${SERVICE_ARN} (last status: RESUME_SERVICE IN_PROGRESS)`);
  });

  test('the service is not in the stack (its creation was rolled back): nothing to do', async () => {
    stack('UPDATE_ROLLBACK_IN_PROGRESS');
    cloudFormation.on(DescribeStackResourceCommand).rejects(new Error('Resource Svc does not exist for stack Test'));
    const result = await drive(handler, rollback());
    expect(result.error).toBeUndefined();
    expect(result.data).toMatchObject({ Done: 'true', WasPaused: 'false' });
    expect(appRunner.calls()).toHaveLength(0);
  });

  test('the service is gone from App Runner (deleted outside CloudFormation): nothing to resume, CloudFormation\'s update reports it', async () => {
    appRunner.on(DescribeServiceCommand).rejects(Object.assign(new Error('Service not found'), { name: 'ResourceNotFoundException' }));
    const result = await drive(handler, preUpdate({}, {}));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(1);
    expect(result.data).toMatchObject({ Done: 'true', WasPaused: 'false' });
    expect(appRunner.commandCalls(ResumeServiceCommand)).toHaveLength(0);
  });

  test('the stack holds no ARN for the service (no physical id yet): nothing to do', async () => {
    cloudFormation.on(DescribeStackResourceCommand).resolves({ StackResourceDetail: { LogicalResourceId: 'Svc' } as any });
    expect((await drive(handler, preUpdate({}, {}))).error).toBeUndefined();
    cloudFormation.on(DescribeStackResourceCommand).resolves({ StackResourceDetail: { PhysicalResourceId: 'Svc-not-an-arn' } as any });
    const result = await drive(handler, preUpdate({}, {}));
    expect(result.error).toBeUndefined();
    expect(result.data).toMatchObject({ Done: 'true', WasPaused: 'false' });
    expect(appRunner.calls()).toHaveLength(0);
  });

  test('a forward update (UPDATE_IN_PROGRESS) resumes before the service update', async () => {
    appRunner.on(DescribeServiceCommand).resolvesOnce(service('PAUSED')).resolvesOnce(service('PAUSED')).resolves(service('RUNNING'));
    appRunner.on(ResumeServiceCommand).resolves({ OperationId: 'r1' });
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('r1', 'RESUME_SERVICE', 'SUCCEEDED')] });
    const result = await drive(handler, preUpdate({}, {}));
    expect(result.error).toBeUndefined();
    expect(result.data).toMatchObject({ OperationId: 'r1', WasPaused: 'true' });
    expect(appRunner.commandCalls(ResumeServiceCommand)).toHaveLength(1);
    expect(appRunner.commandCalls(PauseServiceCommand)).toHaveLength(0);
  });
});

describe('the rollback check judges only the operations of this deployment', () => {
  const check = (type: 'Create' | 'Update' = 'Update') => event('Custom::AppRunnerRollbackCheck', type, { ServiceArn: SERVICE_ARN, ConfigHash: 'h2' },
    type === 'Update' ? { ServiceArn: SERVICE_ARN, ConfigHash: 'h1' } : undefined, `${SERVICE_ARN}/rollback-check`);

  test('an older auto-deployment that App Runner rolled back does not fail the deploy', async () => {
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('auto', 'START_DEPLOYMENT', 'ROLLBACK_SUCCEEDED', UPDATE_STARTED - 3_600_000)] });
    const result = await drive(handler, check());
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(1);
    expect(result.data).toMatchObject({ OperationId: '', OperationStatus: 'NONE', DeploymentStartedAt: String(UPDATE_STARTED) });
  });

  test('a change CloudFormation applied without any App Runner operation passes', async () => {
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [] });
    const result = await drive(handler, check());
    expect(result.error).toBeUndefined();
    expect(result.data).toMatchObject({ OperationStatus: 'NONE' });
  });

  test('an operation of this deployment that was rolled back fails the deploy, even when a later one (the redeploy) succeeded', async () => {
    appRunner.on(ListOperationsCommand).resolves({
      OperationSummaryList: [
        op('d1', 'START_DEPLOYMENT', 'SUCCEEDED', UPDATE_STARTED + 40_000),
        op('u1', 'UPDATE_SERVICE', 'ROLLBACK_SUCCEEDED', UPDATE_STARTED + 10_000),
        op('old', 'UPDATE_SERVICE', 'FAILED', UPDATE_STARTED - 86_400_000),
      ],
    });
    const result = await drive(handler, check());
    expect(result.error?.message).toBe(`App Runner operation u1 (UPDATE_SERVICE) ended ROLLBACK_SUCCEEDED on ${SERVICE_ARN}: the deployment was rolled back or failed`);
    expect(appRunner.commandCalls(ListOperationsCommand)[0].args[0].input).toEqual({ ServiceArn: SERVICE_ARN, MaxResults: 20 });
  });

  test('clock skew: an operation dated up to 5 s before the update began counts, an earlier one does not', async () => {
    appRunner.on(ListOperationsCommand)
      .resolvesOnce({ OperationSummaryList: [op('u1', 'UPDATE_SERVICE', 'FAILED', UPDATE_STARTED - 4_000)] })
      .resolves({ OperationSummaryList: [op('u0', 'UPDATE_SERVICE', 'FAILED', UPDATE_STARTED - 6_000)] });
    expect((await drive(handler, check())).error?.message).toMatch(/^App Runner operation u1 \(UPDATE_SERVICE\) ended FAILED/);
    expect((await drive(handler, check())).error).toBeUndefined();
  });

  test('waits while an operation of this deployment runs; an older one still running is not waited for', async () => {
    appRunner.on(ListOperationsCommand)
      .resolvesOnce({ OperationSummaryList: [op('u1', 'UPDATE_SERVICE', 'IN_PROGRESS', UPDATE_STARTED + 1000)] })
      .resolvesOnce({ OperationSummaryList: [op('u1', 'UPDATE_SERVICE', 'SUCCEEDED', UPDATE_STARTED + 1000)] })
      .resolves({ OperationSummaryList: [op('auto', 'START_DEPLOYMENT', 'IN_PROGRESS', UPDATE_STARTED - 60_000)] });
    const result = await drive(handler, check());
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(2);
    expect(result.data).toMatchObject({ OperationId: 'u1', OperationStatus: 'SUCCEEDED' });
    const older = await drive(handler, check());
    expect(older.polls).toBe(1);
    // DescribeStacks once per event (onEvent); the polls only list operations
    expect(cloudFormation.commandCalls(DescribeStacksCommand)).toHaveLength(2);
  });

  test('never hangs: the timeout names what it waited for; an operation without a start time counts as older', async () => {
    appRunner.on(ListOperationsCommand).resolves({
      OperationSummaryList: [op('u1', 'UPDATE_SERVICE', 'IN_PROGRESS', UPDATE_STARTED + 1000), { Id: 'x', Type: 'UPDATE_SERVICE', Status: 'FAILED' }],
    });
    const result = await drive(handler, event('Custom::AppRunnerRollbackCheck', 'Update', { ServiceArn: SERVICE_ARN, ConfigHash: 'h2', TimeoutSeconds: '60' },
      { ServiceArn: SERVICE_ARN, ConfigHash: 'h1' }, `${SERVICE_ARN}/rollback-check`), { between: async () => { clock.advance(30_000); } });
    expect(result.polls).toBe(3);
    expect(result.error?.message).toBe(
      `Timed out after 60 s waiting for the operations of ${SERVICE_ARN} in this deployment to end (last status: UPDATE_SERVICE IN_PROGRESS)`);
  });

  test('other errors of ListOperations fail with the SDK\'s message; DescribeStacks without a stack judges the latest operation', async () => {
    appRunner.on(ListOperationsCommand).rejectsOnce(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }))
      .resolves({ OperationSummaryList: [op('u1', 'UPDATE_SERVICE', 'FAILED', CREATED)] });
    expect((await drive(handler, check())).error?.message).toBe('not authorized');
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [] });
    expect((await drive(handler, check())).error?.message).toMatch(/u1 \(UPDATE_SERVICE\) ended FAILED/);
  });

  test('operations on a second page', async () => {
    appRunner.on(ListOperationsCommand)
      .resolvesOnce({ OperationSummaryList: [op('d1', 'START_DEPLOYMENT', 'SUCCEEDED', UPDATE_STARTED + 30_000)], NextToken: 'p2' })
      .resolves({ OperationSummaryList: [op('u1', 'UPDATE_SERVICE', 'ROLLBACK_SUCCEEDED', UPDATE_STARTED + 5_000)] });
    const result = await drive(handler, check());
    expect(result.error?.message).toMatch(/u1 \(UPDATE_SERVICE\) ended ROLLBACK_SUCCEEDED/);
    expect(appRunner.commandCalls(ListOperationsCommand)[1].args[0].input).toEqual({ ServiceArn: SERVICE_ARN, MaxResults: 20, NextToken: 'p2' });
  });

  test('a new stack: the deployment began at its CreationTime', async () => {
    stack('CREATE_IN_PROGRESS', { created: START - 120_000 });
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('c1', 'CREATE_SERVICE', 'FAILED', START - 100_000)] });
    const result = await drive(handler, check('Create'));
    expect(result.error?.message).toMatch(/c1 \(CREATE_SERVICE\) ended FAILED/);
  });

  test('a check added to an existing stack (Create during an update): the update\'s start counts, not the stack\'s creation', async () => {
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('old', 'UPDATE_SERVICE', 'ROLLBACK_SUCCEEDED', UPDATE_STARTED - 600_000)] });
    const result = await drive(handler, check('Create'));
    expect(result.error).toBeUndefined();
    expect(result.data).toMatchObject({ OperationStatus: 'NONE' });
  });

  test('no start time known (DescribeStacks without times): only the latest operation is judged, as before', async () => {
    stack('UPDATE_IN_PROGRESS', {});
    appRunner.on(ListOperationsCommand).resolves({
      OperationSummaryList: [op('u2', 'UPDATE_SERVICE', 'SUCCEEDED'), op('u1', 'UPDATE_SERVICE', 'FAILED')],
    });
    const result = await drive(handler, check());
    expect(result.error).toBeUndefined();
    expect(result.data).toMatchObject({ OperationId: 'u2', OperationStatus: 'SUCCEEDED' });
  });
});
