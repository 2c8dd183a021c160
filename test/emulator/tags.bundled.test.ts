/**
 * Issue 12 part 1: the bundled Custom::AppRunnerTags handler against the loopback App Runner:
 * add, change and remove tags in place; a foreign tag survives; while an operation runs on the
 * service (InvalidStateException) it waits and tags once the operation ended; a PAUSED service
 * is tagged and stays paused; Delete calls nothing.
 */
import { useBundles } from './bundles';
import { drive, event } from '../runtime/events';

const { aws, bundle } = useBundles({ timing: { operationSteps: 3 }, env: { APPRUNNER_KIT_QUIET: 'true' } });
const TYPE = 'Custom::AppRunnerTags';

test('Create, Update (add, change, remove), a foreign tag, Delete: only its own keys change, the id stays', async () => {
  const s = aws.appRunner.addService('tagged');
  s.tags = { owner: 'someone-else' };
  const created = await drive(bundle, event(TYPE, 'Create', { ResourceArn: s.arn, Tags: '{"a":"1","b":"2"}' }));
  expect(created.error).toBeUndefined();
  expect(s.tags).toEqual({ owner: 'someone-else', a: '1', b: '2' });

  const updated = await drive(bundle, event(TYPE, 'Update', { ResourceArn: s.arn, Tags: '{"a":"changed","c":"3"}' },
    { ResourceArn: s.arn, Tags: '{"a":"1","b":"2"}' }, created.physicalResourceId));
  expect(updated.error).toBeUndefined();
  expect(updated.physicalResourceId).toBe(created.physicalResourceId);
  expect(s.tags).toEqual({ owner: 'someone-else', a: 'changed', c: '3' });

  const calls = aws.appRunner.calls.length;
  const deleted = await drive(bundle, event(TYPE, 'Delete', { ResourceArn: s.arn, Tags: '{"a":"changed","c":"3"}' }, undefined, created.physicalResourceId));
  expect(deleted.error).toBeUndefined();
  expect(aws.appRunner.calls.length).toBe(calls);
  expect(s.tags).toEqual({ owner: 'someone-else', a: 'changed', c: '3' });
});

test('an operation in progress: InvalidStateException, then tagged once it ended', async () => {
  const s = aws.appRunner.addService('busy');
  aws.appRunner.updateService(s.arn);
  expect(s.status).toBe('OPERATION_IN_PROGRESS');
  // time passes for the service with its reads (here: a DescribeService between the polls)
  const result = await drive(bundle, event(TYPE, 'Create', { ResourceArn: s.arn, Tags: '{"a":"1"}' }), {
    between: async () => { aws.appRunner.observe(s.arn); },
  });
  expect(result.error).toBeUndefined();
  expect(result.polls).toBeGreaterThan(1);
  expect(s.tags).toEqual({ a: '1' });
});

test('a PAUSED service is tagged and stays PAUSED', async () => {
  const s = aws.appRunner.addService('paused', 'PAUSED');
  const result = await drive(bundle, event(TYPE, 'Create', { ResourceArn: s.arn, Tags: '{"a":"1"}' }));
  expect(result.error).toBeUndefined();
  expect(s.tags).toEqual({ a: '1' });
  expect(s.status).toBe('PAUSED');
});
