import { IConstruct } from 'constructs';
import { HookRegistry } from './hooks';

/**
 * What a `Service` learns from a connection of this library (a `Connection`, or one imported
 * with `Connection.fromConnectionArn` / `fromConnectionName`) given as a source's connection:
 * absent for `GitHubConnection` / `BitbucketConnection`, whose services render as before.
 */
export interface ConnectionHooks {
  /** The connection's name (a token for an ARN token). */
  readonly connectionName: string;
  /** The connection's ARN. */
  readonly connectionArn: string;
  /** GITHUB or BITBUCKET, when known (a `Connection` the stack creates). */
  readonly providerType?: string;
  /** The construct that holds the connection (errors name it). */
  readonly construct: IConstruct;
}

const registry = new HookRegistry<ConnectionHooks>();

/** Register the hooks of a connection (its constructor does; the source's wrapper copies them). */
export function setConnectionHooks(connection: object, registered: ConnectionHooks): void {
  registry.set(connection, registered);
}

/** The hooks of a connection of this library; undefined for any other. */
export function connectionHooks(connection: object | undefined): ConnectionHooks | undefined {
  return registry.get(connection);
}
