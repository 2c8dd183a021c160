/** Custom::AppRunnerConnection and Custom::AppRunnerConnectionCheck: every branch, with an aws-sdk-client-mock fake. */
import {
  CreateConnectionCommand, DeleteConnectionCommand, ListConnectionsCommand, ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand,
} from '@aws-sdk/client-apprunner';
import { completeEvent, drive, event } from './events';
import { mockedHandlers } from './mocks';
import { connectionsConsoleUrl, OWNER_TAG, ownerOf } from '../../src/operations/runtime/connection';

const { appRunner, clock, handler } = mockedHandlers();
const TYPE = 'Custom::AppRunnerConnection';
const CHECK = 'Custom::AppRunnerConnectionCheck';
const ARN = 'arn:aws:apprunner:us-east-1:123456789012:connection/my-github/aaaa';
const NEW_ARN = 'arn:aws:apprunner:us-east-1:123456789012:connection/my-github2/bbbb';
const OWNER = ownerOf('arn:aws:cloudformation:us-east-1:123456789012:stack/Test/1', 'Resource');
const CONSOLE = 'https://console.aws.amazon.com/apprunner/home?region=us-east-1#/connections';
const props = (extra: Record<string, string> = {}) => ({ ConnectionName: 'my-github', ProviderType: 'GITHUB', WaitForHandshake: 'false', ...extra });
const summary = (status: string, arn = ARN, name = 'my-github', providerType = 'GITHUB'): any =>
  ({ ConnectionName: name, ConnectionArn: arn, ProviderType: providerType, Status: status });
const notFound = () => Object.assign(new Error('not found'), { name: 'ResourceNotFoundException' });

describe('create', () => {
  test('a new connection: created with the tags and the owner tag; complete at once (PENDING_HANDSHAKE) without waiting', async () => {
    appRunner.on(ListConnectionsCommand).resolves({ ConnectionSummaryList: [] });
    appRunner.on(CreateConnectionCommand).resolves({ Connection: summary('PENDING_HANDSHAKE') });
    const result = await drive(handler, event(TYPE, 'Create', props({ Tags: '{"team":"web"}' })));
    expect(result.error).toBeUndefined();
    expect(result.physicalResourceId).toBe(ARN);
    expect(result.data).toMatchObject({ ConnectionArn: ARN, ConnectionName: 'my-github', Status: 'PENDING_HANDSHAKE' });
    expect(appRunner.commandCalls(CreateConnectionCommand)[0].args[0].input).toEqual({
      ConnectionName: 'my-github', ProviderType: 'GITHUB', Tags: [{ Key: 'team', Value: 'web' }, { Key: OWNER_TAG, Value: OWNER }],
    });
    expect(appRunner.commandCalls(ListConnectionsCommand)[0].args[0].input.ConnectionName).toBe('my-github');
  });

  test('a retried Create finds its own connection (owner tag, on a later page) instead of creating a second one', async () => {
    appRunner.on(ListConnectionsCommand)
      .resolvesOnce({ ConnectionSummaryList: [summary('DELETED', 'arn:old')], NextToken: 't' })
      .resolves({ ConnectionSummaryList: [summary('PENDING_HANDSHAKE'), summary('AVAILABLE', 'arn:other', 'my-github-other')] });
    appRunner.on(ListTagsForResourceCommand).resolves({ Tags: [{ Key: OWNER_TAG, Value: OWNER }] });
    const result = await drive(handler, event(TYPE, 'Create', props()));
    expect(result.error).toBeUndefined();
    expect(result.physicalResourceId).toBe(ARN);
    expect(appRunner.commandCalls(CreateConnectionCommand)).toHaveLength(0);
    expect(appRunner.commandCalls(ListTagsForResourceCommand).map((c) => c.args[0].input.ResourceArn)).toEqual([ARN]);
  });

  test('a name taken by a connection this resource did not create fails clearly (never adopted)', async () => {
    appRunner.on(ListConnectionsCommand).resolves({ ConnectionSummaryList: [summary('AVAILABLE')] });
    appRunner.on(ListTagsForResourceCommand).resolves({ Tags: [{ Key: OWNER_TAG, Value: 'someone-else' }] });
    const result = await drive(handler, event(TYPE, 'Create', props()));
    expect(result.error?.message).toMatch(/connection named my-github already exists .*not created by this resource.*Connection\.fromConnectionArn/);
    expect(appRunner.commandCalls(CreateConnectionCommand)).toHaveLength(0);
  });

  test('its own connection of the other provider type fails (the provider type changed without the name)', async () => {
    appRunner.on(ListConnectionsCommand).resolves({ ConnectionSummaryList: [summary('AVAILABLE', ARN, 'my-github', 'BITBUCKET')] });
    appRunner.on(ListTagsForResourceCommand).resolves({ Tags: [{ Key: OWNER_TAG, Value: OWNER }] });
    const result = await drive(handler, event(TYPE, 'Create', props()));
    expect(result.error?.message).toMatch(/is a BITBUCKET connection, not GITHUB: change connectionName together with the provider type/);
  });

  test('a bad provider type or Tags property fails before any call; CreateConnection without an ARN fails', async () => {
    expect((await drive(handler, event(TYPE, 'Create', props({ ProviderType: 'GITLAB' })))).error?.message).toMatch(/ProviderType must be GITHUB or BITBUCKET/);
    expect((await drive(handler, event(TYPE, 'Create', props({ Tags: '[1]' })))).error?.message).toMatch(/Tags must be a JSON object/);
    expect((await drive(handler, event(TYPE, 'Create', props({ Tags: '{' })))).error?.message).toMatch(/Tags must be a JSON object/);
    expect(appRunner.calls()).toHaveLength(0);
    appRunner.on(ListConnectionsCommand).resolves({});
    appRunner.on(CreateConnectionCommand).resolves({});
    expect((await drive(handler, event(TYPE, 'Create', props())))).toMatchObject({ error: expect.objectContaining({ message: expect.stringMatching(/returned no connection ARN/) }) });
  });
});

