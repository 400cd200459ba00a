/** A document's text as JSON, or null when there is none or it is not JSON (where a bad document only means "nothing to compare"). Pure. */
import type { JsonValue } from '@/lib/model/json';

export function parseOrNull(text: string | null | undefined): JsonValue | null {
  if (text === null || text === undefined) return null;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return null;
  }
}
