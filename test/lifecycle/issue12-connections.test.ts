/**
 * Issue 12 part 2: App Runner connections as resources, whole deployments on the bundled
 * handlers with IAM enforced. A connection deployed alone (PENDING_HANDSHAKE, the console page as
 * an output); a service added before the handshake (the deployment fails saying so, rolled back
 * with the connection kept); after the handshake the service is created on it; a rename while a
 * service uses it (the new connection is not AVAILABLE: rolled back in both orders to the old
 * connection, the new one deleted); a rename after its handshake (the old one deleted in the
 * cleanup, after the service moved); destroy (the service first, then the connection); a
 * connection deleted outside CloudFormation (its Delete succeeds); waitForHandshake.
 */
import { App, Stack } from 'aws-cdk-lib';
import { useWorld } from './issue10-fixture';
import { templateOf } from './world';
import { ConfigurationSourceType, Connection, ConnectionProviderType, Service, Source } from '../../src';

const world = useWorld();
let stacks = 0;
const next = () => world().stack(`Connections${++stacks}`);

/** A GitHub connection of this name and, optionally, a service on it. */
function app(connectionName: string, withService: boolean, waitForHandshake = false) {
  const stack = new Stack(new App(), 'Connections', { env: { account: '123456789012', region: 'us-east-1' } });
  const connection = new Connection(stack, 'GitHub', { connectionName, providerType: ConnectionProviderType.GITHUB, waitForHandshake });
  if (withService) {
    new Service(stack, 'Web', {
      source: Source.fromGitHub({ repositoryUrl: 'https://github.com/acme/web', configurationSource: ConfigurationSourceType.REPOSITORY, connection }),
    });
  }
  return templateOf(stack);
}

const connections = () => [...world().appRunner.connections.values()].map((c) => `${c.ConnectionName} ${c.Status}`).sort();

afterEach(() => world().appRunner.connections.clear());

test('deployed alone: PENDING_HANDSHAKE, the console page as an output; a service before the handshake fails saying so; after it, created', async () => {
  const stack = next();
  const v1 = await stack.deploy(app('life-github', false));
  expect(v1.status).toBe('CREATE_COMPLETE');
  expect(connections()).toEqual(['life-github PENDING_HANDSHAKE']);
  expect(Object.values(stack.outputs)).toContain('https://console.aws.amazon.com/apprunner/home?region=us-east-1#/connections');

  const early = await stack.deploy(app('life-github', true));
  expect(early.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  expect(early.reason).toMatch(/App Runner connection life-github \(arn:aws:apprunner:us-east-1:123456789012:connection\/life-github\/\w+\) is PENDING_HANDSHAKE, not AVAILABLE, so no service can be created on it/);
  expect(world().appRunner.services.size).toBe(0);
  expect(connections()).toEqual(['life-github PENDING_HANDSHAKE']);

  world().appRunner.completeHandshake('life-github');
  const later = await stack.deploy(app('life-github', true));
  expect(later.status).toBe('UPDATE_COMPLETE');
  expect(world().appRunner.services.size).toBe(1);
  expect(world().denials).toEqual([]);

  const destroyed = await stack.destroy();
  expect(destroyed.status).toBe('DELETE_COMPLETE');
  // the service went first (it references the connection's ARN), then the connection
  const deletes = destroyed.events.filter((e) => e.status === 'DELETE_COMPLETE').map((e) => e.type);
  expect(deletes.indexOf('AWS::AppRunner::Service')).toBeLessThan(deletes.indexOf('Custom::AppRunnerConnection'));
  expect(connections()).toEqual([]);
  expect(world().denials).toEqual([]);
});

test.each(['reverse', 'dependencies-first'] as const)('a rename while a service uses it: the new connection is PENDING_HANDSHAKE, rolled back (%s) to the old one, the new one deleted', async (rollbackOrder) => {
  const stack = next();
  await stack.deploy(app('life-old', false));
  world().appRunner.completeHandshake('life-old');
  expect((await stack.deploy(app('life-old', true))).status).toBe('UPDATE_COMPLETE');
  const old = [...world().appRunner.connections.values()][0].ConnectionArn;

  const renamed = await stack.deploy(app('life-new', true), { rollbackOrder });
  expect(renamed.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  expect(renamed.reason).toMatch(/life-new .* is PENDING_HANDSHAKE, not AVAILABLE/);
  expect(connections()).toEqual(['life-old AVAILABLE']);
  expect([...world().appRunner.connections.keys()]).toEqual([old]);
  expect(world().denials).toEqual([]);
  expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
  expect(connections()).toEqual([]);
});

test('a rename after the new name\'s handshake (waitForHandshake): the service moves, the old connection is deleted in the cleanup', async () => {
  const stack = next();
  await stack.deploy(app('life-a', false));
  world().appRunner.completeHandshake('life-a');
  await stack.deploy(app('life-a', true));
  // the "console" completes the handshake of the new connection while the deployment waits for it
  const timer = setInterval(() => {
    for (const c of world().appRunner.connections.values()) if (c.ConnectionName === 'life-b') c.Status = 'AVAILABLE';
  }, 5);
  try {
    const renamed = await stack.deploy(app('life-b', true, true));
    expect(renamed.status).toBe('UPDATE_COMPLETE');
  } finally {
    clearInterval(timer);
  }
  expect(connections()).toEqual(['life-b AVAILABLE']);
  expect(world().denials).toEqual([]);
  expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
});

test('a connection deleted outside CloudFormation: the stack still deletes (not found is success)', async () => {
  const stack = next();
  await stack.deploy(app('life-gone', false));
  world().appRunner.connections.clear();
  expect((await stack.destroy()).status).toBe('DELETE_COMPLETE');
  expect(world().denials).toEqual([]);
});

test('a name taken outside the stack: the create fails clearly and the other connection is left alone', async () => {
  const stack = next();
  world().appRunner.addConnection('life-taken');
  const failed = await stack.deploy(app('life-taken', false));
  expect(failed.reason).toMatch(/connection named life-taken already exists .*not created by this resource/);
  expect(connections()).toEqual(['life-taken AVAILABLE']);
});
