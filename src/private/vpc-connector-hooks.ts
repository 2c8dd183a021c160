import { HookRegistry } from './hooks';

/**
 * What a `VpcConnector` of this library was created with: its subnets (its security groups are
 * public, `connections`). Absent for imported connectors, whose subnets are not known.
 */
export interface VpcConnectorHooks {
  /** The IDs of the subnets the connector selected. */
  readonly subnetIds: string[];
  /** Whether any of them is a public subnet (a route to an internet gateway). */
  readonly hasPublicSubnet: boolean;
}

const registry = new HookRegistry<VpcConnectorHooks>();

/** Register the subnets of a `VpcConnector` (its constructor does). */
export function setVpcConnectorHooks(connector: object, registered: VpcConnectorHooks): void {
  registry.set(connector, registered);
}

/** The subnets of a `VpcConnector` of this library; undefined for an import. */
export function vpcConnectorHooks(connector: object | undefined): VpcConnectorHooks | undefined {
  return registry.get(connector);
}
