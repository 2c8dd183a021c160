/**
 * Refusals and vanished services (issue 10): StartDeployment refused with
 * InvalidRequestException (App Runner's answer while another operation runs, which the model
 * does not declare as InvalidStateException) waits and retries, other refusals fail at once;
 * a DELETED, DELETE_FAILED, being-deleted or missing service fails the waiting resource at
 * once with a message naming the service, its status and what to do.
 */
import {
  DescribeServiceCommand, ListOperationsCommand, PauseServiceCommand, ResumeServiceCommand, StartDeploymentCommand,
} from '@aws-sdk/client-apprunner';
import { DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import { drive, event, SERVICE_ARN } from './events';
import { mockedHandlers } from './mocks';

const { appRunner, cloudFormation, clock, handler, op } = mockedHandlers();

function invalidRequest(message: string): Error {
  return Object.assign(new Error(message), { name: 'InvalidRequestException' });
}
function notFound(): Error {
  return Object.assign(new Error('Service not found'), { name: 'ResourceNotFoundException' });
}
const runState = (paused: string) => event('Custom::AppRunnerRunState', 'Create', { ServiceArn: SERVICE_ARN, Paused: paused });

describe('StartDeployment refused with InvalidRequestException (it declares no InvalidStateException)', () => {
  const deploy = () => event('Custom::AppRunnerDeployment', 'Update', { ServiceArn: SERVICE_ARN, Trigger: 'v2' },
    { ServiceArn: SERVICE_ARN, Trigger: 'v1' }, `${SERVICE_ARN}/deployment`);
  const busy = () => invalidRequest('Service is in OPERATION_IN_PROGRESS state and can\'t be deployed');

  test('while another operation runs (the service says OPERATION_IN_PROGRESS): wait for it, then deploy', async () => {
    appRunner.on(DescribeServiceCommand)
      .resolvesOnce({ Service: { Status: 'RUNNING' } as any }) // onEvent: start → refused
      .resolvesOnce({ Service: { Status: 'OPERATION_IN_PROGRESS' } as any }) // onEvent: why? busy → later
      .resolvesOnce({ Service: { Status: 'OPERATION_IN_PROGRESS' } as any }) // poll 1
      .resolvesOnce({ Service: { Status: 'RUNNING' } as any }) // poll 2: start
      .resolvesOnce({ Service: { Status: 'OPERATION_IN_PROGRESS' } as any }) // poll 3
      .resolves({ Service: { Status: 'RUNNING' } as any });
    appRunner.on(ListOperationsCommand)
      .resolvesOnce({ OperationSummaryList: [op('u1', 'UPDATE_SERVICE', 'IN_PROGRESS', clock.now() - 1000)] })
      .resolvesOnce({ OperationSummaryList: [op('u1', 'UPDATE_SERVICE', 'SUCCEEDED', clock.now() - 1000)] })
      .resolvesOnce({ OperationSummaryList: [op('d1', 'START_DEPLOYMENT', 'IN_PROGRESS')] })
      .resolves({ OperationSummaryList: [op('d1', 'START_DEPLOYMENT', 'SUCCEEDED')] });
    appRunner.on(StartDeploymentCommand).rejectsOnce(busy()).resolves({ OperationId: 'd1' });
    const result = await drive(handler, deploy());
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(4);
    expect(appRunner.commandCalls(StartDeploymentCommand)).toHaveLength(2);
  });

  test('the running operation ended between the refusal and the read: one immediate retry deploys', async () => {
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'RUNNING' } as any });
    appRunner.on(StartDeploymentCommand).rejectsOnce(busy()).resolves({ OperationId: 'd1' });
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('d1', 'START_DEPLOYMENT', 'SUCCEEDED')] });
    const result = await drive(handler, deploy());
    expect(result.error).toBeUndefined();
    expect(result.data).toMatchObject({ OperationId: 'd1' });
    expect(appRunner.commandCalls(StartDeploymentCommand)).toHaveLength(2);
  });

  test('InvalidRequestException for another reason (the service is RUNNING): fails at once, naming the service and its status', async () => {
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'RUNNING' } as any });
    appRunner.on(StartDeploymentCommand).rejects(invalidRequest('Source image does not exist'));
    const result = await drive(handler, deploy());
    expect(result.polls).toBe(0);
    expect(result.error?.message).toBe(`App Runner refused START_DEPLOYMENT on ${SERVICE_ARN} (status RUNNING): InvalidRequestException: Source image does not exist`);
    expect(appRunner.commandCalls(StartDeploymentCommand)).toHaveLength(2);
  });

  test('refused because the service was paused meanwhile: the clear paused message', async () => {
    appRunner.on(DescribeServiceCommand).resolvesOnce({ Service: { Status: 'RUNNING' } as any }).resolves({ Service: { Status: 'PAUSED' } as any });
    appRunner.on(StartDeploymentCommand).rejects(invalidRequest('Service is paused'));
    const result = await drive(handler, deploy());
    expect(result.error?.message).toMatch(/is PAUSED: App Runner refuses StartDeployment while paused/);
  });

  test('for pause and resume InvalidRequestException is not "another operation runs": it fails at once', async () => {
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'RUNNING' } as any });
    appRunner.on(PauseServiceCommand).rejects(invalidRequest('bad request'));
    const result = await drive(handler, runState('true'));
    expect(result.error?.message).toBe('bad request');
    expect(appRunner.commandCalls(DescribeServiceCommand)).toHaveLength(1);
  });
});

