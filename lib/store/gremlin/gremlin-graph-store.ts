import 'server-only';
import type { AuditEvent, ChangeRequest, ChangeRequestFilter } from '@/lib/model/change-request';
import type { PathQuery, PathsRead } from '@/lib/graph/filter-graph';
import type { Graph } from '@/lib/model/graph';
import type { DocumentVersion, DriftTransition, HistoryHead, HistoryState, HistoryWrite, HistoryWriteResult, VersionKey } from '@/lib/model/history';
import type { Rollout, RolloutFilter } from '@/lib/model/rollout';
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
import * as changeRequests from './change-requests';
import * as history from './history';
import { writeHistory } from './write-history';
import * as leases from './leases';
import * as rollouts from './rollouts';
import { GremlinConnection, type GremlinSettings } from './gremlin-connection';
import { readComponent, readGraph, walk } from './read-graph';
import { readGraphState, readSnapshot } from './read-snapshot';
import { readPaths } from './read-paths';
import type { CredentialsProvider } from './sigv4-headers';
import { syncGraph, type SyncOptions } from './sync-graph';

export type GremlinGraphStoreOptions = {
  /** IAM credentials; the AWS SDK's default chain when absent. */
  credentials?: CredentialsProvider;
  now?: () => Date;
  sync?: SyncOptions;
};

/**
 * The GraphStore on Amazon Neptune (Gremlin Server in tests), through
 * bytecode traversals only. Safe to share: one connection per store, opened
 * on first use; the composition root keeps one store per process.
 */
export class GremlinGraphStore implements GraphStore {
  readonly kind = 'gremlin' as const;
  readonly connection: GremlinConnection;
  private readonly now: () => Date;
  private readonly syncOptions: SyncOptions;

  constructor(settings: GremlinSettings, options: GremlinGraphStoreOptions = {}) {
    this.connection = new GremlinConnection(settings, { credentials: options.credentials, now: options.now });
    this.now = options.now ?? (() => new Date());
    this.syncOptions = options.sync ?? {};
  }

  syncGraph(graph: Graph, guard?: SyncGuard): Promise<SyncResult> {
    return syncGraph(this.connection, graph, { ...this.syncOptions, guard, now: this.now });
  }

  readGraphState(): Promise<GraphState | null> {
    return readGraphState(this.connection);
  }

  readSnapshot(options?: { evenIfWriting?: boolean }): Promise<GraphSnapshotRead | null | 'busy'> {
    return readSnapshot(this.connection, options);
  }

  readGraph(query?: GraphQuery): Promise<Graph> {
    return readGraph(this.connection, query);
  }

  readComponent(id: string): Promise<ComponentWithEdges | null> {
    return readComponent(this.connection, id);
  }

  readPaths(query: PathQuery): Promise<PathsRead> {
    return readPaths(this.connection, query);
  }

  dependents(id: string, maxDepth?: number): Promise<ReachedComponent[]> {
    return walk(this.connection, id, 'dependents', maxDepth);
  }

  dependencies(id: string, maxDepth?: number): Promise<ReachedComponent[]> {
    return walk(this.connection, id, 'dependencies', maxDepth);
  }

  createChangeRequest(request: ChangeRequest, event: AuditEvent): Promise<void> {
    return changeRequests.createChangeRequest(this.connection, request, event);
  }

  getChangeRequest(id: string): Promise<ChangeRequest | null> {
    return changeRequests.getChangeRequest(this.connection, id);
  }

  listChangeRequests(filter?: ChangeRequestFilter): Promise<ChangeRequest[]> {
    return changeRequests.listChangeRequests(this.connection, filter);
  }

  transitionChangeRequest(input: TransitionInput): Promise<ChangeRequest> {
    return changeRequests.transitionChangeRequest(this.connection, input, this.now());
  }

  appendEvent(event: AuditEvent): Promise<void> {
    return changeRequests.appendEvent(this.connection, event);
  }

  listEvents(scope: { changeRequestId: string } | { componentId: string }): Promise<AuditEvent[]> {
    return changeRequests.listEvents(this.connection, scope);
  }

  listEventsSince(after: EventCursor | null, limit: number): Promise<AuditEvent[]> {
    return changeRequests.listEventsSince(this.connection, after, limit);
  }

  createRollout(rollout: Rollout, event: AuditEvent): Promise<void> {
    return rollouts.createRollout(this.connection, rollout, event);
  }

  getRollout(id: string): Promise<Rollout | null> {
    return rollouts.getRollout(this.connection, id);
  }

  listRollouts(filter?: RolloutFilter): Promise<Rollout[]> {
    return rollouts.listRollouts(this.connection, filter);
  }

  transitionRollout(input: RolloutTransitionInput): Promise<Rollout> {
    return rollouts.transitionRollout(this.connection, input, this.now());
  }

  acquireLease(request: LeaseRequest): Promise<LeaseOutcome> {
    return leases.acquireLease(this.connection, request, this.now().getTime());
  }

  wantLease(name: string): Promise<void> {
    return leases.wantLease(this.connection, name);
  }

  releaseLease(request: LeaseRequest, options: { keepIfWanted?: boolean } = {}): Promise<LeaseRelease> {
    return leases.releaseLease(this.connection, request, options, this.now().getTime());
  }

  readHistoryHeads(ids?: readonly string[]): Promise<HistoryHead[]> {
    return history.readHistoryHeads(this.connection, ids);
  }

  writeHistory(input: HistoryWrite, guard?: SyncGuard): Promise<HistoryWriteResult> {
    return writeHistory(this.connection, input, guard, this.syncOptions.limits);
  }

  readHistoryState(): Promise<HistoryState> {
    return history.readHistoryState(this.connection);
  }

  readVersionIndex(filter?: { componentId?: string }): Promise<VersionKey[]> {
    return history.readVersionIndex(this.connection, filter);
  }

  readVersions(ids: readonly string[]): Promise<DocumentVersion[]> {
    return history.readVersions(this.connection, ids);
  }

  readDriftTransitions(filter?: { componentId?: string; until?: string }): Promise<DriftTransition[]> {
    return history.readDriftTransitions(this.connection, filter);
  }

  async ping(): Promise<void> {
    await this.connection.run('ping', (g) => g.inject(0).toList());
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
