/**
 * Every branch of the service-operation handlers (run state, pre-update resume, deployment,
 * rollback check), with aws-sdk-client-mock fakes of App Runner and CloudFormation. The run
 * state across CloudFormation's phases (the run state's deferred pause, the pre-update
 * resume's instances and cleanup Deletes) is in run-state.test.ts and pre-update-resume.test.ts.
 */
import {
  DescribeServiceCommand, ListOperationsCommand, PauseServiceCommand, ResumeServiceCommand, StartDeploymentCommand,
} from '@aws-sdk/client-apprunner';
import { DescribeStackResourceCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { completeEvent, drive, event, preUpdateResumeId, SERVICE_ARN } from './events';
import { mockedHandlers } from './mocks';

const { appRunner, cloudFormation, clock, handler, op } = mockedHandlers();

function invalidState(message = 'Service is in OPERATION_IN_PROGRESS state'): Error {
  return Object.assign(new Error(message), { name: 'InvalidStateException' });
}
function notFound(): Error {
  return Object.assign(new Error('Service not found'), { name: 'ResourceNotFoundException' });
}

const runState = (paused: string, extra: Record<string, string> = {}) =>
  event('Custom::AppRunnerRunState', 'Create', { ServiceArn: SERVICE_ARN, Paused: paused, ...extra });

describe('Custom::AppRunnerRunState', () => {
  test('pause: PauseService, then follow the operation by id until SUCCEEDED', async () => {
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'RUNNING' } as any });
    appRunner.on(PauseServiceCommand).resolves({ OperationId: 'op-1' });
    appRunner.on(ListOperationsCommand)
      .resolvesOnce({ OperationSummaryList: [op('op-1', 'PAUSE_SERVICE', 'IN_PROGRESS')] })
      .resolvesOnce({ OperationSummaryList: [op('op-1', 'PAUSE_SERVICE', 'IN_PROGRESS')] })
      .resolves({ OperationSummaryList: [op('op-1', 'PAUSE_SERVICE', 'SUCCEEDED')] });
    const result = await drive(handler, runState('true'));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(3);
    expect(result.physicalResourceId).toBe(`${SERVICE_ARN}/run-state`);
    expect(result.data).toMatchObject({ OperationId: 'op-1' });
    expect(appRunner.commandCalls(PauseServiceCommand)).toHaveLength(1);
    expect(appRunner.commandCalls(PauseServiceCommand)[0].args[0].input).toEqual({ ServiceArn: SERVICE_ARN });
  });

  test('resume from PAUSED with ResumeService', async () => {
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'PAUSED' } as any });
    appRunner.on(ResumeServiceCommand).resolves({ OperationId: 'op-2' });
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('op-2', 'RESUME_SERVICE', 'SUCCEEDED')] });
    const result = await drive(handler, runState('false'));
    expect(result.error).toBeUndefined();
    expect(appRunner.commandCalls(ResumeServiceCommand)).toHaveLength(1);
    expect(appRunner.commandCalls(PauseServiceCommand)).toHaveLength(0);
  });

  test('already in the target state: no call, complete at the first poll', async () => {
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'paused' } as any }); // case-insensitive
    const result = await drive(handler, runState('true'));
    expect(result).toMatchObject({ polls: 1 });
    expect(result.error).toBeUndefined();
    expect(appRunner.commandCalls(PauseServiceCommand)).toHaveLength(0);
  });

  test('no OperationId in the answer: treated as done', async () => {
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'RUNNING' } as any });
    appRunner.on(PauseServiceCommand).resolves({});
    const result = await drive(handler, runState('true'));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(1);
  });

  test('another operation running (OPERATION_IN_PROGRESS, then InvalidStateException): wait, then pause', async () => {
    appRunner.on(DescribeServiceCommand)
      .resolvesOnce({ Service: { Status: 'OPERATION_IN_PROGRESS' } as any }) // onEvent
      .resolvesOnce({ Service: { Status: 'OPERATION_IN_PROGRESS' } as any }) // poll 1
      .resolvesOnce({ Service: { Status: 'RUNNING' } as any }) // poll 2: InvalidState
      .resolvesOnce({ Service: { Status: 'RUNNING' } as any }) // poll 3: started
      .resolvesOnce({ Service: { Status: 'OPERATION_IN_PROGRESS' } as any }) // poll 4
      .resolves({ Service: { Status: 'PAUSED' } as any }); // poll 5
    appRunner.on(ListOperationsCommand)
      .resolvesOnce({ OperationSummaryList: [op('old', 'UPDATE_SERVICE', 'IN_PROGRESS', clock.now() - 60_000)] }) // onEvent: not a pause
      .resolvesOnce({ OperationSummaryList: [op('old', 'UPDATE_SERVICE', 'IN_PROGRESS', clock.now() - 60_000)] })
      .resolvesOnce({ OperationSummaryList: [op('old', 'UPDATE_SERVICE', 'SUCCEEDED', clock.now() - 60_000)] })
      .resolvesOnce({ OperationSummaryList: [op('old', 'UPDATE_SERVICE', 'SUCCEEDED', clock.now() - 60_000)] })
      .resolves({ OperationSummaryList: [op('p', 'PAUSE_SERVICE', 'IN_PROGRESS')] });
    appRunner.on(PauseServiceCommand).rejectsOnce(invalidState()).resolves({ OperationId: 'p' });
    const result = await drive(handler, runState('true'));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(5);
    expect(appRunner.commandCalls(PauseServiceCommand)).toHaveLength(2);
  });

  test('the operation FAILED: the deployment fails with its id and status', async () => {
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'RUNNING' } as any });
    appRunner.on(PauseServiceCommand).resolves({ OperationId: 'op-9' });
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('op-9', 'PAUSE_SERVICE', 'FAILED')] });
    const result = await drive(handler, runState('true'));
    expect(result.error?.message).toBe(`App Runner operation op-9 (PAUSE_SERVICE) ended FAILED on ${SERVICE_ARN}`);
  });

  test('an operation started by a later poll that fails is found through the latest operation', async () => {
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'RUNNING' } as any });
    appRunner.on(PauseServiceCommand).rejectsOnce(invalidState()).resolves({ OperationId: 'late' });
    appRunner.on(ListOperationsCommand)
      .resolvesOnce({ OperationSummaryList: [] })
      .resolves({ OperationSummaryList: [op('late', 'PAUSE_SERVICE', 'FAILED')] });
    const result = await drive(handler, runState('true'));
    expect(result.error?.message).toBe(`App Runner operation late (PAUSE_SERVICE) ended FAILED on ${SERVICE_ARN}`);
  });

  test('the operation is listed on a later page', async () => {
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'RUNNING' } as any });
    appRunner.on(PauseServiceCommand).resolves({ OperationId: 'op-p2' });
    appRunner.on(ListOperationsCommand)
      .resolvesOnce({ OperationSummaryList: [op('x', 'UPDATE_SERVICE', 'SUCCEEDED')], NextToken: 'page2' })
      .resolves({ OperationSummaryList: [op('op-p2', 'PAUSE_SERVICE', 'SUCCEEDED')] });
    const result = await drive(handler, runState('true'));
    expect(result.error).toBeUndefined();
    expect(appRunner.commandCalls(ListOperationsCommand)[1].args[0].input).toMatchObject({ NextToken: 'page2' });
  });

  test('a retried onEvent does not pause twice', async () => {
    appRunner.on(DescribeServiceCommand)
      .resolvesOnce({ Service: { Status: 'RUNNING' } as any })
      .resolves({ Service: { Status: 'OPERATION_IN_PROGRESS' } as any });
    appRunner.on(PauseServiceCommand).resolves({ OperationId: 'op-1' });
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('op-1', 'PAUSE_SERVICE', 'IN_PROGRESS')] });
    await handler.onEvent(runState('true'));
    const second = await handler.onEvent(runState('true'));
    // the retry follows the first attempt's pause
    expect(second.Data).toMatchObject({ OperationId: 'op-1' });
    expect(appRunner.commandCalls(PauseServiceCommand)).toHaveLength(1);
  });

  test('a CREATE_FAILED or missing service is a clear failure', async () => {
    appRunner.on(DescribeServiceCommand).resolvesOnce({ Service: { Status: 'CREATE_FAILED' } as any }).rejects(notFound());
    await expect(handler.onEvent(runState('true'))).rejects.toThrow(`App Runner service ${SERVICE_ARN} is CREATE_FAILED: it cannot be paused`);
    await expect(handler.onEvent(runState('false'))).rejects.toThrow(`App Runner service ${SERVICE_ARN} does not exist`);
  });

  test('Paused must be "true" or "false"; a bad TimeoutSeconds is refused', async () => {
    await expect(handler.onEvent(runState('yes'))).rejects.toThrow('Custom::AppRunnerRunState: property Paused must be "true" or "false", got "yes"');
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'RUNNING' } as any });
    appRunner.on(PauseServiceCommand).resolves({ OperationId: 'o' });
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [] });
    const result = await drive(handler, runState('true', { TimeoutSeconds: '-5' }), { maxPolls: 1 });
    expect(result.error?.message).toBe('Custom::AppRunnerRunState: property TimeoutSeconds must be a positive whole number, got "-5"');
  });

  test('never hangs: a clear message once TimeoutSeconds have passed', async () => {
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'RUNNING' } as any });
    appRunner.on(PauseServiceCommand).resolves({ OperationId: 'slow' });
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('slow', 'PAUSE_SERVICE', 'IN_PROGRESS')] });
    const result = await drive(handler, runState('true', { TimeoutSeconds: '60' }), { between: async () => { clock.advance(10_000); } });
    expect(result.polls).toBe(7);
    expect(result.error?.message).toBe(`Timed out after 60 s waiting for the pause of ${SERVICE_ARN} (last status: PAUSE_SERVICE IN_PROGRESS)`);
  });

  test('delete does nothing, without any AWS call (deleting the stack does not resume the service first)', async () => {
    const result = await drive(handler, event('Custom::AppRunnerRunState', 'Delete', { ServiceArn: SERVICE_ARN, Paused: 'true' }, undefined, `${SERVICE_ARN}/run-state`));
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ polls: 1, physicalResourceId: `${SERVICE_ARN}/run-state` });
    expect(appRunner.calls()).toHaveLength(0);
    expect(cloudFormation.calls()).toHaveLength(0);
  });
});

