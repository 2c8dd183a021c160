import * as crypto from 'crypto';
import {
  AppRunnerClient, ConnectionSummary, CreateConnectionCommand, DeleteConnectionCommand, ListConnectionsCommand,
  ListTagsForResourceCommand, ProviderType, TagResourceCommand, UntagResourceCommand,
} from '@aws-sdk/client-apprunner';
import type { ConnectionCheckData, ConnectionCheckProperties, ConnectionData, ConnectionProperties } from '../contract';
import { isNotFound, statusIs } from './apprunner';
import { parseArn } from './arn';
import { COMPLETE, NOT_YET, ResourceHandler } from './resource-handler';
import { parseTagsProperty, tagChanges } from './tag-property';
import { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from './types';

/**
 * The tag a connection created by a `Custom::AppRunnerConnection` carries: a hash of the stack
 * and the resource's logical id. A Create (or an Update to a new name) that finds a connection
 * of its name with this tag made it itself (a retried event, or the Update back of a rollback
 * to a connection that still exists); one without it is someone else's, which it refuses to
 * adopt (and so never deletes).
 */
export const OWNER_TAG = 'cdk-apprunner-kit/owner';

/** The value of `OWNER_TAG` for a resource of a stack. */
export function ownerOf(stackId: string, logicalId: string): string {
  return crypto.createHash('sha256').update(`${stackId}|${logicalId}`).digest('hex');
}

/** The App Runner console page where a connection's handshake is completed. */
export function connectionsConsoleUrl(region: string | undefined): string {
  const r = region || 'us-east-1';
  return `https://console.aws.amazon.com/apprunner/home?region=${r}#/connections`;
}

/** The region of an App Runner ARN (undefined when it is not one). */
function regionOf(arn: string | undefined): string | undefined {
  return parseArn(arn)?.region || undefined;
}

/** The connections of this name (ListConnections filters by name; every page). */
async function connectionsNamed(client: AppRunnerClient, name: string): Promise<ConnectionSummary[]> {
  const found: ConnectionSummary[] = [];
  let nextToken: string | undefined;
  do {
    const out = await client.send(new ListConnectionsCommand({ ConnectionName: name, NextToken: nextToken }));
    // the filter is exact; a fake or a future API that returns more is filtered here
    found.push(...(out.ConnectionSummaryList ?? []).filter((c) => c.ConnectionName === name && !statusIs(c.Status, 'DELETED')));
    nextToken = out.NextToken;
  } while (nextToken);
  return found;
}

/**
 * Custom::AppRunnerConnection {ConnectionName, ProviderType, WaitForHandshake, Tags?}: an App
 * Runner connection (CreateConnection). Its physical id is the connection's ARN, so a new name
 * or provider type is a new instance (a new connection; CloudFormation deletes the old one in
 * the cleanup phase, or the new one after a rollback). Tags change in place.
 *
 * A new connection is PENDING_HANDSHAKE until someone completes the handshake in the App
 * Runner console; with WaitForHandshake the resource completes only once it is AVAILABLE (or
 * fails at the timeout, naming the console page).
 *
 * Create finds the connections of its name first: one carrying this resource's owner tag is its
 * own (a retried event, the Update back of a rollback), one without is refused (names are unique
 * per account and region; this resource never adopts, so never deletes, a connection it did not
 * create). Delete deletes the connection of its physical id; not found is success.
 */
export class ConnectionHandler extends ResourceHandler<ConnectionProperties, ConnectionData> {
  constructor(private readonly client: AppRunnerClient, event: OnEventRequest | IsCompleteRequest, now?: () => number) {
    super(event, now);
  }

  protected waitingFor(): string {
    const name = this.props.optionalString('ConnectionName') ?? '';
    return `the handshake of App Runner connection ${name} (complete it in the App Runner console: `
      + `${connectionsConsoleUrl(regionOf(this.physicalResourceId) ?? process.env.AWS_REGION)})`;
  }

  protected async onCreate(): Promise<OnEventResponse<ConnectionData>> {
    return this.createOrFind();
  }

  protected async onUpdate(): Promise<OnEventResponse<ConnectionData>> {
    const name = this.props.string('ConnectionName');
    const provider = this.props.string('ProviderType');
    if (name !== this.oldProps.optionalString('ConnectionName') || provider !== this.oldProps.optionalString('ProviderType')
      || !this.physicalResourceId?.startsWith('arn:')) {
      return this.createOrFind(); // a new instance (the old one is deleted in the cleanup)
    }
    const arn = this.physicalResourceId;
    const tags = parseTagsProperty(this.event.ResourceType, this.props.optionalString('Tags'));
    const oldTags = parseTagsProperty(this.event.ResourceType, this.oldProps.optionalString('Tags'));
    const { set, remove } = tagChanges(tags, oldTags, [OWNER_TAG]);
    if (remove.length > 0) await this.client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: remove }));
    if (set.length > 0) await this.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: set }));
    const current = (await connectionsNamed(this.client, name)).find((c) => c.ConnectionArn === arn);
    if (!current) {
      throw new Error(`App Runner connection ${name} (${arn}) no longer exists (deleted outside CloudFormation?): `
        + 'give the Connection a new connectionName so that CloudFormation creates a new one, and deploy again');
    }
    return { PhysicalResourceId: arn, Data: { ConnectionArn: arn, ConnectionName: name, Status: current.Status ?? '' } };
  }

  protected async onDelete(): Promise<OnEventResponse<ConnectionData>> {
    const arn = this.physicalResourceId;
    // a failed Create leaves no ARN (the Provider framework's marker): nothing was created
    if (!arn?.startsWith('arn:')) return {};
    try {
      await this.client.send(new DeleteConnectionCommand({ ConnectionArn: arn }));
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    return {};
  }

  protected async isCreateComplete(): Promise<IsCompleteResponse<ConnectionData>> {
    return this.isHandshakeComplete();
  }

  protected async isUpdateComplete(): Promise<IsCompleteResponse<ConnectionData>> {
    return this.isHandshakeComplete();
  }

  /** Done at once without WaitForHandshake; otherwise once the connection is AVAILABLE. */
  private async isHandshakeComplete(): Promise<IsCompleteResponse<ConnectionData>> {
    if (!this.props.boolean('WaitForHandshake', false)) return COMPLETE;
    const name = this.props.string('ConnectionName');
    const arn = this.physicalResourceId;
    const current = (await connectionsNamed(this.client, name)).find((c) => c.ConnectionArn === arn);
    if (!current) throw new Error(`App Runner connection ${name} (${arn}) disappeared while waiting for its handshake`);
    this.lastStatus = current.Status ?? 'unknown';
    if (statusIs(current.Status, 'AVAILABLE')) {
      return { IsComplete: true, Data: { ConnectionArn: arn, ConnectionName: name, Status: 'AVAILABLE' } };
    }
    if (!statusIs(current.Status, 'PENDING_HANDSHAKE')) {
      throw new Error(`App Runner connection ${name} (${arn}) is ${current.Status}: the handshake failed. `
        + `Check it in the App Runner console (${connectionsConsoleUrl(regionOf(arn))})`);
    }
    return NOT_YET;
  }

  /** The connection of this resource's name: its own from an earlier event, or a new one. */
  private async createOrFind(): Promise<OnEventResponse<ConnectionData>> {
    const name = this.props.string('ConnectionName');
    const providerType = this.props.string('ProviderType');
    if (!['GITHUB', 'BITBUCKET'].includes(providerType)) {
      throw new Error(`${this.event.ResourceType}: property ProviderType must be GITHUB or BITBUCKET, got ${JSON.stringify(providerType)}`);
    }
    const tags = parseTagsProperty(this.event.ResourceType, this.props.optionalString('Tags'));
    const owner = ownerOf(this.event.StackId, this.event.LogicalResourceId);
    for (const existing of await connectionsNamed(this.client, name)) {
      const arn = existing.ConnectionArn!;
      const out = await this.client.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
      const ours = (out.Tags ?? []).some((t) => t.Key === OWNER_TAG && t.Value === owner);
      if (!ours) {
        throw new Error(`An App Runner connection named ${name} already exists (${arn}, ${existing.Status}), not created by this resource: `
          + 'connection names are unique per account and region. Choose another connectionName, or use the existing one with '
          + 'Connection.fromConnectionArn or Connection.fromConnectionName');
      }
      if (existing.ProviderType !== providerType) {
        throw new Error(`App Runner connection ${name} (${arn}) of this resource is a ${existing.ProviderType} connection, not ${providerType}: `
          + 'change connectionName together with the provider type');
      }
      return { PhysicalResourceId: arn, Data: { ConnectionArn: arn, ConnectionName: name, Status: existing.Status ?? '' } };
    }
    const out = await this.client.send(new CreateConnectionCommand({
      ConnectionName: name,
      ProviderType: providerType as ProviderType,
      Tags: [...Object.entries(tags).filter(([k]) => k !== OWNER_TAG).map(([Key, Value]) => ({ Key, Value })), { Key: OWNER_TAG, Value: owner }],
    }));
    const arn = out.Connection?.ConnectionArn;
    if (!arn) throw new Error(`CreateConnection for ${name} returned no connection ARN`);
    return { PhysicalResourceId: arn, Data: { ConnectionArn: arn, ConnectionName: name, Status: out.Connection?.Status ?? '' } };
  }
}