describe('waitForHandshake', () => {
  test('polls until AVAILABLE', async () => {
    appRunner.on(ListConnectionsCommand)
      .resolvesOnce({ ConnectionSummaryList: [] })
      .resolvesOnce({ ConnectionSummaryList: [summary('PENDING_HANDSHAKE')] })
      .resolves({ ConnectionSummaryList: [summary('AVAILABLE')] });
    appRunner.on(CreateConnectionCommand).resolves({ Connection: summary('PENDING_HANDSHAKE') });
    const result = await drive(handler, event(TYPE, 'Create', props({ WaitForHandshake: 'true' })));
    expect(result.error).toBeUndefined();
    expect(result.polls).toBe(2);
    expect(result.data.Status).toBe('AVAILABLE');
  });

  test('times out with a message naming the console page', async () => {
    appRunner.on(ListConnectionsCommand).resolves({ ConnectionSummaryList: [summary('PENDING_HANDSHAKE')] });
    const request = event(TYPE, 'Create', props({ WaitForHandshake: 'true', TimeoutSeconds: '60' }));
    appRunner.on(ListTagsForResourceCommand).resolves({ Tags: [{ Key: OWNER_TAG, Value: OWNER }] });
    const result = await drive(handler, request, { between: async () => clock.advance(30_000) });
    expect(result.error?.message).toBe(`Timed out after 60 s waiting for the handshake of App Runner connection my-github (complete it in the App Runner console: ${CONSOLE}) `
      + '(last status: PENDING_HANDSHAKE)');
  });

  test('a connection in ERROR, or gone, fails', async () => {
    const waiting = completeEvent(event(TYPE, 'Create', props({ WaitForHandshake: 'true' })), { PhysicalResourceId: ARN, Data: { StartedAt: '1000000' } });
    appRunner.on(ListConnectionsCommand).resolves({ ConnectionSummaryList: [summary('ERROR')] });
    await expect(handler.isComplete(waiting)).rejects.toThrow(`App Runner connection my-github (${ARN}) is ERROR: the handshake failed. Check it in the App Runner console (${CONSOLE})`);
    appRunner.on(ListConnectionsCommand).resolves({ ConnectionSummaryList: [] });
    await expect(handler.isComplete(waiting)).rejects.toThrow(/disappeared while waiting for its handshake/);
  });
});