describe('Custom::AppRunnerPreUpdateResume', () => {
  const pre = (type: 'Create' | 'Update' = 'Update') => event('Custom::AppRunnerPreUpdateResume', type, {
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Test/1', ServiceLogicalId: 'Svc', ConfigHash: 'h2',
  }, { ConfigHash: 'h1' }, 'pre-id');

  test('first deployment: the service does not exist yet, nothing to do', async () => {
    cloudFormation.on(DescribeStackResourceCommand).rejects(new Error('Resource Svc does not exist for stack Test'));
    const result = await drive(handler, pre('Create'));
    expect(result.error).toBeUndefined();
    expect(result.data.WasPaused).toBe('false');
    expect(appRunner.calls()).toHaveLength(0);
  });

  test('a paused service is resumed before the update', async () => {
    cloudFormation.on(DescribeStackResourceCommand).resolves({ StackResourceDetail: { PhysicalResourceId: SERVICE_ARN } as any });
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'PAUSED' } as any });
    appRunner.on(ResumeServiceCommand).resolves({ OperationId: 'r1' });
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('r1', 'RESUME_SERVICE', 'SUCCEEDED')] });
    const result = await drive(handler, pre());
    expect(result.error).toBeUndefined();
    expect(result.data).toMatchObject({ WasPaused: 'true', ServiceArn: SERVICE_ARN });
    expect(cloudFormation.commandCalls(DescribeStackResourceCommand)[0].args[0].input).toEqual({
      StackName: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Test/1', LogicalResourceId: 'Svc',
    });
  });

  test('a running service is left alone; other CloudFormation errors fail', async () => {
    cloudFormation.on(DescribeStackResourceCommand).resolvesOnce({ StackResourceDetail: { PhysicalResourceId: SERVICE_ARN } as any })
      .rejects(new Error('Rate exceeded'));
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'RUNNING' } as any });
    const result = await drive(handler, pre());
    expect(result.error).toBeUndefined();
    expect(appRunner.commandCalls(ResumeServiceCommand)).toHaveLength(0);
    await expect(handler.onEvent(pre())).rejects.toThrow('Rate exceeded');
  });

  test('a new instance for every request: STACK_ID/SERVICE_LOGICAL_ID/pre-update-resume/paused=0|1/TOKEN', async () => {
    cloudFormation.on(DescribeStackResourceCommand).resolves({ StackResourceDetail: { PhysicalResourceId: SERVICE_ARN } as any });
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'RUNNING' } as any });
    // no Paused (a template without it): paused=0
    expect((await drive(handler, pre('Create'))).physicalResourceId).toBe(preUpdateResumeId('Svc', false, pre('Create')));
    const paused = { ...pre(), ResourceProperties: { ...pre().ResourceProperties, Paused: 'true' }, RequestId: 'req-2' };
    const result = await drive(handler, paused);
    expect(result.physicalResourceId).toBe(preUpdateResumeId('Svc', true, paused));
    expect(result.physicalResourceId).toMatch(/^arn:aws:cloudformation:us-east-1:123456789012:stack\/Test\/1\/Svc\/pre-update-resume\/paused=1\/[0-9a-f]{16}$/);
  });

  test('delete outside a cleanup phase (UPDATE_IN_PROGRESS here) does nothing: one DescribeStacks (the cleanup Deletes are in pre-update-resume.test.ts)', async () => {
    const result = await drive(handler, { ...pre(), RequestType: 'Delete' });
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(1);
    expect(result.physicalResourceId).toBe('pre-id');
    expect(cloudFormation.calls().map((c) => c.args[0].constructor.name)).toEqual(['DescribeStacksCommand']);
    expect(appRunner.calls()).toHaveLength(0);
  });
});

