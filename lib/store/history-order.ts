/**
 * The orders and filters both GraphStore adapters answer the history's reads
 * in (as store-order.ts for the rest): times compare as times, not as text,
 * since SSM's and Karma's timestamps need not share one ISO format. Pure.
 */
import type { DriftTransition, VersionKey } from '@/lib/model/history';

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** By component, document, modification time, version; ties (none expected) by id. */
export function compareVersionKeys(a: VersionKey, b: VersionKey): number {
  return (
    byText(a.componentId, b.componentId) || byText(a.document, b.document) || Date.parse(a.modifiedAt) - Date.parse(b.modifiedAt) || a.version - b.version || byText(a.id, b.id)
  );
}

/** Oldest first; ties by id. */
export function compareTransitions(a: DriftTransition, b: DriftTransition): number {
  return Date.parse(a.at) - Date.parse(b.at) || byText(a.id, b.id);
}

export type TransitionFilter = { componentId?: string; until?: string };

/** One component's with `componentId`; with `until`, those at or before it. */
export function transitionMatcher(filter: TransitionFilter): (transition: DriftTransition) => boolean {
  const until = filter.until === undefined ? Infinity : Date.parse(filter.until);
  return (t) => (filter.componentId === undefined || t.componentId === filter.componentId) && Date.parse(t.at) <= until;
}
