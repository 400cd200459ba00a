/**
 * Narrows a graph to what a view asks for: environments, types, drift
 * statuses, and optionally a focus (ids plus n hops around them). Pure; the
 * memory store and the stale-snapshot fallback use it, the gremlin store does
 * the same inside its traversals.
 */
import type { DriftStatus, Graph } from '@/lib/model/graph';
import { indexGraph, neighbourhood, subgraph } from './graph-index';

export type GraphFilter = {
  env?: string[];
  type?: string[];
  status?: DriftStatus[];
  ids?: string[];
  hops?: number;
};

export function filterGraph(graph: Graph, { env, type, status, ids, hops = 0 }: GraphFilter): Graph {
  const keep = graph.components.filter(
    (c) =>
      (!env?.length || env.includes(c.env)) &&
      (!type?.length || type.includes(c.type)) &&
      (!status?.length || (c.drift !== undefined && status.includes(c.drift.status))),
  );
  let narrowed = subgraph(graph, new Set(keep.map((c) => c.id)));
  if (ids?.length) narrowed = neighbourhood(indexGraph(narrowed), ids, hops);
  return { ...narrowed, ignoredParameters: graph.ignoredParameters.filter((p) => !env?.length || env.includes(p.env)) };
}
