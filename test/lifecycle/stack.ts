/**
 * One CloudFormation stack of the lifecycle driver: deploy (create or update) and destroy, as
 * CloudFormation runs them. Independent resources run "in parallel" in CloudFormation; here
 * one ready resource is picked at a time by a seeded PRNG (`seed`, default 1).
 *
 * - Create: dependency order; a failure → ROLLBACK_IN_PROGRESS: everything deleted, dependents
 *   first → ROLLBACK_COMPLETE (ROLLBACK_FAILED when a delete fails).
 * - Update: dependency order of the new template; a resource is updated when its resolved
 *   properties differ from those it was last deployed with; create-only changes (and custom
 *   resources answering a new physical id) replace. Success → UPDATE_COMPLETE_CLEANUP_IN_PROGRESS:
 *   old physical ids of replacements and removed resources deleted, dependents first (old
 *   template's graph), failures recorded → UPDATE_COMPLETE. Failure → UPDATE_ROLLBACK_IN_PROGRESS:
 *   the resources the update touched go back (`rollbackOrder`): in-place updates get an Update
 *   back (the old template resolved against the pre-update attributes), replacements switch
 *   back to the old physical id; a failure → UPDATE_ROLLBACK_FAILED. Then
 *   UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS deletes what the update created, dependents
 *   first (new template's graph) → UPDATE_ROLLBACK_COMPLETE.
 * - Destroy: DELETE_IN_PROGRESS, dependents first; a failed delete keeps the resources it
 *   depends on → DELETE_FAILED (destroy again to retry).
 */
import * as crypto from 'crypto';
import { chooser, PhysicalOperations, walk } from './physical';
import { CREATE_FAILED_MARKER, MISSING_PHYSICAL_ID_MARKER } from './provider';
import { Desired, Resolver, View } from './resolution';
import { ACCOUNT, CREATE_ONLY, isCustomResource, NAME_PROPERTY, PhysicalResource, REGION } from './resources';
import { atPointer, canonical, checkTemplate, HarnessError, Json, prng, ResourceFailure, Template, ValidationError } from './template';
import type { LifecycleWorld } from './world';
import type { StackDescription, StackResourceDescription } from '../emulator/server';

export interface FailAt {
  readonly logicalId: string;
  readonly action: 'create' | 'update' | 'delete';
  /** forward: the deployment itself (its cleanup deletes included); rollback: its rollback. Default forward. */
  readonly phase?: 'forward' | 'rollback';
}

export interface DeployOptions {
  readonly parameters?: Record<string, string>;
  readonly seed?: number;
  readonly failAt?: FailAt;
  /**
   * The order of UPDATE_ROLLBACK_IN_PROGRESS. 'reverse' (default): the reverse of the order
   * the update touched the resources in. 'dependencies-first': the previous template's
   * dependency order (a rollback as an update to the previous template). Which one
   * CloudFormation follows is not settled here: run rollback scenarios under both.
   */
  readonly rollbackOrder?: 'reverse' | 'dependencies-first';
  /**
   * Logical ids that start as late as their dependencies allow, in every phase: picked only
   * when nothing else is ready (a resource slow to start; CloudFormation promises only the
   * dependency order). Default none.
   */
  readonly late?: string[];
}

export interface ResourceEvent {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId?: string;
  readonly action: 'create' | 'update' | 'delete';
  /** CREATE_IN_PROGRESS, UPDATE_COMPLETE, DELETE_FAILED, DELETE_SKIPPED, … */
  readonly status: string;
  readonly reason?: string;
  /** The stack status meanwhile. */
  readonly stackStatus: string;
}

export interface DeployResult {
  readonly status: string;
  readonly events: ResourceEvent[];
  /** The reason of the first failure. */
  readonly reason?: string;
  readonly failedLogicalId?: string;
  /** Every stack status of the operation, in order. */
  readonly statuses: string[];
}

interface Entry {
  readonly logicalId: string;
  readonly type: string;
  status: string;
  reason?: string;
  timestamp: Date;
  current?: PhysicalResource;
}

/** What the update did to a resource (in the order it did it). */
type Touch =
  | { kind: 'created' }
  | { kind: 'updated'; before: { ref: Json; attributes: Record<string, Json> }; attempted: Json; effective: boolean }
  | { kind: 'replaced'; old: PhysicalResource; created?: PhysicalResource };

