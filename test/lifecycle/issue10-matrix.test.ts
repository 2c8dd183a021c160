/**
 * Issue 10's lifecycle matrix, on the bundled handlers with IAM enforced: create → each kind
 * of update → its rollback (a resource failing after everything else) → delete, under several
 * CloudFormation orders (seeds) and both rollback orders (CloudFormation's is not documented:
 * the library must survive either). After every deployment the invariants of the template that
 * stands hold: services in the run state asked for, the domain on the service that declares it
 * and nowhere else, exactly its records in the zone, no IAM denial; the stack (with its zone)
 * can always be deleted.
 */
import { AppSpec, build, expectState, useWorld } from './issue10-fixture';

const world = useWorld();

/** Each kind of update: the app before, the app after. */
const UPDATES: Array<[string, AppSpec, AppSpec]> = [
  ['in-place configuration change of a paused service', { paused: true, domainOn: 'A' }, { paused: true, domainOn: 'A', envA: 'b' }],
  ['service replaced (a tag) while it has a domain', { domainOn: 'A' }, { domainOn: 'A', tagA: 'x' }],
  ['paused service replaced (a tag) while it has a domain', { paused: true, domainOn: 'A' }, { paused: true, domainOn: 'A', tagA: 'x' }],
  ['paused service renamed', { paused: true, nameA: 'svc-one' }, { paused: true, nameA: 'svc-two' }],
  ['domain refactored into another construct id, written API.example.com.', { domainOn: 'A' }, { domainOn: 'A', domainStyle: 'construct', domainAs: 'API.example.com.' }],
  ['domain moved to another service (another construct id)', { domainOn: 'A' }, { domainOn: 'B' }],
  ['domain moved to another service (same construct id)', { domainOn: 'A', domainStyle: 'construct' }, { domainOn: 'B', domainStyle: 'construct' }],
  ['www switched off', { domainOn: 'A', www: true }, { domainOn: 'A' }],
  ['domain removed from a paused service', { paused: true, domainOn: 'A' }, { paused: true }],
  ['domain added to a paused service', { paused: true }, { paused: true, domainOn: 'A' }],
];

const ORDERS: Array<['reverse' | 'dependencies-first', number]> = [['reverse', 1], ['dependencies-first', 2], ['reverse', 3]];

let stacks = 0;

describe.each(UPDATES)('%s', (_name, before, after) => {
  test.each(ORDERS)('succeeds, and its rollback restores the app (rollback order %s, seed %d); then the stack deletes', async (rollbackOrder, seed) => {
    const stack = world().stack(`Matrix${++stacks}`);
    const v1 = build(before);
    const v2 = build(after);
    const denials = world().denials.length;

    expect((await stack.deploy(v1.template, { seed })).status).toBe('CREATE_COMPLETE');
    expectState(world(), stack, before, v1);

    // the update fails after everything else ran: the stack rolls back to v1
    const failed = await stack.deploy(build({ ...after, fault: true }).template, { seed, rollbackOrder });
    expect(failed.reason).toMatch(/HarnessFault/);
    expect(failed.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(failed.events.filter((e) => /FAILED/.test(e.status) && e.logicalId !== 'Fault')).toEqual([]);
    expectState(world(), stack, before, v1);

    // the same update succeeds
    const updated = await stack.deploy(v2.template, { seed });
    expect(updated.status).toBe('UPDATE_COMPLETE');
    expect(updated.events.filter((e) => /FAILED/.test(e.status))).toEqual([]);
    expectState(world(), stack, after, v2);

    // and back: the reverse update
    expect((await stack.deploy(v1.template, { seed })).status).toBe('UPDATE_COMPLETE');
    expectState(world(), stack, before, v1);

    expect(world().denials.slice(denials)).toEqual([]);
    const deleted = await stack.destroy({ seed });
    expect(deleted.status).toBe('DELETE_COMPLETE');
    expect(deleted.events.filter((e) => /FAILED/.test(e.status))).toEqual([]);
    expect(world().live.filter((r) => r.stackName === stack.name)).toEqual([]);
  });
});
