import { TagManager, Token } from 'aws-cdk-lib';

/**
 * Problems with the tags of a resource (keys 1–128 characters, not starting with `aws:`;
 * values at most 256 characters), for `node.addValidation`: tags applied with `Tags.of()`
 * are only known at synthesis, so they are reported as validation errors, not thrown.
 */
export function tagProblems(prop: string, tags: TagManager): string[] {
  return tagEntryProblems(prop, renderedTags(tags));
}

/** The rules of App Runner tags for key/value pairs (tokens are skipped), as `tagProblems` words them. */
export function tagEntryProblems(prop: string, entries: Array<{ key: string; value: string }>): string[] {
  const problems: string[] = [];
  for (const { key, value } of entries) {
    if (Token.isUnresolved(key)) continue;
    if (key.length < 1 || key.length > 128) {
      problems.push(`${prop}: tag key must be between 1 and 128 characters, got ${key.length} characters: ${JSON.stringify(key)}`);
    } else if (/^aws:/i.test(key)) {
      problems.push(`${prop}: tag key must not start with "aws:", got ${JSON.stringify(key)}`);
    }
    if (!Token.isUnresolved(value) && value.length > 256) {
      problems.push(`${prop}: value of tag ${key} must be at most 256 characters, got ${value.length} characters`);
    }
  }
  return problems;
}

/** The TagManager's tags as key → value, sorted by key (stable templates). */
export function sortedTagMap(tags: TagManager): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of [...renderedTags(tags)].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) out[key] = value;
  return out;
}

function renderedTags(tags: TagManager): Array<{ key: string; value: string }> {
  return (tags.renderTags() as Array<{ key: string; value: string }> | undefined) ?? [];
}
