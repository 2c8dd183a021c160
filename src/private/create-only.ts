import { TagManager, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { tagProblems } from './tags';
import { warn, warnWhen } from './warnings';

/**
 * Check the tags of a resource whose Tags property is create-only: invalid tags fail
 * synthesis; any tag gets a warning that changing it replaces the resource (`createOnlyTags`;
 * a `Service` keeps the id it had before this one check existed, `serviceTagsReplace`, so that
 * acknowledgements of it still hold). Not with `tagsInPlace` (the tags are then no property of
 * the resource).
 */
export function watchCreateOnlyTags(scope: Construct, what: string, tags: TagManager, consequence: string, tagsInPlace = false,
  names: { readonly id?: string; readonly property?: string } = {}): void {
  scope.node.addValidation({ validate: () => tagProblems(names.property ?? `${what} tags`, tags) });
  warnWhen(scope, names.id ?? 'createOnlyTags',
    `Tags on ${what} are create-only: adding, changing or removing a tag replaces it (${consequence}). Keep its tags stable (tags applied with Tags.of() on a parent count too).`,
    () => !tagsInPlace && tags.hasTags());
}

/**
 * Warn about a fixed physical name of a resource with create-only properties: a change to
 * them replaces the resource, and CloudFormation creates the replacement before it deletes
 * the old one, which a name still in use makes fail.
 */
export function warnFixedName(scope: Construct, id: string, what: string, nameProp: string, name: string, createOnly: string): void {
  const shown = Token.isUnresolved(name) ? '' : ` (${name})`;
  warn(scope, id,
    `${what} has a fixed name${shown}: ${createOnly} are create-only, so changing them replaces it, and CloudFormation cannot `
    + `create the replacement while the old one holds the name. Change ${nameProp} in the same update, or omit it to let CloudFormation generate one.`);
}
