import 'server-only';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ConfigRepoReader } from '@/lib/gitconfig/config-repo';
import { filterGraph, findPaths, type PathQuery, type PathsRead } from '@/lib/graph/filter-graph';
import { dependenciesOf, dependentsOf } from '@/lib/graph/graph-index';
import type { ComponentResponse } from '@/lib/model/api';
import type { HistorySyncCounts, SyncReportDetails, SyncTriggerName } from '@/lib/model/sync';
import { AppError, isAppError } from '@/lib/model/errors';
import type { Graph } from '@/lib/model/graph';
import type { SettingsFile } from '@/lib/model/settings';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import { byId } from '@/lib/model/ids';
import type { ComponentWithEdges, GraphQuery, GraphState, GraphStore, LeaseRequest, SyncGuard } from '@/lib/store/graph-store';
import { waitForLease } from '@/lib/store/wait-for-lease';
import { diffFingerprints, fingerprints, freezeGraph, GraphSnapshot, type ComponentChanges } from './graph-snapshot';
import type { HistoryService } from './history-service';
import { loadGraph } from './load-graph';
import { reportingReads, SyncProgressTracker } from './sync-progress';

/** The report and trigger types live with the API's model (lib/model/sync.ts): the routes answer them as they are. */
export type SyncTrigger = SyncTriggerName;
export type SyncReport = SyncReportDetails;

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
  /** Shared with every other read of this generation: never change it. */
  graph: Graph;
  /** The generation read (-1: this instance's own last build, the store being down). */
  generation: number;
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
  /** Records what each sync sees for the first time (lib/server/history-service.ts); none: the graph only. */
  history?: Pick<HistoryService, 'recordSync'>;
};

function isDown(error: unknown): boolean {
  return isAppError(error) && (error.code === 'unavailable' || error.code === 'timeout');
}