describe('update', () => {
  test('tags change in place (removed keys untagged, changed ones tagged, the owner tag untouched); same ARN', async () => {
    appRunner.on(ListConnectionsCommand).resolves({ ConnectionSummaryList: [summary('AVAILABLE')] });
    appRunner.on(TagResourceCommand).resolves({});
    appRunner.on(UntagResourceCommand).resolves({});
    const result = await drive(handler, event(TYPE, 'Update', props({ Tags: '{"team":"api","env":"prod"}' }),
      props({ Tags: '{"team":"web","old":"x"}' }), ARN));
    expect(result.error).toBeUndefined();
    expect(result.physicalResourceId).toBe(ARN);
    expect(result.data.Status).toBe('AVAILABLE');
    expect(appRunner.commandCalls(UntagResourceCommand)[0].args[0].input).toEqual({ ResourceArn: ARN, TagKeys: ['old'] });
    expect(appRunner.commandCalls(TagResourceCommand)[0].args[0].input).toEqual({
      ResourceArn: ARN, Tags: [{ Key: 'team', Value: 'api' }, { Key: 'env', Value: 'prod' }],
    });
  });

  test('nothing to tag: no tag calls; a connection deleted outside CloudFormation fails clearly', async () => {
    appRunner.on(ListConnectionsCommand).resolves({ ConnectionSummaryList: [summary('AVAILABLE')] });
    const same = await drive(handler, event(TYPE, 'Update', props({ WaitForHandshake: 'true' }), props(), ARN));
    expect(same.error).toBeUndefined();
    expect(appRunner.commandCalls(TagResourceCommand)).toHaveLength(0);
    expect(appRunner.commandCalls(UntagResourceCommand)).toHaveLength(0);
    appRunner.on(ListConnectionsCommand).resolves({ ConnectionSummaryList: [] });
    const gone = await drive(handler, event(TYPE, 'Update', props(), props(), ARN));
    expect(gone.error?.message).toMatch(/no longer exists \(deleted outside CloudFormation\?\).*new connectionName/);
  });

  test('a new name is a new instance (a new connection; the old one is left to the cleanup Delete)', async () => {
    appRunner.on(ListConnectionsCommand).resolves({ ConnectionSummaryList: [] });
    appRunner.on(CreateConnectionCommand).resolves({ Connection: summary('PENDING_HANDSHAKE', NEW_ARN, 'my-github2') });
    const result = await drive(handler, event(TYPE, 'Update', props({ ConnectionName: 'my-github2' }), props(), ARN));
    expect(result.physicalResourceId).toBe(NEW_ARN);
    expect(appRunner.commandCalls(DeleteConnectionCommand)).toHaveLength(0);
  });

  test('the Update back of a rollback finds the old connection (still there, its own) and returns its ARN', async () => {
    appRunner.on(ListConnectionsCommand).resolves({ ConnectionSummaryList: [summary('AVAILABLE')] });
    appRunner.on(ListTagsForResourceCommand).resolves({ Tags: [{ Key: OWNER_TAG, Value: OWNER }] });
    const result = await drive(handler, event(TYPE, 'Update', props(), props({ ConnectionName: 'my-github2' }), NEW_ARN));
    expect(result.physicalResourceId).toBe(ARN);
    expect(appRunner.commandCalls(CreateConnectionCommand)).toHaveLength(0);
  });

  test('a physical id that is no ARN (a failed Create\'s marker) creates', async () => {
    appRunner.on(ListConnectionsCommand).resolves({ ConnectionSummaryList: [] });
    appRunner.on(CreateConnectionCommand).resolves({ Connection: summary('PENDING_HANDSHAKE') });
    const result = await drive(handler, event(TYPE, 'Update', props(), props(), 'marker'));
    expect(result.physicalResourceId).toBe(ARN);
  });
});

