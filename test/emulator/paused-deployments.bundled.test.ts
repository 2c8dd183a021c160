/**
 * A paused service through whole deployments, end to end on loopback: the bundled handlers with
 * the real AWS SDK against the App Runner emulator and the CloudFormation fake, the phases played
 * by hand in CloudFormation's order (issue 10, items 7 and 11):
 *
 * - update phase: PreUpdateResume's Update (a new instance that records Paused; resumes a PAUSED
 *   service) → CloudFormation's UpdateService → RunState's Update (resumes, or leaves a pause);
 * - rollback (a later resource failed): RunState's Update back (never pauses) and the service's
 *   rollback, in either order; CloudFormation sends no Update to the replaced PreUpdateResume;
 * - cleanup phase: CloudFormation deletes the old PreUpdateResume instance (after success) or
 *   the new one (after a rollback); that Delete applies the run state of the instance that is
 *   current then (the fake's `stackResources`, at the `...CLEANUP_IN_PROGRESS` `stackStatus`).
 *
 * Nothing pauses the service while CloudFormation may still update it: the emulator refuses
 * UpdateService on a PAUSED service (InvalidStateException), as App Runner does.
 */
import { EmulatedService } from './apprunner-emulator';
import { useBundles } from './bundles';
import { OnEventRequest } from '../../src/operations/runtime/types';
import { drive, event } from '../runtime/events';

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Test/1';

const { aws, bundle } = useBundles({ env: { APPRUNNER_KIT_QUIET: 'true' } });

const emulator = () => aws.appRunner;
/** The service's operations, oldest first. */
const history = (s: EmulatedService) => s.operations.map((o) => `${o.Type} ${o.Status}`).reverse();
/** App Runner calls the handlers made during `fn`. */
async function appRunnerCalls(fn: () => Promise<unknown>): Promise<string[]> {
  const before = emulator().calls.length;
  await fn();
  return emulator().calls.slice(before);
}

/** What the template says about the service: its run state, a hash of its configuration, of its create-only properties. */
interface Desired { readonly paused: boolean; readonly config: string; readonly replacement?: string }

let requests = 0;
/** One service (logical id `name`) and its custom resources, as CloudFormation holds them. */
class Deployed {
  public service!: EmulatedService;
  /** The current PreUpdateResume instance. */
  public preId = '';
  public readonly preLogicalId: string;

  constructor(public readonly name: string, public desired: Desired) {
    this.preLogicalId = `${name}PreUpdateResume`;
  }

  /** A PreUpdateResume event with a new RequestId. */
  public pre(type: 'Create' | 'Update' | 'Delete', props: Desired, opts: { old?: Desired; id?: string } = {}): OnEventRequest {
    const properties = (d: Desired) => ({ StackId: STACK_ID, ServiceLogicalId: this.name, Paused: String(d.paused), ConfigHash: d.config, ReplacementHash: d.replacement ?? 'r1' });
    return {
      ...event('Custom::AppRunnerPreUpdateResume', type, properties(props), opts.old && properties(opts.old), opts.id),
      LogicalResourceId: this.preLogicalId,
      RequestId: `req-${++requests}`,
    };
  }

  /** A RunState Update from `before` to `now` (its physical id names the service it had). */
  public runStateUpdate(now: Desired, before: Desired, arn = this.service.arn, oldArn = arn): OnEventRequest {
    return event('Custom::AppRunnerRunState', 'Update', { ServiceArn: arn, Paused: String(now.paused), ConfigHash: now.config },
      { ServiceArn: oldArn, Paused: String(before.paused), ConfigHash: before.config }, `${oldArn}/run-state`);
  }

  /** The stack's creation: the pre-update resume finds no service; the run state's Create applies the run state at once. */
  public async create(): Promise<this> {
    aws.stackStatus = 'CREATE_IN_PROGRESS';
    const pre = await drive(bundle, this.pre('Create', this.desired));
    expect(pre.error).toBeUndefined();
    expect(pre.polls).toBe(1);
    this.service = emulator().addService(this.name.toLowerCase());
    aws.stackResources.set(this.name, this.service.arn);
    const run = await drive(bundle, event('Custom::AppRunnerRunState', 'Create', { ServiceArn: this.service.arn, Paused: String(this.desired.paused), ConfigHash: this.desired.config }));
    expect(run.error).toBeUndefined();
    this.preId = pre.physicalResourceId;
    aws.stackResources.set(this.preLogicalId, this.preId);
    aws.stackStatus = 'CREATE_COMPLETE';
    return this;
  }

