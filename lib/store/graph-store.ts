/**
 * The GraphStore port: where the built graph, change requests and their
 * audit events live. Adapters: `gremlin` (Amazon Neptune, or Gremlin Server in
 * tests) and `memory` (embedded, persisted under the data folder). Both pass
 * lib/store/graph-store.contract.ts.
 */
import type { AuditEvent, ChangeRequest, ChangeRequestFilter, ChangeStatus } from '@/lib/model/change-request';
import type { Component, DriftStatus, Edge, Graph } from '@/lib/model/graph';

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
  /** With `ids`: include everything within this many edges, either direction. */
  hops?: number;
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
  patch: Partial<Pick<ChangeRequest, 'status' | 'approvals' | 'appliedVersion' | 'error'>>;
  /** Written together with the transition. */
  event: AuditEvent;
};

export type GraphStore = {
  readonly kind: 'memory' | 'gremlin';
  /** Makes the stored graph equal to `graph`, writing only what changed. */
  syncGraph(graph: Graph): Promise<SyncResult>;
  /** Components and edges sorted by id; edges of returned components that reach another or dangle. */
  readGraph(query?: GraphQuery): Promise<Graph>;
  readComponent(id: string): Promise<ComponentWithEdges | null>;
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

  ping(): Promise<void>;
  close(): Promise<void>;
};
