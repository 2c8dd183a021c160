/**
 * Custom::AppRunnerRunState across CloudFormation's phases (run-state.ts): Create applies the
 * run state at once; an Update (forward, or CloudFormation's Update back in a rollback) resumes
 * at once but never pauses: a pause is left to the pre-update resume's cleanup Delete
 * (pre-update-resume.test.ts), once nothing will update the service any more. Delete does
 * nothing. aws-sdk-client-mock fakes; the pause/resume operation itself (waits, refusals,
 * failures) is in service-handlers.test.ts.
 */
import {
  DescribeServiceCommand, ListOperationsCommand, PauseServiceCommand, ResumeServiceCommand,
} from '@aws-sdk/client-apprunner';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { drive, event, SERVICE_ARN } from './events';
import { mockedHandlers, service } from './mocks';

const { appRunner, cloudFormation, clock, handler, op } = mockedHandlers();

const NEW_ARN = 'arn:aws:apprunner:us-east-1:123456789012:service/new-name/ffffffffffffffffffffffffffffffff';
const ID = `${SERVICE_ARN}/run-state`;

/** An Update of the run state: `props` its ResourceProperties, `before` its OldResourceProperties. */
const update = (props: Record<string, string>, before: Record<string, string>) =>
  event('Custom::AppRunnerRunState', 'Update', { ServiceArn: SERVICE_ARN, ConfigHash: 'h2', ...props }, { ServiceArn: SERVICE_ARN, ConfigHash: 'h1', ...before }, ID);

describe('Create applies the run state at once (nothing can roll a new service\'s update back)', () => {
  test.each<[string, string, string, typeof PauseServiceCommand | typeof ResumeServiceCommand, string]>([
    ['true', 'RUNNING', 'PAUSE_SERVICE', PauseServiceCommand, 'PAUSED'],
    ['false', 'PAUSED', 'RESUME_SERVICE', ResumeServiceCommand, 'RUNNING'],
  ])('Paused "%s" on a %s service: %s, followed to the end; id SERVICE_ARN/run-state; no CloudFormation call', async (paused, from, type, command) => {
    appRunner.on(DescribeServiceCommand).resolves(service(from));
    appRunner.on(command as any).resolves({ OperationId: 'o1' });
    appRunner.on(ListOperationsCommand).resolvesOnce({ OperationSummaryList: [op('o1', type, 'IN_PROGRESS')] })
      .resolves({ OperationSummaryList: [op('o1', type, 'SUCCEEDED')] });
    const result = await drive(handler, event('Custom::AppRunnerRunState', 'Create', { ServiceArn: SERVICE_ARN, Paused: paused }));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(2);
    expect(result.physicalResourceId).toBe(ID);
    expect(result.data).toMatchObject({ OperationId: 'o1' });
    expect(appRunner.commandCalls(command as any).map((c) => c.args[0].input)).toEqual([{ ServiceArn: SERVICE_ARN }]);
    expect(cloudFormation.calls()).toHaveLength(0);
  });
});

test('a resume never hangs either: the timeout names it', async () => {
  appRunner.on(DescribeServiceCommand).resolves(service('PAUSED'));
  appRunner.on(ResumeServiceCommand).resolves({ OperationId: 'slow' });
  appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('slow', 'RESUME_SERVICE', 'IN_PROGRESS')] });
  const result = await drive(handler, update({ Paused: 'false', TimeoutSeconds: '30' }, { Paused: 'true' }), { between: async () => { clock.advance(15_000); } });
  expect(result.polls).toBe(3);
  expect(result.error?.message).toBe(`Timed out after 30 s waiting for the resume of ${SERVICE_ARN} (last status: RESUME_SERVICE IN_PROGRESS)`);
});

