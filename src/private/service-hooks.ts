import type * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { HookRegistry } from './hooks';
import type { Secret } from '../service/secret';
import type { ServiceProps } from '../service/service-props';
import type { SourceConfig } from '../service/source-props';

/** A name/value pair of a service's environment. */
export interface EnvironmentVariable {
  readonly name: string;
  readonly value: string;
}

/** A secret of a service's environment, with its name. */
export interface NamedSecret {
  readonly name: string;
  readonly secret: Secret;
}

/**
 * What a `Service` was defined with, for constructs that carry the definition elsewhere (the ECS
 * Express Mode twin): the props as given, the bound source, the instance role, and the
 * environment, including what `addEnvironmentVariable` / `addSecret` add later.
 */
export interface ServiceDefinition {
  /** The props the service was created with (after property injection). */
  readonly props: ServiceProps;
  /** The bound source (image or code repository). */
  readonly source: SourceConfig;
  /** The instance role (given, or created by the service). */
  readonly instanceRole: iam.IRole;
  /** The environment variables now (read when rendering, so later additions count). */
  environmentVariables(): readonly EnvironmentVariable[];
  /** Call `listener` for every secret of the service: those added so far at once, later ones when added. */
  forEachSecret(listener: (secret: NamedSecret) => void): void;
}

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
  /** What the service was defined with. */
  readonly definition: ServiceDefinition;
  /**
   * A custom domain of this service: the run-state resource (which may pause the service)
   * waits for it, because App Runner changes domains of running services only.
   */
  registerCustomDomain(resource: IConstruct): void;
  /** A run schedule of this service (`RunSchedule`'s constructor calls it, whoever created it). */
  registerRunSchedule(schedule: IConstruct): void;
  /** Whether the service has a run schedule (so far: read it when rendering). */
  hasRunSchedule(): boolean;
  /** The web ACL association of this service (`associateWebAcl` calls it). */
  registerWebAcl(association: IConstruct): void;
  /** Whether a web ACL is associated with the service (so far: read it when rendering). */
  hasWebAcl(): boolean;
}

/**
 * Items seen so far and listeners for the next ones: a listener gets every item, whether it
 * was pushed before or after it subscribed.
 */
export class ReplayFeed<T> {
  private readonly items: T[] = [];
  private readonly listeners: Array<(item: T) => void> = [];

  /** Record an item and hand it to every listener. */
  public push(item: T): void {
    this.items.push(item);
    for (const listener of this.listeners) listener(item);
  }

  /** Hand every item so far to `listener`, and the later ones as they come. */
  public subscribe(listener: (item: T) => void): void {
    this.listeners.push(listener);
    for (const item of [...this.items]) listener(item);
  }
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
