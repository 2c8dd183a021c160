import { CfnOutput, CustomResource, Duration, IResource, ITaggable, Lazy, Resource, Stack, TagManager, TagType, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { propertyInjectable } from 'aws-cdk-lib/core/lib/prop-injectable';
import { Construct, IConstruct } from 'constructs';
import { CONNECTION_CHECK_TYPE, CONNECTION_TYPE, ConnectionCheckProperties, ConnectionProperties } from '../operations/contract';
import { OperationsProvider } from '../operations/operations-provider';
import { parseAppRunnerArn } from '../private/arn';
import { grantListConnections } from '../private/connection-grants';
import { setConnectionHooks } from '../private/connection-hooks';
import { checkConnectionArn, checkConnectionName } from '../private/connection-rules';
import { sortedTagMap, tagProblems } from '../private/tags';
import { checkDurationSeconds, fail } from '../private/validation';
import { warn } from '../private/warnings';
import type { ISourceConnection } from '../service/connection';

/**
 * The source code provider of an App Runner connection.
 */
export enum ConnectionProviderType {
  /**
   * GitHub.
   */
  GITHUB = 'GITHUB',

  /**
   * Bitbucket.
   */
  BITBUCKET = 'BITBUCKET',
}

/**
 * Properties of a Connection.
 */
export interface ConnectionProps {
  /**
   * The connection's name: 4–32 characters, `[A-Za-z0-9][A-Za-z0-9_-]*`, unique among the
   * account's connections in the region. A change creates a new connection (which needs a
   * new handshake) and deletes the old one after the services moved to the new one.
   */
  readonly connectionName: string;

  /**
   * The source code provider. A change needs a new `connectionName` too (the new connection
   * is created before the old one is deleted).
   */
  readonly providerType: ConnectionProviderType;

  /**
   * Wait, during the deployment, until the handshake is completed in the App Runner console
   * (the connection is AVAILABLE), so that services in the same stack can be created on it.
   * The deployment fails after `handshakeTimeout`, naming the console page.
   *
   * Without it the deployment goes on at once: the stack has an output with the console page
   * where the handshake is completed, and a service created on the connection before that
   * fails with a message saying so.
   *
   * @default false
   */
  readonly waitForHandshake?: boolean;

  /**
   * How long to wait for the handshake (only with `waitForHandshake`).
   *
   * @default - the operations provider's total timeout (30 minutes) less one minute
   */
  readonly handshakeTimeout?: Duration;

  /**
   * Tags of the connection (`Tags.of()` applies too). They change in place.
   *
   * @default - no tags
   */
  readonly tags?: { [key: string]: string };
}

/**
 * An App Runner connection to GitHub or Bitbucket (its ARN is `connectionArn`).
 */
export interface IConnection extends IResource, ISourceConnection {
  /**
   * The name of the connection.
   * @attribute
   */
  readonly connectionName: string;
}

/** The AWS console page of the region's App Runner connections, where a handshake is completed. */
function consoleUrlOf(scope: IConstruct): string {
  return `https://console.aws.amazon.com/apprunner/home?region=${Stack.of(scope).region}#/connections`;
}

/** The App Runner connection ARNs of a name (any ID), for the handlers' grants. */
function connectionArnsNamed(scope: IConstruct, name: string): string {
  return Stack.of(scope).formatArn({ service: 'apprunner', resource: 'connection', resourceName: `${name}/*` });
}

/**
 * An App Runner connection to GitHub or Bitbucket, which code repository sources need
 * (CloudFormation has no resource for it: a custom resource on CreateConnection /
 * DeleteConnection). Pass it as the `connection` of `Source.fromGitHub` or
 * `Source.fromBitbucket`.
 *
 * A new connection is PENDING_HANDSHAKE until someone completes the handshake in the App
 * Runner console (a stack output gives the page), and App Runner creates no service on it
 * before: with `waitForHandshake`, the deployment waits for it; without, a service of the same
 * stack on it fails with a message that says so (deploy the connection first, complete the
 * handshake, then add the service).
 *
 * Changing the name or the provider type creates a new connection (a new handshake) and
 * deletes the old one after the services moved to the new one. A connection is deleted after
 * the services that use it; one already deleted is not an error. The resource never adopts a
 * connection it did not create: a name that is taken fails the deployment.
 *
 * @resource Custom::AppRunnerConnection
 */
@propertyInjectable
export class Connection extends Resource implements IConnection, ITaggable {
  /** Identifies this class to property injectors (aws-cdk-lib `PropertyInjectors`). */
  public static readonly PROPERTY_INJECTION_ID: string = 'cdk-apprunner-kit.Connection';

  /**
   * Import a connection by its ARN (`arn:aws:apprunner:REGION:ACCOUNT:connection/NAME/ID`).
   * A service on it checks, before App Runner creates the service, that it is AVAILABLE.
   */
  public static fromConnectionArn(scope: Construct, id: string, connectionArn: string): IConnection {
    return new ImportedConnection(scope, id, connectionArn, parseAppRunnerArn(connectionArn, 'connection', false).name);
  }

  /**
   * Import a connection by its name. Its ARN (which ends in an ID that App Runner chose) is
   * looked up during the deployment (ListConnections, through the stack's operations
   * provider), when this import is first deployed or its name changes: a connection of the
   * name that does not exist fails the deployment.
   */
  public static fromConnectionName(scope: Construct, id: string, connectionName: string): IConnection {
    return new ImportedConnection(scope, id, undefined, connectionName);
  }

  /**
   * The ARN of the connection.
   * @attribute
   */
  public readonly connectionArn: string;

  /**
   * The name of the connection.
   * @attribute
   */
  public readonly connectionName: string;

  /**
   * The connection's status when the deployment created or last updated it:
   * `PENDING_HANDSHAKE`, or `AVAILABLE` (always, with `waitForHandshake`).
   * @attribute
   */
  public readonly connectionStatus: string;

  /** The source code provider. */
  public readonly providerType: ConnectionProviderType;

  /** The AWS console page where the connection's handshake is completed. */
  public readonly handshakeConsoleUrl: string;

  /** The connection's tags (`Tags.of()` applies them here). */
  public readonly tags: TagManager;

  constructor(scope: Construct, id: string, props: ConnectionProps) {
    super(scope, id, { physicalName: props.connectionName });
    checkConnectionName(props.connectionName, this);
    if (!Object.values(ConnectionProviderType).includes(props.providerType)) {
      fail('InvalidConnectionProviderType', `providerType must be GITHUB or BITBUCKET, got ${JSON.stringify(props.providerType)}`, this);
    }
    const wait = props.waitForHandshake ?? false;
    const provider = OperationsProvider.of(this);
    if (props.handshakeTimeout) {
      if (!wait) fail('HandshakeTimeoutWithoutWait', 'handshakeTimeout applies only with waitForHandshake: true', this);
      checkDurationSeconds('handshakeTimeout', props.handshakeTimeout, 30, provider.totalTimeout.toSeconds() - 60,
        { scope: this, code: 'InvalidHandshakeTimeout' });
    }
    this.tags = new TagManager(TagType.STANDARD, 'Custom::AppRunnerConnection',
      Object.entries(props.tags ?? {}).map(([key, value]) => ({ key, value })));
    this.node.addValidation({ validate: () => tagProblems('connection tags', this.tags) });

    const properties: { -readonly [K in keyof ConnectionProperties]: ConnectionProperties[K] } = {
      ConnectionName: props.connectionName,
      ProviderType: props.providerType,
      WaitForHandshake: String(wait),
      Tags: Lazy.string({ produce: () => (this.tags.hasTags() ? Stack.of(this).toJsonString(sortedTagMap(this.tags)) : undefined) }),
    };
    if (props.handshakeTimeout) properties.TimeoutSeconds = String(props.handshakeTimeout.toSeconds());
    const resource: CustomResource = provider._customResource(this, 'Resource', CONNECTION_TYPE, properties);
    this.connectionArn = resource.getAttString('ConnectionArn');
    this.connectionName = props.connectionName;
    this.connectionStatus = resource.getAttString('Status');
    this.providerType = props.providerType;
    this.handshakeConsoleUrl = consoleUrlOf(this);

    // CreateConnection has no ARN before the connection exists: scoped to the name (any ID). A
    // policy whose name ends in the connection's name: a new name replaces it, and the old
    // one, which allows deleting the old connection, stays until the cleanup phase.
    provider._grantHandlersReplaceable('ConnectionPolicy', this.node.addr, [new iam.PolicyStatement({
      actions: ['apprunner:CreateConnection', 'apprunner:DeleteConnection', 'apprunner:ListTagsForResource',
        'apprunner:TagResource', 'apprunner:UntagResource'],
      resources: [connectionArnsNamed(this, props.connectionName)],
    })], resource, [props.connectionName]);
    grantListConnections(provider, resource);

    setConnectionHooks(this, {
      connectionName: props.connectionName,
      connectionArn: this.connectionArn,
      providerType: props.providerType,
      construct: this,
    });

    if (!wait) {
      const shown = Token.isUnresolved(props.connectionName) ? '' : ` ${props.connectionName}`;
      new CfnOutput(this, 'HandshakeOutput', {
        description: `App Runner connection${shown}: complete its handshake here (it is PENDING_HANDSHAKE until then, and no service can be created on it)`,
        value: this.handshakeConsoleUrl,
      });
      warn(this, 'connectionPendingHandshake',
        `App Runner connection${shown} is PENDING_HANDSHAKE after it is created, until someone completes the handshake in the App Runner console `
        + '(the stack output HandshakeOutput gives the page). A service created on it before fails the deployment: deploy the connection first, '
        + 'complete the handshake, then add the service, or set waitForHandshake: true to have the deployment wait for the handshake');
    }
  }
}

/** A connection imported by ARN, or by name (its ARN looked up during the deployment). */
class ImportedConnection extends Resource implements IConnection {
  public readonly connectionArn: string;
  public readonly connectionName: string;

  constructor(scope: Construct, id: string, arn: string | undefined, name: string) {
    super(scope, id);
    if (arn !== undefined) {
      checkConnectionArn(arn, this);
      this.connectionArn = arn;
    } else {
      checkConnectionName(name, this);
      const provider = OperationsProvider.of(this);
      const lookup = provider._customResource(this, 'Lookup', CONNECTION_CHECK_TYPE, {
        ConnectionName: name,
        RequireAvailable: 'false',
      } satisfies ConnectionCheckProperties);
      grantListConnections(provider, lookup);
      this.connectionArn = lookup.getAttString('ConnectionArn');
    }
    this.connectionName = name;
    setConnectionHooks(this, { connectionName: name, connectionArn: this.connectionArn, construct: this });
  }
}
