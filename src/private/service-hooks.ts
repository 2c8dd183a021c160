import { IConstruct } from 'constructs';
import { HookRegistry } from './hooks';

/**
 * What the library's own constructs learn from a `Service` they are given as an `IService`
 * (which an import also is): typed, so a rename is a compile error, and absent for imports.
 * A `Service` registers them when it is created; nothing outside the library sees them.
 */
export interface ServiceHooks {
  /** Whether the service accepts IPv6 too (`IpAddressType.DUAL_STACK`): an apex custom domain then gets an AAAA alias. */
  readonly dualStack: boolean;
  /** Whether the service is reachable from the internet (`isPubliclyAccessible`). */
  readonly isPubliclyAccessible: boolean;
  /**
   * A custom domain of this service: the run-state resource (which may pause the service)
   * waits for it, because App Runner changes domains of running services only.
   */
  registerCustomDomain(resource: IConstruct): void;
}

const registry = new HookRegistry<ServiceHooks>();

/** Register the hooks of a `Service` (its constructor does). */
export function setServiceHooks(service: IConstruct, registered: ServiceHooks): void {
  registry.set(service, registered);
}

/** The hooks of a `Service` of this library; undefined for an imported service. */
export function serviceHooks(service: IConstruct): ServiceHooks | undefined {
  return registry.get(service);
}
