/**
 * Shapes of the JSON the API answers with, shared by route handlers and the
 * client hooks.
 */
import { z } from 'zod';
import type { DependencyPaths } from '@/lib/graph/find-paths';
import type { DriftListResponse } from './drift';
import { AppError } from './errors';
import { DRIFT_STATUSES, type Component, type DriftStatus, type Edge } from './graph';
import type { GraphDiff, HistoryMoment, HistoryState } from './history';
import { edgeId, parseComponentId } from './ids';

/**
 * A component as the graph view draws it, and no more: documents, versions,
 * times and reasons come from `/api/components/<id>` when someone looks.
 * Flags are left out when they do not hold, so most nodes are five fields.
 */
export type GraphNode = {
  id: string;
  env: string;
  type: string;
  nickname: string;
  /** The drift status; null when not known. */
  status: DriftStatus | null;
  /** Only a runtime parameter, no config. */
  runtimeOnly?: true;
  /** How many problems the component has (broken references, documents that are not JSON…). */
  problems?: number;
  /** For runtime-only components: the component whose config owns this runtime. */
  ownedBy?: string;
  /** Only in answers about the past (`at=` or `compare=`): the config and runtime versions the component had then. */
  configVersion?: number;
  runtimeVersion?: number;
};

/** An edge as /api/graph sends it: its id is `from->to#path` (edgeId), `dangling` only when it is. */
export type GraphWireEdge = Pick<Edge, 'from' | 'to' | 'path' | 'rule'> & { dangling?: true };

/** The graph view's answer as the browser works with it (edges with ids, see fromGraphPayload). */
export type GraphResponse = {
  nodes: GraphNode[];
  edges: Edge[];
  cycles: string[][];
  /** true when the graph store is unreachable (or being rebuilt) and this is the last graph this server had. */
  stale: boolean;
  syncedAt: string | null;
  /** The store generation this answer was read from. */
  generation: number;
  /** With `path=A,B`: the shortest paths found; `nodes` and `edges` are then only what lies on the listed ones. */
  paths?: DependencyPaths;
  /**
   * null: the graph now. Otherwise the moment (ISO, normalised) this graph
   * was rebuilt as of, from the recorded documents: read-only, and
   * `generation` is then the history revision it was built from.
   */
  asOf: string | null;
  /**
   * With `compare=`: what changed between the two moments, cut to what this
   * answer shows. `nodes` and `edges` are then the later moment's plus what
   * only the earlier one had (to draw removals).
   */
  diff?: GraphDiff;
};

/** What GET /api/graph sends: the same with compact edges. */
export type GraphPayload = Omit<GraphResponse, 'edges'> & { edges: GraphWireEdge[] };

export function toGraphNode(component: Component): GraphNode {
  const node: GraphNode = { id: component.id, env: component.env, type: component.type, nickname: component.nickname, status: component.drift?.status ?? null };
  if (component.configRaw === null) node.runtimeOnly = true;
  if (component.problems.length > 0) node.problems = component.problems.length;
  if (component.ownedBy) node.ownedBy = component.ownedBy;
  return node;
}

/** A node of a past graph: the same, with the versions it had then. */
export function toHistoricalNode(component: Component): GraphNode {
  const node = toGraphNode(component);
  if (component.configVersion !== null) node.configVersion = component.configVersion;
  if (component.runtimeVersion !== null) node.runtimeVersion = component.runtimeVersion;
  return node;
}

export function toWireEdge({ from, to, path, rule, dangling }: Edge): GraphWireEdge {
  return dangling ? { from, to, path, rule, dangling: true } : { from, to, path, rule };
}

export function fromGraphPayload({ edges, ...rest }: GraphPayload): GraphResponse {
  return { ...rest, edges: edges.map(({ from, to, path, rule, dangling }) => ({ id: edgeId(from, to, path), from, to, path, rule, dangling: dangling === true })) };
}

const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(item)).optional();

/** A moment as the query gives it (parseQuery splits on commas: put back together, so the history's check names the whole text); empty: none. */
export const momentParam = z.preprocess((v) => (Array.isArray(v) ? (v.length ? v.join(',') : undefined) : v), z.string().optional());

