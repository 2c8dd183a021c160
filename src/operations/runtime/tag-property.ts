/**
 * The handlers' one reading of a `Tags` property (Custom::AppRunnerTags, Custom::AppRunnerConnection):
 * a JSON object of key → value, rendered by the constructs with sorted keys.
 */

/** Keys AWS reserves (`aws:…`): never set or removed by a handler. */
const RESERVED = /^aws:/i;

/**
 * The tags of a `Tags` property: absent or empty is none; anything but a JSON object of key →
 * string (numbers and booleans are taken as strings) fails, naming the resource type; reserved
 * keys are left out.
 */
export function parseTagsProperty(resourceType: string, value: string | undefined): Record<string, string> {
  if (value === undefined || value === '') return {};
  const refuse = (): never => {
    throw new Error(`${resourceType}: property Tags must be a JSON object of key → value, got ${JSON.stringify(value)}`);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return refuse();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return refuse();
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.some(([, v]) => !['string', 'number', 'boolean'].includes(typeof v))) return refuse();
  return Object.fromEntries(entries.filter(([key]) => !RESERVED.test(key)).map(([key, v]) => [key, String(v)]));
}

/** What to tag and untag to go from `old` to `wanted` (keys in `keep` are never touched). */
export function tagChanges(wanted: Record<string, string>, old: Record<string, string>, keep: readonly string[] = []):
{ readonly set: Array<{ Key: string; Value: string }>; readonly remove: string[] } {
  return {
    set: Object.entries(wanted).filter(([key, value]) => old[key] !== value && !keep.includes(key)).map(([Key, Value]) => ({ Key, Value })),
    remove: Object.keys(old).filter((key) => !(key in wanted) && !keep.includes(key)),
  };
}
