/**
 * Physical resources of one stack of the lifecycle driver: create and delete them through the
 * native models (resources.ts) or the Provider framework (provider.ts), and keep the world's
 * list of live resources (from which IAM is derived) up to date. Also the seeded walk over a
 * dependency graph that orders every phase.
 */
import { CustomOutcome, CustomRequest, runCustomResource } from './provider';
import { isCustomResource, ModelContext, modelOf, PhysicalResource } from './resources';
import { Json, ResourceFailure } from './template';
import type { LifecycleWorld } from './world';

/** What the physical operations need to know of their stack. */
export interface StackRef {
  readonly name: string;
  readonly id?: string;
  readonly status: string;
}

export class PhysicalOperations {
  constructor(private readonly world: LifecycleWorld, private readonly stack: StackRef) {}

  /** Create a physical resource; on failure, the reason (and the resource when one exists anyway). */
  public async create(id: string, type: string, props: Json): Promise<{ physical?: PhysicalResource; reason?: string }> {
    if (isCustomResource(type)) {
      const out = await this.custom({ requestType: 'Create', logicalId: id, type, properties: props });
      const physical = this.register(id, type, out.physicalId, props, out.data, out.physicalId);
      return out.ok ? { physical } : { physical, reason: out.reason };
    }
    try {
      const c = modelOf(type).create(this.context(id), props);
      return { physical: this.register(id, type, c.physicalId, props, c.attributes, c.ref) };
    } catch (e) {
      if (!(e instanceof ResourceFailure)) throw e;
      const c = (e as { created?: { physicalId: string; ref: Json; attributes: Record<string, Json> } }).created;
      return { physical: c && this.register(id, type, c.physicalId, props, c.attributes, c.ref), reason: e.message };
    }
  }

  /** Update a native resource in place (the model throws a ResourceFailure when it fails). */
  public updateNative(current: PhysicalResource, props: Json): { effective: boolean } {
    const result = modelOf(current.type).update(this.context(current.logicalId), current, props);
    current.properties = props;
    if (result.attributes) current.attributes = result.attributes;
    return { effective: result.effective };
  }

  /** Delete a physical resource; the failure reason or undefined. */
  public async delete(physical: PhysicalResource): Promise<string | undefined> {
    if (isCustomResource(physical.type)) {
      const out = await this.custom({
        requestType: 'Delete', logicalId: physical.logicalId, type: physical.type, physicalId: physical.physicalId, properties: physical.properties,
      });
      if (!out.ok) return out.reason;
    } else {
      try {
        modelOf(physical.type).delete(this.context(physical.logicalId), physical);
      } catch (e) {
        if (!(e instanceof ResourceFailure)) throw e;
        return e.message;
      }
    }
    this.unregister(physical);
    return undefined;
  }

  /** A custom resource's Update. */
  public update(id: string, type: string, physicalId: string, properties: Json, oldProperties: Json): Promise<CustomOutcome> {
    return this.custom({ requestType: 'Update', logicalId: id, type, physicalId, properties, oldProperties });
  }

  /** One request to a custom resource, recorded in world.customResourceRequests. */
  public async custom(request: Omit<CustomRequest, 'stackId' | 'stackName'>): Promise<CustomOutcome> {
    const full: CustomRequest = { ...request, stackId: this.stack.id!, stackName: this.stack.name };
    const phase = this.stack.status;
    const out = await runCustomResource(this.world, full);
    this.world.record({
      stack: this.stack.name,
      logicalId: request.logicalId,
      type: request.type,
      requestType: request.requestType,
      physicalId: request.physicalId,
      properties: request.properties,
      oldProperties: request.oldProperties,
      phase,
      ok: out.ok,
      invoked: out.invoked,
      resultPhysicalId: out.physicalId,
      reason: out.reason,
    });
    return out;
  }

  public register(logicalId: string, type: string, physicalId: string, properties: Json, attributes: Record<string, Json>,
    ref: Json): PhysicalResource {
    const label = `${type} ${this.stack.name}/${logicalId} (${physicalId})`;
    const physical: PhysicalResource = { stackName: this.stack.name, logicalId, type, physicalId, properties, attributes, ref, label };
    this.world.live.push(physical);
    return physical;
  }

  public unregister(physical: PhysicalResource): void {
    const i = this.world.live.indexOf(physical);
    if (i >= 0) this.world.live.splice(i, 1);
  }

  private context(logicalId: string): ModelContext {
    return {
      appRunner: this.world.appRunner,
      route53: this.world.route53,
      elb: this.world.elb,
      ssm: this.world.ssm,
      stackName: this.stack.name,
      logicalId,
      maxWaits: 1000,
      suffix: () => this.world.suffix(`${this.stack.name}/${logicalId}`),
      counter: () => this.world.nextNumber(),
    };
  }
}

/**
 * Visit `ids` in dependency order (reverse: dependents first), through `graph` (which may hold
 * more resources: the order follows them transitively), one pick among the ready ones at a
 * time (`choose`: seeded, see `chooser`). stopOnFailure: the first failure ends the walk (false). Otherwise a failure
 * blocks what waits for it when `blocking`, and counts as done when not; the result tells
 * whether nothing failed.
 */
export async function walk(ids: string[], graph: Map<string, Set<string>>, options: { reverse: boolean; stopOnFailure: boolean; blocking?: boolean },
  choose: (ready: string[]) => string, visit: (id: string) => Promise<boolean>): Promise<boolean> {
  const set = new Set(ids);
  const edges = new Map<string, Set<string>>();
  for (const [id, deps] of graph) {
    for (const d of deps) {
      const [from, to] = options.reverse ? [d, id] : [id, d];
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from)!.add(to);
    }
  }
  const waitsFor = new Map<string, Set<string>>();
  for (const id of set) {
    const seen = new Set<string>();
    const stack = [...(edges.get(id) ?? [])];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      stack.push(...(edges.get(n) ?? []));
    }
    waitsFor.set(id, new Set([...seen].filter((n) => set.has(n) && n !== id)));
  }
  const done = new Set<string>();
  const failed = new Set<string>();
  for (;;) {
    const ready = [...set].filter((id) => !done.has(id) && !failed.has(id) && [...waitsFor.get(id)!].every((d) => done.has(d))).sort();
    if (ready.length === 0) break;
    const id = choose(ready);
    if (await visit(id)) {
      done.add(id);
    } else if (options.stopOnFailure) {
      return false;
    } else if (options.blocking ?? true) {
      failed.add(id);
    } else {
      done.add(id);
    }
  }
  return failed.size === 0;
}

/**
 * A seeded pick among ready resources; the `late` ones only when nothing else is ready (a
 * resource slow to start: CloudFormation promises only the dependency order). Without `late`
 * ones, the same picks as before they existed.
 */
export function chooser(rand: () => number, late: readonly string[] = []): (ready: string[]) => string {
  const slow = new Set(late);
  return (ready) => {
    const early = ready.filter((id) => !slow.has(id));
    const pool = early.length > 0 ? early : ready;
    return pool[Math.floor(rand() * pool.length)];
  };
}
