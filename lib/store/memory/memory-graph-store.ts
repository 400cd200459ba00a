import 'server-only';
import { dependenciesOf, dependentsOf } from '@/lib/graph/graph-index';
import { filterGraph, findPaths, type PathQuery, type PathsRead } from '@/lib/graph/filter-graph';
import type { AuditEvent, ChangeRequest, ChangeRequestFilter } from '@/lib/model/change-request';
import { AppError } from '@/lib/model/errors';
import type { Graph } from '@/lib/model/graph';
import type { Rollout, RolloutFilter } from '@/lib/model/rollout';
import { componentHash, edgeHash, graphMetaProperties } from '../component-record';
import { diffByHash } from '../diff-by-hash';
import type {
  ComponentWithEdges,
  EventCursor,
  GraphQuery,
  GraphSnapshotRead,
  GraphState,
  GraphStore,
  LeaseOutcome,
  LeaseRelease,
  LeaseRequest,
  ReachedComponent,
  RolloutTransitionInput,
  SyncGuard,
  SyncResult,
  TransitionInput,
} from '../graph-store';
import { acquireLease, releaseLease, wantLease } from '../lease-rules';
import { matchesChangeRequestFilter, matchesRolloutFilter, sortChangeRequests, sortEvents, sortReached, sortRollouts } from '../store-order';
import { auditEventSchema, changeRequestSchema, rolloutSchema } from '../stored-schemas';
import {
  applyRolloutTransition,
  applyTransition,
  isRolloutTransitionAllowed,
  isTransitionAllowed,
  rolloutEventsProblem,
  rolloutRefusal,
  transitionRefusal,
} from '../transition-guard';
import { GraphFile, type GraphFileData } from './graph-file';
import { HistoryFile } from './history-file';
import type { DocumentVersion, DriftTransition, HistoryHead, HistoryState, HistoryWrite, HistoryWriteResult, VersionKey } from '@/lib/model/history';
import { LeaseFile } from './lease-file';
import { byId } from '@/lib/model/ids';
import { mapInSlices, yieldEvery, type Yielder } from '@/lib/server/cooperative';

type GraphHashes = { components: Map<string, string>; edges: Map<string, string>; meta: string };

/**
 * Content hashes of a graph the store holds or is about to hold, per graph object: the graph a sync writes becomes the
 * file's cached graph, so the next sync compares against hashes it already has instead of hashing 20,000 components again.
 * Stored graphs are never mutated (reads hand out copies), so a graph's hashes never go stale.
 */
const hashCache = new WeakMap<Graph, GraphHashes>();

/** A copy as the file would give it back. */
const throughJson = <T>(value: T): T => JSON.parse(JSON.stringify(value));

async function hashesOf(graph: Graph, yielder: Yielder): Promise<GraphHashes> {
  const known = hashCache.get(graph);
  if (known) return known;
  const components = new Map<string, string>();
  for (const c of graph.components) {
    components.set(c.id, componentHash(c));
    if (yielder.isDue()) await yielder.pause();
  }
  const edges = new Map<string, string>();
  for (const e of graph.edges) {
    edges.set(e.id, edgeHash(e));
    if (yielder.isDue()) await yielder.pause();
  }
  const hashes = { components, edges, meta: graphMetaProperties(graph).hash };
  hashCache.set(graph, hashes);
  return hashes;
}

/**
 * The embedded graph store (demo and CLI): the GraphStore contract in one
 * JSON file under the data folder, shared safely between processes through
 * the file lock. Results are copies, so callers can never change the store by
 * mutating what they got.
 */
export class MemoryGraphStore implements GraphStore {
  readonly kind = 'memory' as const;
  readonly dataDir: string;
  private readonly file: GraphFile;
  private readonly leases: LeaseFile;
  private readonly history: HistoryFile;
  private readonly now: () => Date;

  constructor(options: { dataDir: string; now?: () => Date }) {
    this.dataDir = options.dataDir;
    this.file = GraphFile.inDataDir(options.dataDir);
    this.leases = LeaseFile.inDataDir(options.dataDir);
    this.history = HistoryFile.inDataDir(options.dataDir);
    this.now = options.now ?? (() => new Date());
  }