interface Run {
  readonly events: ResourceEvent[];
  readonly statuses: string[];
  readonly choose: (ready: string[]) => string;
  readonly failAt?: FailAt;
  reason?: string;
  failedLogicalId?: string;
}

type Phase = 'forward' | 'rollback';

const now = () => new Date();

export class LifecycleStack {
  /** The stack id (arn:aws:cloudformation:us-east-1:123456789012:stack/NAME/UUID) once created. */
  public id?: string;
  /** The stack status; NONE before the first deployment. */
  public status = 'NONE';
  /** Outputs of the last successful deployment. */
  public outputs: Record<string, Json> = {};
  private creationTime = now();
  private lastUpdatedTime?: Date;
  private deployed?: Desired;
  private readonly entries = new Map<string, Entry>();
  private ownExports: string[] = [];
  private readonly ops: PhysicalOperations;
  private readonly resolver: Resolver;

  constructor(private readonly world: LifecycleWorld, public readonly name: string) {
    this.ops = new PhysicalOperations(world, this);
    this.resolver = new Resolver({
      name,
      stackId: () => this.id,
      current: (id) => this.entries.get(id)?.current,
      ssm: world.ssm,
      exports: world.exports,
    });
  }

  /** The current physical id of a resource (undefined when it has none). */
  public physicalId(logicalId: string): string | undefined {
    return this.entries.get(logicalId)?.current?.physicalId;
  }

  /** A Fn::GetAtt value of a resource (custom resources: their Data). */
  public attribute(logicalId: string, name: string): Json {
    return this.entries.get(logicalId)?.current?.attributes[name];
  }

  /** The listed status of a resource (CREATE_COMPLETE, UPDATE_FAILED, …). */
  public resourceStatus(logicalId: string): string | undefined {
    return this.entries.get(logicalId)?.status;
  }

  public logicalIds(): string[] {
    return [...this.entries.keys()];
  }

  /** DescribeStacks. */
  public describe(): StackDescription | undefined {
    if (!this.id || this.status === 'NONE' || this.status === 'DELETE_COMPLETE') return undefined;
    return { stackName: this.name, stackId: this.id, status: this.status, creationTime: this.creationTime, lastUpdatedTime: this.lastUpdatedTime };
  }

  /** DescribeStackResources / ListStackResources. */
  public describeResources(): StackResourceDescription[] {
    return [...this.entries.values()].map((e) => ({
      logicalId: e.logicalId, physicalId: e.current?.physicalId, type: e.type, status: e.status, statusReason: e.reason, timestamp: e.timestamp,
    }));
  }

