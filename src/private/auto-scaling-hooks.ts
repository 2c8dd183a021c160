import { HookRegistry } from './hooks';

/**
 * What an `AutoScalingConfiguration` of this library was created with (undefined: App Runner's
 * default, min 1, max 25, max concurrency 100); absent for imported configurations, whose
 * values are not known at synthesis.
 */
export interface AutoScalingHooks {
  /** `minSize` as given. */
  readonly minSize?: number;
  /** `maxSize` as given. */
  readonly maxSize?: number;
  /** `maxConcurrency` as given. */
  readonly maxConcurrency?: number;
}

const registry = new HookRegistry<AutoScalingHooks>();

/** Register the values of an `AutoScalingConfiguration` (its constructor does). */
export function setAutoScalingHooks(configuration: object, registered: AutoScalingHooks): void {
  registry.set(configuration, registered);
}

/** The values of an `AutoScalingConfiguration` of this library; undefined for an import. */
export function autoScalingHooks(configuration: object | undefined): AutoScalingHooks | undefined {
  return registry.get(configuration);
}
