import { createHash } from 'node:crypto';

/** A version's content hash (sha256, hex, first 32 digits); '' for a removal. */
export function contentHash(raw: string | null): string {
  return raw === null ? '' : createHash('sha256').update(raw).digest('hex').slice(0, 32);
}