describe('Custom::AppRunnerDeployment', () => {
  const deploy = (type: 'Create' | 'Update', trigger: string, oldTrigger?: string, oldArn = SERVICE_ARN) =>
    event('Custom::AppRunnerDeployment', type, { ServiceArn: SERVICE_ARN, Trigger: trigger },
      oldTrigger === undefined ? undefined : { ServiceArn: oldArn, Trigger: oldTrigger }, `${SERVICE_ARN}/deployment`);

  test('create does not deploy', async () => {
    const result = await drive(handler, deploy('Create', 'v1'));
    expect(result.error).toBeUndefined();
    expect(appRunner.calls()).toHaveLength(0);
  });

  test('a changed trigger starts a deployment and waits for it', async () => {
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'RUNNING' } as any });
    appRunner.on(StartDeploymentCommand).resolves({ OperationId: 'd1' });
    appRunner.on(ListOperationsCommand)
      .resolvesOnce({ OperationSummaryList: [op('d1', 'START_DEPLOYMENT', 'PENDING')] })
      .resolves({ OperationSummaryList: [op('d1', 'START_DEPLOYMENT', 'SUCCEEDED')] });
    const result = await drive(handler, deploy('Update', 'v2', 'v1'));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(2);
    expect(appRunner.commandCalls(StartDeploymentCommand)).toHaveLength(1);
  });

  test('the same trigger, or a new service, does not deploy', async () => {
    expect((await drive(handler, deploy('Update', 'v1', 'v1'))).error).toBeUndefined();
    expect((await drive(handler, deploy('Update', 'v2', 'v1', 'arn:aws:apprunner:us-east-1:123456789012:service/old/1'))).error).toBeUndefined();
    expect(appRunner.commandCalls(StartDeploymentCommand)).toHaveLength(0);
  });

  test('a paused service is refused clearly; a rolled-back deployment fails', async () => {
    appRunner.on(DescribeServiceCommand).resolvesOnce({ Service: { Status: 'PAUSED' } as any }).resolves({ Service: { Status: 'RUNNING' } as any });
    await expect(handler.onEvent(deploy('Update', 'v2', 'v1'))).rejects.toThrow(/is PAUSED: App Runner refuses StartDeployment while paused/);
    appRunner.on(StartDeploymentCommand).resolves({ OperationId: 'd2' });
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('d2', 'START_DEPLOYMENT', 'ROLLBACK_SUCCEEDED')] });
    const result = await drive(handler, deploy('Update', 'v3', 'v2'));
    expect(result.error?.message).toBe(`App Runner operation d2 (START_DEPLOYMENT) ended ROLLBACK_SUCCEEDED on ${SERVICE_ARN}`);
  });
});

