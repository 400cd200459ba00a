/**
 * Narrows a graph to what a view asks for: environments, types, drift
 * statuses, and then either a focus (ids plus n hops around them) or the
 * dependency paths between two components, inside what the filters keep.
 * Pure; the memory store and the stale-snapshot fallback use it, the gremlin
 * store does the same inside its traversals.
 */
import type { DriftStatus, Graph } from '@/lib/model/graph';
import { noPath, pathElements, startPathSearch, type DependencyPaths } from './find-paths';
import { indexGraph, neighbourhood, subgraph } from './graph-index';

export type GraphFilter = {
  env?: string[];
  type?: string[];
  status?: DriftStatus[];
  ids?: string[];
  hops?: number;
  /** With `ids`: the undirected neighbourhood instead of dependencies forward and dependents backward. */
  siblings?: boolean;
};

/** The shortest dependency paths between `from` and `to` (find-paths.ts), inside the filters. */
export type PathQuery = Pick<GraphFilter, 'env' | 'type' | 'status'> & { from: string; to: string };

/** The path view: the components and edges on the listed paths, and the paths themselves. */
export type PathsRead = { graph: Graph; paths: DependencyPaths };

function narrow(graph: Graph, { env, type, status }: Pick<GraphFilter, 'env' | 'type' | 'status'>): Graph {
  const keep = graph.components.filter(
    (c) => (!env?.length || env.includes(c.env)) && (!type?.length || type.includes(c.type)) && (!status?.length || (c.drift !== undefined && status.includes(c.drift.status))),
  );
  return subgraph(graph, new Set(keep.map((c) => c.id)));
}

export function filterGraph(graph: Graph, { ids, hops = 0, siblings, ...filters }: GraphFilter): Graph {
  let narrowed = narrow(graph, filters);
  if (ids?.length) narrowed = neighbourhood(indexGraph(narrowed), ids, hops, { siblings });
  return { ...narrowed, ignoredParameters: graph.ignoredParameters.filter((p) => !filters.env?.length || filters.env.includes(p.env)) };
}

export function findPaths(graph: Graph, { from, to, ...filters }: PathQuery): PathsRead {
  const index = indexGraph(narrow(graph, filters));
  if (!index.component(from) || !index.component(to)) return { graph: pathGraph(index.graph, noPath(from, to)), paths: noPath(from, to) };
  const search = startPathSearch(from, to);
  const inside = (id: string) => index.component(id) !== undefined;
  while (!search.isDone()) {
    search.advance({
      forward: search.frontier('forward').flatMap((id) => index.outgoing(id).filter((e) => inside(e.to))),
      backward: search.frontier('backward').flatMap((id) => index.incoming(id).filter((e) => inside(e.from))),
    });
  }
  const paths = search.result();
  return { graph: pathGraph(index.graph, paths), paths };
}

/** Only what lies on the listed paths: their components, the edges between consecutive ones, the cycles wholly among them. */
export function pathGraph(graph: Graph, paths: DependencyPaths): Graph {
  const { ids, isOnPath } = pathElements(paths);
  return {
    components: graph.components.filter((c) => ids.has(c.id)),
    edges: graph.edges.filter(isOnPath),
    cycles: graph.cycles.filter((cycle) => cycle.every((id) => ids.has(id))),
    ignoredParameters: [],
  };
}
