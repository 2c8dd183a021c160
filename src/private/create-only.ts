import { Annotations, TagManager } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { tagProblems } from './tags';

/**
 * Check the tags of a resource whose Tags property is create-only: invalid tags fail
 * synthesis; any tag gets a warning that changing it replaces the resource.
 */
export function watchCreateOnlyTags(scope: Construct, what: string, tags: TagManager, consequence: string): void {
  scope.node.addValidation({
    validate: () => {
      const problems = tagProblems(`${what} tags`, tags);
      if (problems.length > 0) return problems;
      if (tags.hasTags()) {
        Annotations.of(scope).addWarningV2('cdk-apprunner-kit:createOnlyTags',
          `Tags on ${what} are create-only: adding, changing or removing a tag replaces it (${consequence}). Keep its tags stable (tags applied with Tags.of() on a parent count too).`);
      }
      return [];
    },
  });
}
