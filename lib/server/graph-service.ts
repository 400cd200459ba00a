import 'server-only';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ConfigRepoReader } from '@/lib/gitconfig/config-repo';
import { filterGraph, findPaths, type PathQuery, type PathsRead } from '@/lib/graph/filter-graph';
import { dependenciesOf, dependentsOf, indexGraph } from '@/lib/graph/graph-index';
import type { ComponentResponse } from '@/lib/model/api';
import { AppError, isAppError } from '@/lib/model/errors';
import type { Graph } from '@/lib/model/graph';
import type { SettingsFile } from '@/lib/model/settings';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import type { ComponentWithEdges, GraphQuery, GraphStore, LeaseRequest, SyncGuard } from '@/lib/store/graph-store';
import { waitForLease } from '@/lib/store/wait-for-lease';
import { loadGraph } from './load-graph';
import { reportingReads, SyncProgressTracker } from './sync-progress';

export type SyncTrigger = 'start' | 'manual' | 'interval' | 'apply' | 'cli' | 'recover';

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
  /** How many times the graph was read and written: more than one when another instance asked for a sync meanwhile. */
  runs: number;
  /** Another instance was syncing: it was asked to sync once more, which covers this request (nothing was read here). */
  delegatedTo: string | null;
  /** What went wrong, fit for any reader (no addresses, no driver errors). */
  error: string | null;
  /** The rest, for the server log and signed-in admins. */
  errorDetail: string | null;
};

/** What one generation changed, against the one this instance served before (null: the first it loaded). */
export type GenerationChange = {
  generation: number;
  previous: number | null;
  syncedAt: string;
  /** Component ids; each list holds at most GENERATION_CHANGE_IDS ids, the counts are complete. */
  added: string[];
  removed: string[];
  updated: string[];
  counts: { added: number; removed: number; updated: number };
};

export const GENERATION_CHANGE_IDS = 200;

export type GraphRead = {
  graph: Graph;
  /** Not the store's answer: the last graph this server built, because the store is down or being rebuilt. */
  stale: boolean;
  syncedAt: string | null;
};

/** `recovering`: the store answered without a graph (it lost its data, or is new) and a sync is rebuilding it. */
export type StoreCheck = 'ok' | 'recovering';

export type SyncLeaseOptions = {
  ttlMs: number;
  /** How long a sync waits for another instance's sync before asking it to run once more instead. */
  waitMs: number;
};

const DEFAULT_SYNC_LEASE: SyncLeaseOptions = { ttlMs: 60_000, waitMs: 10_000 };
/** A holder asked again and again runs at most this often per call, then lets go (the wish stays for the next). */
const MAX_RUNS = 5;

type Deps = {
  sources: ParameterSources;
  store: GraphStore;
  file: SettingsFile;
  configRepo: ConfigRepoReader | null;
  now?: () => Date;
  /** Names this process in leases it holds (`host:pid` by default). */
  instanceId?: string;
  syncLease?: SyncLeaseOptions;
};

function isDown(error: unknown): boolean {
  return isAppError(error) && (error.code === 'unavailable' || error.code === 'timeout');
}

function describeError(error: unknown): { error: string; errorDetail: string | null } {
  const message = error instanceof Error ? error.message : String(error);
  return { error: message, errorDetail: isAppError(error) ? (error.internal ?? null) : null };
}

/**
 * Keeps the graph store in step with the parameters and serves reads from
 * it. One sync runs at a time in this process (callers during a sync share
 * the next one) and across instances: a sync holds the store's `sync` lease
 * while it reads the parameters and writes the graph, so a sync that read
 * before an apply can never finish after (and undo) the applier's own sync.
 * When the store is down, reads fall back to the last graph this process
 * built, flagged `stale`, or fail with a 503 when there is none; when it
 * answers without a graph (lost its data), a sync rebuilds it at once.
 */
export class GraphService {
  private lastSync: SyncReport | null = null;
  private lastGood: { graph: Graph; at: string } | null = null;
  private running: Promise<SyncReport> | null = null;
  /** Where this instance's sync is, for `GET /api/graph/sync` and live events. */
  readonly syncProgress = new SyncProgressTracker(() => this.now());
  private next: Promise<SyncReport> | null = null;
  private recovery: Promise<SyncReport> | null = null;
  private readonly now: () => Date;
  readonly instanceId: string;
  private readonly lease: SyncLeaseOptions;
  private readonly generationListeners = new Set<(change: GenerationChange) => void>();

  constructor(private readonly deps: Deps) {
    this.now = deps.now ?? (() => new Date());
    this.instanceId = deps.instanceId ?? `${hostname()}:${process.pid}`;
    this.lease = deps.syncLease ?? DEFAULT_SYNC_LEASE;
  }

