import 'server-only';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { withFileLock, writeFileAtomic } from '@/lib/fs/atomic-file';
import { mergeVersion } from '@/lib/history/merge-version';
import { stringifyStepwise } from '@/lib/json/stringify-stepwise';
import { AppError } from '@/lib/model/errors';
import { DRIFT_STATUSES } from '@/lib/model/graph';
import {
  HISTORY_DOCUMENTS,
  VERSION_SOURCES,
  versionKeyOf,
  type DocumentVersion,
  type DriftTransition,
  type HistoryHead,
  type HistoryState,
  type HistoryWrite,
  type VersionKey,
} from '@/lib/model/history';
import { runInSlices, yieldEvery } from '@/lib/server/cooperative';
import type { SyncGuard } from '../graph-store';

/**
 * The memory store's history, `<dataDir>/history.json`, apart from the
 * graph file: the graph is rewritten by every sync that changes it, the
 * history only when something new was seen, and it only grows. Reads are
 * served from memory (with the index sorted once per version of the file)
 * and re-read only when another process replaced the file; every write
 * re-reads under the lock first.
 */

const status = z.enum(DRIFT_STATUSES).nullable();
const slotSchema = z.object({ id: z.string(), version: z.int(), modifiedAt: z.string(), hash: z.string(), removed: z.boolean() }).nullable();
const headSchema = z.object({
  componentId: z.string(),
  env: z.string(),
  type: z.string(),
  nickname: z.string(),
  config: slotSchema,
  runtime: slotSchema,
  drift: status,
  pending: z.array(z.enum(HISTORY_DOCUMENTS)),
});
const transitionSchema = z.object({ id: z.string(), componentId: z.string(), from: status, to: status, at: z.string(), observedAt: z.string(), reason: z.string().nullable() });
const nullableString = z.string().nullable();
const versionSchema = z.object({
  id: z.string(),
  componentId: z.string(),
  env: z.string(),
  type: z.string(),
  nickname: z.string(),
  document: z.enum(HISTORY_DOCUMENTS),
  version: z.int(),
  raw: nullableString,
  hash: z.string(),
  modifiedAt: z.string(),
  modifiedBy: nullableString,
  description: nullableString,
  changeRequestId: nullableString,
  gitCommit: nullableString,
  source: z.enum(VERSION_SOURCES),
  recordedAt: z.string(),
});
const fileSchema = z.object({
  format: z.literal(1),
  revision: z.int().nonnegative(),
  versions: z.array(versionSchema),
  transitions: z.array(transitionSchema),
  heads: z.array(headSchema),
});

type HistoryData = z.infer<typeof fileSchema>;

const EMPTY: HistoryData = { format: 1, revision: 0, versions: [], transitions: [], heads: [] };

function compareKeys(a: VersionKey, b: VersionKey): number {
  if (a.componentId !== b.componentId) return a.componentId < b.componentId ? -1 : 1;
  if (a.document !== b.document) return a.document < b.document ? -1 : 1;
  return Date.parse(a.modifiedAt) - Date.parse(b.modifiedAt) || a.version - b.version || Number(a.removed) - Number(b.removed);
}

