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
import { useBundles } from './bundles';
import { drive, event } from '../runtime/events';

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Test/1';

const { aws, bundle } = useBundles({ timing: { operationSteps: 3 }, env: { APPRUNNER_KIT_QUIET: 'true' } });

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