describe('Update never pauses: "true" is deferred to the cleanup phase, "false" resumes at once', () => {
  test.each([
    ['another ConfigHash (the service was just updated)', { Paused: 'true' }, { Paused: 'true' }],
    ['only Paused changed', { Paused: 'true', ConfigHash: 'h1' }, { Paused: 'false' }],
    ['CloudFormation\'s Update back in a rollback', { Paused: 'true', ConfigHash: 'h1' }, { Paused: 'true', ConfigHash: 'h2' }],
  ])('Paused "true", %s: no AWS call at all, Done at the first poll, the same id', async (_what, props, before) => {
    appRunner.on(DescribeServiceCommand).resolves(service('RUNNING')); // what a pause would have started from
    const result = await drive(handler, update(props, before));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(1);
    expect(result.physicalResourceId).toBe(ID);
    expect(result.data).toMatchObject({ Done: 'true', Deferred: 'true' });
    expect(appRunner.calls()).toHaveLength(0);
    expect(cloudFormation.calls()).toHaveLength(0);
  });

  test('Paused "true" for a replaced service (another ServiceArn): the id names the new service; neither service is touched', async () => {
    const result = await drive(handler, update({ ServiceArn: NEW_ARN, Paused: 'true' }, { Paused: 'true' }));
    expect(result.error).toBeUndefined();
    expect(result.physicalResourceId).toBe(`${NEW_ARN}/run-state`);
    expect(appRunner.calls()).toHaveLength(0);
  });

  test('Paused "false" after "true": a PAUSED service is resumed at once and followed to the end', async () => {
    appRunner.on(DescribeServiceCommand).resolves(service('PAUSED'));
    appRunner.on(ResumeServiceCommand).resolves({ OperationId: 'r1' });
    appRunner.on(ListOperationsCommand).resolvesOnce({ OperationSummaryList: [op('r1', 'RESUME_SERVICE', 'IN_PROGRESS')] })
      .resolves({ OperationSummaryList: [op('r1', 'RESUME_SERVICE', 'SUCCEEDED')] });
    const result = await drive(handler, update({ Paused: 'false', ConfigHash: 'h1' }, { Paused: 'true' }));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(2);
    expect(result.physicalResourceId).toBe(ID);
    expect(result.data).toMatchObject({ OperationId: 'r1' });
    expect(result.data.Deferred).toBeUndefined();
    expect(appRunner.commandCalls(ResumeServiceCommand)).toHaveLength(1);
    expect(appRunner.commandCalls(PauseServiceCommand)).toHaveLength(0);
    expect(cloudFormation.calls()).toHaveLength(0);
  });

  test('Paused "false" in a rollback, the service RUNNING: nothing to start, complete at the first poll', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS' } as any] });
    appRunner.on(DescribeServiceCommand).resolves(service('RUNNING'));
    const result = await drive(handler, update({ Paused: 'false', ConfigHash: 'h1' }, { Paused: 'false', ConfigHash: 'h2' }));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(1);
    expect(appRunner.commandCalls(DescribeServiceCommand)).toHaveLength(1);
    expect(appRunner.commandCalls(ResumeServiceCommand)).toHaveLength(0);
    expect(cloudFormation.calls()).toHaveLength(0); // the run state never asks whether the stack rolls back
  });

  test('Paused is still checked: a bad value is an error', async () => {
    await expect(handler.onEvent(update({ Paused: 'yes' }, { Paused: 'true' })))
      .rejects.toThrow('Custom::AppRunnerRunState: property Paused must be "true" or "false", got "yes"');
  });
});

describe('Delete', () => {
  test('does nothing, without any AWS call (not even the stack\'s phase: the pre-update resume applies the run state in the cleanup phase)', async () => {
    const result = await drive(handler, event('Custom::AppRunnerRunState', 'Delete', { ServiceArn: SERVICE_ARN, Paused: 'true' }, undefined, ID));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(1);
    expect(result.physicalResourceId).toBe(ID);
    expect(appRunner.calls()).toHaveLength(0);
    expect(cloudFormation.calls()).toHaveLength(0);
  });
});
