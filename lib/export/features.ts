/**
 * The estate as a table for analysis (issue 16, exports): per node the
 * features a notebook or Gephi wants next to the topology — degrees, the
 * blast radius, how often and how lately it changed — as of one moment,
 * and the `depends_on` edges (consumer → provider) with their field paths.
 * Every export format (GraphML, CSV, JSONL) writes these rows through the
 * one column list below, so a column means the same in all three. Pure:
 * the graph, the version index and the moment are passed in; stepwise
 * (a yield per node, lib/graph/stepwise.ts), so the server can work it out
 * in slices between requests.
 *
 * A dangling edge's target is a node of its own (`placeholder`), so every
 * edge has two ends in every format, as graph tools require.
 */
import { dependentsOf, indexGraph, type GraphIndex } from '@/lib/graph/graph-index';
import { runStraight, type Stepwise } from '@/lib/graph/stepwise';
import type { DriftStatus, Graph } from '@/lib/model/graph';
import type { VersionKey } from '@/lib/model/history';
import { parseComponentId } from '@/lib/model/ids';

/** "Changes in the last 30 days" counts versions modified in (at − 30 days, at]. */
export const RECENT_CHANGE_DAYS = 30;
const RECENT_MS = RECENT_CHANGE_DAYS * 24 * 60 * 60 * 1000;

export type ExportNode = {
  id: string;
  env: string;
  type: string;
  nickname: string;
  /** The drift status then; null when not known (or a placeholder). */
  status: DriftStatus | null;
  /** Not a component: what a dangling reference names. */
  isPlaceholder: boolean;
  /** Only a runtime parameter, no config. */
  isRuntimeOnly: boolean;
  ownedBy: string | null;
  problems: number;
  /** depends_on edges arriving (its consumers' references) and leaving (its own references), parallel edges each counted. */
  inDegree: number;
  outDegree: number;
  /** How many components depend on it, transitively. */
  blastRadius: number;
  /** SSM version numbers then (null: no such document). */
  configVersion: number | null;
  runtimeVersion: number | null;
  /** Recorded config versions and runtime writes modified up to the moment (removals not counted). */
  configVersions: number;
  runtimeWrites: number;
  /** Recorded versions of either document (removals included) modified in the RECENT_CHANGE_DAYS before the moment. */
  recentChanges: number;
  /** Whole seconds from its newest runtime write not after the moment to the moment; null when never deployed. */
  secondsSinceDeploy: number | null;
};

export type ExportEdge = { id: string; from: string; to: string; path: string; rule: string; isDangling: boolean };

export type AnalysisTable = {
  /** The moment the features are as of (ISO). */
  at: string;
  nodes: ExportNode[];
  edges: ExportEdge[];
  counts: { components: number; placeholders: number; edges: number };
};

export type ColumnType = 'string' | 'int' | 'double' | 'boolean';
export type Cell = string | number | boolean | null;
/** One column of an export: its name in every format, its GraphML type, and the value of a row. */
export type Column<Row> = { name: string; type: ColumnType; value: (row: Row) => Cell };

/** Node columns, in the order the CSV header and the JSONL lines have them; `id` is the element id in GraphML. */
export const NODE_COLUMNS: ReadonlyArray<Column<ExportNode>> = [
  { name: 'id', type: 'string', value: (n) => n.id },
  { name: 'env', type: 'string', value: (n) => n.env },
  { name: 'type', type: 'string', value: (n) => n.type },
  { name: 'nickname', type: 'string', value: (n) => n.nickname },
  { name: 'status', type: 'string', value: (n) => n.status },
  { name: 'placeholder', type: 'boolean', value: (n) => n.isPlaceholder },
  { name: 'runtime_only', type: 'boolean', value: (n) => n.isRuntimeOnly },
  { name: 'owned_by', type: 'string', value: (n) => n.ownedBy },
  { name: 'problems', type: 'int', value: (n) => n.problems },
  { name: 'in_degree', type: 'int', value: (n) => n.inDegree },
  { name: 'out_degree', type: 'int', value: (n) => n.outDegree },
  { name: 'blast_radius', type: 'int', value: (n) => n.blastRadius },
  { name: 'config_version', type: 'int', value: (n) => n.configVersion },
  { name: 'runtime_version', type: 'int', value: (n) => n.runtimeVersion },
  { name: 'config_versions', type: 'int', value: (n) => n.configVersions },
  { name: 'runtime_writes', type: 'int', value: (n) => n.runtimeWrites },
  { name: 'changes_30d', type: 'int', value: (n) => n.recentChanges },
  { name: 'seconds_since_deploy', type: 'int', value: (n) => n.secondsSinceDeploy },
];

