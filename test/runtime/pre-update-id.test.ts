/** The pre-update resume's physical ids and the run state a cleanup phase applies from them. */
import { finalRunState, formatPreUpdateId, parsePreUpdateId, PreUpdateInstance } from '../../src/operations/runtime/pre-update-id';

const STACK = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Test/1';
const fixed = (paused: boolean): PreUpdateInstance => ({ serviceLogicalId: 'Svc', mode: 'paused', paused });
const keep = (paused: boolean, op?: string): PreUpdateInstance => ({ serviceLogicalId: 'Svc', mode: 'keep', paused, resumeOperationId: op });

test('ids round-trip: fixed and kept run states, with and without our resume\'s operation id; others are not ours', () => {
  for (const instance of [fixed(true), fixed(false), keep(true, 'op-7.a_b-c'), keep(false)]) {
    const id = formatPreUpdateId(STACK, '0123456789abcdef', instance);
    expect(parsePreUpdateId(id)).toEqual(instance);
  }
  expect(formatPreUpdateId(STACK, 'abcdef0123456789', keep(true, 'op-7'))).toBe(`${STACK}/Svc/pre-update-resume/keep=1/op=op-7/abcdef0123456789`);
  for (const id of [`${STACK}/Svc/pre-update-resume`, `${STACK}/Svc/pre-update-resume/stay=1/0123456789abcdef`, 'req-1', undefined]) {
    expect(parsePreUpdateId(id)).toBeUndefined();
  }
});

test('after success the current (new) instance decides; after a rollback a fixed state of the current (old) one, or what the new one found', () => {
  // a fixed run state: what the current instance asks for, in both phases
  expect(finalRunState(fixed(true), keep(false), false)).toEqual({ paused: true, keep: false });
  expect(finalRunState(fixed(false), fixed(true), true)).toEqual({ paused: false, keep: false });
  // a run schedule: the state found when this deployment began
  expect(finalRunState(keep(true, 'op-1'), keep(false, 'op-0'), false)).toEqual({ paused: true, keep: true, ownResume: 'op-1' });
  expect(finalRunState(keep(false, 'op-0'), keep(true, 'op-1'), true)).toEqual({ paused: true, keep: true, ownResume: 'op-1' });
  // rolled back from a fixed run state to a schedule: the old instance's record
  expect(finalRunState(keep(false), fixed(true), true)).toEqual({ paused: false, keep: true, ownResume: undefined });
});
