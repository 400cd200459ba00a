import 'server-only';
import { historyMoments } from '@/lib/history/moments';
import { diffGraphs, unionForDiff } from '@/lib/history/diff-graphs';
import { planSyncHistory } from '@/lib/history/plan-history';
import { AppError } from '@/lib/model/errors';
import type { Graph } from '@/lib/model/graph';
import type { DocumentVersion, DriftTransition, GraphDiff, HistoryHead, HistoryMoment, HistoryState, VersionKey } from '@/lib/model/history';
import type { SettingsFile } from '@/lib/model/settings';
import type { HistorySyncCounts } from '@/lib/model/sync';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import type { GraphStore, SyncGuard } from '@/lib/store/graph-store';
import { graphAsOf } from './graph-as-of';

/** What a sync recorded in the history; the sync report carries it. */
export type HistoryRecordReport = HistorySyncCounts;

/** The estate rebuilt as of a past moment: read-only, from the recorded documents. */
export type HistoricalGraph = {
  /** The moment asked for (ISO, normalised). */
  at: string;
  graph: Graph;
  warnings: string[];
  buildMs: number;
  /** The history revision it was built from. */
  revision: number;
};

/** Two moments compared: the later graph with what only the earlier had (to draw removals), and the differences. */
export type ComparedGraphs = {
  /** The later moment; null for now (the current graph). */
  at: string | null;
  graph: Graph;
  diff: GraphDiff;
  warnings: string[];
};

type Deps = {
  store: GraphStore;
  sources: ParameterSources;
  file: SettingsFile;
  /** The current graph, for comparisons with now. */
  current: () => Promise<Graph>;
  /** Whether a component first seen gets its SSM history read (settings.history.backfill). */
  backfill: boolean;
  /** Called when a write left components pending (the history worker reads them). */
  onPending?: () => void;
};

/** Past graphs kept per process: the slider moves between a handful of moments. */
const CACHED_GRAPHS = 8;

/** `at` as a normalised ISO time; a `bad_request` AppError naming the parameter otherwise. */
export function parseMoment(value: string, name = 'at'): string {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms))
    throw new AppError('bad_request', `${name} must be an ISO 8601 date-time such as 2026-10-01T12:00:00Z (got "${value}")`);
  return new Date(ms).toISOString();
}

/**
 * Infrastructure memory for the portal, the API and the CLI: records what
 * each sync sees for the first time, and rebuilds the estate as of any
 * moment the history covers. The store is the only state (several
 * instances share it); this process keeps caches keyed by the history
 * revision, so a sync that wrote nothing costs one small read.
 */
export class HistoryService {
  private heads: { revision: number; byId: HistoryHead[] } | null = null;
  private index: { revision: number; keys: Promise<VersionKey[]> } | null = null;
  private readonly graphs = new Map<string, Promise<HistoricalGraph>>();

  constructor(private readonly deps: Deps) {}

  /**
   * Called by the sync under its lease, after the graph was written: the
   * versions and drift transitions it sees for the first time, diffed
   * against the heads. Nothing new: nothing written.
   */
  async recordSync(graph: Graph, { now, lastSyncAt, guard }: { now: Date; lastSyncAt: string | null; guard?: SyncGuard }): Promise<HistoryRecordReport> {
    const { store } = this.deps;
    const state = await store.readHistoryState();
    const heads = this.heads && this.heads.revision === state.revision ? this.heads.byId : await store.readHistoryHeads();
    const plan = planSyncHistory({ graph, heads, now, lastSyncAt, backfill: this.deps.backfill });
    const report: HistoryRecordReport = { versions: plan.versions.length, transitions: plan.transitions.length, written: 0, roundTrips: 1, pending: state.pendingComponents };
    if (plan.versions.length === 0 && plan.transitions.length === 0 && plan.heads.length === 0) {
      this.heads = { revision: state.revision, byId: heads };
      return report;
    }
    const result = await store.writeHistory(plan, guard);
    // Another instance may have written between the reads: read the heads afresh next time.
    this.heads = null;
    report.written = result.written;
    report.roundTrips += result.roundTrips;
    report.pending = (await store.readHistoryState()).pendingComponents;
    if (report.pending > 0) this.deps.onPending?.();
    return report;
  }

  state(): Promise<HistoryState> {
    return this.deps.store.readHistoryState();
  }

  /** Every version without its text, read once per history revision. */
  async versionIndex(): Promise<VersionKey[]> {
    const { revision } = await this.deps.store.readHistoryState();
    if (this.index?.revision !== revision) {
      const keys = this.deps.store.readVersionIndex();
      this.index = { revision, keys };
      keys.catch(() => {
        if (this.index?.keys === keys) this.index = null;
      });
    }
    return this.index.keys;
  }

  /** The moments the estate changed, for the time slider (at most `max`, merged when there are more). */
  async moments(max = 400): Promise<{ state: HistoryState; moments: HistoryMoment[] }> {
    const [state, index] = await Promise.all([this.state(), this.versionIndex()]);
    return { state, moments: historyMoments(index, max) };
  }

  /** The estate as of `at` (any ISO time), rebuilt from the recorded documents. */
  async graphAt(at: string): Promise<HistoricalGraph> {
    const moment = parseMoment(at);
    const index = await this.versionIndex();
    const revision = this.index?.revision ?? 0;
    const key = `${revision}|${moment}`;
    let built = this.graphs.get(key);
    if (!built) {
      const started = performance.now();
      built = graphAsOf({
        index,
        at: moment,
        environments: this.deps.sources.stores.map((s) => ({ env: s.env, prefix: s.prefix })),
        file: this.deps.file,
        load: (ids) => this.deps.store.readVersions(ids),
      }).then(({ graph, warnings }) => ({ at: moment, graph, warnings, buildMs: Math.round(performance.now() - started), revision }));
      this.graphs.set(key, built);
      built.catch(() => this.graphs.delete(key));
      while (this.graphs.size > CACHED_GRAPHS) this.graphs.delete(this.graphs.keys().next().value!);
    }
    return built;
  }

  /**
   * What changed between `compare` and `at` (now when null), whichever is
   * earlier going first; the graph is the later one plus what only the
   * earlier held.
   */
  async compare({ at, compare }: { at: string | null; compare: string }): Promise<ComparedGraphs> {
    const other = parseMoment(compare, 'compare');
    const target = at === null ? null : parseMoment(at);
    const [a, b] = await Promise.all([target === null ? this.deps.current().then((graph) => ({ graph, warnings: [] as string[] })) : this.graphAt(target), this.graphAt(other)]);
    const isTargetLater = target === null || target >= other;
    const [before, after] = isTargetLater ? [b.graph, a.graph] : [a.graph, b.graph];
    const times = isTargetLater ? { before: other, after: target } : { before: target!, after: other };
    return { at: target, graph: unionForDiff(before, after), diff: diffGraphs(before, after, times), warnings: [...a.warnings, ...b.warnings] };
  }

  /** One component's recorded versions (with their text) and drift transitions, oldest first. */
  async componentHistory(componentId: string): Promise<{ versions: DocumentVersion[]; transitions: DriftTransition[] }> {
    const [keys, transitions] = await Promise.all([this.deps.store.readVersionIndex({ componentId }), this.deps.store.readDriftTransitions({ componentId })]);
    return { versions: await this.deps.store.readVersions(keys.map((k) => k.id)), transitions };
  }
}