describe('Custom::AppRunnerRollbackCheck', () => {
  const check = () => event('Custom::AppRunnerRollbackCheck', 'Update', { ServiceArn: SERVICE_ARN, ConfigHash: 'h2' }, { ServiceArn: SERVICE_ARN, ConfigHash: 'h1' });

  test.each(['FAILED', 'ROLLBACK_SUCCEEDED', 'ROLLBACK_FAILED'])('the latest operation ended %s: fail with its id and status', async (status) => {
    appRunner.on(ListOperationsCommand)
      .resolvesOnce({ OperationSummaryList: [op('u1', 'UPDATE_SERVICE', 'ROLLBACK_IN_PROGRESS')] })
      .resolves({ OperationSummaryList: [op('u1', 'UPDATE_SERVICE', status)] });
    const result = await drive(handler, check());
    expect(result.polls).toBe(2);
    expect(result.error?.message).toBe(`App Runner operation u1 (UPDATE_SERVICE) ended ${status} on ${SERVICE_ARN}: the deployment was rolled back or failed`);
    expect(appRunner.commandCalls(ListOperationsCommand)[0].args[0].input).toEqual({ ServiceArn: SERVICE_ARN, MaxResults: 20 });
  });

  test('SUCCEEDED (or no operation at all) passes and reports the operation', async () => {
    appRunner.on(ListOperationsCommand).resolvesOnce({ OperationSummaryList: [op('u2', 'UPDATE_SERVICE', 'SUCCEEDED')] }).resolves({});
    const result = await drive(handler, check());
    expect(result.data).toMatchObject({ OperationId: 'u2', OperationStatus: 'SUCCEEDED' });
    expect((await drive(handler, check())).error).toBeUndefined();
  });

  test('delete does nothing', async () => {
    const request = { ...check(), RequestType: 'Delete' as const };
    expect((await handler.isComplete(completeEvent(request, await handler.onEvent(request)))).IsComplete).toBe(true);
    expect(appRunner.calls()).toHaveLength(0);
  });
});

