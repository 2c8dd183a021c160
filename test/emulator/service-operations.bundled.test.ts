/**
 * End to end on loopback, issue 10: the bundled handlers (assets/operations/runtime/*.lambda/index.js)
 * with the real AWS SDK against the App Runner emulator and the CloudFormation fake, driven as
 * the Provider framework drives them. A paused service through whole deployments (renamed,
 * updated, rolled back: issue 10, items 7 and 11) is in paused-deployments.bundled.test.ts.
 */
import { ApiError, EmulatedService } from './apprunner-emulator';
import { useBundles } from './bundles';
import { drive, event } from '../runtime/events';

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Test/1';
/** The CloudFormation fake's stack: created 2026-11-24, never updated (no LastUpdatedTime). */
const STACK_CREATED = Date.parse('2026-11-24T00:00:00Z');

const { aws, bundle } = useBundles({
  // AWS_MAX_ATTEMPTS=5 (the SDK's own retries); our backoff in onEvent waits milliseconds here
  env: { APPRUNNER_KIT_THROTTLE_BASE_MS: '2', APPRUNNER_KIT_QUIET: 'true' },
});

afterEach(() => {
  aws.stackStatus = 'UPDATE_IN_PROGRESS';
});

const emulator = () => aws.appRunner;
const history = (s: EmulatedService) => s.operations.map((o) => `${o.Type} ${o.Status}`);
/** Calls the handlers made to App Runner during `fn`. */
async function appRunnerCalls(fn: () => Promise<unknown>): Promise<string[]> {
  const before = emulator().calls.length;
  await fn();
  return emulator().calls.slice(before);
}

/** Events of the resources, with `now` as ResourceProperties and `before` as OldResourceProperties. */
const preUpdate = (logicalId: string, now: Record<string, string>, before: Record<string, string>) => {
  const base = { StackId: STACK_ID, ServiceLogicalId: logicalId, Paused: 'true', ReplacementHash: 'r1' };
  return event('Custom::AppRunnerPreUpdateResume', 'Update', { ...base, ...now }, { ...base, ...before }, `${STACK_ID}/${logicalId}/pre-update-resume`);
};
const rollbackCheck = (arn: string, now: Record<string, string>, before: Record<string, string>) =>
  event('Custom::AppRunnerRollbackCheck', 'Update', { ServiceArn: arn, ...now }, { ServiceArn: arn, ...before }, `${arn}/rollback-check`);
const deployment = (arn: string) =>
  event('Custom::AppRunnerDeployment', 'Update', { ServiceArn: arn, Trigger: 'v2' }, { ServiceArn: arn, Trigger: 'v1' }, `${arn}/deployment`);

describe('the rollback check judges only this deployment', () => {
  test('an older rolled-back auto-deployment does not fail a deploy that started no App Runner operation', async () => {
    const s = emulator().addService('old-rollback');
    emulator().planOutcome('START_DEPLOYMENT', 'ROLLBACK_SUCCEEDED');
    const auto = emulator().startOperation(s, 'START_DEPLOYMENT');
    for (let i = 0; i < 3; i++) emulator().handle('DescribeService', { ServiceArn: s.arn });
    expect(auto.Status).toBe('ROLLBACK_SUCCEEDED');
    // it ran before this deployment began (the fake reports the stack's CreationTime)
    auto.StartedAt = STACK_CREATED - 86_400_000;
    auto.EndedAt = STACK_CREATED - 86_000_000;
    const result = await drive(bundle, rollbackCheck(s.arn, { ConfigHash: 'b' }, { ConfigHash: 'a' }));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(1);
    expect(result.data).toMatchObject({ OperationStatus: 'NONE' });
  });

  test('an update of this deployment that App Runner rolled back still fails, next to an older success', async () => {
    const s = emulator().addService('new-rollback');
    const older = emulator().startOperation(s, 'UPDATE_SERVICE');
    for (let i = 0; i < 3; i++) emulator().handle('DescribeService', { ServiceArn: s.arn });
    older.StartedAt = STACK_CREATED - 60_000;
    emulator().planOutcome('UPDATE_SERVICE', 'ROLLBACK_SUCCEEDED');
    emulator().handle('UpdateService', { ServiceArn: s.arn });
    const result = await drive(bundle, rollbackCheck(s.arn, { ConfigHash: 'b' }, { ConfigHash: 'a' }));
    expect(result.polls).toBe(3);
    expect(result.error?.message).toMatch(/^App Runner operation op-\d+ \(UPDATE_SERVICE\) ended ROLLBACK_SUCCEEDED on .*: the deployment was rolled back or failed$/);
  });
});

