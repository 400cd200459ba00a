import 'server-only';
import type { PathQuery, PathsRead } from '@/lib/graph/filter-graph';
import { noPath, pathElements, startPathSearch, type DependencyPaths, type PathDirection } from '@/lib/graph/find-paths';
import type { Graph } from '@/lib/model/graph';
import type { GremlinConnection } from './gremlin-connection';
import { edgeProjection, LABEL, parseEdge } from './graph-schema';
import { __, type Source, type Traversal } from './gremlin-lib';
import { IDS_PER_REQUEST, readGraphFacts, readRowsOf, withFilters, type Row } from './read-graph';
import { asString, chunks } from './traversal-results';
import { byId } from '@/lib/model/ids';

/**
 * The path view on Gremlin: lib/graph/find-paths.ts drives the search, this
 * feeds it one level at a time (the edges at each side's frontier whose other
 * end passes the filters: one traversal per side and level, no repeat()),
 * then reads the components on the listed paths. Same answers as the memory
 * store's lib/graph/filter-graph.ts `findPaths`.
 */

function edgesAt(g: Source, ids: string[], direction: PathDirection, query: PathQuery): Traversal {
  const start = g.V(...ids);
  const edges = direction === 'forward' ? start.outE(LABEL.dependsOn) : start.inE(LABEL.dependsOn);
  return edges.where(withFilters(direction === 'forward' ? __.inV() : __.outV(), query)).map(edgeProjection());
}

async function level(connection: GremlinConnection, ids: string[], direction: PathDirection, query: PathQuery, depth: number) {
  const parts = await Promise.all(
    chunks(ids, IDS_PER_REQUEST).map((chunk) => connection.run(`read paths: ${direction}, level ${depth}`, (g) => edgesAt(g, chunk, direction, query).toList())),
  );
  return parts.flat().map(parseEdge);
}

export async function readPaths(connection: GremlinConnection, query: PathQuery): Promise<PathsRead> {
  const { from, to } = query;
  const ends = await connection.run('read paths: ends', (g) => withFilters(g.V(from, to), query).id().toList());
  const found = new Set(ends.map((id) => asString(id, 'a component id')));
  let paths: DependencyPaths = noPath(from, to);
  if (found.has(from) && found.has(to)) {
    const search = startPathSearch(from, to);
    for (let depth = 1; !search.isDone(); depth++) {
      const [forward, backward] = await Promise.all(
        (['forward', 'backward'] as const).map((d) => {
          const frontier = search.frontier(d);
          return frontier.length === 0 ? Promise.resolve([]) : level(connection, frontier, d, query, depth);
        }),
      );
      search.advance({ forward, backward });
    }
    paths = search.result();
  }
  const { ids, isOnPath } = pathElements(paths);
  const [rows, facts]: [Row[], Pick<Graph, 'cycles'>] = await Promise.all([
    ids.size === 0 ? Promise.resolve([]) : readRowsOf(connection, ids),
    ids.size === 0 ? Promise.resolve({ cycles: [] }) : readGraphFacts(connection),
  ]);
  return {
    graph: {
      components: rows.map((row) => row.component).sort(byId),
      edges: rows.flatMap((row) => row.outgoing.filter(isOnPath)).sort(byId),
      cycles: facts.cycles.filter((cycle) => cycle.every((id) => ids.has(id))),
      ignoredParameters: [],
    },
    paths,
  };
}
