import 'server-only';
import type { Component, Edge, Graph } from '@/lib/model/graph';
import { mapInSlices, yieldEvery } from '@/lib/server/cooperative';
import { graphMetaFromProperties } from '../component-record';
import type { ComponentWithEdges, GraphQuery, ReachedComponent } from '../graph-store';
import { sortReached } from '../store-order';
import type { GremlinConnection } from './gremlin-connection';
import { edgeProjection, GRAPH_META_ID, LABEL, parseComponentVertex, parseEdge, realComponents } from './graph-schema';
import { __, P, t, type Source, type Traversal } from './gremlin-lib';
import { asList, asRecord, asString, chunks, singleValues } from './traversal-results';
import { byId } from '@/lib/model/ids';

/**
 * Reads, with the filtering done by the server so only what is asked for
 * crosses the wire. Same answers as lib/graph/filter-graph.ts and
 * graph-index.ts give the memory store: filters first, then the focus (ids
 * plus hops, direction-aware unless siblings are asked for) inside what the
 * filters keep; paths are in read-paths.ts. Neighbourhoods and transitive
 * walks go one traversal per depth level (a bounded BFS, no lambdas, no
 * unbounded repeat()).
 */

/** Ids per request when a read names vertices: keeps requests small on big focuses. */
export const IDS_PER_REQUEST = 1_000;

export function withFilters(traversal: Traversal, { env, type, status }: GraphQuery): Traversal {
  let out = realComponents(traversal);
  if (env?.length) out = out.has('env', P.within(...env));
  if (type?.length) out = out.has('type', P.within(...type));
  if (status?.length) out = out.has('status', P.within(...status));
  return out;
}

export type Row = { component: Component; outgoing: Edge[] };

export function componentRows(traversal: Traversal): Traversal {
  return traversal.project('c', 'out').by(__.project('id', 'p').by(t.id).by(__.valueMap())).by(__.outE(LABEL.dependsOn).map(edgeProjection()).fold());
}

export function parseRow(value: unknown): Row {
  const record = asRecord(value, 'a component row');
  return { component: parseComponentVertex(record.c), outgoing: asList(record.out, 'outgoing edges').map(parseEdge) };
}

/** Every row decoded and validated, in slices: the whole graph's rows are seconds of CPU at 20,000 components, which other requests must not wait behind. */
export function parseRows(values: unknown[]): Promise<Row[]> {
  return mapInSlices(values, parseRow, yieldEvery());
}

async function readIds(connection: GremlinConnection, operation: string, ids: string[], step: (g: Source, chunk: string[]) => Traversal): Promise<string[]> {
  const found = await Promise.all(chunks(ids, IDS_PER_REQUEST).map((chunk) => connection.run(operation, (g) => step(g, chunk).toList())));
  return found.flat().map((id) => asString(id, 'a component id'));
}

/**
 * The focus: `ids`, what they depend on (edges followed forward) and what
 * depends on them (followed backward), each up to `hops`, inside the filters;
 * with `siblings`, everything within `hops` edges either way. Each direction
 * keeps its own visited set, as lib/graph/graph-index.ts `neighbourhood` does.
 */
async function focus(connection: GremlinConnection, query: GraphQuery, ids: string[]): Promise<Set<string>> {
  const starts = await readIds(connection, 'read graph: focus', ids, (g, chunk) => withFilters(g.V(...chunk), query).id());
  const steps: Array<[string, (from: Traversal) => Traversal]> = query.siblings
    ? [['either way', (from) => from.both(LABEL.dependsOn)]]
    : [
        ['dependencies', (from) => from.out(LABEL.dependsOn)],
        ['dependents', (from) => from.in_(LABEL.dependsOn)],
      ];
  const reached = await Promise.all(
    steps.map(async ([name, step]) => {
      const seen = new Set(starts);
      let frontier = [...starts];
      for (let hop = 0; hop < (query.hops ?? 0) && frontier.length > 0; hop++) {
        const next = await readIds(connection, `read graph: ${name}, hop ${hop + 1}`, frontier, (g, chunk) =>
          withFilters(step(g.V(...chunk)), query)
            .dedup()
            .id(),
        );
        frontier = next.filter((id) => !seen.has(id));
        frontier.forEach((id) => seen.add(id));
      }
      return seen;
    }),
  );
  return new Set(reached.flatMap((seen) => [...seen]));
}