  /**
   * The update phase to `to`: PreUpdateResume's Update, CloudFormation's UpdateService (when the
   * configuration changed; refused if the service were PAUSED), RunState's Update. Returns the
   * new PreUpdateResume instance's id; the stack still holds the old one until `cleanup`.
   */
  public async update(to: Desired): Promise<string> {
    aws.stackStatus = 'UPDATE_IN_PROGRESS';
    const pre = await drive(bundle, this.pre('Update', to, { old: this.desired, id: this.preId }));
    expect(pre.error).toBeUndefined();
    expect(pre.physicalResourceId).not.toBe(this.preId);
    expect(pre.physicalResourceId).toMatch(new RegExp(`^${STACK_ID}/${this.name}/pre-update-resume/paused=${to.paused ? 1 : 0}/[0-9a-f]{16}$`));
    if (to.config !== this.desired.config) this.cloudFormationUpdatesTheService();
    const run = await drive(bundle, this.runStateUpdate(to, this.desired));
    expect(run.error).toBeUndefined();
    expect(run.physicalResourceId).toBe(`${this.service.arn}/run-state`);
    return pre.physicalResourceId;
  }

  /** UpdateService as CloudFormation calls it (throws InvalidStateException on a PAUSED service), waited for. */
  public cloudFormationUpdatesTheService(arn = this.service.arn): void {
    emulator().updateService(arn);
    while (emulator().observe(arn)?.status === 'OPERATION_IN_PROGRESS');
  }

  /** The cleanup phase: CloudFormation deletes instance `deleted` (with its properties) while the stack holds `current`. */
  public async cleanup(status: string, current: string | undefined, deleted: string, deletedProps: Desired) {
    aws.stackStatus = status;
    if (current === undefined) aws.stackResources.delete(this.preLogicalId);
    else aws.stackResources.set(this.preLogicalId, current);
    return drive(bundle, this.pre('Delete', deletedProps, { id: deleted }));
  }
}

const PAUSED_A: Desired = { paused: true, config: 'a' };
const PAUSED_B: Desired = { paused: true, config: 'b' };

