/**
 * The GraphStore port: where the built graph, change requests and their
 * audit events live. Adapters: `gremlin` (Amazon Neptune, or Gremlin Server in
 * tests) and `memory` (embedded, persisted under the data folder). Both pass
 * lib/store/graph-store.contract.ts.
 */
import type { AuditEvent, ChangeRequest, ChangeRequestFilter, ChangeStatus } from '@/lib/model/change-request';
import type { PathQuery, PathsRead } from '@/lib/graph/filter-graph';
import type { Component, DriftStatus, Edge, Graph } from '@/lib/model/graph';
import type { DocumentVersion, DriftTransition, HistoryHead, HistoryState, HistoryWrite, HistoryWriteResult, VersionKey } from '@/lib/model/history';
import type { Rollout, RolloutFilter } from '@/lib/model/rollout';

/** Counts are of components and edges, plus one element for the graph's cycles and ignored parameters. */
export type SyncResult = {
  /** Vertices and edges created or updated. */
  written: number;
  /** Vertices and edges dropped because they vanished. */
  removed: number;
  unchanged: number;
  /** Requests sent to the store (batches and reads). */
  roundTrips: number;
  durationMs: number;
};

/** Filters apply first (an absent or empty list filters nothing), then the focus on `ids` inside them. */
export type GraphQuery = {
  env?: string[];
  type?: string[];
  status?: DriftStatus[];
  /** Only these components (plus `hops` around them). */
  ids?: string[];
  /** With `ids`: what they depend on up to this many edges forward, and what depends on them up to as many backward. */
  hops?: number;
  /** With `ids`: everything within `hops` edges either way instead (the other consumers of a provider, and so on). */
  siblings?: boolean;
};

export type ComponentWithEdges = {
  component: Component;
  /** What it depends on. */
  outgoing: Edge[];
  /** What depends on it. */
  incoming: Edge[];
};

export type ReachedComponent = { id: string; depth: number; via: Edge[] };

export type TransitionInput = {
  id: string;
  /** The transition happens only if the request still has this status… */
  expectedStatus: ChangeStatus | readonly ChangeStatus[];
  /** …and this revision; otherwise a `conflict` AppError and nothing changes. */
  expectedRevision: number;
  /** Fields to change; revision and updatedAt are set by the store. */
  patch: Partial<Pick<ChangeRequest, 'status' | 'approvals' | 'approverGroups' | 'appliedVersion' | 'error' | 'gitCommit' | 'members'>>;
  /** Written together with the transition. */
  event: AuditEvent;
};

export type RolloutTransitionInput = {
  id: string;
  /** The transition happens only at this revision; otherwise a `conflict` AppError and nothing changes. */
  expectedRevision: number;
  /** Fields to change; revision and updatedAt are set by the store. */
  patch: Partial<Pick<Rollout, 'status' | 'currentWave' | 'members' | 'reason'>>;
  /** Written together with the transition (at least one), linked to the rollout's change request. */
  events: AuditEvent[];
};

/**
 * A named, time-limited claim held in the store and shared by every instance
 * (ARCHITECTURE.md §4): one apply per component, one sync at a time. Expiry
 * uses the instances' clocks, so leases are minutes long against clock skews
 * of milliseconds.
 */
export type LeaseRequest = {
  name: string;
  /** Who holds it: unique per attempt (an instance id plus a nonce, a request id plus its claim). */
  holder: string;
  ttlMs: number;
  /** A holder starting with this may be taken over before it expires (a later claim of the same change request). */
  takeOverPrefix?: string;
};

export type LeaseOutcome = { acquired: true; expiresAt: string } | { acquired: false; holder: string; expiresAt: string };

/** `kept`: someone asked for the lease's work once more meanwhile (wantLease); the holder still has it and runs again. */
export type LeaseRelease = 'released' | 'kept' | 'not_held';

/** The graph-level state every instance can read cheaply; null when the store holds no graph (new, or lost its data). */
export type GraphState = {
  /** Advanced by every sync that writes something. */
  generation: number;
  /** When the sync that last wrote finished. */
  syncedAt: string;
};

/** One generation's whole graph, never a mix of two syncs. Shared, not copied: callers must not change it. */
export type GraphSnapshotRead = { state: GraphState; graph: Graph };

/**
 * A place in the change feed (listEventsSince): events are ordered by
 * (at, id), and a cursor stands just after one such pair. `id: ''` stands
 * before every event of that instant.
 */
export type EventCursor = { at: string; id: string };

export type SyncGuard = {
  /** Called before each batch of writes; throws to stop a sync whose lease was lost (the next one converges). */
  assertHeld(): void;
};