describe('StartDeployment while another operation runs (App Runner answers InvalidRequestException)', () => {
  /** Run `fn` with `before` called just before each of the next `times` StartDeployment requests reach the emulator. */
  async function beforeStartDeployment<T>(times: number, before: () => void, fn: () => Promise<T>): Promise<T> {
    const e = emulator();
    const handle = e.handle.bind(e);
    let left = times;
    e.handle = (operation: string, input: any) => {
      if (operation === 'StartDeployment' && left > 0) {
        left--;
        before();
      }
      return handle(operation, input);
    };
    try {
      return await fn();
    } finally {
      e.handle = handle;
    }
  }

  test('an update starts between our read and our StartDeployment: wait for it, then deploy', async () => {
    const s = emulator().addService('deploy-busy');
    const calls = await appRunnerCalls(async () => {
      const result = await beforeStartDeployment(1, () => emulator().startOperation(s, 'UPDATE_SERVICE'), () => drive(bundle, deployment(s.arn)));
      expect(result.error).toBeUndefined();
    });
    expect(calls.filter((c) => c === 'StartDeployment')).toHaveLength(2); // refused once
    expect(history(s)).toEqual(['START_DEPLOYMENT SUCCEEDED', 'UPDATE_SERVICE SUCCEEDED']);
  });

  test('an InvalidRequestException for another reason fails at once (after one immediate retry)', async () => {
    const s = emulator().addService('deploy-bad');
    const refuse = () => { throw new ApiError('InvalidRequestException', 'The source image does not exist'); };
    const result = await beforeStartDeployment(2, refuse, () => drive(bundle, deployment(s.arn)));
    expect(result.polls).toBe(0);
    expect(result.error?.message).toBe(`App Runner refused START_DEPLOYMENT on ${s.arn} (status RUNNING): InvalidRequestException: The source image does not exist`);
    expect(s.operations).toEqual([]);
  });
});

describe('the account default auto scaling configuration is an older revision', () => {
  test('found (LatestOnly: false) and restored on delete', async () => {
    const configs = emulator().autoScalingConfigurations;
    configs.length = 0;
    const arn = (name: string, revision: number) => `arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/${name}/${revision}/x${revision}`;
    configs.push({ arn: arn('team', 1), isDefault: true, status: 'ACTIVE' });
    configs.push({ arn: arn('team', 2), isDefault: false, status: 'ACTIVE' });
    configs.push({ arn: arn('DefaultConfiguration', 1), isDefault: false, status: 'ACTIVE' });
    configs.push({ arn: arn('ours', 1), isDefault: false, status: 'ACTIVE' });
    // the emulator answers as App Runner: the latest revision of each name unless asked otherwise
    expect(emulator().handle('ListAutoScalingConfigurations', {}).AutoScalingConfigurationSummaryList.map((c: any) => c.AutoScalingConfigurationArn))
      .toEqual([arn('team', 2), arn('DefaultConfiguration', 1), arn('ours', 1)]);

    const created = await drive(bundle, event('Custom::AppRunnerDefaultAutoScaling', 'Create', { AutoScalingConfigurationArn: arn('ours', 1) }));
    expect(created.error).toBeUndefined();
    expect(created.physicalResourceId).toBe(`default-auto-scaling|${arn('team', 1)}`);
    const deleted = await drive(bundle, event('Custom::AppRunnerDefaultAutoScaling', 'Delete', { AutoScalingConfigurationArn: arn('ours', 1) }, undefined, created.physicalResourceId));
    expect(deleted.error).toBeUndefined();
    expect(configs.filter((c) => c.isDefault).map((c) => c.arn)).toEqual([arn('team', 1)]);
  });
});