  /** Called each time this instance starts serving a newer generation (from its own sync or another instance's); returns the unsubscribe. */
  onGeneration(listener: (change: GenerationChange) => void): () => void {
    this.generationListeners.add(listener);
    return () => this.generationListeners.delete(listener);
  }

  /** The generation this instance serves reads from (null before it has loaded one). */
  get servedGeneration(): number | null {
    return null;
  }

  /** Whether a sync is rebuilding a store that lost its graph. */
  get isRecovering(): boolean {
    return this.recovery !== null;
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
    // A background sync due while another runs here is covered by that one: it need not queue a second.
    if (trigger === 'interval') return this.running;
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
      runs: 0,
      delegatedTo: null,
      error: null,
      errorDetail: null,
    };
    const { store } = this.deps;
    const lease: LeaseRequest = { name: 'sync', holder: `${this.instanceId}/${randomUUID().slice(0, 8)}`, ttlMs: this.lease.ttlMs };
    let isHeld = false;
    let renewal: NodeJS.Timeout | undefined;
    const progress = this.syncProgress;
    const isBackground = trigger === 'interval';
    let isTracked = false;
    const track = () => {
      progress.begin(trigger, { environments: this.deps.sources.stores.length });
      isTracked = true;
    };
    try {
      if (!isBackground) track();
      let taken = await store.acquireLease(lease);
      // A background sync that finds another instance's sync under way leaves it to that one (every instance follows the generation it
      // writes) rather than waiting, or asking it to run once more for nobody in particular.
      if (!taken.acquired && !isBackground) {
        progress.waitingFor(taken.holder);
        taken = await waitForLease(store, lease, { maxWaitMs: this.lease.waitMs });
        if (!taken.acquired) {
          // The holder checks for wishes when it finishes, so a wish made before it lets go gets a sync that reads after now.
          await store.wantLease(lease.name);
          taken = await store.acquireLease(lease);
        }
      }
      if (isBackground && taken.acquired) track();
      if (!taken.acquired) {
        Object.assign(report, { ok: true, delegatedTo: taken.holder });
      } else {
        isHeld = true;
        const held = { isLost: false };
        renewal = setInterval(() => {
          store.acquireLease(lease).then(
            (outcome) => (held.isLost ||= !outcome.acquired),
            () => (held.isLost = true),
          );
        }, this.lease.ttlMs / 3).unref();
        const guard: SyncGuard = {
          assertHeld: () => {
            if (held.isLost) throw new AppError('conflict', 'This sync lost the sync lease to another instance and stopped; the next sync converges');
          },
        };
        for (;;) {
          await this.syncOnce(report, guard);
          const released = await store.releaseLease(lease, { keepIfWanted: report.runs < MAX_RUNS });
          if (released !== 'kept') break;
        }
        isHeld = false;
        report.ok = true;
      }
    } catch (error) {
      Object.assign(report, describeError(error));
      if (report.errorDetail) console.error(`[karma] sync (${trigger}) failed: ${report.error} (${report.errorDetail})`);
    } finally {
      clearInterval(renewal);
      if (isHeld) await store.releaseLease(lease).catch(() => {});
    }
    report.durationMs = Math.round(performance.now() - started);
    // A sync left to another instance read nothing here: this instance's last sync is still the one it ran.
    if (report.delegatedTo === null) this.lastSync = report;
    if (isTracked) progress.finish(report);
    return report;
  }

  /** One read of the parameters and one write of the graph, under the lease. */
  private async syncOnce(report: SyncReport, guard: SyncGuard): Promise<void> {
    const readAt = this.now();
    const { file, configRepo } = this.deps;
    const progress = this.syncProgress;
    progress.reading(report.runs + 1);
    const sources = reportingReads(this.deps.sources, (parameters) => progress.environmentRead(parameters));
    const { graph, warnings } = await loadGraph({ sources, file, configRepo, now: readAt });
    progress.writing({ components: graph.components.length, edges: graph.edges.length });
    const result = await this.deps.store.syncGraph(graph, guard);
    progress.written({ written: report.written + result.written, removed: report.removed + result.removed });
    Object.assign(report, {
      runs: report.runs + 1,
      components: graph.components.length,
      edges: graph.edges.length,
      warnings,
      written: report.written + result.written,
      removed: report.removed + result.removed,
      unchanged: result.unchanged,
      roundTrips: report.roundTrips + result.roundTrips,
    });
    this.lastGood = { graph, at: readAt.toISOString() };
  }

  /**
   * Whether the store holds a graph. One that answers without one has lost
   * its data (a restarted in-memory server, a new cluster) or was never
   * synced: a sync rebuilds it at once, and `recovering` is reported until
   * it is done.
   */
  async checkStore(): Promise<StoreCheck> {
    if ((await this.deps.store.readGraphState()) !== null && !this.recovery) return 'ok';
    this.recovery ??= this.recover().finally(() => {
      this.recovery = null;
    });
    return 'recovering';
  }

  private async recover(): Promise<SyncReport> {
    // A sync under way (the first one, at start) may be what writes the graph: look again once it is done.
    const running = this.running;
    if (running) {
      const report = await running;
      if (report.ok && (await this.deps.store.readGraphState()) !== null) return report;
    }
    console.error('[karma] the graph store holds no graph (new, or it lost its data): syncing now');
    return this.sync('recover');
  }

  /** The graph as a view cuts it; a focus on an id that is no component is a 404 (one merely outside the filters is not). */
  async readGraph(query: GraphQuery = {}): Promise<GraphRead> {
    const { value: graph, ...read } = await this.readWithFallback(
      () => this.deps.store.readGraph(query),
      (last) => filterGraph(last, query),
      (found) => found,
    );
    await this.assertComponents(query.ids ?? [], graph);
    return { graph, ...read };
  }

  /** The shortest dependency paths between two components (lib/graph/find-paths.ts); an end that is no component is a 404. */
  async readPaths(query: PathQuery): Promise<PathsRead & Omit<GraphRead, 'graph'>> {
    const { value, ...read } = await this.readWithFallback(
      () => this.deps.store.readPaths(query),
      (last) => findPaths(last, query),
      (found) => found.graph,
    );
    await this.assertComponents([query.from, query.to], value.graph);
    return { ...value, ...read };
  }

  /**
   * One read from the store, or, while it is down or being rebuilt, the same
   * question asked of the last graph this server built (flagged stale); with
   * nothing to fall back on during a rebuild, the store's answer once it is done.
   */
  private async readWithFallback<T>(
    fromStore: () => Promise<T>,
    fromGraph: (graph: Graph) => T,
    graphOf: (value: T) => Graph,
  ): Promise<{ value: T; stale: boolean; syncedAt: string | null }> {
    const fromLastGood = ({ graph, at }: { graph: Graph; at: string }) => ({ value: fromGraph(graph), stale: true, syncedAt: at });
    try {
      const value = await fromStore();
      // Nothing found is also what a store that lost its data answers: worth one cheap look.
      if (graphOf(value).components.length > 0 || (await this.checkStore()) !== 'recovering') return { value, stale: false, syncedAt: this.lastGood?.at ?? null };
      if (this.lastGood) return fromLastGood(this.lastGood);
      const report = await this.recovery;
      return { value: await fromStore(), stale: false, syncedAt: report?.ok ? report.startedAt : null };
    } catch (error) {
      if (!isDown(error) || !this.lastGood) throw error;
      return fromLastGood(this.lastGood);
    }
  }

  /** Each of `ids` not in `shown` must at least be a component (outside the filters, say); otherwise a 404 names it. */
  private async assertComponents(ids: readonly string[], shown: Graph): Promise<void> {
    const inView = new Set(shown.components.map((c) => c.id));
    for (const id of new Set(ids)) if (!inView.has(id)) await this.readComponent(id);
  }

  /**
   * One component as the API and its page answer it: its edges both ways and
   * how far it reaches, direct and transitive, counted in components (the
   * same counts a focus view shows at one hop and at every hop).
   */
  async readComponentView(id: string): Promise<ComponentResponse> {
    const { component, outgoing, incoming, stale } = await this.readComponent(id);
    const index = stale ? indexGraph(this.lastGood!.graph) : null;
    const [dependencies, dependents] = index
      ? [dependenciesOf(index, id), dependentsOf(index, id)]
      : await Promise.all([this.deps.store.dependencies(id), this.deps.store.dependents(id)]);
    const counts = (reached: Array<{ depth: number }>) => ({ direct: reached.filter((r) => r.depth === 1).length, all: reached.length });
    return { component, dependencies: outgoing, dependents: incoming, reach: { dependencies: counts(dependencies), dependents: counts(dependents) }, stale };
  }

  async readComponent(id: string): Promise<ComponentWithEdges & { stale: boolean }> {
    try {
      const found = await this.deps.store.readComponent(id);
      if (!found && (await this.checkStore()) === 'recovering' && this.lastGood) return this.fromLastGood(id);
      if (!found) throw new AppError('not_found', `No component ${id}`);
      return { ...found, stale: false };
    } catch (error) {
      if (!isDown(error) || !this.lastGood) throw error;
      return this.fromLastGood(id);
    }
  }

  private fromLastGood(id: string): ComponentWithEdges & { stale: boolean } {
    const { graph } = this.lastGood!;
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
