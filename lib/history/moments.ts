/**
 * The moments the estate changed, for the time slider: each distinct
 * instant a version was written (or a document removed), oldest first.
 * More than `max` are merged into adjacent buckets, each at its newest
 * instant so that "as of" a bucket includes all of it. Pure.
 */
import type { HistoryMoment, VersionKey } from '@/lib/model/history';

/** Component ids listed per moment (the smallest, sorted); `versions` still counts all. */
const LISTED = 20;

export function historyMoments(index: readonly VersionKey[], max: number): HistoryMoment[] {
  const byInstant = new Map<number, { versions: number; components: Set<string> }>();
  for (const key of index) {
    const ms = Date.parse(key.modifiedAt);
    if (Number.isNaN(ms)) continue;
    const entry = byInstant.get(ms) ?? { versions: 0, components: new Set<string>() };
    entry.versions++;
    entry.components.add(key.componentId);
    byInstant.set(ms, entry);
  }
  const instants = [...byInstant.keys()].sort((a, b) => a - b);
  const buckets = Math.max(1, Math.min(max, instants.length));
  const moments: HistoryMoment[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * instants.length) / buckets);
    const to = Math.floor(((b + 1) * instants.length) / buckets);
    if (to <= from) continue;
    let versions = 0;
    const components = new Set<string>();
    for (let i = from; i < to; i++) {
      const entry = byInstant.get(instants[i])!;
      versions += entry.versions;
      for (const id of entry.components) components.add(id);
    }
    moments.push({ at: new Date(instants[to - 1]).toISOString(), versions, components: [...components].sort().slice(0, LISTED) });
  }
  return moments;
}