  /** Create the stack, or update it to this template. */
  public async deploy(template: Template, options: DeployOptions = {}): Promise<DeployResult> {
    if (/IN_PROGRESS$/.test(this.status)) throw new HarnessError(`stack ${this.name} is ${this.status}: one operation at a time`);
    if (['ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'UPDATE_ROLLBACK_FAILED', 'DELETE_FAILED'].includes(this.status)) {
      throw new ValidationError(`Stack:${this.id} is in ${this.status} state and can not be updated.`);
    }
    checkTemplate(template);
    const creating = this.status === 'NONE' || this.status === 'DELETE_COMPLETE';
    const stackId = creating ? `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${this.name}/${crypto.randomUUID()}` : this.id!;
    const desired = this.resolver.prepare(template, options.parameters ?? {}, stackId);
    const typeOf = (id: string) => this.entries.get(id)?.type ?? template.Resources[id].Type;
    const retyped = creating ? [] : [...desired.included].filter((id) => typeOf(id) !== template.Resources[id].Type);
    if (retyped.length > 0) {
      throw new ValidationError(`Update of resource type is not permitted. The new template modifies resource type of the following resources: [${retyped.join(', ')}]`);
    }
    const run: Run = { events: [], statuses: [], choose: chooser(prng(options.seed ?? 1), options.late), failAt: options.failAt };
    // the same template, parameters and resolved properties: no update ("No updates are to be performed", which the CDK CLI takes for success)
    if (!creating && this.unchanged(desired)) return { status: this.status, events: [], statuses: [] };
    const touched = new Map<string, Touch>();
    if (creating) {
      this.id = stackId;
      this.creationTime = now();
      this.lastUpdatedTime = undefined;
      this.entries.clear();
      this.setStatus(run, 'CREATE_IN_PROGRESS');
    } else {
      this.lastUpdatedTime = now();
      this.setStatus(run, 'UPDATE_IN_PROGRESS');
    }
    const ok = await walk([...desired.included], desired.graph, { reverse: false, stopOnFailure: true }, run.choose,
      (id) => this.forward(id, desired, touched, run));
    if (creating) {
      this.deployed = desired;
      if (ok) {
        this.commitOutputs(desired);
        return this.finish(run, 'CREATE_COMPLETE');
      }
      this.setStatus(run, 'ROLLBACK_IN_PROGRESS');
      await walk([...this.entries.keys()], desired.graph, { reverse: true, stopOnFailure: false }, run.choose, (id) => this.deleteEntry(id, desired, run, 'rollback'));
      return this.finish(run, this.entries.size === 0 ? 'ROLLBACK_COMPLETE' : 'ROLLBACK_FAILED');
    }
    const previous = this.deployed!;
    if (ok) {
      this.setStatus(run, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
      const removed = [...this.entries.keys()].filter((id) => !desired.included.has(id));
      const replaced = new Map([...touched].flatMap(([id, t]) => (t.kind === 'replaced' ? [[id, t.old] as const] : [])));
      this.deployed = desired;
      // CloudFormation drops them from the stack whatever happens: a failure is only recorded
      const cleanup = { reverse: true, stopOnFailure: false, blocking: false };
      await walk([...removed, ...replaced.keys()], previous.graph, cleanup, run.choose, async (id) => {
        if (replaced.has(id)) await this.deleteReplaced(id, replaced.get(id)!, desired, run, 'forward');
        else await this.deleteEntry(id, previous, run, 'forward');
        return true;
      });
      this.commitOutputs(desired);
      return this.finish(run, 'UPDATE_COMPLETE');
    }
    this.setStatus(run, 'UPDATE_ROLLBACK_IN_PROGRESS');
    const back = [...touched].filter(([, t]) => t.kind !== 'created').map(([id]) => id);
    const leftovers = new Map<string, PhysicalResource>();
    const view = this.preUpdateView(touched);
    const rollBack = (id: string) => this.rollBack(id, touched.get(id)!, previous, view, leftovers, run);
    let rolledBack = true;
    if ((options.rollbackOrder ?? 'reverse') === 'reverse') {
      for (const id of back.reverse()) {
        rolledBack = await rollBack(id);
        if (!rolledBack) break;
      }
    } else {
      rolledBack = await walk(back, previous.graph, { reverse: false, stopOnFailure: true }, run.choose, rollBack);
    }
    if (!rolledBack) return this.finish(run, 'UPDATE_ROLLBACK_FAILED');
    this.setStatus(run, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
    const created = [...touched].filter(([, t]) => t.kind === 'created').map(([id]) => id);
    await walk([...created, ...leftovers.keys()], desired.graph, { reverse: true, stopOnFailure: false, blocking: false }, run.choose, async (id) => {
      if (leftovers.has(id)) await this.deleteReplaced(id, leftovers.get(id)!, desired, run, 'rollback');
      else await this.deleteEntry(id, desired, run, 'rollback');
      return true;
    });
    return this.finish(run, 'UPDATE_ROLLBACK_COMPLETE');
  }

  /** Delete the stack. */
  public async destroy(options: { seed?: number; failAt?: FailAt } = {}): Promise<DeployResult> {
    if (/IN_PROGRESS$/.test(this.status)) throw new HarnessError(`stack ${this.name} is ${this.status}: one operation at a time`);
    if (!this.deployed || this.status === 'NONE' || this.status === 'DELETE_COMPLETE') throw new HarnessError(`stack ${this.name} does not exist`);
    const run: Run = { events: [], statuses: [], choose: chooser(prng(options.seed ?? 1)), failAt: options.failAt };
    this.setStatus(run, 'DELETE_IN_PROGRESS');
    const desired = this.deployed;
    await walk([...this.entries.keys()], desired.graph, { reverse: true, stopOnFailure: false }, run.choose, (id) => this.deleteEntry(id, desired, run, 'forward'));
    if (this.entries.size > 0) return this.finish(run, 'DELETE_FAILED');
    for (const name of this.ownExports) this.world.exports.delete(name);
    this.ownExports = [];
    this.outputs = {};
    this.world.rememberDeleted({ ...this.describe()!, status: 'DELETE_COMPLETE' });
    return this.finish(run, 'DELETE_COMPLETE');
  }

  // ---- phases --------------------------------------------------------------------------

  private async forward(id: string, desired: Desired, touched: Map<string, Touch>, run: Run): Promise<boolean> {
    const type = desired.template.Resources[id].Type;
    const entry = this.entries.get(id);
    let props: Json;
    try {
      props = this.resolver.properties(id, desired);
    } catch (e) {
      if (!(e instanceof ResourceFailure)) throw e;
      if (!entry) this.entries.set(id, { logicalId: id, type, status: 'CREATE_IN_PROGRESS', timestamp: now() });
      touched.set(id, entry?.current ? this.updated(entry.current, entry.current.properties, false) : { kind: 'created' });
      return this.fail(run, id, entry?.current?.physicalId, entry ? 'update' : 'create', e.message);
    }
    if (!entry) {
      this.entries.set(id, { logicalId: id, type, status: 'CREATE_IN_PROGRESS', timestamp: now() });
      touched.set(id, { kind: 'created' });
      this.event(run, id, undefined, 'create', 'CREATE_IN_PROGRESS');
      if (this.failAtHits(run, id, 'create', 'forward')) return this.fail(run, id, undefined, 'create', 'harness: failAt');
      const { physical, reason } = await this.ops.create(id, type, props);
      this.entries.get(id)!.current = physical;
      if (reason !== undefined) return this.fail(run, id, physical?.physicalId, 'create', reason);
      this.event(run, id, physical!.physicalId, 'create', 'CREATE_COMPLETE');
      return true;
    }
    const current = entry.current;
    if (!current) throw new HarnessError(`${id} has no physical resource to update`);
    if (canonical(props) === canonical(current.properties)) return true;
    const update = isCustomResource(type) ? this.updateCustom : this.updateNative;
    return update.call(this, id, entry, current, props, touched, run);
  }

  private async updateCustom(id: string, entry: Entry, current: PhysicalResource, props: Json, touched: Map<string, Touch>,
    run: Run): Promise<boolean> {
    this.event(run, id, current.physicalId, 'update', 'UPDATE_IN_PROGRESS');
    touched.set(id, this.updated(current, props, false));
    if (this.failAtHits(run, id, 'update', 'forward')) return this.fail(run, id, current.physicalId, 'update', 'harness: failAt');
    if (props.ServiceToken !== current.properties.ServiceToken) return this.fail(run, id, current.physicalId, 'update', 'Modifying service token is not allowed.');
    const out = await this.ops.update(id, entry.type, current.physicalId, props, current.properties);
    if (out.physicalId === current.physicalId || (!out.ok && [CREATE_FAILED_MARKER, MISSING_PHYSICAL_ID_MARKER].includes(out.physicalId))) {
      touched.set(id, this.updated(current, props, out.invoked));
      if (!out.ok) return this.fail(run, id, current.physicalId, 'update', out.reason!);
      current.properties = props;
      current.attributes = out.data;
      this.event(run, id, current.physicalId, 'update', 'UPDATE_COMPLETE');
      return true;
    }
    // a new physical id: a replacement (the old one is deleted in the cleanup)
    const created = this.ops.register(id, entry.type, out.physicalId, props, out.data, out.physicalId);
    touched.set(id, { kind: 'replaced', old: current, created });
    if (!out.ok) return this.fail(run, id, out.physicalId, 'update', out.reason!);
    entry.current = created;
    this.event(run, id, created.physicalId, 'update', 'UPDATE_COMPLETE', 'Requested update required the provider to create a new physical resource');
    return true;
  }

  private async updateNative(id: string, entry: Entry, current: PhysicalResource, props: Json, touched: Map<string, Touch>,
    run: Run): Promise<boolean> {
    const replace = (CREATE_ONLY[entry.type] ?? []).some((p) =>
      canonical(atPointer(current.properties, `/properties/${p}`)) !== canonical(atPointer(props, `/properties/${p}`)));
    if (!replace) {
      this.event(run, id, current.physicalId, 'update', 'UPDATE_IN_PROGRESS');
      const touch = this.updated(current, props, false) as { effective: boolean };
      touched.set(id, touch as Touch);
      if (this.failAtHits(run, id, 'update', 'forward')) return this.fail(run, id, current.physicalId, 'update', 'harness: failAt');
      try {
        touch.effective = this.ops.updateNative(current, props).effective;
      } catch (e) {
        if (!(e instanceof ResourceFailure)) throw e;
        touch.effective = (e as { effective?: boolean }).effective === true;
        if (touch.effective) current.properties = props;
        return this.fail(run, id, current.physicalId, 'update', e.message);
      }
      this.event(run, id, current.physicalId, 'update', 'UPDATE_COMPLETE');
      return true;
    }
    this.event(run, id, current.physicalId, 'update', 'UPDATE_IN_PROGRESS', 'Requested update requires the creation of a new physical resource; hence creating one.');
    touched.set(id, { kind: 'replaced', old: current });
    if (this.failAtHits(run, id, 'update', 'forward')) return this.fail(run, id, current.physicalId, 'update', 'harness: failAt');
    const nameProperty = NAME_PROPERTY[entry.type];
    if (nameProperty && props[nameProperty] !== undefined && props[nameProperty] === current.properties[nameProperty]) {
      return this.fail(run, id, current.physicalId, 'update',
        `CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename ${props[nameProperty]} and update the stack again.`);
    }
    const { physical, reason } = await this.ops.create(id, entry.type, props);
    touched.set(id, { kind: 'replaced', old: current, created: physical });
    if (reason !== undefined) return this.fail(run, id, current.physicalId, 'update', reason);
    entry.current = physical;
    this.event(run, id, physical!.physicalId, 'update', 'UPDATE_COMPLETE');
    return true;
  }

  /** Bring one touched resource back to the previous template (UPDATE_ROLLBACK_IN_PROGRESS). */
  private async rollBack(id: string, touch: Touch, previous: Desired, view: View, leftovers: Map<string, PhysicalResource>,
    run: Run): Promise<boolean> {
    const entry = this.entries.get(id)!;
    const current = entry.current!;
    this.event(run, id, current.physicalId, 'update', 'UPDATE_IN_PROGRESS');
    if (this.failAtHits(run, id, 'update', 'rollback')) return this.fail(run, id, current.physicalId, 'update', 'harness: failAt');
    if (touch.kind === 'replaced') {
      // CloudFormation sends nothing: the old physical resource is current again
      entry.current = touch.old;
      if (touch.created) leftovers.set(id, touch.created);
      this.event(run, id, touch.old.physicalId, 'update', 'UPDATE_COMPLETE');
      return true;
    }
    if (touch.kind === 'updated' && touch.effective) {
      let props: Json;
      try {
        props = this.resolver.properties(id, previous, view);
      } catch (e) {
        if (!(e instanceof ResourceFailure)) throw e;
        return this.fail(run, id, current.physicalId, 'update', e.message);
      }
      if (isCustomResource(entry.type)) {
        const out = await this.ops.update(id, entry.type, current.physicalId, props, touch.attempted);
        if (!out.ok) return this.fail(run, id, current.physicalId, 'update', out.reason!);
        if (out.physicalId !== current.physicalId) {
          entry.current = this.ops.register(id, entry.type, out.physicalId, props, out.data, out.physicalId);
          leftovers.set(id, current);
        } else {
          current.properties = props;
          current.attributes = out.data;
        }
      } else {
        try {
          this.ops.updateNative(current, props);
        } catch (e) {
          if (!(e instanceof ResourceFailure)) throw e;
          return this.fail(run, id, current.physicalId, 'update', e.message);
        }
      }
    }
    this.event(run, id, entry.current!.physicalId, 'update', 'UPDATE_COMPLETE');
    return true;
  }

  /** Delete a listed resource; it leaves the stack unless the delete failed outside an update cleanup. */
  private async deleteEntry(id: string, desired: Desired, run: Run, phase: Phase): Promise<boolean> {
    const entry = this.entries.get(id)!;
    const current = entry.current;
    const cleanup = this.status.includes('CLEANUP');
    if (desired.template.Resources[id]?.DeletionPolicy === 'Retain' && current) {
      this.event(run, id, current.physicalId, 'delete', 'DELETE_SKIPPED');
      this.ops.unregister(current);
      this.entries.delete(id);
      return true;
    }
    this.event(run, id, current?.physicalId, 'delete', 'DELETE_IN_PROGRESS');
    const reason = this.failAtHits(run, id, 'delete', phase) ? 'harness: failAt' : current ? await this.ops.delete(current) : undefined;
    if (reason !== undefined) {
      this.fail(run, id, current?.physicalId, 'delete', reason);
      if (cleanup) this.entries.delete(id);
      return false;
    }
    this.event(run, id, current?.physicalId, 'delete', 'DELETE_COMPLETE');
    this.entries.delete(id);
    return true;
  }

  /** Delete the other physical resource of a replaced resource (not listed: events only). */
  private async deleteReplaced(id: string, physical: PhysicalResource, desired: Desired, run: Run, phase: Phase): Promise<void> {
    if (desired.template.Resources[id]?.UpdateReplacePolicy === 'Retain') {
      this.event(run, id, physical.physicalId, 'delete', 'DELETE_SKIPPED', undefined, false);
      this.ops.unregister(physical);
      return;
    }
    this.event(run, id, physical.physicalId, 'delete', 'DELETE_IN_PROGRESS', undefined, false);
    const reason = this.failAtHits(run, id, 'delete', phase) ? 'harness: failAt' : await this.ops.delete(physical);
    if (reason !== undefined) this.fail(run, id, physical.physicalId, 'delete', reason, false);
    else this.event(run, id, physical.physicalId, 'delete', 'DELETE_COMPLETE', undefined, false);
  }

  // ---- resolution ----------------------------------------------------------------------

  private unchanged(desired: Desired): boolean {
    const previous = this.deployed!;
    if (canonical(desired.template) !== canonical(previous.template) || canonical(desired.params) !== canonical(previous.params)) return false;
    try {
      const same = (id: string) => canonical(this.resolver.properties(id, desired)) === canonical(this.entries.get(id)?.current?.properties);
      return [...desired.included].every(same);
    } catch (e) {
      if (e instanceof ResourceFailure) return false;
      throw e;
    }
  }

  private updated(current: PhysicalResource, attempted: Json, effective: boolean): Touch {
    return { kind: 'updated', before: { ref: current.ref, attributes: { ...current.attributes } }, attempted, effective };
  }

  /** How the touched resources looked before the update (what the rollback resolves the old template against). */
  private preUpdateView(touched: Map<string, Touch>): View {
    const view: View = new Map();
    for (const [id, t] of touched) {
      const current = this.entries.get(id)?.current;
      if (t.kind === 'replaced') view.set(id, t.old);
      else if (t.kind === 'updated' && current) view.set(id, { ...t.before, type: current.type, physicalId: current.physicalId });
    }
    return view;
  }

  private commitOutputs(desired: Desired): void {
    const { outputs, exported } = this.resolver.outputs(desired);
    for (const name of this.ownExports) this.world.exports.delete(name);
    for (const [name, value] of Object.entries(exported)) this.world.exports.set(name, value);
    this.ownExports = Object.keys(exported);
    this.outputs = outputs;
  }

  // ---- bookkeeping ---------------------------------------------------------------------

  private failAtHits(run: Run, id: string, action: FailAt['action'], phase: Phase): boolean {
    return run.failAt?.logicalId === id && run.failAt.action === action && (run.failAt.phase ?? 'forward') === phase;
  }

  private fail(run: Run, id: string, physicalId: string | undefined, action: ResourceEvent['action'], reason: string, listed = true): false {
    this.event(run, id, physicalId, action, `${action.toUpperCase()}_FAILED`, reason, listed);
    if (run.reason === undefined) {
      run.reason = reason;
      run.failedLogicalId = id;
    }
    return false;
  }

  private event(run: Run, id: string, physicalId: string | undefined, action: ResourceEvent['action'], status: string, reason?: string, listed = true): void {
    const entry = this.entries.get(id);
    if (entry && listed) {
      entry.status = status;
      entry.reason = reason;
      entry.timestamp = now();
    }
    const type = entry?.type ?? this.deployed?.template.Resources[id]?.Type ?? 'unknown';
    run.events.push({ logicalId: id, type, physicalId, action, status, reason, stackStatus: this.status });
  }

  private setStatus(run: Run, status: string): void {
    this.status = status;
    run.statuses.push(status);
  }

  private finish(run: Run, status: string): DeployResult {
    this.setStatus(run, status);
    return { status, events: run.events, reason: run.reason, failedLogicalId: run.failedLogicalId, statuses: run.statuses };
  }
}
