import { TagManager, Token } from 'aws-cdk-lib';

/**
 * Problems with the tags of a resource (keys 1–128 characters, not starting with `aws:`;
 * values at most 256 characters), for `node.addValidation`: tags applied with `Tags.of()`
 * are only known at synthesis, so they are reported as validation errors, not thrown.
 */
export function tagProblems(prop: string, tags: TagManager): string[] {
  const problems: string[] = [];
  const rendered = tags.renderTags() as Array<{ key: string; value: string }> | undefined;
  for (const { key, value } of rendered ?? []) {
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