/**
 * Custom::AppRunnerConnectionCheck {ConnectionName, ConnectionArn?, RequireAvailable}: finds the
 * connection of a name (and ARN, when given) and returns its ARN and status; with
 * RequireAvailable, fails unless it is AVAILABLE, with a message that says what to do. It acts
 * on nothing: Delete does nothing. The physical id is the name (the look-up's subject).
 */
export class ConnectionCheckHandler extends ResourceHandler<ConnectionCheckProperties, ConnectionCheckData> {
  constructor(private readonly client: AppRunnerClient, event: OnEventRequest | IsCompleteRequest, now?: () => number) {
    super(event, now);
  }

  protected waitingFor(): string {
    return `App Runner connection ${this.props.optionalString('ConnectionName') ?? ''}`;
  }

  protected async onCreate(): Promise<OnEventResponse<ConnectionCheckData>> {
    return this.check();
  }

  protected async onUpdate(): Promise<OnEventResponse<ConnectionCheckData>> {
    return this.check();
  }

  protected async isCreateComplete(): Promise<IsCompleteResponse<ConnectionCheckData>> {
    return COMPLETE;
  }

  protected async isUpdateComplete(): Promise<IsCompleteResponse<ConnectionCheckData>> {
    return COMPLETE;
  }

  private async check(): Promise<OnEventResponse<ConnectionCheckData>> {
    const name = this.props.string('ConnectionName');
    const arn = this.props.optionalString('ConnectionArn');
    const found = (await connectionsNamed(this.client, name)).find((c) => arn === undefined || c.ConnectionArn === arn);
    const console = connectionsConsoleUrl(regionOf(arn ?? found?.ConnectionArn) ?? process.env.AWS_REGION);
    if (!found) {
      throw new Error(`App Runner connection ${name}${arn ? ` (${arn})` : ''} does not exist in this account and region: `
        + `create it (a Connection construct, or the App Runner console: ${console})`);
    }
    if (this.props.boolean('RequireAvailable', false) && !statusIs(found.Status, 'AVAILABLE')) {
      const what = statusIs(found.Status, 'PENDING_HANDSHAKE')
        ? 'its handshake has not been completed: complete it in the App Runner console'
        : 'it cannot be used: check it in the App Runner console';
      throw new Error(`App Runner connection ${name} (${found.ConnectionArn}) is ${found.Status}, not AVAILABLE, so no service can be created on it: `
        + `${what} (${console}), then deploy again`);
    }
    return {
      PhysicalResourceId: `connection-check|${name}`,
      Data: { ConnectionArn: found.ConnectionArn ?? '', Status: found.Status ?? '' },
    };
  }
}