/** The rows of these components (placeholders left out), a few requests at most. */
export async function readRowsOf(connection: GremlinConnection, ids: Iterable<string>): Promise<Row[]> {
  const parts = await Promise.all(
    chunks([...ids], IDS_PER_REQUEST).map((chunk) => connection.run('read graph: components', (g) => componentRows(realComponents(g.V(...chunk))).toList())),
  );
  return parseRows(parts.flat());
}

async function readRows(connection: GremlinConnection, query: GraphQuery): Promise<Row[]> {
  if (!query.ids?.length) {
    return parseRows(await connection.run('read graph: components', (g) => componentRows(withFilters(g.V(), query)).toList()));
  }
  return readRowsOf(connection, await focus(connection, query, query.ids));
}

/** The graph's cycles and ignored parameters (none before the first sync). */
export async function readGraphFacts(connection: GremlinConnection): Promise<Pick<Graph, 'cycles' | 'ignoredParameters'>> {
  const [meta] = await connection.run('read graph: cycles and ignored parameters', (g) => g.V(GRAPH_META_ID).valueMap().toList());
  return meta === undefined ? { cycles: [], ignoredParameters: [] } : graphMetaFromProperties(singleValues(meta, 'the graph facts'));
}

export async function readGraph(connection: GremlinConnection, query: GraphQuery = {}): Promise<Graph> {
  const [rows, facts] = await Promise.all([readRows(connection, query), readGraphFacts(connection)]);
  const ids = new Set(rows.map((row) => row.component.id));
  return {
    components: rows.map((row) => row.component).sort(byId),
    // Edges leave a returned component and reach another, or nothing (dangling).
    edges: rows.flatMap((row) => row.outgoing.filter((e) => ids.has(e.to) || e.dangling)).sort(byId),
    cycles: facts.cycles.filter((cycle) => cycle.every((id) => ids.has(id))),
    ignoredParameters: facts.ignoredParameters.filter((p) => !query.env?.length || query.env.includes(p.env)),
  };
}

export async function readComponent(connection: GremlinConnection, id: string): Promise<ComponentWithEdges | null> {
  const [row] = await connection.run('read component', (g) =>
    realComponents(g.V(id))
      .project('c', 'out', 'in')
      .by(__.project('id', 'p').by(t.id).by(__.valueMap()))
      .by(__.outE(LABEL.dependsOn).map(edgeProjection()).fold())
      .by(__.inE(LABEL.dependsOn).map(edgeProjection()).fold())
      .toList(),
  );
  if (row === undefined) return null;
  const record = asRecord(row, 'a component');
  return {
    component: parseComponentVertex(record.c),
    outgoing: asList(record.out, 'outgoing edges').map(parseEdge).sort(byId),
    incoming: asList(record.in, 'incoming edges').map(parseEdge).sort(byId),
  };
}

/**
 * What `id` depends on (or what depends on it), transitively: one traversal
 * per depth level. A dangling target is reached but not walked past.
 */
export async function walk(connection: GremlinConnection, id: string, direction: 'dependencies' | 'dependents', maxDepth = Infinity): Promise<ReachedComponent[]> {
  const seen = new Map<string, ReachedComponent>([[id, { id, depth: 0, via: [] }]]);
  const reached: ReachedComponent[] = [];
  let frontier = [id];
  for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
    const parts = await Promise.all(
      chunks(frontier, IDS_PER_REQUEST).map((chunk) =>
        connection.run(`walk ${direction}: depth ${depth + 1}`, (g) => {
          const start = g.V(...chunk);
          const edges = direction === 'dependencies' ? start.outE(LABEL.dependsOn) : start.inE(LABEL.dependsOn);
          return edges.map(edgeProjection()).toList();
        }),
      ),
    );
    // Sorted so that where two paths are equally short, the one taken does not depend on server order.
    const edges = parts.flat().map(parseEdge).sort(byId);
    const next: string[] = [];
    for (const edge of edges) {
      const [from, to] = direction === 'dependencies' ? [edge.from, edge.to] : [edge.to, edge.from];
      if (seen.has(to)) continue;
      const entry = { id: to, depth: depth + 1, via: [...seen.get(from)!.via, edge] };
      seen.set(to, entry);
      reached.push(entry);
      if (!edge.dangling) next.push(to);
    }
    frontier = next;
  }
  return sortReached(reached);
}