export const graphQuerySchema = z.strictObject({
  env: list(z.string().min(1)),
  type: list(z.string().min(1)),
  status: list(z.enum(DRIFT_STATUSES)),
  focus: list(z.string().min(1)),
  hops: z.coerce.number().int().min(0).max(6).optional(),
  /** With `focus`: the undirected neighbourhood (`siblings=1`) instead of dependencies up and dependents down. */
  siblings: z.stringbool().optional(),
  /** `path=A,B`: the shortest dependency paths between two components (see `pathEnds`). */
  path: list(z.string().min(1)),
  /** `at=<ISO time>`: the graph as it was then (checked by the history's parseMoment, which says what is wrong). */
  at: momentParam,
  /** `compare=<ISO time>`: what changed between that moment and `at` (or now). */
  compare: momentParam,
});
export type GraphQueryParams = z.infer<typeof graphQuerySchema>;

/** GET /api/history: how much the history holds, and the moments the estate changed (for the time slider), oldest first. */
export type HistoryResponse = { state: HistoryState; moments: HistoryMoment[] };

/** GET /api/drift answers the drift list with the moment it is as of (null: now). */
export type DriftListAsOf = DriftListResponse & { asOf: string | null };

/** The two ends of `path=A,B`, or null without a path; 400 unless two different component ids, and not with a focus. */
export function pathEnds({ path, focus }: GraphQueryParams): { from: string; to: string } | null {
  if (path === undefined) return null;
  if (focus?.length) throw new AppError('bad_request', 'Ask for a focus or a path, not both');
  if (path.length !== 2) throw new AppError('bad_request', `A path is between two components (path=A,B); got ${path.length}`);
  const [from, to] = path;
  for (const id of path) if (!parseComponentId(id)) throw new AppError('bad_request', `${id} is not a component id (env:type/nickname)`);
  if (from === to) throw new AppError('bad_request', 'A path is between two different components');
  return { from, to };
}

/** Distinct components reached: at one edge, and at any depth. */
export type ReachCount = { direct: number; all: number };

export type ComponentResponse = {
  component: Component;
  dependencies: Edge[];
  dependents: Edge[];
  /** How far it reaches each way, in components (a dangling target counts as the one it names). */
  reach: { dependencies: ReachCount; dependents: ReachCount };
  stale: boolean;
};

/** GET /api/health. Anyone gets up/down per adapter; signed-in users the details; admins the diagnostics. */
export type HealthResponse = {
  ok: boolean;
  /** `recovering`: the store answered without a graph (it lost its data) and a sync is rebuilding it. */
  graphStore: 'up' | 'down' | 'recovering';
  parameters: 'up' | 'down';
  details?: HealthDetails;
};

/** What is down and why, in words fit for any signed-in user: no addresses, no driver errors. */
export type HealthDetails = {
  mode: 'demo' | 'real';
  parameters: { kind: 'local' | 'ssm'; environments: Array<{ env: string; prefix: string; reachable: boolean; error: string | null }> };
  graphStore: { kind: 'memory' | 'gremlin'; reachable: boolean; isRecovering: boolean; error: string | null };
  lastSync: {
    trigger: string;
    ok: boolean;
    at: string;
    durationMs: number;
    components: number;
    edges: number;
    written: number;
    removed: number;
    error: string | null;
  } | null;
  /** The heap against its budget (KARMA_HEAP_MB): what is live over the last minute, and a warning when it is over three quarters. */
  memory: { heapUsedMb: number; heapLimitMb: number; warning: string | null };
  /** Signed-in admins only: what the server log has besides (endpoints, raw errors). */
  diagnostics?: {
    instance: string;
    graphStore: { endpoint: string | null; error: string | null };
    parameters: Array<{ env: string; endpoint: string | null; error: string | null }>;
    lastSyncError: string | null;
  };
};

/** A component found by `GET /api/search`, with the field that matched. */
export type SearchMatch = {
  id: string;
  env: string;
  type: string;
  nickname: string;
  /** `nickname`, `type`, `id`, `config.<path>`, `config` (not-JSON text) or `runtime.<path>`. */
  field: string;
  value: string;
};

/** How many components share one environment, type and drift status (null: drift not known). */
export type FacetCount = { env: string; type: string; status: DriftStatus | null; count: number };

/**
 * The environments and types that exist, for filter menus, and the counts
 * behind them: one row per (env, type, status) that occurs, so a menu can
 * count its options under the other menus' filters without another request.
 */
export type SearchFacets = { envs: string[]; types: string[]; counts: FacetCount[] };

export type SearchResponse = { query: string; matches: SearchMatch[]; total: number; facets: SearchFacets; stale: boolean };

export const searchQuerySchema = z.strictObject({
  // parseQuery splits on commas; a search text may contain them.
  q: z.preprocess((v) => (Array.isArray(v) ? v.join(',') : v), z.string().max(200)).default(''),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
