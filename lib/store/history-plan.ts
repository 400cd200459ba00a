/**
 * What one history write changes, worked out the same way by both adapters
 * from what the store already holds for the ids the write names: versions
 * it lacks, stored versions that gain fields they lacked (mergeVersion,
 * never an overwrite), transitions with a new id, heads that differ. A write
 * of what the store holds plans nothing, so it writes nothing. Pure.
 */
import { isSameHead, mergeVersion } from '@/lib/history/merge-version';
import type { DocumentVersion, DriftTransition, HistoryHead, HistoryWrite } from '@/lib/model/history';

/** What the store holds, asked only about the ids the write names. */
export type StoredHistory = {
  version(id: string): DocumentVersion | undefined;
  hasTransition(id: string): boolean;
  head(componentId: string): HistoryHead | undefined;
};

/** A stored version as it becomes, and the fields that changed (the only ones to write). */
export type VersionUpdate = { merged: DocumentVersion; filled: Partial<DocumentVersion> };

export type HistoryPlan = {
  created: DocumentVersion[];
  updated: VersionUpdate[];
  transitions: DriftTransition[];
  heads: HistoryHead[];
  /** What HistoryWriteResult counts: each version created or updated once, each transition, each head. */
  written: number;
};

function filledFields(stored: DocumentVersion, merged: DocumentVersion): Partial<DocumentVersion> {
  const filled: Record<string, unknown> = {};
  for (const key of Object.keys(merged) as Array<keyof DocumentVersion>) if (merged[key] !== stored[key]) filled[key] = merged[key];
  return filled as Partial<DocumentVersion>;
}

/** An input naming one id twice is taken in order: the second sighting merges into the first, and the last head given wins. */
export function planHistoryWrite(stored: StoredHistory, input: HistoryWrite): HistoryPlan {
  const created = new Map<string, DocumentVersion>();
  const updated = new Map<string, { stored: DocumentVersion; merged: DocumentVersion }>();
  for (const incoming of input.versions) {
    const fresh = created.get(incoming.id);
    if (fresh) {
      created.set(incoming.id, mergeVersion(fresh, incoming) ?? fresh);
      continue;
    }
    const known = stored.version(incoming.id);
    if (!known) {
      created.set(incoming.id, { ...incoming });
      continue;
    }
    const current = updated.get(incoming.id)?.merged ?? known;
    const merged = mergeVersion(current, incoming);
    if (merged) updated.set(incoming.id, { stored: known, merged });
  }
  const transitions = new Map<string, DriftTransition>();
  for (const transition of input.transitions) {
    if (!transitions.has(transition.id) && !stored.hasTransition(transition.id)) transitions.set(transition.id, { ...transition });
  }
  const last = new Map(input.heads.map((head) => [head.componentId, head]));
  const heads = [...last.values()].filter((head) => {
    const known = stored.head(head.componentId);
    return !known || !isSameHead(known, head);
  });
  const plan = {
    created: [...created.values()],
    updated: [...updated.values()].map(({ stored: before, merged }) => ({ merged, filled: filledFields(before, merged) })),
    transitions: [...transitions.values()],
    heads: heads.map((head) => structuredClone(head)),
  };
  return { ...plan, written: plan.created.length + plan.updated.length + plan.transitions.length + plan.heads.length };
}