  async syncGraph(graph: Graph, guard?: SyncGuard): Promise<SyncResult> {
    const started = performance.now();
    const yielder = yieldEvery();
    // Element by element through JSON, so the stored graph is exactly what a later read of the file yields; at 20,000
    // components one copy and one round of hashing of the whole graph held every request for over a second.
    const next: Graph = {
      components: await mapInSlices(graph.components, throughJson, yielder),
      edges: await mapInSlices(graph.edges, throughJson, yielder),
      cycles: throughJson(graph.cycles),
      ignoredParameters: throughJson(graph.ignoredParameters),
    };
    next.components.sort(byId);
    next.edges.sort(byId);
    const wanted = await hashesOf(next, yielder);
    const { result, isWritten } = await this.file.update(async (data) => {
      const stored = await hashesOf(data.graph, yielder);
      guard?.assertHeld();
      const components = diffByHash(stored.components, wanted.components);
      const edges = diffByHash(stored.edges, wanted.edges);
      const isMetaChanged = stored.meta !== wanted.meta;
      const counts = {
        written: components.added.length + components.changed.length + edges.added.length + edges.changed.length + (isMetaChanged ? 1 : 0),
        removed: components.removed.length + edges.removed.length,
        unchanged: components.unchanged.length + edges.unchanged.length + (isMetaChanged ? 0 : 1),
      };
      // A store without a state has never finished a sync (or lost its data): this one records it.
      const isChanged = counts.written + counts.removed > 0 || data.state === null;
      const state: GraphState = { generation: (data.state?.generation ?? 0) + 1, syncedAt: this.now().toISOString() };
      return { data: isChanged ? { ...data, graph: next, state } : null, result: counts };
    });
    return { ...result, roundTrips: isWritten ? 2 : 1, durationMs: Math.round(performance.now() - started) };
  }

  async readGraphState(): Promise<GraphState | null> {
    const { data } = await this.file.load();
    return data.state === null ? null : { ...data.state };
  }

  /** One file version holds the graph and its state together, so it is never a mix; shared with the file's cache, not cloned. */
  async readSnapshot(): Promise<GraphSnapshotRead | null> {
    const { data } = await this.file.load();
    return data.state === null ? null : { state: { ...data.state }, graph: data.graph };
  }

  async readGraph(query: GraphQuery = {}): Promise<Graph> {
    const { data } = await this.file.load();
    return structuredClone(filterGraph(data.graph, query));
  }

  async readPaths(query: PathQuery): Promise<PathsRead> {
    const { data } = await this.file.load();
    return structuredClone(findPaths(data.graph, query));
  }

  async readComponent(id: string): Promise<ComponentWithEdges | null> {
    const snapshot = await this.file.load();
    const index = snapshot.index();
    const component = index.component(id);
    if (!component) return null;
    return structuredClone({
      component,
      outgoing: [...index.outgoing(id)].sort(byId),
      incoming: [...index.incoming(id)].sort(byId),
    });
  }

  async dependents(id: string, maxDepth?: number): Promise<ReachedComponent[]> {
    const snapshot = await this.file.load();
    return structuredClone(sortReached(dependentsOf(snapshot.index(), id, maxDepth)));
  }

  async dependencies(id: string, maxDepth?: number): Promise<ReachedComponent[]> {
    const snapshot = await this.file.load();
    return structuredClone(sortReached(dependenciesOf(snapshot.index(), id, maxDepth)));
  }

  async createChangeRequest(request: ChangeRequest, event: AuditEvent): Promise<void> {
    const stored = changeRequestSchema.parse(request);
    const storedEvent = auditEventSchema.parse(event);
    await this.file.update((data) => {
      if (data.changeRequests.some((r) => r.id === stored.id)) {
        throw new AppError('conflict', `Change request ${stored.id} already exists`);
      }
      return { data: { ...data, changeRequests: [...data.changeRequests, stored], events: [...data.events, storedEvent] }, result: undefined };
    });
  }

  async getChangeRequest(id: string): Promise<ChangeRequest | null> {
    const { data } = await this.file.load();
    const found = data.changeRequests.find((r) => r.id === id);
    return found ? structuredClone(found) : null;
  }

  async listChangeRequests(filter: ChangeRequestFilter = {}): Promise<ChangeRequest[]> {
    const { data } = await this.file.load();
    return structuredClone(sortChangeRequests(data.changeRequests.filter((r) => matchesChangeRequestFilter(r, filter))));
  }

  async transitionChangeRequest(input: TransitionInput): Promise<ChangeRequest> {
    const event = auditEventSchema.parse(input.event);
    const { result } = await this.file.update((data) => {
      const current = data.changeRequests.find((r) => r.id === input.id) ?? null;
      if (!current || !isTransitionAllowed(current, input)) throw transitionRefusal(current, input);
      const updated = changeRequestSchema.parse(applyTransition(current, input, this.now()));
      const next: GraphFileData = {
        ...data,
        changeRequests: data.changeRequests.map((r) => (r.id === updated.id ? updated : r)),
        events: [...data.events, event],
      };
      return { data: next, result: updated };
    });
    return structuredClone(result);
  }

