import 'server-only';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { withFileLock, writeFileAtomic } from '@/lib/fs/atomic-file';
import { stringifyStepwise } from '@/lib/json/stringify-stepwise';
import { AppError } from '@/lib/model/errors';
import { versionKeyOf, type DocumentVersion, type DriftTransition, type HistoryHead, type HistoryState, type HistoryWrite, type VersionKey } from '@/lib/model/history';
import { runInSlices, yieldEvery } from '@/lib/server/cooperative';
import type { SyncGuard } from '../graph-store';
import { compareTransitions, sortVersionKeys, transitionMatcher, type TransitionFilter } from '../history-order';
import { planHistoryWrite } from '../history-plan';
import { documentVersionSchema, driftTransitionSchema, historyHeadSchema } from '../stored-schemas';
import { signature } from './graph-file';

/**
 * The memory store's history, `<dataDir>/history.json`, apart from the
 * graph file: the graph is rewritten by every sync that changes it, the
 * history only when something new was seen, and it only grows. Reads are
 * served from memory, with what they derive (the sorted index, lookups by
 * id, the state) built at most once per version of the file, and the file
 * is re-read only when another process replaced it; every write re-reads
 * under the lock first.
 */

const fileSchema = z.object({
  format: z.literal(1),
  revision: z.int().nonnegative(),
  versions: z.array(documentVersionSchema),
  transitions: z.array(driftTransitionSchema),
  heads: z.array(historyHeadSchema),
});

type HistoryData = z.infer<typeof fileSchema>;

const EMPTY: HistoryData = { format: 1, revision: 0, versions: [], transitions: [], heads: [] };

/** Oldest and newest by time, as stored. */
function timeRange(versions: readonly DocumentVersion[]): { earliest: string | null; latest: string | null } {
  let earliest: { ms: number; at: string } | null = null;
  let latest: { ms: number; at: string } | null = null;
  for (const { modifiedAt } of versions) {
    const ms = Date.parse(modifiedAt);
    if (Number.isNaN(ms)) continue;
    if (earliest === null || ms < earliest.ms) earliest = { ms, at: modifiedAt };
    if (latest === null || ms > latest.ms) latest = { ms, at: modifiedAt };
  }
  return { earliest: earliest?.at ?? null, latest: latest?.at ?? null };
}

/** One version of the file with what reads derive from it, each built at most once. Never changed: a write makes a new one. */
class HistorySnapshot {
  private derived: {
    byId?: Map<string, DocumentVersion>;
    index?: VersionKey[];
    byComponent?: Map<string, VersionKey[]>;
    transitions?: DriftTransition[];
    heads?: Map<string, HistoryHead>;
    sortedHeads?: HistoryHead[];
    transitionIds?: Set<string>;
    state?: HistoryState;
  } = {};

  constructor(readonly data: HistoryData) {}

  get byId(): Map<string, DocumentVersion> {
    return (this.derived.byId ??= new Map(this.data.versions.map((v) => [v.id, v])));
  }

  get heads(): Map<string, HistoryHead> {
    return (this.derived.heads ??= new Map(this.data.heads.map((h) => [h.componentId, h])));
  }

  get sortedHeads(): HistoryHead[] {
    return (this.derived.sortedHeads ??= [...this.data.heads].sort((a, b) => (a.componentId < b.componentId ? -1 : a.componentId > b.componentId ? 1 : 0)));
  }

  get transitionIds(): Set<string> {
    return (this.derived.transitionIds ??= new Set(this.data.transitions.map((t) => t.id)));
  }

  get index(): VersionKey[] {
    return (this.derived.index ??= sortVersionKeys(this.data.versions.map(versionKeyOf)));
  }

  indexOf(componentId: string): VersionKey[] {
    if (!this.derived.byComponent) {
      const byComponent = new Map<string, VersionKey[]>();
      for (const key of this.index) {
        const list = byComponent.get(key.componentId);
        if (list) list.push(key);
        else byComponent.set(key.componentId, [key]);
      }
      this.derived.byComponent = byComponent;
    }
    return this.derived.byComponent.get(componentId) ?? [];
  }

  get transitions(): DriftTransition[] {
    return (this.derived.transitions ??= [...this.data.transitions].sort(compareTransitions));
  }

