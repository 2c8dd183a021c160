/**
 * Custom::AppRunnerPreUpdateResume as the end of a deployment's run state (pre-update-resume.ts):
 * every Create and Update is a new instance whose physical id records Paused
 * (`STACK_ID/SERVICE_LOGICAL_ID/pre-update-resume/paused=1|0/TOKEN`), so CloudFormation deletes
 * the old instance in the cleanup phase after a successful update and the new one in the
 * cleanup phase of a rollback. That Delete pauses or resumes the service as the instance that
 * is current then records; any other Delete does nothing. aws-sdk-client-mock fakes; its
 * resume before the service's update (forward and rolling back) is in service-rollback.test.ts.
 */
import {
  DescribeServiceCommand, ListOperationsCommand, PauseServiceCommand, ResumeServiceCommand,
} from '@aws-sdk/client-apprunner';
import { DescribeStackResourceCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { drive, event, preUpdateResumeId, SERVICE_ARN } from './events';
import { mockedHandlers, service } from './mocks';
import { parsePreUpdateId } from '../../src/operations/runtime/pre-update-id';
import { OnEventRequest } from '../../src/operations/runtime/types';

const { appRunner, cloudFormation, clock, handler, op } = mockedHandlers({
  defaults: () => {
    stack('UPDATE_IN_PROGRESS');
    holds(OLD_PAUSED);
  },
});

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Test/1';
/** The custom resource's logical id, and its service's. */
const LOGICAL_ID = 'SvcPreUpdateResume';
const SERVICE_ID = 'Svc';
const NEW_ARN = 'arn:aws:apprunner:us-east-1:123456789012:service/new-name/ffffffffffffffffffffffffffffffff';

/** The instances CloudFormation created with the requests `req-old` (before this deployment) and `req-new` (in it). */
const idOf = (paused: boolean, requestId: string) =>
  preUpdateResumeId(SERVICE_ID, paused, { StackId: STACK_ID, LogicalResourceId: LOGICAL_ID, RequestId: requestId });
const OLD_PAUSED = idOf(true, 'req-old');
const OLD_RUNNING = idOf(false, 'req-old');
const NEW_PAUSED = idOf(true, 'req-new');
const NEW_RUNNING = idOf(false, 'req-new');
const LEGACY = `${STACK_ID}/${SERVICE_ID}/pre-update-resume`;

function preUpdate(type: 'Create' | 'Update' | 'Delete', props: Record<string, string>, opts: { old?: Record<string, string>; id?: string; requestId?: string } = {}): OnEventRequest {
  return {
    ...event('Custom::AppRunnerPreUpdateResume', type, { StackId: STACK_ID, ServiceLogicalId: SERVICE_ID, ConfigHash: 'h1', ReplacementHash: 'r1', ...props }, opts.old, opts.id),
    LogicalResourceId: LOGICAL_ID,
    RequestId: opts.requestId ?? 'req-new',
  };
}
/** CloudFormation's Delete of the instance `id`, with the properties it was created with. */
const deleteOf = (id: string, paused: boolean, extra: Record<string, string> = {}) =>
  preUpdate('Delete', { Paused: String(paused), ...extra }, { id, requestId: 'req-delete' });

function stack(status: string): void {
  cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Test', StackStatus: status as any, CreationTime: new Date(0) }] });
}
/** What the stack holds now: this resource's current instance, and the service's ARN. */
function holds(currentId: string | undefined, serviceArn: string | undefined = SERVICE_ARN): void {
  cloudFormation.on(DescribeStackResourceCommand, { LogicalResourceId: LOGICAL_ID })
    .resolves({ StackResourceDetail: { LogicalResourceId: LOGICAL_ID, PhysicalResourceId: currentId } as any });
  cloudFormation.on(DescribeStackResourceCommand, { LogicalResourceId: SERVICE_ID })
    .resolves({ StackResourceDetail: { LogicalResourceId: SERVICE_ID, PhysicalResourceId: serviceArn } as any });
}
const describedIds = () => cloudFormation.commandCalls(DescribeStackResourceCommand).map((c) => c.args[0].input);
/** App Runner starts `type` (from `from`) as `id`, IN_PROGRESS once, then SUCCEEDED. */
function operationRuns(type: 'PAUSE_SERVICE' | 'RESUME_SERVICE', id: string, from: string): void {
  appRunner.on(DescribeServiceCommand).resolves(service(from));
  appRunner.on(type === 'PAUSE_SERVICE' ? PauseServiceCommand : ResumeServiceCommand).resolves({ OperationId: id });
  appRunner.on(ListOperationsCommand).resolvesOnce({ OperationSummaryList: [op(id, type, 'IN_PROGRESS')] })
    .resolves({ OperationSummaryList: [op(id, type, 'SUCCEEDED')] });
}

describe('every Create and Update is a new instance whose id records Paused', () => {
  test('Create and Update: STACK_ID/SERVICE_LOGICAL_ID/pre-update-resume/paused=1|0/TOKEN, the token from StackId|LogicalResourceId|RequestId', async () => {
    appRunner.on(DescribeServiceCommand).resolves(service('RUNNING'));
    const created = await drive(handler, preUpdate('Create', { Paused: 'true' }, { requestId: 'req-old' }));
    expect(created.error).toBeUndefined();
    expect(created.physicalResourceId).toBe(OLD_PAUSED);
    expect(created.physicalResourceId).toMatch(new RegExp(`^${STACK_ID}/Svc/pre-update-resume/paused=1/[0-9a-f]{16}$`));
    const updated = await drive(handler, preUpdate('Update', { Paused: 'false', ConfigHash: 'h2' }, { old: { Paused: 'true', ConfigHash: 'h1' }, id: OLD_PAUSED }));
    expect(updated.error).toBeUndefined();
    expect(updated.physicalResourceId).toBe(NEW_RUNNING);
    // the service was RUNNING: no resume; the run state is left to the cleanup phase
    expect(appRunner.commandCalls(ResumeServiceCommand)).toHaveLength(0);
    expect(appRunner.commandCalls(PauseServiceCommand)).toHaveLength(0);
  });

  test('a retried request keeps its id; another request, resource or stack gets another', async () => {
    appRunner.on(DescribeServiceCommand).resolves(service('RUNNING'));
    const idFor = async (e: OnEventRequest) => (await handler.onEvent(e)).PhysicalResourceId;
    const base = preUpdate('Update', { Paused: 'true' }, { old: { Paused: 'true' }, id: OLD_PAUSED });
    const first = await idFor(base);
    expect(await idFor(base)).toBe(first);
    const others = [
      await idFor({ ...base, RequestId: 'req-other' }),
      await idFor({ ...base, LogicalResourceId: 'OtherPreUpdateResume' }),
      await idFor({ ...base, StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Test/2' }),
    ];
    expect(new Set([first, OLD_PAUSED, ...others]).size).toBe(5);
  });

  test('a replacement (changed ReplacementHash) is a new instance too, without any AWS call', async () => {
    const result = await drive(handler, preUpdate('Update', { Paused: 'true', ReplacementHash: 'r2' }, { old: { Paused: 'true', ReplacementHash: 'r1' }, id: OLD_PAUSED }));
    expect(result.error).toBeUndefined();
    expect(result.physicalResourceId).toBe(NEW_PAUSED);
    expect(result.data).toMatchObject({ Done: 'true', Replacement: 'true' });
    expect(appRunner.calls()).toHaveLength(0);
    expect(cloudFormation.calls()).toHaveLength(0);
  });

  test('no Paused (a template of an older version) records paused=0; a bad value is an error', async () => {
    appRunner.on(DescribeServiceCommand).resolves(service('RUNNING'));
    expect((await handler.onEvent(preUpdate('Create', {}))).PhysicalResourceId).toBe(NEW_RUNNING);
    await expect(handler.onEvent(preUpdate('Create', { Paused: 'maybe' })))
      .rejects.toThrow('Custom::AppRunnerPreUpdateResume: property Paused must be "true" or "false", got "maybe"');
  });
});

describe('Delete outside a cleanup phase does nothing', () => {
  test.each(['DELETE_IN_PROGRESS', 'UPDATE_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', undefined])(
    'the stack is %s: one DescribeStacks, nothing else', async (status) => {
      if (status === undefined) cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [] });
      else stack(status);
      holds(NEW_PAUSED);
      const result = await drive(handler, deleteOf(OLD_RUNNING, false));
      expect(result.error).toBeUndefined();
      expect(result.polls).toBe(1);
      expect(result.physicalResourceId).toBe(OLD_RUNNING);
      expect(result.data).toMatchObject({ Done: 'true' });
      expect(cloudFormation.commandCalls(DescribeStacksCommand).map((c) => c.args[0].input)).toEqual([{ StackName: STACK_ID }]);
      expect(describedIds()).toEqual([]);
      expect(appRunner.calls()).toHaveLength(0);
    });
});

describe('Delete in a cleanup phase: the run state the current instance records, on the service the stack holds now', () => {
  test('after a successful update, deleting the old instance (paused=0) pauses as the new one (paused=1) says', async () => {
    stack('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    holds(NEW_PAUSED);
    operationRuns('PAUSE_SERVICE', 'p1', 'RUNNING');
    const result = await drive(handler, deleteOf(OLD_RUNNING, false));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(2);
    expect(result.physicalResourceId).toBe(OLD_RUNNING);
    expect(result.data).toMatchObject({ OperationId: 'p1', ServiceArn: SERVICE_ARN, Pause: 'true' });
    // its own logical id, then the service's, both in its own stack
    expect(describedIds()).toEqual([{ StackName: STACK_ID, LogicalResourceId: LOGICAL_ID }, { StackName: STACK_ID, LogicalResourceId: SERVICE_ID }]);
    expect(appRunner.commandCalls(PauseServiceCommand).map((c) => c.args[0].input)).toEqual([{ ServiceArn: SERVICE_ARN }]);
    expect(appRunner.commandCalls(ResumeServiceCommand)).toHaveLength(0);
  });

  test('... the new one says paused=0: a PAUSED service is resumed; a RUNNING one is left alone', async () => {
    stack('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    holds(NEW_RUNNING);
    operationRuns('RESUME_SERVICE', 'r1', 'PAUSED');
    appRunner.on(DescribeServiceCommand).resolvesOnce(service('PAUSED')).resolves(service('RUNNING'));
    const resumed = await drive(handler, deleteOf(OLD_PAUSED, true));
    expect(resumed.error).toBeUndefined();
    expect(resumed.data).toMatchObject({ OperationId: 'r1', ServiceArn: SERVICE_ARN, Pause: 'false' });
    const untouched = await drive(handler, deleteOf(OLD_PAUSED, true));
    expect(untouched.error).toBeUndefined();
    expect(untouched.polls).toBe(1);
    expect(untouched.data).toMatchObject({ Done: 'true', Pause: 'false' });
    expect(appRunner.commandCalls(ResumeServiceCommand)).toHaveLength(1);
    expect(appRunner.commandCalls(PauseServiceCommand)).toHaveLength(0);
  });

  test('after a rollback, deleting the new instance applies the old one (paused=1): the service ends PAUSED', async () => {
    stack('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
    holds(OLD_PAUSED);
    operationRuns('PAUSE_SERVICE', 'p1', 'RUNNING');
    const result = await drive(handler, deleteOf(NEW_PAUSED, true));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(2);
    expect(result.physicalResourceId).toBe(NEW_PAUSED);
    expect(appRunner.commandCalls(PauseServiceCommand)).toHaveLength(1);
  });

  test('... the old one says paused=0 (the failed update would have paused it): the service stays RUNNING', async () => {
    stack('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
    holds(OLD_RUNNING);
    appRunner.on(DescribeServiceCommand).resolves(service('RUNNING'));
    const result = await drive(handler, deleteOf(NEW_PAUSED, true));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(1);
    expect(result.data).toMatchObject({ Done: 'true', ServiceArn: SERVICE_ARN, Pause: 'false' });
    expect(appRunner.commandCalls(PauseServiceCommand)).toHaveLength(0);
    expect(appRunner.commandCalls(ResumeServiceCommand)).toHaveLength(0);
  });

  test('a renamed service: the stack holds the new service now, which is paused; the old one is not touched', async () => {
    stack('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    holds(NEW_PAUSED, NEW_ARN);
    operationRuns('PAUSE_SERVICE', 'p1', 'RUNNING');
    const result = await drive(handler, deleteOf(OLD_PAUSED, true, { ReplacementHash: 'r0' }));
    expect(result.error).toBeUndefined();
    expect(result.data).toMatchObject({ ServiceArn: NEW_ARN, Pause: 'true' });
    expect([...new Set(appRunner.calls().map((c) => (c.args[0].input as any).ServiceArn))]).toEqual([NEW_ARN]);
  });

  test('the old instance of an earlier version (STACK_ID/Svc/pre-update-resume), deleted after the upgrade: the new one decides', async () => {
    stack('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    holds(NEW_PAUSED);
    operationRuns('PAUSE_SERVICE', 'p1', 'RUNNING');
    const result = await drive(handler, { ...deleteOf(LEGACY, false), ResourceProperties: { ServiceToken: 'x', StackId: STACK_ID, ServiceLogicalId: SERVICE_ID, ConfigHash: 'h0' } });
    expect(result.error).toBeUndefined();
    expect(appRunner.commandCalls(PauseServiceCommand)).toHaveLength(1);
  });

  test.each<[string, string | undefined | Error]>([
    ['the current instance is itself (the resource was removed: paused unset)', OLD_PAUSED],
    ['the current instance is of an earlier version (no paused= in its id)', LEGACY],
    ['the current id is not a pre-update resume id', `${SERVICE_ARN}/run-state`],
    ['CloudFormation reports no physical id', undefined],
    ['the resource is not in the stack any more', new Error('Resource SvcPreUpdateResume does not exist for stack Test')],
  ])('nothing when %s', async (_what, answer) => {
    stack('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    if (answer instanceof Error) cloudFormation.on(DescribeStackResourceCommand, { LogicalResourceId: LOGICAL_ID }).rejects(answer);
    else holds(answer);
    const result = await drive(handler, deleteOf(OLD_PAUSED, true));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(1);
    expect(result.data).toMatchObject({ Done: 'true' });
    expect(describedIds()).toEqual([{ StackName: STACK_ID, LogicalResourceId: LOGICAL_ID }]);
    expect(appRunner.calls()).toHaveLength(0);
  });

  test.each<[string, string | undefined | Error]>([
    ['the service is not in the stack (removed with its options)', new Error('Resource Svc does not exist for stack Test')],
    ['the service has no ARN', 'Svc-1234'],
    ['the service has no physical id', undefined],
  ])('nothing when %s', async (_what, answer) => {
    stack('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    holds(NEW_PAUSED);
    const described = cloudFormation.on(DescribeStackResourceCommand, { LogicalResourceId: SERVICE_ID });
    if (answer instanceof Error) described.rejects(answer);
    else described.resolves({ StackResourceDetail: { LogicalResourceId: SERVICE_ID, PhysicalResourceId: answer } as any });
    const result = await drive(handler, deleteOf(OLD_PAUSED, true));
    expect(result.error).toBeUndefined();
    expect(result.data).toMatchObject({ Done: 'true' });
    expect(describedIds()).toHaveLength(2);
    expect(appRunner.calls()).toHaveLength(0);
  });

  test('other DescribeStackResource errors fail the Delete with the SDK\'s message', async () => {
    stack('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
    cloudFormation.on(DescribeStackResourceCommand, { LogicalResourceId: LOGICAL_ID }).rejects(Object.assign(new Error('not authorized to perform: cloudformation:DescribeStackResource'), { name: 'AccessDenied' }));
    const result = await drive(handler, deleteOf(NEW_PAUSED, true));
    expect(result.polls).toBe(0);
    expect(result.error?.message).toBe('not authorized to perform: cloudformation:DescribeStackResource');
    expect(appRunner.calls()).toHaveLength(0);
  });

  test('a busy service (an automatic deployment runs): waits for it, then pauses', async () => {
    stack('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    holds(NEW_PAUSED);
    appRunner.on(DescribeServiceCommand)
      .resolvesOnce(service('OPERATION_IN_PROGRESS')) // onEvent
      .resolvesOnce(service('RUNNING')) // poll 1: the deployment ended; pause
      .resolvesOnce(service('OPERATION_IN_PROGRESS')) // poll 2
      .resolves(service('PAUSED')); // poll 3
    appRunner.on(ListOperationsCommand)
      .resolvesOnce({ OperationSummaryList: [op('d1', 'START_DEPLOYMENT', 'IN_PROGRESS', clock.now() - 60_000)] })
      .resolvesOnce({ OperationSummaryList: [op('d1', 'START_DEPLOYMENT', 'SUCCEEDED', clock.now() - 60_000)] })
      .resolves({ OperationSummaryList: [op('p1', 'PAUSE_SERVICE', 'IN_PROGRESS')] });
    appRunner.on(PauseServiceCommand).resolves({ OperationId: 'p1' });
    const result = await drive(handler, deleteOf(OLD_PAUSED, true));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(3);
    expect(appRunner.commandCalls(PauseServiceCommand)).toHaveLength(1);
  });

  test('a failed pause fails the Delete with the operation\'s id and status', async () => {
    stack('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
    holds(OLD_PAUSED);
    appRunner.on(DescribeServiceCommand).resolves(service('RUNNING'));
    appRunner.on(PauseServiceCommand).resolves({ OperationId: 'p9' });
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('p9', 'PAUSE_SERVICE', 'FAILED')] });
    const result = await drive(handler, deleteOf(NEW_PAUSED, true));
    expect(result.polls).toBe(1);
    expect(result.error?.message).toBe(`App Runner operation p9 (PAUSE_SERVICE) ended FAILED on ${SERVICE_ARN}`);
  });

  test('never hangs: the timeout names the pause at the end of the deployment, and the service', async () => {
    stack('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    holds(NEW_PAUSED, NEW_ARN);
    appRunner.on(DescribeServiceCommand).resolves(service('RUNNING'));
    appRunner.on(PauseServiceCommand).resolves({ OperationId: 'slow' });
    appRunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [op('slow', 'PAUSE_SERVICE', 'IN_PROGRESS')] });
    const result = await drive(handler, deleteOf(OLD_RUNNING, false, { TimeoutSeconds: '60' }), { between: async () => { clock.advance(30_000); } });
    expect(result.polls).toBe(3);
    expect(result.error?.message).toBe(`Timed out after 60 s waiting for the run state (at the end of the deployment) of ${NEW_ARN} (last status: PAUSE_SERVICE IN_PROGRESS)`);
  });
});

describe('parsePreUpdateId', () => {
  test('the service\'s logical id and the run state a new-format id records; nothing for others', () => {
    expect(parsePreUpdateId(OLD_PAUSED)).toEqual({ serviceLogicalId: SERVICE_ID, mode: 'paused', paused: true });
    expect(parsePreUpdateId(`${STACK_ID}/Other1234/pre-update-resume/paused=0/0123456789abcdef`)).toEqual({ serviceLogicalId: 'Other1234', mode: 'paused', paused: false });
    for (const id of [undefined, '', LEGACY, `${STACK_ID}/Svc/pre-update-resume/paused=2/0123456789abcdef`,
      `${STACK_ID}/Svc/pre-update-resume/paused=1/`, `${STACK_ID}/Svc/pre-update-resume/paused=1/NOTHEX`, `${SERVICE_ARN}/run-state`]) {
      expect(parsePreUpdateId(id)).toBeUndefined();
    }
  });
});
