import { CfnResource, Lazy, TagManager } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { sortedTagMap, tagEntryProblems } from './tags';
import { fail } from './validation';
import { warnWhen } from './warnings';
import { TAGS_TYPE, TagsProperties } from '../operations/contract';
import { OperationsProvider } from '../operations/operations-provider';

/** What a construct's props say about its tags (`tagsInPlace`, `creationTags`). */
export interface TagsInPlaceOptions {
  readonly tagsInPlace?: boolean;
  readonly creationTags?: { [key: string]: string };
}

/**
 * Tags updated in place (issue 12 part 1), the one piece every construct wires: with
 * `tagsInPlace`, the L1's create-only `Tags` property holds only `creationTags` (rendered at
 * synthesis, as aws-cdk-lib renders its TagManager: sorted by key), and the tags of its
 * TagManager (constructor tags and `Tags.of()` aspects, which apply at synthesis) go to a
 * `Custom::AppRunnerTags` resource (id `Tags`, under `scope`), which sets them with TagResource /
 * UntagResource, granted on `arn` only. Without it nothing changes (and `creationTags` is an
 * error). Returns whether it is on.
 */
export function wireTagsInPlace(scope: IConstruct, cfn: CfnResource, tags: TagManager, arn: string,
  options: TagsInPlaceOptions, what: string): boolean {
  if (!options.tagsInPlace) {
    if (options.creationTags !== undefined) {
      fail('CreationTagsWithoutTagsInPlace', `${what} ${scope.node.path}: creationTags only apply with tagsInPlace: true (without it every tag is in the create-only Tags property)`, scope);
    }
    return false;
  }
  const creationTags = options.creationTags ?? {};
  checkCreationTags(scope, creationTags);
  const sortedCreation = Object.keys(creationTags).sort().map((key) => ({ Key: key, Value: creationTags[key] }));
  cfn.addPropertyOverride('Tags', Lazy.any({ produce: () => sortedCreation.length > 0 ? sortedCreation : undefined }));

  const provider = OperationsProvider.of(scope);
  const resource = provider._customResource(scope, 'Tags', TAGS_TYPE, {
    ResourceArn: arn,
    Tags: Lazy.string({ produce: () => JSON.stringify(sortedTagMap(tags)) }),
  } satisfies TagsProperties);
  provider._grantHandlers(['apprunner:TagResource', 'apprunner:UntagResource'], [arn], resource);

  warnWhen(scope, 'tagsMovedInPlace',
    `${what} ${scope.node.id} has tagsInPlace: its tags (also from Tags.of() on a parent) are set with TagResource / UntagResource, and its `
    + 'create-only Tags property now holds only creationTags. If the resource exists with tags, set creationTags to exactly the tags it was '
    + 'created with (else CloudFormation replaces it); adding, changing or removing a creation tag later replaces it.',
    () => tags.hasTags() || sortedCreation.length > 0);
  return true;
}

/** The rules of App Runner tags for `creationTags` (key 1–128 characters, not `aws:`; value at most 256). */
function checkCreationTags(scope: IConstruct, tags: { [key: string]: string }): void {
  const [first] = tagEntryProblems('creationTags', Object.entries(tags).map(([key, value]) => ({ key, value })));
  if (first !== undefined) fail('InvalidCreationTag', first, scope);
}