  get state(): HistoryState {
    return (this.derived.state ??= {
      revision: this.data.revision,
      versions: this.data.versions.length,
      transitions: this.data.transitions.length,
      ...timeRange(this.data.versions),
      pendingComponents: this.data.heads.filter((h) => h.pending.length > 0).length,
    });
  }
}

const copyHead = (head: HistoryHead): HistoryHead => structuredClone(head);

export class HistoryFile {
  private cached: { signature: string | null; snapshot: HistorySnapshot } | null = null;

  constructor(readonly file: string) {}

  static inDataDir(dataDir: string): HistoryFile {
    return new HistoryFile(path.join(dataDir, 'history.json'));
  }

  private async load(): Promise<HistorySnapshot> {
    const current = await signature(this.file);
    if (this.cached && this.cached.signature === current) return this.cached.snapshot;
    if (current === null) {
      this.cached = { signature: null, snapshot: new HistorySnapshot(EMPTY) };
      return this.cached.snapshot;
    }
    let raw: string;
    try {
      raw = await readFile(this.file, 'utf8');
    } catch (error) {
      // Replaced or removed between stat and read: the next load sees the new version.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new HistorySnapshot(EMPTY);
      throw error;
    }
    const snapshot = new HistorySnapshot(this.parse(raw));
    this.cached = { signature: current, snapshot };
    return snapshot;
  }

  private parse(raw: string): HistoryData {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new AppError('internal', `${this.file} is not valid JSON; fix or remove it (the history is then recorded afresh)`, { cause: error });
    }
    const result = fileSchema.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new AppError('internal', `${this.file} does not look like a Karma history file: ${issue?.path.join('.')} ${issue?.message}`);
    }
    return result.data;
  }

  /** Every head by component id, or those of `ids` in the order asked. */
  async heads(ids?: readonly string[]): Promise<HistoryHead[]> {
    const snapshot = await this.load();
    if (!ids) return snapshot.sortedHeads.map(copyHead);
    return ids.flatMap((id) => {
      const head = snapshot.heads.get(id);
      return head ? [copyHead(head)] : [];
    });
  }

  async state(): Promise<HistoryState> {
    return { ...(await this.load()).state };
  }

  /** Keys are flat, so a spread is a whole copy: 200,000 of them in tens of milliseconds, where structuredClone took hundreds. */
  async index(componentId?: string): Promise<VersionKey[]> {
    const snapshot = await this.load();
    return (componentId === undefined ? snapshot.index : snapshot.indexOf(componentId)).map((k) => ({ ...k }));
  }

  async versions(ids: readonly string[]): Promise<DocumentVersion[]> {
    const { byId } = await this.load();
    return ids.flatMap((id) => {
      const version = byId.get(id);
      return version ? [{ ...version }] : [];
    });
  }

  async transitions(filter: TransitionFilter = {}): Promise<DriftTransition[]> {
    const { transitions } = await this.load();
    return transitions.filter(transitionMatcher(filter)).map((t) => ({ ...t }));
  }

  /**
   * Upserts, adds and replaces under the lock, in one atomic replace (the
   * guard is asked once, before it); a write of what the file holds leaves
   * it untouched.
   */
  async write(input: HistoryWrite, guard?: SyncGuard): Promise<{ written: number; isWritten: boolean }> {
    return withFileLock(this.file, async () => {
      const snapshot = await this.load();
      const { data, byId, heads, transitionIds } = snapshot;
      const plan = planHistoryWrite({ version: (id) => byId.get(id), hasTransition: (id) => transitionIds.has(id), head: (id) => heads.get(id) }, input);
      if (plan.written === 0) return { written: 0, isWritten: false };
      guard?.assertHeld();
      const updated = new Map(plan.updated.map(({ merged }) => [merged.id, merged]));
      const replaced = new Map(plan.heads.map((head) => [head.componentId, head]));
      const next: HistoryData = {
        format: 1,
        revision: data.revision + 1,
        versions: [...(updated.size > 0 ? data.versions.map((v) => updated.get(v.id) ?? v) : data.versions), ...plan.created],
        transitions: [...data.transitions, ...plan.transitions],
        heads: [...data.heads.map((h) => replaced.get(h.componentId) ?? h), ...plan.heads.filter((h) => !heads.has(h.componentId))],
      };
      await writeFileAtomic(this.file, await runInSlices(stringifyStepwise(next), yieldEvery()));
      this.cached = { signature: await signature(this.file), snapshot: new HistorySnapshot(next) };
      return { written: plan.written, isWritten: true };
    });
  }
}
