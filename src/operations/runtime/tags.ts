import { AppRunnerClient, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-apprunner';
import type { TagsData, TagsProperties } from '../contract';
import { describeError, isInvalidState } from './apprunner';
import { COMPLETE, NOT_YET, ResourceHandler } from './resource-handler';
import { parseTagsProperty, tagChanges } from './tag-property';
import { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from './types';

/** Keys AWS reserves: never set nor removed here. */

/**
 * Custom::AppRunnerTags {ResourceArn, Tags}: the tags of an App Runner resource, set with
 * TagResource and removed with UntagResource instead of the resource's create-only `Tags`
 * property (`tagsInPlace`).
 *
 * - The physical id is `<ResourceArn>|tags`: a replaced resource (a new ARN) is a new
 *   instance, which tags the new resource with all its tags; the old instance's Delete in the
 *   cleanup phase finds nothing to do (its resource is being deleted).
 * - Update (same ARN): TagResource of the keys added or changed, UntagResource of the keys of
 *   the old properties that are gone: only keys this resource set (the old properties are
 *   exactly those), never `aws:` keys, never tags set by others. A rollback's Update back to the
 *   old properties restores the previous tags the same way.
 * - Delete calls nothing: the construct's removal or the stack's deletion leaves the resource
 *   (and its tags) to CloudFormation.
 * - onEvent only decides; isComplete tags (TagResource and UntagResource are idempotent, so a
 *   repeated poll is harmless) and waits while App Runner answers InvalidStateException (an
 *   operation in progress on the service).
 */
export class TagsHandler extends ResourceHandler<TagsProperties, TagsData> {
  constructor(private readonly client: AppRunnerClient, event: OnEventRequest | IsCompleteRequest, now?: () => number) {
    super(event, now);
  }

  protected waitingFor(): string {
    return `the tags of ${this.props.string('ResourceArn')}`;
  }

  protected async onCreate(): Promise<OnEventResponse<TagsData>> {
    return { PhysicalResourceId: `${this.props.string('ResourceArn')}|tags` };
  }

  protected onUpdate(): Promise<OnEventResponse<TagsData>> {
    return this.onCreate();
  }

  protected isCreateComplete(): Promise<IsCompleteResponse<TagsData>> {
    return this.apply(this.tags(this.props.string('Tags')), {});
  }

  protected isUpdateComplete(): Promise<IsCompleteResponse<TagsData>> {
    const sameResource = this.oldProps.optionalString('ResourceArn') === this.props.string('ResourceArn');
    const old = sameResource ? this.tags(this.oldProps.optionalString('Tags') ?? '{}') : {};
    return this.apply(this.tags(this.props.string('Tags')), old);
  }

  /** Set `wanted` where it differs from `old`; remove the keys of `old` not in `wanted`. */
  private async apply(wanted: Record<string, string>, old: Record<string, string>): Promise<IsCompleteResponse<TagsData>> {
    const arn = this.props.string('ResourceArn');
    const { set, remove } = tagChanges(wanted, old);
    try {
      if (set.length > 0) {
        await this.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: set }));
      }
      if (remove.length > 0) {
        await this.client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: remove }));
      }
    } catch (e) {
      if (!isInvalidState(e)) throw e;
      this.lastStatus = describeError(e);
      return NOT_YET;
    }
    return COMPLETE;
  }

  /** The tags of a `Tags` property, without reserved keys. */
  private tags(json: string): Record<string, string> {
    return parseTagsProperty(this.event.ResourceType, json);
  }
}