describe('dispatch', () => {
  test('an unknown resource type or request type is an error', async () => {
    await expect(handler.onEvent(event('Custom::Nope', 'Create', {}))).rejects.toThrow(/Unsupported resource type "Custom::Nope"; this handler serves Custom::AppRunnerRunState/);
    await expect(handler.onEvent({ ...runState('true'), RequestType: 'Replace' as any })).rejects.toThrow('Unknown request type "Replace"');
  });

  test('a missing required property is named', async () => {
    await expect(handler.onEvent(event('Custom::AppRunnerRunState', 'Create', { Paused: 'true' }))).rejects.toThrow(
      'Custom::AppRunnerRunState: property ServiceArn is required, got undefined');
  });
});

describe('while CloudFormation rolls the stack back', () => {
  const rollingBack = () => cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS' } as any] });

  test('the rollback check passes without judging (the failed operation is still the latest)', async () => {
    rollingBack();
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('op-9', 'UPDATE_SERVICE', 'ROLLBACK_SUCCEEDED')] });
    const result = await drive(handler, event('Custom::AppRunnerRollbackCheck', 'Update', { ServiceArn: SERVICE_ARN, ConfigHash: 'old' },
      { ServiceArn: SERVICE_ARN, ConfigHash: 'new' }, `${SERVICE_ARN}/rollback-check`));
    expect(result.error).toBeUndefined();
    expect(appRunner.commandCalls(ListOperationsCommand)).toHaveLength(0);
    expect(cloudFormation.commandCalls(DescribeStacksCommand)[0].args[0].input).toEqual({ StackName: expect.stringContaining('arn:aws:cloudformation') });
  });

  test('the deployment does not deploy the old trigger again', async () => {
    rollingBack();
    const result = await drive(handler, event('Custom::AppRunnerDeployment', 'Update', { ServiceArn: SERVICE_ARN, Trigger: 'old' },
      { ServiceArn: SERVICE_ARN, Trigger: 'new' }, `${SERVICE_ARN}/deployment`));
    expect(result.error).toBeUndefined();
    expect(appRunner.commandCalls(StartDeploymentCommand)).toHaveLength(0);
  });

  test('outside a rollback, the check still judges (UPDATE_IN_PROGRESS)', async () => {
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('op-9', 'UPDATE_SERVICE', 'ROLLBACK_SUCCEEDED')] });
    const result = await drive(handler, event('Custom::AppRunnerRollbackCheck', 'Update', { ServiceArn: SERVICE_ARN, ConfigHash: 'new' },
      { ServiceArn: SERVICE_ARN, ConfigHash: 'old' }, `${SERVICE_ARN}/rollback-check`));
    expect(result.error?.message).toMatch(/op-9 \(UPDATE_SERVICE\) ended ROLLBACK_SUCCEEDED/);
  });
});