/** A sync asked to run again sums what its runs recorded; `pending` is the last run's. */
function addHistoryCounts(sum: HistorySyncCounts | null, run: HistorySyncCounts | null): HistorySyncCounts | null {
  if (!sum || !run) return run ?? sum;
  return {
    versions: sum.versions + run.versions,
    transitions: sum.transitions + run.transitions,
    written: sum.written + run.written,
    roundTrips: sum.roundTrips + run.roundTrips,
    pending: run.pending,
  };
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
  /** The generation reads are served from, and its components' fingerprints (to say what the next one changed). */
  private served: GraphSnapshot | null = null;
  private servedPrints: Map<string, string> | null = null;
  private lastGoodServed: GraphSnapshot | null = null;
  private loading: Promise<GraphSnapshot | null> | null = null;
  private nextLoad: Promise<GraphSnapshot | null> | null = null;
  /** Since when the store has said a sync is writing (the marker), to outwait one that died. */
  private busySince: number | null = null;
  private isStoreReachable = true;
  private follower: NodeJS.Timeout | undefined;
  /** Set by followOnRead(): how old the last look at the store's generation may be before a read looks again. */
  private readFollowMs: number | null = null;
  private lastLookAt = 0;

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
    return this.served?.generation ?? null;
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
    // A sync that wrote is served here before it resolves: whoever waited for it (an apply) reads its own write.
    const served = async (report: SyncReport) => {
      if (report.ok && report.delegatedTo === null) await this.refresh().catch(() => {});
      return report;
    };
    const run: Promise<SyncReport> = this.runSync(trigger)
      .then(served)
      .finally(() => {
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
      history: null,
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
    const lastSyncAt = this.served?.state.syncedAt ?? null;
    const result = await this.deps.store.syncGraph(graph, guard);
    // Under the same lease, after the graph: the versions and drift transitions seen for the first time (none new: nothing written).
    const history = this.deps.history ? await this.deps.history.recordSync(graph, { now: readAt, lastSyncAt: lastSyncAt || null, guard }) : null;
    progress.written({ written: report.written + result.written, removed: report.removed + result.removed });
    Object.assign(report, {
      runs: report.runs + 1,
      components: graph.components.length,
      edges: graph.edges.length,
      warnings,
      written: report.written + result.written,
      removed: report.removed + result.removed,
      unchanged: result.unchanged,
      roundTrips: report.roundTrips + result.roundTrips + (history?.roundTrips ?? 0),
      history: addHistoryCounts(report.history, history),
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
    this.startRecovery();
    return 'recovering';
  }

  private startRecovery(): void {
    this.recovery ??= this.recover().finally(() => {
      this.recovery = null;
    });
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

  /**
   * Follows the store's generation: one small read (the graph state) per
   * interval, and the whole graph only when the generation moved, so any
   * instance serves another's sync within `intervalMs` plus the time to
   * read the graph. The CLI does not follow; it reads once.
   */
  follow(intervalMs: number = DEFAULT_FOLLOW_MS): void {
    if (this.follower) return;
    this.follower = setInterval(() => {
      if (!this.loading) this.refresh().catch(() => {});
    }, intervalMs);
    this.follower.unref();
  }

  /**
   * Follows the store from reads instead of a timer, for a process frozen
   * between requests (a Lambda function): a read whose instance last looked
   * at the store's generation more than `maxAgeMs` ago looks again first
   * (one small read; the whole graph only when it moved).
   */
  followOnRead(maxAgeMs: number = DEFAULT_FOLLOW_MS): void {
    this.readFollowMs = maxAgeMs;
  }

  stopFollowing(): void {
    clearInterval(this.follower);
    this.follower = undefined;
  }

  /**
   * Brings the served snapshot up to the store's generation and resolves
   * with it (null: the store holds no graph and this instance has none).
   * A call during a load gets the next load, which reads after the call (a
   * sync that just wrote must be served by the time it resolves).
   */
  refresh(): Promise<GraphSnapshot | null> {
    if (!this.loading) return this.startLoad();
    this.nextLoad ??= this.loading
      .catch(() => null)
      .then(() => {
        this.nextLoad = null;
        return this.startLoad();
      });
    return this.nextLoad;
  }

  private startLoad(): Promise<GraphSnapshot | null> {
    const load: Promise<GraphSnapshot | null> = this.load()
      .catch((error: unknown) => {
        this.noteUnreachable(error);
        throw error;
      })
      .finally(() => {
        if (this.loading === load) this.loading = null;
      });
    this.loading = load;
    return load;
  }

  private async load(): Promise<GraphSnapshot | null> {
    const { store } = this.deps;
    this.lastLookAt = this.now().getTime();
    const state = await store.readGraphState();
    this.isStoreReachable = true;
    if (state === null) {
      // Lost its data or never synced: rebuild it rather than serve emptiness; meanwhile what this instance has stays served.
      this.startRecovery();
      return this.served;
    }
    if (this.served && this.served.key === snapshotKey(state)) return this.served;
    // A sync that died after its marker leaves it until the next sync; past a lease's length, read what is there.
    const isWaitedOut = this.busySince !== null && this.now().getTime() - this.busySince > 2 * this.lease.ttlMs;
    const read = await store.readSnapshot({ evenIfWriting: isWaitedOut });
    if (read === 'busy') {
      this.busySince ??= this.now().getTime();
      return this.served;
    }
    this.busySince = null;
    if (read === null) {
      this.startRecovery();
      return this.served;
    }
    if (this.served && this.served.key === snapshotKey(read.state)) return this.served;
    await freezeGraph(read.graph);
    const prints = await fingerprints(read.graph);
    const snapshot = new GraphSnapshot(read.state, read.graph);
    const previous = this.served;
    const changes = diffFingerprints(this.servedPrints, prints);
    this.served = snapshot;
    this.servedPrints = prints;
    this.announce(previous, snapshot, changes);
    return snapshot;
  }

  private announce(previous: GraphSnapshot | null, next: GraphSnapshot, changes: ComponentChanges): void {
    const change: GenerationChange = {
      generation: next.generation,
      previous: previous?.generation ?? null,
      syncedAt: next.state.syncedAt,
      added: changes.added.slice(0, GENERATION_CHANGE_IDS),
      removed: changes.removed.slice(0, GENERATION_CHANGE_IDS),
      updated: changes.updated.slice(0, GENERATION_CHANGE_IDS),
      counts: { added: changes.added.length, removed: changes.removed.length, updated: changes.updated.length },
    };
    for (const listener of this.generationListeners) {
      try {
        listener(change);
      } catch (error) {
        console.error('[karma] a generation listener failed:', error);
      }
    }
  }

  private noteUnreachable(error: unknown): void {
    if (isDown(error)) this.isStoreReachable = false;
    else console.error('[karma] following the graph store failed:', error instanceof Error ? error.message : error);
  }

  /**
   * The snapshot reads are answered from, and whether it is stale. Served
   * from memory without asking the store (the follower keeps it current);
   * before the first load, one load; while the store is down with nothing
   * loaded yet, the last graph this instance built, flagged stale.
   */
  async current(): Promise<ServedSnapshot> {
    if (this.served && this.readFollowMs !== null && this.now().getTime() - this.lastLookAt > this.readFollowMs) {
      // An unreachable store is noted by the load and reported as `stale` below.
      await this.refresh().catch(() => {});
    }
    // Stale: not what the store holds now, as far as this instance knows (unreachable, or rebuilding a store that lost its graph).
    if (this.served) return { snapshot: this.served, stale: !this.isStoreReachable || this.recovery !== null };
    try {
      const loaded = (await this.refresh()) ?? (await this.afterRecovery());
      if (loaded) return { snapshot: loaded, stale: false };
    } catch (error) {
      if (!isDown(error) || !this.lastGood) throw error;
    }
    if (this.lastGood) return { snapshot: this.lastGoodSnapshot(this.lastGood), stale: true };
    // Nothing anywhere: the store holds no graph and could not be rebuilt (no parameters yet, say).
    return { snapshot: new GraphSnapshot({ generation: 0, syncedAt: '' }, EMPTY_GRAPH), stale: false };
  }

  /** Waits for a rebuild under way (or the start-up sync), then loads what it wrote; with this instance's own graph meanwhile, no wait. */
  private async afterRecovery(): Promise<GraphSnapshot | null> {
    if (this.lastGood) return null;
    const pending = this.recovery ?? this.running;
    if (!pending) return null;
    await pending;
    return this.refresh();
  }

  private lastGoodSnapshot(lastGood: { graph: Graph; at: string }): GraphSnapshot {
    if (this.lastGoodServed?.graph !== lastGood.graph) this.lastGoodServed = new GraphSnapshot({ generation: -1, syncedAt: lastGood.at }, lastGood.graph);
    return this.lastGoodServed;
  }

  /** The graph as a view cuts it; a focus on an id that is no component is a 404 (one merely outside the filters is not). */
  async readGraph(query: GraphQuery = {}): Promise<GraphRead> {
    return graphFrom(await this.current(), query);
  }

  /** The shortest dependency paths between two components (lib/graph/find-paths.ts); an end that is no component is a 404. */
  async readPaths(query: PathQuery): Promise<PathsRead & Omit<GraphRead, 'graph'>> {
    return pathsFrom(await this.current(), query);
  }

  async readComponentView(id: string): Promise<ComponentResponse> {
    return componentViewFrom(await this.current(), id);
  }

  async readComponent(id: string): Promise<ComponentWithEdges & { stale: boolean }> {
    const served = await this.current();
    return { ...componentOf(served.snapshot, id), stale: served.stale };
  }
}

/*
 * Reads of one served snapshot. Routes that cache their answer per
 * generation (cached-response.ts) call these with the snapshot they keyed
 * the cache on, so an answer and its key always belong to one generation.
 */

export function graphFrom({ snapshot, stale }: ServedSnapshot, query: GraphQuery = {}): GraphRead {
  const graph = isWholeGraph(query) ? snapshot.graph : filterGraph(snapshot.graph, query);
  assertComponents(snapshot, query.ids ?? []);
  return { graph, stale, syncedAt: snapshot.state.syncedAt || null, generation: snapshot.generation };
}

export function pathsFrom({ snapshot, stale }: ServedSnapshot, query: PathQuery): PathsRead & Omit<GraphRead, 'graph'> {
  assertComponents(snapshot, [query.from, query.to]);
  return { ...findPaths(snapshot.graph, query), stale, syncedAt: snapshot.state.syncedAt || null, generation: snapshot.generation };
}

/**
 * One component as the API and its page answer it: its edges both ways and
 * how far it reaches, direct and transitive, counted in components (the
 * same counts a focus view shows at one hop and at every hop).
 */
export function componentViewFrom({ snapshot, stale }: ServedSnapshot, id: string): ComponentResponse {
  const { component, outgoing, incoming } = componentOf(snapshot, id);
  const counts = (reached: Array<{ depth: number }>) => ({ direct: reached.filter((r) => r.depth === 1).length, all: reached.length });
  return {
    component,
    dependencies: outgoing,
    dependents: incoming,
    reach: { dependencies: counts(dependenciesOf(snapshot.index, id)), dependents: counts(dependentsOf(snapshot.index, id)) },
    stale,
  };
}

export type ServedSnapshot = { snapshot: GraphSnapshot; stale: boolean };

/** How often an instance looks at the store's generation: another instance's sync is served here within about this long. */
const DEFAULT_FOLLOW_MS = 1_000;

const EMPTY_GRAPH: Graph = Object.freeze({ components: [], edges: [], cycles: [], ignoredParameters: [] }) as unknown as Graph;

function snapshotKey(state: GraphState): string {
  return `${state.generation}@${state.syncedAt}`;
}

function isWholeGraph({ env, type, status, ids }: GraphQuery): boolean {
  return !env?.length && !type?.length && !status?.length && !ids?.length;
}

function componentOf(snapshot: GraphSnapshot, id: string): ComponentWithEdges {
  const component = snapshot.index.component(id);
  if (!component) throw new AppError('not_found', `No component ${id}`);
  return { component, outgoing: [...snapshot.index.outgoing(id)].sort(byId), incoming: [...snapshot.index.incoming(id)].sort(byId) };
}

/** Each of `ids` must be a component (one outside the filters still is); otherwise a 404 names it. */
function assertComponents(snapshot: GraphSnapshot, ids: readonly string[]): void {
  for (const id of new Set(ids)) if (!snapshot.index.component(id)) throw new AppError('not_found', `No component ${id}`);
}
