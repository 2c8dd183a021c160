import {
  AppRunnerClient, ListAutoScalingConfigurationsCommand, UpdateDefaultAutoScalingConfigurationCommand,
} from '@aws-sdk/client-apprunner';
import { isNotFound, statusIs } from './apprunner';
import { COMPLETE, ResourceHandler } from './resource-handler';
import { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from './types';

const PREFIX = 'default-auto-scaling|';

/**
 * Custom::AppRunnerDefaultAutoScaling {AutoScalingConfigurationArn}: makes the configuration
 * the account's default for new services (UpdateDefaultAutoScalingConfiguration). The
 * previous default is kept in the physical id (which never changes on update, so an update
 * does not restore it) and restored on delete; a previous default that no longer exists is
 * skipped. All calls are synchronous.
 */
export class DefaultAutoScalingHandler extends ResourceHandler {
  constructor(private readonly client: AppRunnerClient, event: OnEventRequest | IsCompleteRequest, now?: () => number) {
    super(event, now);
  }

  protected waitingFor(): string {
    return 'the default auto scaling configuration';
  }

  protected async onCreate(): Promise<OnEventResponse> {
    const arn = this.props.string('AutoScalingConfigurationArn');
    const previous = await this.currentDefault();
    await this.client.send(new UpdateDefaultAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: arn }));
    // a retried create finds itself as the default: keep "none" rather than itself
    const keep = previous && previous !== arn ? previous : 'none';
    return { PhysicalResourceId: `${PREFIX}${keep}`, Data: { PreviousDefaultArn: keep === 'none' ? '' : keep } };
  }

  protected async onUpdate(): Promise<OnEventResponse> {
    await this.client.send(new UpdateDefaultAutoScalingConfigurationCommand({
      AutoScalingConfigurationArn: this.props.string('AutoScalingConfigurationArn'),
    }));
    return { PhysicalResourceId: this.physicalResourceId, Data: { PreviousDefaultArn: this.previousDefault() ?? '' } };
  }

  protected async onDelete(): Promise<OnEventResponse> {
    const previous = this.previousDefault();
    if (!previous) return {};
    try {
      await this.client.send(new UpdateDefaultAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: previous }));
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    return {};
  }

  protected async isCreateComplete(): Promise<IsCompleteResponse> {
    return COMPLETE;
  }

  protected async isUpdateComplete(): Promise<IsCompleteResponse> {
    return COMPLETE;
  }

  protected async isDeleteComplete(): Promise<IsCompleteResponse> {
    return COMPLETE;
  }

  private previousDefault(): string | undefined {
    const id = this.physicalResourceId ?? '';
    const previous = id.startsWith(PREFIX) ? id.slice(PREFIX.length) : '';
    return previous && previous !== 'none' ? previous : undefined;
  }

  /** The ARN of the account's current default configuration, if any. */
  private async currentDefault(): Promise<string | undefined> {
    let nextToken: string | undefined;
    do {
      const out = await this.client.send(new ListAutoScalingConfigurationsCommand({ NextToken: nextToken }));
      const found = (out.AutoScalingConfigurationSummaryList ?? [])
        .find((c) => c.IsDefault && statusIs(c.Status, 'ACTIVE'));
      if (found) return found.AutoScalingConfigurationArn;
      nextToken = out.NextToken;
    } while (nextToken);
    return undefined;
  }
}
