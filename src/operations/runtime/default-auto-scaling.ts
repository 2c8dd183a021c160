import {
  AppRunnerClient, AutoScalingConfigurationSummary, ListAutoScalingConfigurationsCommand, UpdateDefaultAutoScalingConfigurationCommand,
} from '@aws-sdk/client-apprunner';
import type { DefaultAutoScalingData, DefaultAutoScalingProperties } from '../contract';
import { errorName, isNotFound, statusIs } from './apprunner';
import { COMPLETE, ResourceHandler } from './resource-handler';
import { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from './types';

const PREFIX = 'default-auto-scaling|';

/**
 * Custom::AppRunnerDefaultAutoScaling {AutoScalingConfigurationArn}: makes the configuration
 * the account's default for new services (UpdateDefaultAutoScalingConfiguration). The
 * previous default is kept in the physical id (which never changes on update, so an update
 * does not restore it) and restored on delete, but only while this configuration is still the
 * default (a default chosen since by someone else stays). A previous default that no longer
 * exists, or none known (a retried create finds itself as the default), falls back to App
 * Runner's own `DefaultConfiguration`. All calls are synchronous.
 */
export class DefaultAutoScalingHandler extends ResourceHandler<DefaultAutoScalingProperties, DefaultAutoScalingData> {
  constructor(private readonly client: AppRunnerClient, event: OnEventRequest | IsCompleteRequest, now?: () => number) {
    super(event, now);
  }

  protected waitingFor(): string {
    return 'the default auto scaling configuration';
  }

  protected async onCreate(): Promise<OnEventResponse<DefaultAutoScalingData>> {
    const arn = this.props.string('AutoScalingConfigurationArn');
    const previous = await this.currentDefault();
    await this.client.send(new UpdateDefaultAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: arn }));
    // a retried create finds itself as the default: keep "none" rather than itself
    const keep = previous && previous !== arn ? previous : 'none';
    return { PhysicalResourceId: `${PREFIX}${keep}`, Data: { PreviousDefaultArn: keep === 'none' ? '' : keep } };
  }

  protected async onUpdate(): Promise<OnEventResponse<DefaultAutoScalingData>> {
    await this.client.send(new UpdateDefaultAutoScalingConfigurationCommand({
      AutoScalingConfigurationArn: this.props.string('AutoScalingConfigurationArn'),
    }));
    return { PhysicalResourceId: this.physicalResourceId, Data: { PreviousDefaultArn: this.previousDefault() ?? '' } };
  }

  protected async onDelete(): Promise<OnEventResponse<DefaultAutoScalingData>> {
    const ours = this.props.string('AutoScalingConfigurationArn');
    const configurations = await this.list();
    const current = currentDefaultOf(configurations);
    if (current !== undefined && current !== ours) return { Data: { Restored: '' } }; // another default was chosen since
    const candidates = [this.previousDefault(), appRunnerDefault(configurations)]
      .filter((arn): arn is string => arn !== undefined && arn !== ours);
    for (const arn of candidates) {
      try {
        await this.client.send(new UpdateDefaultAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: arn }));
        return { Data: { Restored: arn } };
      } catch (e) {
        // deleted meanwhile (not found, or refused as inactive): the next candidate
        if (!isNotFound(e) && errorName(e) !== 'InvalidRequestException') throw e;
      }
    }
    return { Data: { Restored: '' } };
  }

  protected async isCreateComplete(): Promise<IsCompleteResponse<DefaultAutoScalingData>> {
    return COMPLETE;
  }

  protected async isUpdateComplete(): Promise<IsCompleteResponse<DefaultAutoScalingData>> {
    return COMPLETE;
  }

  protected async isDeleteComplete(): Promise<IsCompleteResponse<DefaultAutoScalingData>> {
    return COMPLETE;
  }

  private previousDefault(): string | undefined {
    const id = this.physicalResourceId ?? '';
    const previous = id.startsWith(PREFIX) ? id.slice(PREFIX.length) : '';
    return previous && previous !== 'none' ? previous : undefined;
  }

  /** The ARN of the account's current default configuration, if any. */
  private async currentDefault(): Promise<string | undefined> {
    return currentDefaultOf(await this.list());
  }

  /**
   * The account's auto scaling configurations, every revision (every page): LatestOnly
   * defaults to true, and the account's default may be an older revision of its name.
   */
  private async list(): Promise<AutoScalingConfigurationSummary[]> {
    const all: AutoScalingConfigurationSummary[] = [];
    let nextToken: string | undefined;
    do {
      const out = await this.client.send(new ListAutoScalingConfigurationsCommand({ LatestOnly: false, NextToken: nextToken }));
      all.push(...(out.AutoScalingConfigurationSummaryList ?? []));
      nextToken = out.NextToken;
    } while (nextToken);
    return all;
  }
}

/** The ARN of the account's current (active) default configuration among these, if any. */
function currentDefaultOf(configurations: AutoScalingConfigurationSummary[]): string | undefined {
  return configurations.find((c) => c.IsDefault && statusIs(c.Status, 'ACTIVE'))?.AutoScalingConfigurationArn;
}

/** App Runner's own `DefaultConfiguration` (its newest active revision), the account's original default. */
function appRunnerDefault(configurations: AutoScalingConfigurationSummary[]): string | undefined {
  return configurations
    .filter((c) => c.AutoScalingConfigurationName === 'DefaultConfiguration' && statusIs(c.Status, 'ACTIVE'))
    .sort((a, b) => (b.AutoScalingConfigurationRevision ?? 0) - (a.AutoScalingConfigurationRevision ?? 0))[0]
    ?.AutoScalingConfigurationArn;
}
