/**
 * What a sync must record in the history (ARCHITECTURE.md §6c), diffed
 * against the heads: the versions it sees for the first time, the
 * documents gone since, and drift transitions. A sync that sees nothing new
 * gets empty lists, so it writes nothing. Pure.
 */
import type { Component, Graph } from '@/lib/model/graph';
import {
  driftTransitionId,
  historyVersionId,
  type DocumentVersion,
  type DriftTransition,
  type HistoryDocument,
  type HistoryHead,
  type HistoryWrite,
  type SlotHead,
} from '@/lib/model/history';
import type { DriftStatus } from '@/lib/model/graph';
import { contentHash } from './content-hash';

export type PlanSyncHistoryInput = {
  graph: Graph;
  heads: readonly HistoryHead[];
  now: Date;
  /** When the previous sync finished; a drift's `since` after it is when the transition happened. */
  lastSyncAt: string | null;
  /** Whether a component first seen gets its SSM history read (the backfill). */
  backfill: boolean;
};

type Seen = { raw: string; version: number; modifiedAt: string; modifiedBy: string | null };

function seenDocument(c: Component, document: HistoryDocument): Seen | null {
  if (document === 'config') {
    if (c.configRaw === null || c.configVersion === null || c.configModifiedAt === null) return null;
    return { raw: c.configRaw, version: c.configVersion, modifiedAt: c.configModifiedAt, modifiedBy: c.configModifiedBy };
  }
  if (c.runtimeRaw === null || c.runtimeVersion === null || c.runtimeModifiedAt === null) return null;
  return { raw: c.runtimeRaw, version: c.runtimeVersion, modifiedAt: c.runtimeModifiedAt, modifiedBy: null };
}

function transitionTime(since: string | null | undefined, lastSyncAt: string | null, now: Date): string {
  const at = since ? Date.parse(since) : NaN;
  const after = lastSyncAt ? Date.parse(lastSyncAt) : -Infinity;
  return !Number.isNaN(at) && at > after && at <= now.getTime() ? new Date(at).toISOString() : now.toISOString();
}

const DOCUMENTS: readonly HistoryDocument[] = ['config', 'runtime'];

export function planSyncHistory({ graph, heads, now, lastSyncAt, backfill }: PlanSyncHistoryInput): HistoryWrite {
  const nowIso = now.toISOString();
  const byId = new Map(heads.map((h) => [h.componentId, h]));
  const versions: DocumentVersion[] = [];
  const transitions: DriftTransition[] = [];
  const changedHeads: HistoryHead[] = [];

  const removal = (head: HistoryHead, document: HistoryDocument, slot: SlotHead): { version: DocumentVersion; slot: SlotHead } => {
    const id = `${historyVersionId(head.componentId, document, slot.version, nowIso)}:removed`;
    return {
      version: {
        id,
        componentId: head.componentId,
        env: head.env,
        type: head.type,
        nickname: head.nickname,
        document,
        version: slot.version,
        raw: null,
        hash: '',
        modifiedAt: nowIso,
        modifiedBy: null,
        description: null,
        changeRequestId: null,
        gitCommit: null,
        source: 'sync',
        recordedAt: nowIso,
      },
      slot: { id, version: slot.version, modifiedAt: nowIso, hash: '', removed: true },
    };
  };

  for (const c of graph.components) {
    const head = byId.get(c.id);
    const next: HistoryHead = head
      ? { ...head, pending: [...head.pending] }
      : { componentId: c.id, env: c.env, type: c.type, nickname: c.nickname, config: null, runtime: null, drift: null, pending: [] };
    let isChanged = !head;
    for (const document of DOCUMENTS) {
      const seen = seenDocument(c, document);
      const slot = next[document];
      if (seen) {
        const id = historyVersionId(c.id, document, seen.version, seen.modifiedAt);
        if (slot?.id === id) continue;
        const hash = contentHash(seen.raw);
        versions.push({
          id,
          componentId: c.id,
          env: c.env,
          type: c.type,
          nickname: c.nickname,
          document,
          version: seen.version,
          raw: seen.raw,
          hash,
          modifiedAt: seen.modifiedAt,
          modifiedBy: seen.modifiedBy,
          description: null,
          changeRequestId: null,
          gitCommit: null,
          source: 'sync',
          recordedAt: nowIso,
        });
        next[document] = { id, version: seen.version, modifiedAt: seen.modifiedAt, hash, removed: false };
        // First seen: the SSM history before Karma is to be read; a later version: who wrote it, and any skipped between two syncs.
        if ((head || backfill) && !next.pending.includes(document)) next.pending.push(document);
        isChanged = true;
      } else if (slot && !slot.removed) {
        const gone = removal(next, document, slot);
        versions.push(gone.version);
        next[document] = gone.slot;
        next.pending = next.pending.filter((d) => d !== document);
        isChanged = true;
      }
    }
    const status: DriftStatus | null = c.drift?.status ?? null;
    if (status !== next.drift && (head || status !== null)) {
      transitions.push({
        id: driftTransitionId(c.id, nowIso),
        componentId: c.id,
        from: next.drift,
        to: status,
        at: transitionTime(c.drift?.since, lastSyncAt, now),
        observedAt: nowIso,
        reason: c.drift?.reasons[0] ?? null,
      });
      next.drift = status;
      isChanged = true;
    }
    if (isChanged) {
      next.pending.sort();
      changedHeads.push(next);
    }
  }

  const present = new Set(graph.components.map((c) => c.id));
  for (const head of heads) {
    if (present.has(head.componentId)) continue;
    const next: HistoryHead = { ...head, pending: [] };
    let isChanged = head.pending.length > 0;
    for (const document of DOCUMENTS) {
      const slot = head[document];
      if (!slot || slot.removed) continue;
      const gone = removal(head, document, slot);
      versions.push(gone.version);
      next[document] = gone.slot;
      isChanged = true;
    }
    if (head.drift !== null) {
      transitions.push({
        id: driftTransitionId(head.componentId, nowIso),
        componentId: head.componentId,
        from: head.drift,
        to: null,
        at: nowIso,
        observedAt: nowIso,
        reason: null,
      });
      next.drift = null;
      isChanged = true;
    }
    if (isChanged) changedHeads.push(next);
  }
  return { versions, transitions, heads: changedHeads };
}
