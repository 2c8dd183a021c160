/**
 * Issue 14, point 5: run schedules never block a deploy. A service with `addRunSchedule` may be
 * paused by its schedule when a deployment comes; the deployment resumes it for the update and
 * ends in the state the schedule set — also when it rolls back (in either order), and when the
 * schedule acts during the deployment. Bundled handlers, IAM enforced.
 */
import { App, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { IMAGE, useWorld } from './issue10-fixture';
import { templateOf } from './world';
import { Service, Source } from '../../src';

const world = useWorld();
let stacks = 0;
const next = () => world().stack(`Schedules${++stacks}`);

/** A service with a run schedule whose environment variable V is `value`; optionally a failing resource after it. */
function app(value: string, fault = false): { template: any; service: string } {
  const stack = new Stack(new App(), 'Scheduled', { env: { account: '123456789012', region: 'us-east-1' } });
  const service = new Service(stack, 'Svc', {
    source: Source.fromEcrPublic({ imageIdentifier: IMAGE, imageConfiguration: { port: 8000, environmentVariables: { V: value } } }),
  });
  service.addRunSchedule({
    pause: scheduler.ScheduleExpression.rate(Duration.hours(12)),
    resume: scheduler.ScheduleExpression.rate(Duration.hours(24)),
  });
  if (fault) new CfnResource(stack, 'Fault', { type: 'Custom::HarnessFault', properties: { Fail: 'true' } }).node.addDependency(service);
  return { template: templateOf(stack), service: stack.getLogicalId(service.cfnService) };
}

/** The schedule's PauseService (or ResumeService), as EventBridge Scheduler calls it, run to its end. */
function schedule(arn: string, operation: 'PauseService' | 'ResumeService'): void {
  world().appRunner.handle(operation, { ServiceArn: arn });
  while (world().appRunner.observe(arn)?.status === 'OPERATION_IN_PROGRESS');
}

test('paused by its schedule at deploy time: resumed for the update, paused again after it', async () => {
  const stack = next();
  const v1 = app('a');
  expect((await stack.deploy(v1.template)).status).toBe('CREATE_COMPLETE');
  const service = world().appRunner.services.get(stack.physicalId(v1.service)!)!;
  schedule(service.arn, 'PauseService');
  const updated = await stack.deploy(app('b').template);
  expect(updated.status).toBe('UPDATE_COMPLETE');
  expect(service.status).toBe('PAUSED');
  expect(service.operations.map((o) => o.Type).slice(0, 4)).toEqual(['PAUSE_SERVICE', 'UPDATE_SERVICE', 'RESUME_SERVICE', 'PAUSE_SERVICE']);
  expect(world().denials).toEqual([]);
  await stack.destroy();
});

test('running at deploy time: updated, stays running (no pause, no resume)', async () => {
  const stack = next();
  const v1 = app('a');
  await stack.deploy(v1.template);
  const service = world().appRunner.services.get(stack.physicalId(v1.service)!)!;
  const updated = await stack.deploy(app('b').template);
  expect(updated.status).toBe('UPDATE_COMPLETE');
  expect(service.status).toBe('RUNNING');
  expect(service.operations.map((o) => o.Type)).toEqual(['UPDATE_SERVICE', 'CREATE_SERVICE']);
  await stack.destroy();
});

test.each(['reverse', 'dependencies-first'] as const)('paused by its schedule, the update rolls back (%s): the service ends paused', async (rollbackOrder) => {
  const stack = next();
  const v1 = app('a');
  await stack.deploy(v1.template);
  const service = world().appRunner.services.get(stack.physicalId(v1.service)!)!;
  schedule(service.arn, 'PauseService');
  const failed = await stack.deploy(app('b', true).template, { rollbackOrder });
  expect(failed.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  expect(failed.events.filter((e) => /FAILED/.test(e.status) && e.logicalId !== 'Fault')).toEqual([]);
  expect(service.status).toBe('PAUSED');
  await stack.destroy();
});

test('the schedule pauses the service during the deployment (after its update): the deployment ends paused, as the schedule set', async () => {
  const stack = next();
  const v1 = app('a');
  await stack.deploy(v1.template);
  const service = world().appRunner.services.get(stack.physicalId(v1.service)!)!;
  const emulator = world().appRunner;
  const observe = emulator.observe.bind(emulator);
  let fired = false;
  const spy = jest.spyOn(emulator, 'observe').mockImplementation((arn: string) => {
    const s = observe(arn);
    if (!fired && s?.status === 'RUNNING' && s.operations[0]?.Type === 'UPDATE_SERVICE') {
      fired = true;
      emulator.handle('PauseService', { ServiceArn: arn }); // the schedule, right after CloudFormation's update
    }
    return s;
  });
  try {
    expect((await stack.deploy(app('b').template)).status).toBe('UPDATE_COMPLETE');
  } finally {
    spy.mockRestore();
  }
  expect(fired).toBe(true);
  while (emulator.observe(service.arn)?.status === 'OPERATION_IN_PROGRESS');
  expect(service.status).toBe('PAUSED');
  await stack.destroy();
});