export type GraphStore = {
  readonly kind: 'memory' | 'gremlin';
  /**
   * Makes the stored graph equal to `graph`, writing only what changed; when
   * something was written, the generation advances. The graph state is
   * written last, so it exists only after a complete sync.
   */
  syncGraph(graph: Graph, guard?: SyncGuard): Promise<SyncResult>;
  readGraphState(): Promise<GraphState | null>;
  /**
   * The whole graph with the state it belongs to: null when the store holds
   * no graph, `busy` while a sync is writing (or wrote between the reads),
   * so the caller keeps what it has and asks again. With `evenIfWriting`, a
   * sync's leftover marker (one that died midway) does not stop the read.
   */
  readSnapshot(options?: { evenIfWriting?: boolean }): Promise<GraphSnapshotRead | null | 'busy'>;
  /** Components and edges sorted by id; edges of returned components that reach another or dangle. */
  readGraph(query?: GraphQuery): Promise<Graph>;
  readComponent(id: string): Promise<ComponentWithEdges | null>;
  /**
   * The shortest dependency paths between two components, both directions
   * checked, inside the filters (lib/graph/find-paths.ts); the graph holds
   * only what lies on the listed paths, sorted as readGraph sorts.
   */
  readPaths(query: PathQuery): Promise<PathsRead>;
  /** Nearest first, then by id; `via` is one shortest path. */
  dependents(id: string, maxDepth?: number): Promise<ReachedComponent[]>;
  dependencies(id: string, maxDepth?: number): Promise<ReachedComponent[]>;

  /** Stores the request with its first event, together; `conflict` if the id exists. */
  createChangeRequest(request: ChangeRequest, event: AuditEvent): Promise<void>;
  getChangeRequest(id: string): Promise<ChangeRequest | null>;
  /** Newest first (createdAt, then id). */
  listChangeRequests(filter?: ChangeRequestFilter): Promise<ChangeRequest[]>;
  /** Compare-and-set on status + revision; returns the updated request. */
  transitionChangeRequest(input: TransitionInput): Promise<ChangeRequest>;
  /** Appends an event (comment, webhook result…) linked to its request and/or component; `not_found` for an unknown request. */
  appendEvent(event: AuditEvent): Promise<void>;
  /** Oldest first (at, then id). */
  listEvents(scope: { changeRequestId: string } | { componentId: string }): Promise<AuditEvent[]>;
  /**
   * The change feed, what live updates follow across instances: every audit
   * event (any request, any component) after `after` in (at, id) order,
   * oldest first, at most `limit`; from the first when `after` is null.
   * `at` comes from the writer's clock, so a reader that must not miss a
   * late writer re-reads a window before its cursor (lib/server/events-feed.ts).
   */
  listEventsSince(after: EventCursor | null, limit: number): Promise<AuditEvent[]>;

  /** Stores the rollout with its first event, together; `conflict` if the id exists, `not_found` without its change request. */
  createRollout(rollout: Rollout, event: AuditEvent): Promise<void>;
  getRollout(id: string): Promise<Rollout | null>;
  /** Newest first (createdAt, then id). */
  listRollouts(filter?: RolloutFilter): Promise<Rollout[]>;
  /** Compare-and-set on revision, with its events in the same write; returns the updated rollout. */
  transitionRollout(input: RolloutTransitionInput): Promise<Rollout>;

  /**
   * Infrastructure memory (lib/model/history.ts). Every head, in one read:
   * what the next sync compares against, so a sync that sees nothing new
   * writes nothing. With `ids`, only those components' heads.
   */
  readHistoryHeads(ids?: readonly string[]): Promise<HistoryHead[]>;
  /**
   * Upserts versions by id (an existing one is rewritten only to fill the
   * fields it lacked, see lib/history/merge-version.ts), adds transitions
   * whose id is new, replaces the heads given; in batches, each checked
   * against `guard` first. Counts only what changed: an input the store
   * already holds writes nothing. The revision advances when something was written.
   */
  writeHistory(input: HistoryWrite, guard?: SyncGuard): Promise<HistoryWriteResult>;
  readHistoryState(): Promise<HistoryState>;
  /** Every version without its text, sorted by (componentId, document, modifiedAt, version); one component's with `componentId`. */
  readVersionIndex(filter?: { componentId?: string }): Promise<VersionKey[]>;
  /** The versions with these ids, in the order asked (unknown ids left out). */
  readVersions(ids: readonly string[]): Promise<DocumentVersion[]>;
  /** Sorted by (at, id); one component's with `componentId`, only up to `until` (inclusive) with it. */
  readDriftTransitions(filter?: { componentId?: string; until?: string }): Promise<DriftTransition[]>;

  /**
   * Takes the lease when it is free, expired, takeable (takeOverPrefix) or
   * already this holder's (then it is renewed); a compare-and-set, so of
   * any number of callers at most one holds it.
   */
  acquireLease(request: LeaseRequest): Promise<LeaseOutcome>;
  /** Asks the current holder to run its work once more before it lets go (see releaseLease). */
  wantLease(name: string): Promise<void>;
  /**
   * Lets go of the lease if `holder` holds it. With `keepIfWanted`, a lease
   * someone wanted meanwhile is kept and renewed instead (`kept`), and the
   * wish is cleared: the holder runs again, then releases again.
   */
  releaseLease(request: LeaseRequest, options?: { keepIfWanted?: boolean }): Promise<LeaseRelease>;

  ping(): Promise<void>;
  close(): Promise<void>;
};
