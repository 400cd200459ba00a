/**
 * How a version record already stored takes in a later sighting of the same
 * version (same id): it only gains what it lacked. A sync's listing knows
 * neither author nor Description; a history read or the apply that wrote it
 * does, so whichever comes second fills them in, and nothing is ever
 * overwritten or written twice. Pure.
 */
import type { DocumentVersion, HistoryHead, SlotHead } from '@/lib/model/history';

const FILLABLE = ['modifiedBy', 'description', 'changeRequestId', 'gitCommit'] as const;

/** The stored record with the incoming one's missing fields filled; null when that changes nothing. */
export function mergeVersion(stored: DocumentVersion, incoming: DocumentVersion): DocumentVersion | null {
  let merged: DocumentVersion | null = null;
  for (const field of FILLABLE) {
    if (stored[field] === null && incoming[field] !== null) {
      merged ??= { ...stored };
      merged[field] = incoming[field];
    }
  }
  return merged;
}

function isSameSlot(a: SlotHead | null, b: SlotHead | null): boolean {
  if (a === null || b === null) return a === b;
  return a.id === b.id && a.version === b.version && a.modifiedAt === b.modifiedAt && a.hash === b.hash && a.removed === b.removed;
}

/** Whether a head as stored already says what `b` says (then it is not written again). */
export function isSameHead(a: HistoryHead, b: HistoryHead): boolean {
  return (
    a.componentId === b.componentId &&
    a.env === b.env &&
    a.type === b.type &&
    a.nickname === b.nickname &&
    a.drift === b.drift &&
    isSameSlot(a.config, b.config) &&
    isSameSlot(a.runtime, b.runtime) &&
    [...a.pending].sort().join() === [...b.pending].sort().join()
  );
}