describe('item 11: a paused service ends paused, whether its update succeeds or is rolled back', () => {
  test('the first deployment: the pre-update resume finds no service; the run state\'s Create pauses the new service at once', async () => {
    const d = await new Deployed('FirstSvc', PAUSED_A).create();
    expect(d.preId).toMatch(new RegExp(`^${STACK_ID}/FirstSvc/pre-update-resume/paused=1/[0-9a-f]{16}$`));
    expect(d.service.status).toBe('PAUSED');
    expect(history(d.service)).toEqual(['PAUSE_SERVICE SUCCEEDED']);
  });

  test('success: resumed before the update, still RUNNING after the run state\'s Update, PAUSED by the cleanup Delete of the old instance', async () => {
    const d = await new Deployed('OkSvc', PAUSED_A).create();
    let newId = '';
    const updateCalls = await appRunnerCalls(async () => { newId = await d.update(PAUSED_B); });
    expect(updateCalls.filter((c) => c === 'PauseService')).toEqual([]);
    expect(d.service.status).toBe('RUNNING');

    const cleanup = await d.cleanup('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', newId, d.preId, PAUSED_A);
    expect(cleanup.error).toBeUndefined();
    expect(cleanup.physicalResourceId).toBe(d.preId);
    expect(cleanup.polls).toBe(3);
    expect(d.service.status).toBe('PAUSED');
    expect(history(d.service)).toEqual(['PAUSE_SERVICE SUCCEEDED', 'RESUME_SERVICE SUCCEEDED', 'UPDATE_SERVICE SUCCEEDED', 'PAUSE_SERVICE SUCCEEDED']);
  });

  test.each(['the service\'s rollback first', 'the run state\'s Update back first'])(
    'a later resource fails: the rollback updates a RUNNING service in either order (%s); the rollback cleanup pauses as the old instance says', async (order) => {
      const d = await new Deployed(`Later${order.length}Svc`, PAUSED_A).create();
      const newId = await d.update(PAUSED_B);
      aws.stackStatus = 'UPDATE_ROLLBACK_IN_PROGRESS';
      const runStateBack = async () => {
        const calls = await appRunnerCalls(async () => expect((await drive(bundle, d.runStateUpdate(PAUSED_A, PAUSED_B))).error).toBeUndefined());
        expect(calls).toEqual([]); // it never pauses: CloudFormation may still roll the service back
      };
      if (order.startsWith('the run state')) await runStateBack();
      expect(() => d.cloudFormationUpdatesTheService()).not.toThrow(); // App Runner would refuse it on a PAUSED service
      if (order.startsWith('the service')) await runStateBack();
      expect(d.service.status).toBe('RUNNING');

      const cleanup = await d.cleanup('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', d.preId, newId, PAUSED_B);
      expect(cleanup.error).toBeUndefined();
      expect(cleanup.physicalResourceId).toBe(newId);
      expect(d.service.status).toBe('PAUSED');
      expect(history(d.service)).toEqual(['PAUSE_SERVICE SUCCEEDED', 'RESUME_SERVICE SUCCEEDED', 'UPDATE_SERVICE SUCCEEDED', 'UPDATE_SERVICE SUCCEEDED', 'PAUSE_SERVICE SUCCEEDED']);
    });

  test('App Runner rolls the update back: the rollback check fails, CloudFormation rolls back, the rollback cleanup pauses the service', async () => {
    const d = await new Deployed('FailsSvc', PAUSED_A).create();
    aws.stackStatus = 'UPDATE_IN_PROGRESS';
    const pre = await drive(bundle, d.pre('Update', PAUSED_B, { old: PAUSED_A, id: d.preId }));
    expect(d.service.status).toBe('RUNNING');
    emulator().planOutcome('UPDATE_SERVICE', 'ROLLBACK_SUCCEEDED');
    d.cloudFormationUpdatesTheService();
    const check = (now: string, before: string) => event('Custom::AppRunnerRollbackCheck', 'Update', { ServiceArn: d.service.arn, ConfigHash: now },
      { ServiceArn: d.service.arn, ConfigHash: before }, `${d.service.arn}/rollback-check`);
    expect((await drive(bundle, check('b', 'a'))).error?.message).toMatch(/\(UPDATE_SERVICE\) ended ROLLBACK_SUCCEEDED/);

    // the rollback: the check passes, the service is updated back (RUNNING: not refused); the run state never ran
    aws.stackStatus = 'UPDATE_ROLLBACK_IN_PROGRESS';
    expect((await drive(bundle, check('a', 'b'))).error).toBeUndefined();
    d.cloudFormationUpdatesTheService();
    const cleanup = await d.cleanup('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', d.preId, pre.physicalResourceId, PAUSED_B);
    expect(cleanup.error).toBeUndefined();
    expect(d.service.status).toBe('PAUSED');
    expect(history(d.service)).toEqual(['PAUSE_SERVICE SUCCEEDED', 'RESUME_SERVICE SUCCEEDED', 'UPDATE_SERVICE ROLLBACK_SUCCEEDED', 'UPDATE_SERVICE SUCCEEDED', 'PAUSE_SERVICE SUCCEEDED']);
  });
});

describe('changing `paused`: the template that stands decides, once the outcome is known', () => {
  test.each<[boolean, boolean, 'succeeds' | 'is rolled back', string]>([
    [false, true, 'succeeds', 'PAUSED'],
    [false, true, 'is rolled back', 'RUNNING'],
    [true, false, 'succeeds', 'RUNNING'],
    [true, false, 'is rolled back', 'PAUSED'],
  ])('paused %s → %s (and a new configuration), the update %s: %s', async (from, to, outcome, expected) => {
    const before: Desired = { paused: from, config: 'a' };
    const after: Desired = { paused: to, config: 'b' };
    const d = await new Deployed(`Change${Number(from)}${outcome.length}Svc`, before).create();
    expect(d.service.status).toBe(from ? 'PAUSED' : 'RUNNING');
    const calls: string[] = [];
    calls.push(...await appRunnerCalls(async () => {
      const newId = await d.update(after);
      expect(d.service.status).toBe('RUNNING'); // whatever it will end as: CloudFormation may still update it
      if (outcome === 'succeeds') {
        expect((await d.cleanup('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', newId, d.preId, before)).error).toBeUndefined();
      } else {
        aws.stackStatus = 'UPDATE_ROLLBACK_IN_PROGRESS';
        expect((await drive(bundle, d.runStateUpdate(before, after))).error).toBeUndefined();
        d.cloudFormationUpdatesTheService();
        expect((await d.cleanup('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', d.preId, newId, after)).error).toBeUndefined();
      }
    }));
    expect(d.service.status).toBe(expected);
    // a pause only ever in the cleanup phase, its last call
    expect(calls.filter((c) => c === 'PauseService')).toEqual(expected === 'PAUSED' ? ['PauseService'] : []);
  });
});