describe('a deleted service fails the waiting resource at once', () => {
  const gone = (status: string, action: string) => status === 'DELETED'
    ? `App Runner service ${SERVICE_ARN} is DELETED (deleted outside CloudFormation?): cannot ${action}. Remove the service from the stack, or give it a new name so that CloudFormation creates a new one, and deploy again`
    : `App Runner service ${SERVICE_ARN} is DELETE_FAILED: cannot ${action}. Delete it again (App Runner console or DeleteService), then remove it from the stack or give it a new name, and deploy again`;

  test.each(['DELETED', 'DELETE_FAILED'])('run state on a %s service (pause or resume)', async (status) => {
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: status } as any });
    expect((await drive(handler, runState('true'))).error?.message).toBe(gone(status, 'pause it'));
    expect((await drive(handler, runState('false'))).error?.message).toBe(gone(status, 'resume it'));
    expect(appRunner.commandCalls(PauseServiceCommand)).toHaveLength(0);
  });

  test('deleted while the run state waits for another operation: fails at that poll', async () => {
    appRunner.on(DescribeServiceCommand)
      .resolvesOnce({ Service: { Status: 'OPERATION_IN_PROGRESS' } as any })
      .resolvesOnce({ Service: { Status: 'OPERATION_IN_PROGRESS' } as any })
      .resolves({ Service: { Status: 'DELETED' } as any });
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('u', 'UPDATE_SERVICE', 'IN_PROGRESS', clock.now() - 1000)] });
    const result = await drive(handler, runState('true'));
    expect(result.polls).toBe(2);
    expect(result.error?.message).toBe(gone('DELETED', 'pause it'));
  });

  test('a deletion in progress (the latest operation is DELETE_SERVICE) fails at once', async () => {
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'OPERATION_IN_PROGRESS' } as any });
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('del', 'DELETE_SERVICE', 'IN_PROGRESS')] });
    const result = await drive(handler, runState('true'));
    expect(result.polls).toBe(0);
    expect(result.error?.message).toBe(`App Runner service ${SERVICE_ARN} is being deleted (operation del DELETE_SERVICE IN_PROGRESS): cannot pause it. `
      + 'Remove the service from the stack, or give it a new name so that CloudFormation creates a new one, and deploy again');
  });

  test.each(['DELETED', 'DELETE_FAILED'])('deployment of a %s service', async (status) => {
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: status } as any });
    const result = await drive(handler, event('Custom::AppRunnerDeployment', 'Update', { ServiceArn: SERVICE_ARN, Trigger: 'v2' },
      { ServiceArn: SERVICE_ARN, Trigger: 'v1' }, `${SERVICE_ARN}/deployment`));
    expect(result.error?.message).toBe(gone(status, 'deploy it'));
    expect(appRunner.commandCalls(StartDeploymentCommand)).toHaveLength(0);
  });

  test.each(['DELETED', 'DELETE_FAILED'])('rollback check: the latest operation is DELETE_SERVICE and the service %s', async (status) => {
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('del', 'DELETE_SERVICE', status === 'DELETED' ? 'SUCCEEDED' : 'FAILED')] });
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: status } as any });
    const result = await drive(handler, event('Custom::AppRunnerRollbackCheck', 'Update', { ServiceArn: SERVICE_ARN, ConfigHash: 'h2' },
      { ServiceArn: SERVICE_ARN, ConfigHash: 'h1' }, `${SERVICE_ARN}/rollback-check`));
    expect(result.polls).toBe(1);
    expect(result.error?.message).toBe(gone(status, 'check its deployment'));
  });

  test('rollback check: the service is gone (ListOperations: not found)', async () => {
    appRunner.on(ListOperationsCommand).rejects(notFound());
    const result = await drive(handler, event('Custom::AppRunnerRollbackCheck', 'Create', { ServiceArn: SERVICE_ARN, ConfigHash: 'h1' }));
    expect(result.polls).toBe(1);
    expect(result.error?.message).toBe(`App Runner service ${SERVICE_ARN} does not exist`);
  });

  test('pre-update resume that must wait for a running DELETE_SERVICE: fails at once', async () => {
    cloudFormation.on(DescribeStackResourceCommand).resolves({ StackResourceDetail: { PhysicalResourceId: SERVICE_ARN } as any });
    appRunner.on(DescribeServiceCommand).resolves({ Service: { Status: 'OPERATION_IN_PROGRESS' } as any });
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('del', 'DELETE_SERVICE', 'IN_PROGRESS')] });
    const result = await drive(handler, event('Custom::AppRunnerPreUpdateResume', 'Update',
      { StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Test/1', ServiceLogicalId: 'Svc', ConfigHash: 'h2', Paused: 'true' },
      { ConfigHash: 'h1', Paused: 'true' }, 'pre-id'));
    expect(result.polls).toBe(0);
    expect(result.error?.message).toMatch(new RegExp(`^App Runner service ${SERVICE_ARN} is being deleted \\(operation del DELETE_SERVICE IN_PROGRESS\\): cannot resume it\\.`));
    expect(appRunner.commandCalls(ResumeServiceCommand)).toHaveLength(0);
  });
});