describe('a deleted service fails at once, naming the service and its status', () => {
  test.each(['DELETED', 'DELETE_FAILED'])('run state and deployment on a %s service', async (status) => {
    const s = emulator().addService(`gone-${status.toLowerCase().replace('_', '-')}`, status);
    const run = await drive(bundle, event('Custom::AppRunnerRunState', 'Create', { ServiceArn: s.arn, Paused: 'true' }), { maxPolls: 5 });
    expect(run.polls).toBe(0);
    expect(run.error?.message).toMatch(new RegExp(`^App Runner service ${s.arn} is ${status}\\b.*: cannot pause it\\. `));
    const deploy = await drive(bundle, deployment(s.arn), { maxPolls: 5 });
    expect(deploy.error?.message).toMatch(new RegExp(`^App Runner service ${s.arn} is ${status}\\b.*: cannot deploy it\\. `));
  });

  test('deleted while the pre-update resume waits: fails at once; the rollback check after the deletion too', async () => {
    const s = emulator().addService('being-deleted', 'PAUSED');
    aws.stackResources.set('DeletedSvc', s.arn);
    emulator().setTiming({ operationSteps: 10 }); // a deletion takes a while
    emulator().startOperation(s, 'DELETE_SERVICE', 'DELETED', 'DELETE_FAILED');
    emulator().setTiming({ operationSteps: 3 });
    const pre = await drive(bundle, preUpdate('DeletedSvc', { ConfigHash: 'b' }, { ConfigHash: 'a' }), { maxPolls: 5 });
    expect(pre.polls).toBe(0);
    expect(pre.error?.message).toMatch(new RegExp(`^App Runner service ${s.arn} is being deleted \\(operation op-\\d+ DELETE_SERVICE IN_PROGRESS\\): cannot resume it\\.`));
    while (s.status !== 'DELETED') emulator().handle('DescribeService', { ServiceArn: s.arn });
    const check = await drive(bundle, rollbackCheck(s.arn, { ConfigHash: 'b' }, { ConfigHash: 'a' }), { maxPolls: 5 });
    expect(check.polls).toBe(1);
    expect(check.error?.message).toMatch(new RegExp(`^App Runner service ${s.arn} is DELETED .*: cannot check its deployment\\.`));
  });
});

describe('throttling beyond the SDK\'s retries (AWS_MAX_ATTEMPTS=5)', () => {
  test('in onEvent: six throttled requests in a row, the pause still starts', async () => {
    const s = emulator().addService('throttled-event');
    emulator().throttle(6);
    let result: Awaited<ReturnType<typeof drive>> | undefined;
    const calls = await appRunnerCalls(async () => {
      result = await drive(bundle, event('Custom::AppRunnerRunState', 'Create', { ServiceArn: s.arn, Paused: 'true' }));
    });
    expect(result?.error).toBeUndefined();
    // the SDK's 5 attempts, then ours: one more throttled, one answered; then the pause
    expect(calls.slice(0, 8)).toEqual([...Array(7).fill('DescribeService'), 'PauseService']);
    expect(s.status).toBe('PAUSED');
    expect(history(s)).toEqual(['PAUSE_SERVICE SUCCEEDED']);
  }, 60_000);

  test('in a poll: five throttled requests make that poll "not yet", the next goes on', async () => {
    const s = emulator().addService('throttled-poll');
    const request = event('Custom::AppRunnerRunState', 'Create', { ServiceArn: s.arn, Paused: 'true' });
    const response = await bundle.onEvent(request);
    emulator().throttle(5);
    const completeRequest = { ...request, PhysicalResourceId: response.PhysicalResourceId!, Data: response.Data };
    expect(await bundle.isComplete(completeRequest)).toEqual({ IsComplete: false }); // the SDK gave up after 5 attempts
    let polls = 1;
    for (let done = false; !done && polls < 10; polls++) done = (await bundle.isComplete(completeRequest)).IsComplete;
    // one more poll than unthrottled: 3 reads of the pause operation (operationSteps 3)
    expect(polls).toBe(4);
    expect(s.status).toBe('PAUSED');
  }, 60_000);
});
