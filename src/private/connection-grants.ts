import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { acknowledgeFinding } from './acknowledge';
import { connectionHooks } from './connection-hooks';
import { CONNECTION_CHECK_TYPE, ConnectionCheckProperties } from '../operations/contract';
import { OperationsProvider } from '../operations/operations-provider';

/**
 * ListConnections, which has no resource-level permissions, for the connections and checks of
 * the stack: a policy of its own that outlives each of them (removing the last one deletes it
 * after that one).
 */
export function grantListConnections(provider: OperationsProvider, dependent: IConstruct): void {
  const policy = provider._grantHandlersKeyed('ConnectionListPolicy', 'apprunner-list-connections', [
    new iam.PolicyStatement({ actions: ['apprunner:ListConnections'], resources: ['*'] }),
  ], dependent);
  acknowledgeFinding(policy, 'AwsSolutions-IAM5[Resource::*]',
    'apprunner:ListConnections has no resource-level permissions: it only lists, to find a connection by its name and read its status.');
}

/**
 * A check that the connection is AVAILABLE, which `service` waits for: a service created on a
 * connection whose handshake is not complete fails with a message that says so, instead of App
 * Runner's. Only for connections of this library (a `Connection`, or its imports).
 */
export function addConnectionCheck(service: Construct, serviceResource: IConstruct, connection: object | undefined): void {
  const hooks = connectionHooks(connection);
  if (!hooks) return;
  const provider = OperationsProvider.of(service);
  const check = provider._customResource(service, 'ConnectionCheck', CONNECTION_CHECK_TYPE, {
    ConnectionName: hooks.connectionName,
    ConnectionArn: hooks.connectionArn,
    RequireAvailable: 'true',
  } satisfies ConnectionCheckProperties);
  grantListConnections(provider, check);
  serviceResource.node.addDependency(check);
}

