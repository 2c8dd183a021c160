/**
 * The handlers' one reading of a Tags property (Custom::AppRunnerTags and Custom::AppRunnerConnection
 * use it) and the tag changes between two sets.
 */
import { parseTagsProperty, tagChanges } from '../../src/operations/runtime/tag-property';

const TYPE = 'Custom::AppRunnerTags';

test('a JSON object of key → value; absent or empty: none; numbers and booleans as strings; reserved aws: keys left out', () => {
  expect(parseTagsProperty(TYPE, '{"b":"2","a":"1"}')).toEqual({ a: '1', b: '2' });
  expect(parseTagsProperty(TYPE, undefined)).toEqual({});
  expect(parseTagsProperty(TYPE, '')).toEqual({});
  expect(parseTagsProperty(TYPE, '{}')).toEqual({});
  expect(parseTagsProperty(TYPE, '{"n":5,"t":true}')).toEqual({ n: '5', t: 'true' });
  expect(parseTagsProperty(TYPE, '{"aws:cloudformation:stack-name":"S","AWS:x":"y","team":"web"}')).toEqual({ team: 'web' });
});

test.each(['[1]', '{', '"text"', 'null', '5', '{"a":{"b":"c"}}', '{"a":null}', '{"a":["b"]}'])('refused, naming the resource type: %s', (value) => {
  expect(() => parseTagsProperty(TYPE, value)).toThrow(`${TYPE}: property Tags must be a JSON object of key → value, got ${JSON.stringify(value)}`);
});

test('changes: set what is new or different, remove what is gone, never touch the kept keys', () => {
  expect(tagChanges({ a: '1', b: '3', c: '4' }, { a: '1', b: '2', d: '5' })).toEqual({
    set: [{ Key: 'b', Value: '3' }, { Key: 'c', Value: '4' }],
    remove: ['d'],
  });
  expect(tagChanges({}, { owner: 'x', d: '5' }, ['owner'])).toEqual({ set: [], remove: ['d'] });
  expect(tagChanges({ owner: 'y' }, {}, ['owner'])).toEqual({ set: [], remove: [] });
  expect(tagChanges({ a: '1' }, { a: '1' })).toEqual({ set: [], remove: [] });
});
