/**
 * A DNS name as Route 53 puts it in the IAM condition key
 * `route53:ChangeResourceRecordSetsNormalizedRecordNames` (Route 53 developer guide, "Using
 * IAM policy conditions for fine-grained access control"): letters in lower case, no trailing
 * dot, and every character other than `a-z`, `0-9`, `-`, `_` and the period between labels
 * written as a backslash and its three-digit octal code (`*` is `\052`).
 *
 * The name may already hold such escapes (`\052.example.com`, as the Route 53 API accepts
 * them): an escaped character is read as the character it stands for, and written again by
 * the same rule, so an escaped period (one inside a label) stays `\056`.
 */
export function normalizeRecordName(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const escaped = /^\\[0-7]{3}/.test(name.slice(i, i + 4));
    const char = escaped ? String.fromCharCode(parseInt(name.slice(i + 1, i + 4), 8)) : name[i];
    if (escaped) i += 3;
    out += !escaped && char === '.' ? '.' : normalizeChar(char);
  }
  return out.endsWith('.') ? out.slice(0, -1) : out;
}

/** One character of a label: in lower case when allowed, else `\ooo` (the octal of its code). */
function normalizeChar(char: string): string {
  const lower = char.toLowerCase();
  if (/^[a-z0-9_-]$/.test(lower)) return lower;
  return `\\${char.charCodeAt(0).toString(8).padStart(3, '0')}`;
}
