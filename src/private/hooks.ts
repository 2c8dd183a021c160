/**
 * What the library's constructs learn from each other, typed (a rename is a compile error) and
 * absent for imports and users' own implementations of the interfaces: each kind of construct
 * registers its hooks when it is created (service-hooks.ts, connection-hooks.ts).
 */
export class HookRegistry<T> {
  private readonly hooks = new WeakMap<object, T>();

  /** Register the hooks of `owner` (its constructor does). */
  public set(owner: object, hooks: T): void {
    this.hooks.set(owner, hooks);
  }

  /** The hooks of `owner`; undefined when it registered none. */
  public get(owner: object | undefined): T | undefined {
    return owner === undefined ? undefined : this.hooks.get(owner);
  }
}