describe('item 7: renaming a paused service (CloudFormation replaces it)', () => {
  const renamed: Desired = { paused: true, config: 'b', replacement: 'r2' };

  async function replace(d: Deployed): Promise<{ newId: string; next: EmulatedService }> {
    aws.stackStatus = 'UPDATE_IN_PROGRESS';
    let newId = '';
    // the pre-update resume leaves the old service alone: no App Runner call at all
    expect(await appRunnerCalls(async () => {
      const pre = await drive(bundle, d.pre('Update', renamed, { old: PAUSED_A, id: d.preId }));
      expect(pre.error).toBeUndefined();
      expect(pre.polls).toBe(1);
      newId = pre.physicalResourceId;
    })).toEqual([]);
    // CloudFormation creates the new service (RUNNING); the run state names it and pauses nothing yet
    const next = emulator().addService(`${d.name.toLowerCase()}-renamed`);
    aws.stackResources.set(d.name, next.arn);
    const run = await drive(bundle, d.runStateUpdate(renamed, PAUSED_A, next.arn, d.service.arn));
    expect(run.error).toBeUndefined();
    expect(run.physicalResourceId).toBe(`${next.arn}/run-state`);
    expect(next.status).toBe('RUNNING');
    return { newId, next };
  }

  test('the forward cleanup Delete of the old instance pauses the new service; the old one is left to CloudFormation', async () => {
    const d = await new Deployed('RenamedSvc', PAUSED_A).create();
    const { newId, next } = await replace(d);
    const cleanup = await d.cleanup('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', newId, d.preId, PAUSED_A);
    expect(cleanup.error).toBeUndefined();
    expect(next.status).toBe('PAUSED');
    expect(history(next)).toEqual(['PAUSE_SERVICE SUCCEEDED']);
    expect(history(d.service)).toEqual(['PAUSE_SERVICE SUCCEEDED']); // untouched since its creation
  });

  test('rolled back: the rollback cleanup Delete of the new instance finds the old service (still PAUSED) and has nothing to do', async () => {
    const d = await new Deployed('UnrenamedSvc', PAUSED_A).create();
    const { newId, next } = await replace(d);
    aws.stackStatus = 'UPDATE_ROLLBACK_IN_PROGRESS';
    expect((await drive(bundle, d.runStateUpdate(PAUSED_A, renamed, d.service.arn, next.arn))).error).toBeUndefined();
    aws.stackResources.set(d.name, d.service.arn);
    const calls = await appRunnerCalls(async () => {
      expect((await d.cleanup('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', d.preId, newId, renamed)).error).toBeUndefined();
    });
    expect(calls).toEqual(['DescribeService']);
    expect(d.service.status).toBe('PAUSED');
    expect(history(d.service)).toEqual(['PAUSE_SERVICE SUCCEEDED']);
    expect(next.operations).toEqual([]);
  });
});

describe('Deletes that apply nothing', () => {
  test('the stack is deleted (DELETE_IN_PROGRESS): no App Runner call, the service stays as it is', async () => {
    const d = await new Deployed('DeletedStackSvc', { paused: false, config: 'a' }).create();
    const calls = await appRunnerCalls(async () => {
      const result = await d.cleanup('DELETE_IN_PROGRESS', d.preId, d.preId, d.desired);
      expect(result.error).toBeUndefined();
      expect(result.polls).toBe(1);
    });
    expect(calls).toEqual([]);
    expect(d.service.status).toBe('RUNNING');
  });

  test.each<[string, (d: Deployed) => string | undefined]>([
    ['still listed with its own id', (d) => d.preId],
    ['no longer listed', () => undefined],
    ['an instance of an earlier version (STACK_ID/SVC/pre-update-resume)', (d) => `${STACK_ID}/${d.name}/pre-update-resume`],
  ])('the cleanup Delete when the current instance is %s: no App Runner call', async (_what, current) => {
    const d = await new Deployed(`Removed${_what.length}Svc`, PAUSED_A).create();
    d.service.status = 'RUNNING'; // resumed by hand: the Delete would pause it if it applied anything
    const calls = await appRunnerCalls(async () => {
      const result = await d.cleanup('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', current(d), d.preId, PAUSED_A);
      expect(result.error).toBeUndefined();
      expect(result.polls).toBe(1);
    });
    expect(calls).toEqual([]);
    expect(d.service.status).toBe('RUNNING');
  });
});
