import * as crypto from 'crypto';

/** The first 8 hex characters of the SHA-256 of `value`: stable construct ids and name suffixes. */
export function shortHash(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex').slice(0, 8);
}
