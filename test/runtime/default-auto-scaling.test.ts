/** Custom::AppRunnerDefaultAutoScaling: every branch, with an aws-sdk-client-mock fake. */
import {
  AppRunnerClient, ListAutoScalingConfigurationsCommand, UpdateDefaultAutoScalingConfigurationCommand,
} from '@aws-sdk/client-apprunner';
import { mockClient } from 'aws-sdk-client-mock';
import { drive, event, HandlerModule } from './events';
import { createClients, handlerFor } from '../../src/operations/runtime';

const appRunner = mockClient(AppRunnerClient);
const clients = createClients({ region: 'us-east-1' });
const handler: HandlerModule = {
  onEvent: async (e) => handlerFor(e, clients).onEvent(),
  isComplete: async (e) => handlerFor(e, clients).isComplete(),
};
const OURS = 'arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/ours/1/aaa';
const PREVIOUS = 'arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/DefaultConfiguration/1/bbb';
const TYPE = 'Custom::AppRunnerDefaultAutoScaling';

beforeEach(() => appRunner.reset());

const updates = () => appRunner.commandCalls(UpdateDefaultAutoScalingConfigurationCommand).map((c) => c.args[0].input.AutoScalingConfigurationArn);

test('create: remembers the current default (found on a later page) in the physical id, then sets ours', async () => {
  appRunner.on(ListAutoScalingConfigurationsCommand)
    .resolvesOnce({ AutoScalingConfigurationSummaryList: [{ AutoScalingConfigurationArn: 'x', IsDefault: false, Status: 'ACTIVE' }], NextToken: 't' })
    .resolves({ AutoScalingConfigurationSummaryList: [{ AutoScalingConfigurationArn: PREVIOUS, IsDefault: true, Status: 'active' as any }] });
  appRunner.on(UpdateDefaultAutoScalingConfigurationCommand).resolves({});
  const result = await drive(handler, event(TYPE, 'Create', { AutoScalingConfigurationArn: OURS }));
  expect(result.error).toBeUndefined();
  expect(result.physicalResourceId).toBe(`default-auto-scaling|${PREVIOUS}`);
  expect(result.data.PreviousDefaultArn).toBe(PREVIOUS);
  expect(updates()).toEqual([OURS]);
});

test('create with no default at all, or a retried create that finds itself: nothing to restore later', async () => {
  appRunner.on(ListAutoScalingConfigurationsCommand).resolvesOnce({}).resolves({
    AutoScalingConfigurationSummaryList: [{ AutoScalingConfigurationArn: OURS, IsDefault: true, Status: 'ACTIVE' }],
  });
  appRunner.on(UpdateDefaultAutoScalingConfigurationCommand).resolves({});
  expect((await drive(handler, event(TYPE, 'Create', { AutoScalingConfigurationArn: OURS }))).physicalResourceId).toBe('default-auto-scaling|none');
  expect((await drive(handler, event(TYPE, 'Create', { AutoScalingConfigurationArn: OURS }))).physicalResourceId).toBe('default-auto-scaling|none');
});

test('update: sets the new configuration and keeps the physical id (so nothing is restored)', async () => {
  appRunner.on(UpdateDefaultAutoScalingConfigurationCommand).resolves({});
  const result = await drive(handler, event(TYPE, 'Update', { AutoScalingConfigurationArn: `${OURS}2` }, { AutoScalingConfigurationArn: OURS },
    `default-auto-scaling|${PREVIOUS}`));
  expect(result.physicalResourceId).toBe(`default-auto-scaling|${PREVIOUS}`);
  expect(updates()).toEqual([`${OURS}2`]);
});

