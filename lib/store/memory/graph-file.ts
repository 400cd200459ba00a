import 'server-only';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { withFileLock, writeFileAtomic } from '@/lib/fs/atomic-file';
import { indexGraph, type GraphIndex } from '@/lib/graph/graph-index';
import { stringifyStepwise } from '@/lib/json/stringify-stepwise';
import type { AuditEvent, ChangeRequest } from '@/lib/model/change-request';
import { AppError } from '@/lib/model/errors';
import type { Graph } from '@/lib/model/graph';
import type { Rollout } from '@/lib/model/rollout';
import { runInSlices, yieldEvery } from '@/lib/server/cooperative';
import type { GraphState } from '../graph-store';
import { auditEventSchema, changeRequestSchema, graphSchema, rolloutSchema } from '../stored-schemas';

/**
 * The memory store's one file, `<dataDir>/graph.json`: the graph, change
 * requests, rollouts and events together, so a transition and its event land in one
 * atomic replace. Reads are served from memory and re-read only when another
 * process (the CLI, a second portal) replaced the file; every write re-reads
 * under the lock first.
 */

const stateSchema = z.object({ generation: z.int().nonnegative(), syncedAt: z.string() });

const fileSchema = z.object({
  format: z.literal(1),
  graph: graphSchema,
  // Absent in files written before the graph had a generation: no complete sync recorded yet.
  state: stateSchema.nullable().default(null),
  changeRequests: z.array(changeRequestSchema),
  events: z.array(auditEventSchema),
  // Absent in files written before rollouts.
  rollouts: z.array(rolloutSchema).default([]),
});

export type GraphFileData = {
  format: 1;
  graph: Graph;
  state: GraphState | null;
  changeRequests: ChangeRequest[];
  events: AuditEvent[];
  rollouts: Rollout[];
};

const EMPTY: GraphFileData = {
  format: 1,
  graph: { components: [], edges: [], cycles: [], ignoredParameters: [] },
  state: null,
  changeRequests: [],
  events: [],
  rollouts: [],
};

/** What a read works on: the data plus an index built at most once per version of the file. */
export type Snapshot = { data: GraphFileData; index(): GraphIndex };

function snapshotOf(data: GraphFileData): Snapshot {
  let index: GraphIndex | null = null;
  return { data, index: () => (index ??= indexGraph(data.graph)) };
}

/** Identifies one version of the file: an atomic replace gives a new inode, size or time. */
export async function signature(file: string): Promise<string | null> {
  try {
    const { ino, size, mtimeMs } = await stat(file);
    return `${ino}:${size}:${mtimeMs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export type FileChange<T> = { data: GraphFileData | null; result: T };

export class GraphFile {
  readonly file: string;
  private cached: { signature: string | null; snapshot: Snapshot } | null = null;

  constructor(file: string) {
    this.file = file;
  }

  static inDataDir(dataDir: string): GraphFile {
    return new GraphFile(path.join(dataDir, 'graph.json'));
  }

  async load(): Promise<Snapshot> {
    const current = await signature(this.file);
    if (this.cached && this.cached.signature === current) return this.cached.snapshot;
    if (current === null) {
      this.cached = { signature: null, snapshot: snapshotOf(EMPTY) };
      return this.cached.snapshot;
    }
    let raw: string;
    try {
      raw = await readFile(this.file, 'utf8');
    } catch (error) {
      // Replaced or removed between stat and read: the next load sees the new version.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return snapshotOf(EMPTY);
      throw error;
    }
    const snapshot = snapshotOf(this.parse(raw));
    this.cached = { signature: current, snapshot };
    return snapshot;
  }

  private parse(raw: string): GraphFileData {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new AppError('internal', `${this.file} is not valid JSON; fix or remove it (the graph is rebuilt by the next sync)`, { cause: error });
    }
    const result = fileSchema.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new AppError('internal', `${this.file} does not look like a Karma graph file: ${issue?.path.join('.')} ${issue?.message}`);
    }
    return result.data;
  }

  /**
   * A read-modify-write under the file lock. `change` gets the current data
   * (never mutate it) and returns the new data, or null to write nothing; it
   * may pause (a sync hashes in slices) since the lock keeps other writers out.
   */
  async update<T>(change: (data: GraphFileData) => FileChange<T> | Promise<FileChange<T>>): Promise<{ result: T; isWritten: boolean }> {
    return withFileLock(this.file, async () => {
      const { data } = await this.load();
      const { data: next, result } = await change(data);
      if (next === null) return { result, isWritten: false };
      // Written in slices: at tens of thousands of components one JSON.stringify held every request for hundreds of milliseconds.
      await writeFileAtomic(this.file, await runInSlices(stringifyStepwise(next), yieldEvery()));
      this.cached = { signature: await signature(this.file), snapshot: snapshotOf(next) };
      return { result, isWritten: true };
    });
  }
}
