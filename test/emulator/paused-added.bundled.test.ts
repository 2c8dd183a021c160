/**
 * A known limit, documented in the README ("Operating a service"): `paused: true` added to an
 * existing service in a deployment that also changes the service. Both custom resources are
 * new, so RunState's Create pauses the service at once (a new resource has no cleanup-phase
 * Delete to leave the pause to: deferring would leave the service running, silently). When a
 * later resource of that deployment fails, CloudFormation rolls the service's update back with
 * UpdateService, which App Runner refuses on a PAUSED service: the stack ends
 * UPDATE_ROLLBACK_FAILED, loudly; resuming the service and continuing the rollback recovers. The
 * README advises adding `paused` in a deployment of its own. This test pins the behaviour.
 */
import * as fs from 'fs';
import * as path from 'path';
import { AppRunnerEmulator } from './apprunner-emulator';
import { LoopbackAws } from './server';
import { drive, event, HandlerModule } from '../runtime/events';

const ASSETS = path.join(__dirname, '..', '..', 'assets', 'operations', 'runtime');
const ON_EVENT = path.join(ASSETS, 'on-event.lambda', 'index.js');
const IS_COMPLETE = path.join(ASSETS, 'is-complete.lambda', 'index.js');
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Test/1';

let aws: LoopbackAws;
let bundle: HandlerModule;
const savedEnv = { ...process.env };

beforeAll(async () => {
  expect(fs.existsSync(ON_EVENT)).toBe(true);
  expect(fs.existsSync(IS_COMPLETE)).toBe(true);
  aws = new LoopbackAws(new AppRunnerEmulator({ operationSteps: 3 }));
  Object.assign(process.env, LoopbackAws.environment(await aws.start()), { APPRUNNER_KIT_QUIET: 'true' });
  bundle = {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    onEvent: require(ON_EVENT).handler,
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    isComplete: require(IS_COMPLETE).handler,
  };
});

afterAll(async () => {
  await aws.stop();
  process.env = savedEnv;
});

test('paused added in an update that changes the service, a later resource fails: the service\'s rollback meets a PAUSED service (the documented limit)', async () => {
  const emulator = aws.appRunner;
  const s = emulator.addService('added-paused'); // deployed before, without `paused`
  aws.stackResources.set('AddedSvc', s.arn);
  aws.stackStatus = 'UPDATE_IN_PROGRESS';
  // the update phase: the new PreUpdateResume (nothing to resume), CloudFormation's UpdateService, the new RunState
  const pre = await drive(bundle, event('Custom::AppRunnerPreUpdateResume', 'Create',
    { StackId: STACK_ID, ServiceLogicalId: 'AddedSvc', Paused: 'true', ConfigHash: 'b', ReplacementHash: 'r1' }));
  expect(pre.error).toBeUndefined();
  emulator.updateService(s.arn);
  while (emulator.observe(s.arn)?.status === 'OPERATION_IN_PROGRESS');
  const run = await drive(bundle, event('Custom::AppRunnerRunState', 'Create', { ServiceArn: s.arn, Paused: 'true', ConfigHash: 'b' }));
  expect(run.error).toBeUndefined();

  // a later resource fails: CloudFormation rolls the service's update back (the new custom resources
  // are only deleted in the rollback cleanup, afterwards)
  aws.stackStatus = 'UPDATE_ROLLBACK_IN_PROGRESS';
  expect(s.status).toBe('PAUSED');
  expect(() => emulator.updateService(s.arn)).toThrow(/is PAUSED/);
});
