/**
 * Custom::AppRunnerTags (tags.ts; issue 12 part 1), every branch with aws-sdk-client-mock
 * fakes: Create tags everything; an Update tags what was added or changed and untags only the
 * keys of the old properties that are gone; a new ARN is a new instance that tags everything;
 * Delete calls nothing; InvalidStateException waits; other errors fail; bad properties fail.
 */
import { TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-apprunner';
import { drive, event, SERVICE_ARN } from './events';
import { mockedHandlers } from './mocks';

const { appRunner, cloudFormation, clock, handler } = mockedHandlers();

const TYPE = 'Custom::AppRunnerTags';
const ID = `${SERVICE_ARN}|tags`;
const NEW_ARN = 'arn:aws:apprunner:us-east-1:123456789012:service/web/ffffffffffffffffffffffffffffffff';
const tags = (t: Record<string, string>) => JSON.stringify(t);
const tagged = () => appRunner.commandCalls(TagResourceCommand).map((c) => c.args[0].input);
const untagged = () => appRunner.commandCalls(UntagResourceCommand).map((c) => c.args[0].input);

beforeEach(() => {
  appRunner.on(TagResourceCommand).resolves({});
  appRunner.on(UntagResourceCommand).resolves({});
});

test('Create: TagResource of every tag; id ARN|tags; no UntagResource, no CloudFormation call', async () => {
  const result = await drive(handler, event(TYPE, 'Create', { ResourceArn: SERVICE_ARN, Tags: tags({ a: '1', b: '2' }) }));
  expect(result.error).toBeUndefined();
  expect(result.physicalResourceId).toBe(ID);
  expect(tagged()).toEqual([{ ResourceArn: SERVICE_ARN, Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }]);
  expect(untagged()).toEqual([]);
  expect(cloudFormation.calls()).toHaveLength(0);
});

test('Create with no tags ("{}"): nothing called', async () => {
  const result = await drive(handler, event(TYPE, 'Create', { ResourceArn: SERVICE_ARN, Tags: '{}' }));
  expect(result.error).toBeUndefined();
  expect(appRunner.calls()).toHaveLength(0);
});

test('Update: added and changed keys tagged, removed keys untagged, unchanged keys left; same id', async () => {
  const result = await drive(handler, event(TYPE, 'Update',
    { ResourceArn: SERVICE_ARN, Tags: tags({ keep: 'k', changed: 'new', added: 'x' }) },
    { ResourceArn: SERVICE_ARN, Tags: tags({ keep: 'k', changed: 'old', removed: 'r' }) }, ID));
  expect(result.error).toBeUndefined();
  expect(result.physicalResourceId).toBe(ID);
  expect(tagged()).toEqual([{ ResourceArn: SERVICE_ARN, Tags: [{ Key: 'changed', Value: 'new' }, { Key: 'added', Value: 'x' }] }]);
  expect(untagged()).toEqual([{ ResourceArn: SERVICE_ARN, TagKeys: ['removed'] }]);
});

test('Update that only removes: UntagResource only (a rollback\'s Update back of an added tag)', async () => {
  const result = await drive(handler, event(TYPE, 'Update', { ResourceArn: SERVICE_ARN, Tags: tags({ a: '1' }) },
    { ResourceArn: SERVICE_ARN, Tags: tags({ a: '1', b: '2' }) }, ID));
  expect(result.error).toBeUndefined();
  expect(tagged()).toEqual([]);
  expect(untagged()).toEqual([{ ResourceArn: SERVICE_ARN, TagKeys: ['b'] }]);
});

test('Update to a new ARN (the resource was replaced): a new instance, every tag on the new resource, nothing untagged', async () => {
  const result = await drive(handler, event(TYPE, 'Update', { ResourceArn: NEW_ARN, Tags: tags({ a: '1' }) },
    { ResourceArn: SERVICE_ARN, Tags: tags({ a: '1', b: '2' }) }, ID));
  expect(result.error).toBeUndefined();
  expect(result.physicalResourceId).toBe(`${NEW_ARN}|tags`);
  expect(tagged()).toEqual([{ ResourceArn: NEW_ARN, Tags: [{ Key: 'a', Value: '1' }] }]);
  expect(untagged()).toEqual([]);
});

test('aws: keys are never set nor removed', async () => {
  const result = await drive(handler, event(TYPE, 'Update', { ResourceArn: SERVICE_ARN, Tags: tags({ 'aws:x': '1', 'a': '1' }) },
    { ResourceArn: SERVICE_ARN, Tags: tags({ 'AWS:y': '2' }) }, ID));
  expect(result.error).toBeUndefined();
  expect(tagged()).toEqual([{ ResourceArn: SERVICE_ARN, Tags: [{ Key: 'a', Value: '1' }] }]);
  expect(untagged()).toEqual([]);
});

test('Delete calls nothing (the resource is left to CloudFormation)', async () => {
  const result = await drive(handler, event(TYPE, 'Delete', { ResourceArn: SERVICE_ARN, Tags: tags({ a: '1' }) }, undefined, ID));
  expect(result.error).toBeUndefined();
  expect(result.physicalResourceId).toBe(ID);
  expect(appRunner.calls()).toHaveLength(0);
});

test('InvalidStateException (an operation in progress): waits and tags on a later poll', async () => {
  appRunner.on(TagResourceCommand)
    .rejectsOnce(Object.assign(new Error('operation in progress'), { name: 'InvalidStateException' }))
    .resolves({});
  const result = await drive(handler, event(TYPE, 'Create', { ResourceArn: SERVICE_ARN, Tags: tags({ a: '1' }) }));
  expect(result.error).toBeUndefined();
  expect(result.polls).toBe(2);
  expect(tagged()).toHaveLength(2);
});

test('InvalidStateException until the timeout: fails naming the resource and the last error', async () => {
  appRunner.on(TagResourceCommand).rejects(Object.assign(new Error('busy'), { name: 'InvalidStateException' }));
  const result = await drive(handler, event(TYPE, 'Create', { ResourceArn: SERVICE_ARN, Tags: tags({ a: '1' }), TimeoutSeconds: '60' }),
    { between: async () => clock.advance(30_000) });
  expect(result.error?.message).toMatch(/Timed out after 60 s waiting for the tags of .*service\/web.*InvalidStateException: busy/);
});

test('another error (ResourceNotFoundException) fails at once', async () => {
  appRunner.on(UntagResourceCommand).rejects(Object.assign(new Error('gone'), { name: 'ResourceNotFoundException' }));
  const result = await drive(handler, event(TYPE, 'Update', { ResourceArn: SERVICE_ARN, Tags: '{}' }, { ResourceArn: SERVICE_ARN, Tags: tags({ a: '1' }) }, ID));
  expect(result.error?.message).toMatch(/gone/);
});

test.each(['not json', '[]', 'null'])('Tags %j: an error naming the property', async (bad) => {
  const result = await drive(handler, event(TYPE, 'Create', { ResourceArn: SERVICE_ARN, Tags: bad }));
  expect(result.error?.message).toMatch(/Custom::AppRunnerTags: property Tags must be a JSON object/);
});

test('ResourceArn missing: an error naming the property', async () => {
  const result = await drive(handler, event(TYPE, 'Create', { Tags: '{}' }));
  expect(result.error?.message).toMatch(/property ResourceArn is required/);
});