/** Edge columns; `id`, `from` and `to` are the element's id, source and target in GraphML. */
export const EDGE_COLUMNS: ReadonlyArray<Column<ExportEdge>> = [
  { name: 'id', type: 'string', value: (e) => e.id },
  { name: 'from', type: 'string', value: (e) => e.from },
  { name: 'to', type: 'string', value: (e) => e.to },
  { name: 'path', type: 'string', value: (e) => e.path },
  { name: 'rule', type: 'string', value: (e) => e.rule },
  { name: 'dangling', type: 'boolean', value: (e) => e.isDangling },
];

/** A row as one object keyed by column name (JSONL lines, tests). */
export function rowObject<Row>(columns: ReadonlyArray<Column<Row>>, row: Row): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  for (const column of columns) out[column.name] = column.value(row);
  return out;
}

type History = { configVersions: number; runtimeWrites: number; recentChanges: number; lastDeployMs: number | null };

/** Per component, what the version index says up to `atMs`: one pass over it. */
function historyCounts(versions: readonly VersionKey[], atMs: number): Map<string, History> {
  const byId = new Map<string, History>();
  for (const key of versions) {
    const ms = Date.parse(key.modifiedAt);
    if (!(ms <= atMs)) continue;
    let counts = byId.get(key.componentId);
    if (!counts) byId.set(key.componentId, (counts = { configVersions: 0, runtimeWrites: 0, recentChanges: 0, lastDeployMs: null }));
    if (ms > atMs - RECENT_MS) counts.recentChanges++;
    if (key.removed) continue;
    if (key.document === 'config') counts.configVersions++;
    else {
      counts.runtimeWrites++;
      if (counts.lastDeployMs === null || ms > counts.lastDeployMs) counts.lastDeployMs = ms;
    }
  }
  return byId;
}

const NO_HISTORY: History = { configVersions: 0, runtimeWrites: 0, recentChanges: 0, lastDeployMs: null };

export type AnalysisInput = {
  graph: Graph;
  /** The graph's index when the caller has one (the served snapshot's): its adjacency is reused for the blast radius walks. */
  index?: GraphIndex;
  /** Every recorded version (the history's index); later ones are left out here. */
  versions: readonly VersionKey[];
  /** The moment (ISO). */
  at: string;
};

/** The analysis table of `graph` as of `at`: components in graph order, then placeholders by id; edges in graph order. */
export function analysisTable(input: AnalysisInput): AnalysisTable {
  return runStraight(analysisSteps(input));
}

/** The same, yielding after each node. */
export function* analysisSteps({ graph, index = indexGraph(graph), versions, at }: AnalysisInput): Stepwise<AnalysisTable> {
  const atMs = Date.parse(at);
  const history = historyCounts(versions, atMs);
  yield;
  const degree = (id: string) => ({ inDegree: index.incoming(id).length, outDegree: index.outgoing(id).length, blastRadius: dependentsOf(index, id).length });
  const nodes: ExportNode[] = [];
  for (const c of graph.components) {
    const h = history.get(c.id) ?? NO_HISTORY;
    nodes.push({
      id: c.id,
      env: c.env,
      type: c.type,
      nickname: c.nickname,
      status: c.drift?.status ?? null,
      isPlaceholder: false,
      isRuntimeOnly: c.configRaw === null,
      ownedBy: c.ownedBy,
      problems: c.problems.length,
      ...degree(c.id),
      configVersion: c.configVersion,
      runtimeVersion: c.runtimeVersion,
      configVersions: h.configVersions,
      runtimeWrites: h.runtimeWrites,
      recentChanges: h.recentChanges,
      secondsSinceDeploy: h.lastDeployMs === null ? null : Math.floor((atMs - h.lastDeployMs) / 1000),
    });
    yield;
  }
  const known = new Set(graph.components.map((c) => c.id));
  const missing = [...new Set(graph.edges.filter((e) => !known.has(e.to)).map((e) => e.to))].sort();
  for (const id of missing) {
    const key = parseComponentId(id);
    nodes.push({
      id,
      env: key?.env ?? '',
      type: key?.type ?? '',
      nickname: key?.nickname ?? id,
      status: null,
      isPlaceholder: true,
      isRuntimeOnly: false,
      ownedBy: null,
      problems: 0,
      ...degree(id),
      configVersion: null,
      runtimeVersion: null,
      configVersions: 0,
      runtimeWrites: 0,
      recentChanges: 0,
      secondsSinceDeploy: null,
    });
    yield;
  }
  const edges = graph.edges.map(({ id, from, to, path, rule, dangling }) => ({ id, from, to, path, rule, isDangling: dangling }));
  return { at, nodes, edges, counts: { components: graph.components.length, placeholders: missing.length, edges: edges.length } };
}