describe('delete', () => {
  test('deletes the connection of its physical id', async () => {
    appRunner.on(DeleteConnectionCommand).resolves({ Connection: summary('DELETED') });
    const result = await drive(handler, event(TYPE, 'Delete', props(), undefined, ARN));
    expect(result.error).toBeUndefined();
    expect(appRunner.commandCalls(DeleteConnectionCommand)[0].args[0].input).toEqual({ ConnectionArn: ARN });
  });

  test('not found is success; a failed Create (no ARN) deletes nothing; other errors fail', async () => {
    appRunner.on(DeleteConnectionCommand).rejects(notFound());
    expect((await drive(handler, event(TYPE, 'Delete', props(), undefined, ARN))).error).toBeUndefined();
    expect((await drive(handler, event(TYPE, 'Delete', props(), undefined, 'marker'))).error).toBeUndefined();
    expect(appRunner.commandCalls(DeleteConnectionCommand)).toHaveLength(1);
    appRunner.on(DeleteConnectionCommand).rejects(Object.assign(new Error('in use by a service'), { name: 'InvalidRequestException' }));
    expect((await drive(handler, event(TYPE, 'Delete', props(), undefined, ARN))).error?.message).toBe('in use by a service');
  });
});

describe('Custom::AppRunnerConnectionCheck', () => {
  const check = (extra: Record<string, string> = {}) => ({ ConnectionName: 'my-github', ConnectionArn: ARN, RequireAvailable: 'true', ...extra });

  test('AVAILABLE passes with its ARN and status; Delete does nothing', async () => {
    appRunner.on(ListConnectionsCommand).resolves({ ConnectionSummaryList: [summary('AVAILABLE', 'arn:other'), summary('AVAILABLE')] });
    const result = await drive(handler, event(CHECK, 'Create', check()));
    expect(result.error).toBeUndefined();
    expect(result.physicalResourceId).toBe('connection-check|my-github');
    expect(result.data).toMatchObject({ ConnectionArn: ARN, Status: 'AVAILABLE' });
    const updated = await drive(handler, event(CHECK, 'Update', check(), check(), result.physicalResourceId));
    expect(updated.error).toBeUndefined();
    appRunner.reset();
    expect((await drive(handler, event(CHECK, 'Delete', check(), undefined, result.physicalResourceId))).error).toBeUndefined();
    expect(appRunner.calls()).toHaveLength(0);
  });

  test('PENDING_HANDSHAKE fails saying the handshake is not complete, with the console page', async () => {
    appRunner.on(ListConnectionsCommand).resolves({ ConnectionSummaryList: [summary('PENDING_HANDSHAKE')] });
    const result = await drive(handler, event(CHECK, 'Create', check()));
    expect(result.error?.message).toBe(`App Runner connection my-github (${ARN}) is PENDING_HANDSHAKE, not AVAILABLE, so no service can be created on it: `
      + `its handshake has not been completed: complete it in the App Runner console (${CONSOLE}), then deploy again`);
  });

  test('ERROR fails; a missing connection fails; without RequireAvailable a look-up by name returns any status', async () => {
    appRunner.on(ListConnectionsCommand).resolves({ ConnectionSummaryList: [summary('ERROR')] });
    expect((await drive(handler, event(CHECK, 'Create', check()))).error?.message).toMatch(/is ERROR, not AVAILABLE.*it cannot be used/);
    const lookup = await drive(handler, event(CHECK, 'Create', { ConnectionName: 'my-github', RequireAvailable: 'false' }));
    expect(lookup.data).toMatchObject({ ConnectionArn: ARN, Status: 'ERROR' });
    appRunner.on(ListConnectionsCommand).resolves({ ConnectionSummaryList: [] });
    expect((await drive(handler, event(CHECK, 'Create', check()))).error?.message)
      .toBe(`App Runner connection my-github (${ARN}) does not exist in this account and region: create it (a Connection construct, or the App Runner console: ${CONSOLE})`);
  });
});

test('the console page of a region (us-east-1 when unknown)', () => {
  expect(connectionsConsoleUrl('eu-west-1')).toBe('https://console.aws.amazon.com/apprunner/home?region=eu-west-1#/connections');
  expect(connectionsConsoleUrl(undefined)).toBe(CONSOLE);
});