test('the account default may be an older revision: every list asks for all revisions (LatestOnly: false)', async () => {
  const TEAM1 = 'arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/team/1/eee';
  const TEAM2 = 'arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/team/2/fff';
  // App Runner answers as asked: without LatestOnly: false it would list only team/2
  appRunner.on(ListAutoScalingConfigurationsCommand).callsFake((input) => ({
    AutoScalingConfigurationSummaryList: [
      ...(input.LatestOnly === false ? [{ AutoScalingConfigurationArn: TEAM1, IsDefault: true, Status: 'ACTIVE' as const }] : []),
      { AutoScalingConfigurationArn: TEAM2, IsDefault: false, Status: 'ACTIVE' as const },
      { AutoScalingConfigurationArn: OURS, IsDefault: false, Status: 'ACTIVE' as const },
    ],
  }));
  appRunner.on(UpdateDefaultAutoScalingConfigurationCommand).resolves({});
  const created = await drive(handler, event(TYPE, 'Create', { AutoScalingConfigurationArn: OURS }));
  expect(created.physicalResourceId).toBe(`default-auto-scaling|${TEAM1}`);
  expect(appRunner.commandCalls(ListAutoScalingConfigurationsCommand).map((c) => c.args[0].input)).toEqual([{ LatestOnly: false }]);
});

describe('delete', () => {
  const ORIGINAL = 'arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/DefaultConfiguration/2/ccc';
  const OTHER = 'arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/theirs/1/ddd';
  const del = (id: string) => event(TYPE, 'Delete', { AutoScalingConfigurationArn: OURS }, undefined, id);
  /** The account: ours is the default; App Runner's DefaultConfiguration in revisions 1 (inactive) and 2. */
  const account = (defaultArn = OURS) => appRunner.on(ListAutoScalingConfigurationsCommand).resolves({
    AutoScalingConfigurationSummaryList: [
      { AutoScalingConfigurationArn: OURS, AutoScalingConfigurationName: 'ours', AutoScalingConfigurationRevision: 1, IsDefault: defaultArn === OURS, Status: 'ACTIVE' },
      { AutoScalingConfigurationArn: OTHER, AutoScalingConfigurationName: 'theirs', AutoScalingConfigurationRevision: 1, IsDefault: defaultArn === OTHER, Status: 'ACTIVE' },
      { AutoScalingConfigurationArn: PREVIOUS, AutoScalingConfigurationName: 'DefaultConfiguration', AutoScalingConfigurationRevision: 1, IsDefault: false, Status: 'INACTIVE' },
      { AutoScalingConfigurationArn: ORIGINAL, AutoScalingConfigurationName: 'DefaultConfiguration', AutoScalingConfigurationRevision: 2, IsDefault: false, Status: 'ACTIVE' },
    ],
  });

  test('restores the previous default while ours is still the default', async () => {
    account();
    appRunner.on(UpdateDefaultAutoScalingConfigurationCommand).resolves({});
    const result = await drive(handler, del(`default-auto-scaling|${OTHER}`));
    expect(result.error).toBeUndefined();
    expect(updates()).toEqual([OTHER]);
  });

  test('a previous default that is gone (not found or refused as inactive): App Runner\'s newest DefaultConfiguration', async () => {
    account();
    appRunner.on(UpdateDefaultAutoScalingConfigurationCommand, { AutoScalingConfigurationArn: PREVIOUS })
      .rejects(Object.assign(new Error('inactive'), { name: 'InvalidRequestException' }));
    appRunner.on(UpdateDefaultAutoScalingConfigurationCommand, { AutoScalingConfigurationArn: ORIGINAL }).resolves({});
    expect((await drive(handler, del(`default-auto-scaling|${PREVIOUS}`))).error).toBeUndefined();
    expect(updates()).toEqual([PREVIOUS, ORIGINAL]);
  });

  test('none recorded (a retried create found itself): App Runner\'s DefaultConfiguration', async () => {
    account();
    appRunner.on(UpdateDefaultAutoScalingConfigurationCommand).resolves({});
    expect((await drive(handler, del('default-auto-scaling|none'))).error).toBeUndefined();
    expect(updates()).toEqual([ORIGINAL]);
  });

  test('someone chose another default since: it stays', async () => {
    account(OTHER);
    expect((await drive(handler, del(`default-auto-scaling|${PREVIOUS}`))).error).toBeUndefined();
    expect(updates()).toEqual([]);
    expect(appRunner.commandCalls(ListAutoScalingConfigurationsCommand).map((c) => c.args[0].input.LatestOnly)).toEqual([false]);
  });

  test('other errors fail the delete', async () => {
    account();
    appRunner.on(UpdateDefaultAutoScalingConfigurationCommand).rejects(new Error('AccessDenied'));
    expect((await drive(handler, del(`default-auto-scaling|${OTHER}`))).error?.message).toBe('AccessDenied');
  });
});