  async appendEvent(event: AuditEvent): Promise<void> {
    const stored = auditEventSchema.parse(event);
    await this.file.update((data) => {
      if (stored.changeRequestId !== null && !data.changeRequests.some((r) => r.id === stored.changeRequestId)) {
        throw new AppError('not_found', `No change request ${stored.changeRequestId}`);
      }
      return { data: { ...data, events: [...data.events, stored] }, result: undefined };
    });
  }

  async listEvents(scope: { changeRequestId: string } | { componentId: string }): Promise<AuditEvent[]> {
    const { data } = await this.file.load();
    const events =
      'changeRequestId' in scope ? data.events.filter((e) => e.changeRequestId === scope.changeRequestId) : data.events.filter((e) => e.componentId === scope.componentId);
    return structuredClone(sortEvents(events));
  }

  async listEventsSince(after: EventCursor | null, limit: number): Promise<AuditEvent[]> {
    const { data } = await this.file.load();
    const isAfter = (e: AuditEvent) => after === null || e.at > after.at || (e.at === after.at && e.id > after.id);
    return structuredClone(sortEvents(data.events.filter(isAfter)).slice(0, limit));
  }

  async createRollout(rollout: Rollout, event: AuditEvent): Promise<void> {
    const stored = rolloutSchema.parse(rollout);
    const storedEvent = auditEventSchema.parse(event);
    const problem = rolloutEventsProblem(stored.changeRequestId, [storedEvent]);
    if (problem) throw problem;
    await this.file.update((data) => {
      if (data.rollouts.some((r) => r.id === stored.id)) throw new AppError('conflict', `Rollout ${stored.id} already exists`);
      if (!data.changeRequests.some((r) => r.id === stored.changeRequestId)) throw new AppError('not_found', `No change request ${stored.changeRequestId}`);
      return { data: { ...data, rollouts: [...data.rollouts, stored], events: [...data.events, storedEvent] }, result: undefined };
    });
  }

  async getRollout(id: string): Promise<Rollout | null> {
    const { data } = await this.file.load();
    const found = data.rollouts.find((r) => r.id === id);
    return found ? structuredClone(found) : null;
  }

  async listRollouts(filter: RolloutFilter = {}): Promise<Rollout[]> {
    const { data } = await this.file.load();
    return structuredClone(sortRollouts(data.rollouts.filter((r) => matchesRolloutFilter(r, filter))));
  }

  async transitionRollout(input: RolloutTransitionInput): Promise<Rollout> {
    const events = input.events.map((e) => auditEventSchema.parse(e));
    const { result } = await this.file.update((data) => {
      const current = data.rollouts.find((r) => r.id === input.id) ?? null;
      if (!current || !isRolloutTransitionAllowed(current, input)) throw rolloutRefusal(current, input);
      const updated = rolloutSchema.parse(applyRolloutTransition(current, input, this.now()));
      const next: GraphFileData = {
        ...data,
        rollouts: data.rollouts.map((r) => (r.id === updated.id ? updated : r)),
        events: [...data.events, ...events],
      };
      return { data: next, result: updated };
    });
    return structuredClone(result);
  }

  acquireLease(request: LeaseRequest): Promise<LeaseOutcome> {
    return this.leases.update(request.name, (current) => {
      const { next, outcome } = acquireLease(current, request, this.now().getTime());
      return { next, result: outcome };
    });
  }

  async wantLease(name: string): Promise<void> {
    await this.leases.update(name, (current) => ({ next: wantLease(current), result: undefined }));
  }

  releaseLease(request: LeaseRequest, options: { keepIfWanted?: boolean } = {}): Promise<LeaseRelease> {
    return this.leases.update(request.name, (current) => releaseLease(current, request, options, this.now().getTime()));
  }

  readHistoryHeads(ids?: readonly string[]): Promise<HistoryHead[]> {
    return this.history.heads(ids);
  }

  /** One read and, when something is new, one write of the history file, as a sync of the graph file counts them. */
  async writeHistory(input: HistoryWrite, guard?: SyncGuard): Promise<HistoryWriteResult> {
    const { written, isWritten } = await this.history.write(input, guard);
    return { written, roundTrips: isWritten ? 2 : 1 };
  }

  readHistoryState(): Promise<HistoryState> {
    return this.history.state();
  }

  readVersionIndex(filter: { componentId?: string } = {}): Promise<VersionKey[]> {
    return this.history.index(filter.componentId);
  }

  readVersions(ids: readonly string[]): Promise<DocumentVersion[]> {
    return this.history.versions(ids);
  }

  readDriftTransitions(filter?: { componentId?: string; until?: string }): Promise<DriftTransition[]> {
    return this.history.transitions(filter);
  }

  async ping(): Promise<void> {
    await this.file.load();
  }

  async close(): Promise<void> {}
}