describe('errors that are neither "not found" nor "another operation in progress"', () => {
  const accessDenied = () => Object.assign(new Error('User is not authorized to perform: apprunner:PauseService'), { name: 'AccessDeniedException' });

  test('fail the deployment with the SDK\'s message (DescribeService, PauseService)', async () => {
    appRunner.on(DescribeServiceCommand).rejectsOnce(accessDenied());
    expect((await drive(handler, runState('true'))).error?.message).toBe('User is not authorized to perform: apprunner:PauseService');
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'RUNNING' } as any });
    appRunner.on(PauseServiceCommand).rejects(accessDenied());
    expect((await drive(handler, runState('true'))).error?.message).toBe('User is not authorized to perform: apprunner:PauseService');
  });

  test('a pause that another poll started (onEvent met InvalidStateException) is found by its type and start time', async () => {
    appRunner.on(DescribeServiceCommand)
      .resolvesOnce({ Service: { Status: 'RUNNING' } as any }) // onEvent
      .resolves({ Service: { Status: 'OPERATION_IN_PROGRESS' } as any });
    appRunner.on(PauseServiceCommand).rejects(invalidState());
    appRunner.on(ListOperationsCommand)
      .resolvesOnce({ OperationSummaryList: [op('op-7', 'PAUSE_SERVICE', 'IN_PROGRESS', clock.now() + 1000)] })
      .resolves({ OperationSummaryList: [op('op-7', 'PAUSE_SERVICE', 'SUCCEEDED', clock.now() + 1000)] });
    const result = await drive(handler, runState('true'));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(2);
    expect(appRunner.commandCalls(PauseServiceCommand)).toHaveLength(1);
  });
});

describe('a retried event whose first attempt is still running', () => {
  test('the deployment follows the running START_DEPLOYMENT instead of deploying twice', async () => {
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'OPERATION_IN_PROGRESS' } as any });
    appRunner.on(ListOperationsCommand)
      .resolvesOnce({ OperationSummaryList: [op('op-1', 'START_DEPLOYMENT', 'IN_PROGRESS', clock.now() - 60_000)] }) // begin: latest
      .resolvesOnce({ OperationSummaryList: [op('op-1', 'START_DEPLOYMENT', 'IN_PROGRESS', clock.now() - 60_000)] })
      .resolves({ OperationSummaryList: [op('op-1', 'START_DEPLOYMENT', 'SUCCEEDED', clock.now() - 60_000)] });
    const result = await drive(handler, event('Custom::AppRunnerDeployment', 'Update', { ServiceArn: SERVICE_ARN, Trigger: 'v2' },
      { ServiceArn: SERVICE_ARN, Trigger: 'v1' }, `${SERVICE_ARN}/deployment`));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(2);
    expect(appRunner.commandCalls(StartDeploymentCommand)).toHaveLength(0);
  });

  test('another type running (an update): wait for it, then start ours', async () => {
    appRunner.on(DescribeServiceCommand)
      .resolvesOnce({ Service: { Status: 'OPERATION_IN_PROGRESS' } as any })
      .resolves({ Service: { Status: 'RUNNING' } as any });
    appRunner.on(StartDeploymentCommand).resolves({ OperationId: 'op-2' });
    appRunner.on(ListOperationsCommand)
      .resolvesOnce({ OperationSummaryList: [op('op-1', 'UPDATE_SERVICE', 'IN_PROGRESS', clock.now() - 60_000)] }) // begin: not ours
      .resolvesOnce({ OperationSummaryList: [op('op-1', 'UPDATE_SERVICE', 'SUCCEEDED', clock.now() - 60_000)] }) // poll 1: latest is not ours; start
      .resolves({ OperationSummaryList: [op('op-2', 'START_DEPLOYMENT', 'SUCCEEDED')] });
    const result = await drive(handler, event('Custom::AppRunnerDeployment', 'Update', { ServiceArn: SERVICE_ARN, Trigger: 'v2' },
      { ServiceArn: SERVICE_ARN, Trigger: 'v1' }, `${SERVICE_ARN}/deployment`));
    expect(result.error).toBeUndefined();
    expect(appRunner.commandCalls(StartDeploymentCommand)).toHaveLength(1);
  });
});
