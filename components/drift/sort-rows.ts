/** Client-side ordering of the drift table; missing values always sort last. */
import { DRIFT_PRECEDENCE, type DriftRow } from '@/lib/model/drift';
import type { SortDirection, SortKey } from './use-drift-url-state';

function compareNullable<T>(a: T | null, b: T | null, compare: (x: T, y: T) => number, sign: number): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return sign * compare(a, b);
}

const text = (a: string, b: string) => a.localeCompare(b);

export function sortRows(rows: DriftRow[], key: SortKey, dir: SortDirection): DriftRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  const compare = (a: DriftRow, b: DriftRow): number => {
    switch (key) {
      case 'status':
        return sign * (DRIFT_PRECEDENCE.indexOf(a.status) - DRIFT_PRECEDENCE.indexOf(b.status));
      case 'component':
        return sign * text(a.id, b.id);
      case 'env':
        return sign * text(a.env, b.env);
      case 'since':
        return compareNullable(a.since === null ? null : Date.parse(a.since), b.since === null ? null : Date.parse(b.since), (x, y) => x - y, sign);
      case 'changedBy':
        return compareNullable(a.changedBy, b.changedBy, text, sign);
    }
  };
  // Ties fall back to the id, so the order is stable across reloads.
  return [...rows].sort((a, b) => compare(a, b) || text(a.id, b.id));
}
