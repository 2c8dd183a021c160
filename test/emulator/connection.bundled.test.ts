/**
 * Connections end to end on loopback (issue 12 part 2): the bundled handlers with the real AWS
 * SDK against the App Runner emulator: create (PENDING_HANDSHAKE), wait for the handshake, a
 * retried Create, a name taken outside the stack, tags in place, rename, delete and not-found,
 * and the check a service runs before App Runner creates it.
 */
import { useBundles } from './bundles';
import { drive, event } from '../runtime/events';

const { aws, bundle } = useBundles();
const emulator = () => aws.appRunner;
const TYPE = 'Custom::AppRunnerConnection';
const CHECK = 'Custom::AppRunnerConnectionCheck';
const props = (extra: Record<string, string> = {}) => ({ ConnectionName: 'e2e-github', ProviderType: 'GITHUB', WaitForHandshake: 'false', ...extra });

test('lifecycle: create (PENDING_HANDSHAKE, owner tag), retried Create, tags in place, rename (new connection), delete, delete again', async () => {
  const create = event(TYPE, 'Create', props({ Tags: '{"team":"web"}' }));
  const created = await drive(bundle, create);
  expect(created.error).toBeUndefined();
  const first = emulator().connections.get(created.physicalResourceId)!;
  expect(first).toMatchObject({ ConnectionName: 'e2e-github', ProviderType: 'GITHUB', Status: 'PENDING_HANDSHAKE' });
  expect(Object.keys(first.tags).sort()).toEqual(['cdk-apprunner-kit/owner', 'team']);
  expect(created.data).toMatchObject({ ConnectionArn: first.ConnectionArn, ConnectionName: 'e2e-github', Status: 'PENDING_HANDSHAKE' });

  // the same event delivered again: the same connection, none created
  const retried = await drive(bundle, create);
  expect(retried.physicalResourceId).toBe(first.ConnectionArn);
  expect(emulator().connections.size).toBe(1);

  const tagged = await drive(bundle, event(TYPE, 'Update', props({ Tags: '{"env":"prod"}' }), props({ Tags: '{"team":"web"}' }), first.ConnectionArn));
  expect(tagged.physicalResourceId).toBe(first.ConnectionArn);
  expect(first.tags).toEqual({ 'cdk-apprunner-kit/owner': expect.any(String), 'env': 'prod' });

  const renamed = await drive(bundle, event(TYPE, 'Update', props({ ConnectionName: 'e2e-github-2' }), props(), first.ConnectionArn));
  expect(renamed.error).toBeUndefined();
  expect(renamed.physicalResourceId).not.toBe(first.ConnectionArn);
  expect([...emulator().connections.values()].map((c) => c.ConnectionName).sort()).toEqual(['e2e-github', 'e2e-github-2']);
  // the cleanup deletes the old instance, then (stack deletion) the new one; a second Delete finds nothing: success
  for (const id of [first.ConnectionArn, renamed.physicalResourceId, renamed.physicalResourceId]) {
    expect((await drive(bundle, event(TYPE, 'Delete', props(), undefined, id))).error).toBeUndefined();
  }
  expect(emulator().connections.size).toBe(0);
});

test('waitForHandshake: completes once the handshake is done in the console', async () => {
  let polls = 0;
  const result = await drive(bundle, event(TYPE, 'Create', props({ ConnectionName: 'e2e-wait', WaitForHandshake: 'true' })), {
    between: async () => {
      if (++polls === 3) emulator().completeHandshake('e2e-wait');
    },
  });
  expect(result.error).toBeUndefined();
  expect(result.polls).toBe(4);
  expect(result.data.Status).toBe('AVAILABLE');
});

test('a name taken outside the stack fails, and the connection is left alone', async () => {
  const existing = emulator().addConnection('e2e-taken');
  const result = await drive(bundle, event(TYPE, 'Create', props({ ConnectionName: 'e2e-taken' })));
  expect(result.error?.message).toMatch(/connection named e2e-taken already exists .*not created by this resource/);
  expect(emulator().connections.get(existing.ConnectionArn)?.Status).toBe('AVAILABLE');
});

test('the check: PENDING_HANDSHAKE fails with what to do, AVAILABLE passes; a look-up by name finds the ARN (several pages)', async () => {
  emulator().addConnection('e2e-other');
  const created = await drive(bundle, event(TYPE, 'Create', props({ ConnectionName: 'e2e-check' })));
  const arn = created.physicalResourceId;
  const check = event(CHECK, 'Create', { ConnectionName: 'e2e-check', ConnectionArn: arn, RequireAvailable: 'true' });
  expect((await drive(bundle, check)).error?.message).toMatch(/is PENDING_HANDSHAKE, not AVAILABLE, so no service can be created on it: .*complete it in the App Runner console \(https:\/\/console\.aws\.amazon\.com\/apprunner\/home\?region=us-east-1#\/connections\)/);
  emulator().completeHandshake(arn);
  expect((await drive(bundle, check)).data).toMatchObject({ ConnectionArn: arn, Status: 'AVAILABLE' });
  const lookup = await drive(bundle, event(CHECK, 'Create', { ConnectionName: 'e2e-check', RequireAvailable: 'false' }));
  expect(lookup.data.ConnectionArn).toBe(arn);
});