function compareTransitions(a: DriftTransition, b: DriftTransition): number {
  return Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** One version of the file with what reads derive from it, each built at most once. */
class HistorySnapshot {
  private byIdMap: Map<string, DocumentVersion> | null = null;
  private sortedIndex: VersionKey[] | null = null;
  private headMap: Map<string, HistoryHead> | null = null;

  constructor(readonly data: HistoryData) {}

  get byId(): Map<string, DocumentVersion> {
    return (this.byIdMap ??= new Map(this.data.versions.map((v) => [v.id, v])));
  }

  get heads(): Map<string, HistoryHead> {
    return (this.headMap ??= new Map(this.data.heads.map((h) => [h.componentId, h])));
  }

  get index(): VersionKey[] {
    return (this.sortedIndex ??= this.data.versions.map(versionKeyOf).sort(compareKeys));
  }

  state(): HistoryState {
    let earliest: number | null = null;
    let latest: number | null = null;
    for (const v of this.data.versions) {
      const ms = Date.parse(v.modifiedAt);
      if (Number.isNaN(ms)) continue;
      if (earliest === null || ms < earliest) earliest = ms;
      if (latest === null || ms > latest) latest = ms;
    }
    return {
      revision: this.data.revision,
      versions: this.data.versions.length,
      transitions: this.data.transitions.length,
      earliest: earliest === null ? null : new Date(earliest).toISOString(),
      latest: latest === null ? null : new Date(latest).toISOString(),
      pendingComponents: this.data.heads.filter((h) => h.pending.length > 0).length,
    };
  }
}

async function signature(file: string): Promise<string | null> {
  try {
    const { ino, size, mtimeMs } = await stat(file);
    return `${ino}:${size}:${mtimeMs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

const copy = <T>(value: T): T => structuredClone(value);

export class HistoryFile {
  private cached: { signature: string | null; snapshot: HistorySnapshot } | null = null;
  private stateCache: { snapshot: HistorySnapshot; state: HistoryState } | null = null;

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
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new HistorySnapshot(EMPTY);
      throw error;
    }
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
    const snapshot = new HistorySnapshot(result.data);
    this.cached = { signature: current, snapshot };
    return snapshot;
  }

  async heads(ids?: readonly string[]): Promise<HistoryHead[]> {
    const snapshot = await this.load();
    if (!ids) return copy(snapshot.data.heads);
    return copy(ids.map((id) => snapshot.heads.get(id)).filter((h): h is HistoryHead => h !== undefined));
  }

  async state(): Promise<HistoryState> {
    const snapshot = await this.load();
    if (this.stateCache?.snapshot !== snapshot) this.stateCache = { snapshot, state: snapshot.state() };
    return { ...this.stateCache.state };
  }

  /** Shared with the file's snapshot: the caller must not change it (keys are plain values, copied by the store). */
  async index(componentId?: string): Promise<VersionKey[]> {
    const { index } = await this.load();
    if (componentId === undefined) return index.map((k) => ({ ...k }));
    return index.filter((k) => k.componentId === componentId).map((k) => ({ ...k }));
  }

  async versions(ids: readonly string[]): Promise<DocumentVersion[]> {
    const { byId } = await this.load();
    return ids
      .map((id) => byId.get(id))
      .filter((v): v is DocumentVersion => v !== undefined)
      .map((v) => ({ ...v }));
  }

  async transitions(filter: { componentId?: string; until?: string } = {}): Promise<DriftTransition[]> {
    const { data } = await this.load();
    const until = filter.until === undefined ? Infinity : Date.parse(filter.until);
    return data.transitions
      .filter((t) => (filter.componentId === undefined || t.componentId === filter.componentId) && Date.parse(t.at) <= until)
      .sort(compareTransitions)
      .map((t) => ({ ...t }));
  }

  /** Upserts, adds and replaces under the lock; nothing new: the file is not touched. */
  async write(input: HistoryWrite, guard?: SyncGuard): Promise<number> {
    return withFileLock(this.file, async () => {
      guard?.assertHeld();
      const snapshot = await this.load();
      const { data, byId, heads } = snapshot;
      const versions = new Map<string, DocumentVersion>();
      for (const incoming of input.versions) {
        const stored = versions.get(incoming.id) ?? byId.get(incoming.id);
        if (!stored) versions.set(incoming.id, { ...incoming });
        else {
          const merged = mergeVersion(stored, incoming);
          if (merged) versions.set(incoming.id, merged);
        }
      }
      const knownTransitions = new Set(data.transitions.map((t) => t.id));
      const transitions = input.transitions.filter((t) => !knownTransitions.has(t.id) && knownTransitions.add(t.id));
      const newHeads = new Map<string, HistoryHead>();
      for (const head of input.heads) {
        const stored = heads.get(head.componentId);
        if (!stored || JSON.stringify(stored) !== JSON.stringify(head)) newHeads.set(head.componentId, copy(head));
      }
      const written = versions.size + transitions.length + newHeads.size;
      if (written === 0) return 0;
      const next: HistoryData = {
        format: 1,
        revision: data.revision + 1,
        versions: [...data.versions.map((v) => versions.get(v.id) ?? v), ...[...versions.values()].filter((v) => !byId.has(v.id))],
        transitions: [...data.transitions, ...transitions],
        heads: [...data.heads.map((h) => newHeads.get(h.componentId) ?? h), ...[...newHeads.values()].filter((h) => !heads.has(h.componentId))],
      };
      await writeFileAtomic(this.file, await runInSlices(stringifyStepwise(next), yieldEvery()));
      this.cached = { signature: await signature(this.file), snapshot: new HistorySnapshot(next) };
      return written;
    });
  }
}
