import 'server-only';
import { filterGraph } from '@/lib/graph/filter-graph';
import { AppError, isAppError } from '@/lib/model/errors';
import type { Graph } from '@/lib/model/graph';
import type { SettingsFile } from '@/lib/model/settings';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import type { ComponentWithEdges, GraphQuery, GraphStore } from '@/lib/store/graph-store';
import { loadGraph } from './load-graph';

export type SyncTrigger = 'start' | 'manual' | 'interval' | 'apply' | 'cli';

export type SyncReport = {
  trigger: SyncTrigger;
  ok: boolean;
  startedAt: string;
  durationMs: number;
  components: number;
  edges: number;
  written: number;
  removed: number;
  unchanged: number;
  roundTrips: number;
  warnings: string[];
  error: string | null;
};

export type GraphRead = { graph: Graph; stale: boolean; syncedAt: string | null };

type Deps = {
  sources: ParameterSources;
  store: GraphStore;
  file: SettingsFile;
  configRepo: string | null;
  now?: () => Date;
};

function isDown(error: unknown): boolean {
  return isAppError(error) && (error.code === 'unavailable' || error.code === 'timeout');
}

/**
 * Keeps the graph store in step with the parameters and serves reads from
 * it. One sync runs at a time (callers during a sync share the next one). When
 * the store is down, reads fall back to the last graph this process built,
 * flagged `stale`, or fail with a 503 when there is none.
 */
export class GraphService {
  private lastSync: SyncReport | null = null;
  private lastGood: { graph: Graph; at: string } | null = null;
  private running: Promise<SyncReport> | null = null;
  private next: Promise<SyncReport> | null = null;
  private readonly now: () => Date;

  constructor(private readonly deps: Deps) {
    this.now = deps.now ?? (() => new Date());
  }

  get store(): GraphStore {
    return this.deps.store;
  }

  get lastSyncReport(): SyncReport | null {
    return this.lastSync;
  }

  /**
   * Resolves with a sync that read the parameters after this call. One sync
   * runs at a time: a call during a run gets the next run (shared by every
   * call made meanwhile), because the running one may have read before the
   * caller's write (an apply must see its own new version).
   */
  sync(trigger: SyncTrigger): Promise<SyncReport> {
    if (!this.running) return this.start(trigger);
    this.next ??= this.running.then(() => {
      this.next = null;
      return this.start(trigger);
    });
    return this.next;
  }

  private start(trigger: SyncTrigger): Promise<SyncReport> {
    const run: Promise<SyncReport> = this.runSync(trigger).finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  private async runSync(trigger: SyncTrigger): Promise<SyncReport> {
    const startedAt = this.now();
    const started = performance.now();
    const report: SyncReport = {
      trigger,
      ok: false,
      startedAt: startedAt.toISOString(),
      durationMs: 0,
      components: 0,
      edges: 0,
      written: 0,
      removed: 0,
      unchanged: 0,
      roundTrips: 0,
      warnings: [],
      error: null,
    };
    try {
      const { sources, file, configRepo } = this.deps;
      const { graph, warnings } = await loadGraph({ sources, file, configRepo, now: startedAt });
      report.components = graph.components.length;
      report.edges = graph.edges.length;
      report.warnings = warnings;
      const result = await this.deps.store.syncGraph(graph);
      Object.assign(report, { ok: true, written: result.written, removed: result.removed, unchanged: result.unchanged, roundTrips: result.roundTrips });
      this.lastGood = { graph, at: startedAt.toISOString() };
    } catch (error) {
      report.error = error instanceof Error ? error.message : String(error);
    }
    report.durationMs = Math.round(performance.now() - started);
    this.lastSync = report;
    return report;
  }

  async readGraph(query: GraphQuery = {}): Promise<GraphRead> {
    try {
      const graph = await this.deps.store.readGraph(query);
      return { graph, stale: false, syncedAt: this.lastGood?.at ?? null };
    } catch (error) {
      if (!isDown(error) || !this.lastGood) throw error;
      return { graph: filterGraph(this.lastGood.graph, query), stale: true, syncedAt: this.lastGood.at };
    }
  }

  async readComponent(id: string): Promise<ComponentWithEdges & { stale: boolean }> {
    try {
      const found = await this.deps.store.readComponent(id);
      if (!found) throw new AppError('not_found', `No component ${id}`);
      return { ...found, stale: false };
    } catch (error) {
      if (!isDown(error) || !this.lastGood) throw error;
      const { graph } = this.lastGood;
      const component = graph.components.find((c) => c.id === id);
      if (!component) throw new AppError('not_found', `No component ${id}`);
      return {
        component,
        outgoing: graph.edges.filter((e) => e.from === id),
        incoming: graph.edges.filter((e) => e.to === id),
        stale: true,
      };
    }
  }
}
