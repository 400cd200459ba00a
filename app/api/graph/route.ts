import { graphQuerySchema, pathEnds, toGraphNode, toHistoricalNode, toWireEdge, type GraphNode, type GraphPayload } from '@/lib/model/api';
import type { Component } from '@/lib/model/graph';
import type { GraphDiff } from '@/lib/model/history';
import { cachedJson, queryKey } from '@/lib/server/cached-response';
import { graphFrom, pathsFrom, type ServedSnapshot } from '@/lib/server/graph-service';
import { assertExistedAt, diffWithin, pastServed } from '@/lib/server/past-read';
import { parseQuery } from '@/lib/server/parse-request';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// GET /api/graph – components and edges, filtered server-side (env, type, status; then focus + hops [+ siblings], or path=A,B);
// compact nodes and edges, one serialisation per generation and query, ETag/304, gzip or brotli.
// at=<ISO>: the same cut of the graph as it was then (rebuilt from the recorded history, read-only; one serialisation per history revision);
// compare=<ISO>: what changed between that moment and `at` (or now), drawn from the later graph plus what only the earlier had, with `diff`.
export const GET = withSession(async ({ request }) => {
  const query = parseQuery(request.url, graphQuerySchema);
  const ends = pathEnds(query);
  const { at, compare } = query;
  const services = await getServices();
  const key = queryKey('graph', query);

  if (at === undefined && compare === undefined) {
    const served = await services.graph.current();
    return cachedJson(request, served, key, () => payloadOf(served, query, toGraphNode, { asOf: null }));
  }

  if (compare === undefined) {
    const past = await services.history.graphAt(at!);
    const served = pastServed(past);
    assertExistedAt(served, ends ? [ends.from, ends.to] : (query.focus ?? []), `as of ${past.at}`);
    return cachedJson(request, served, key, () => payloadOf(served, query, toHistoricalNode, { asOf: past.at }));
  }

  // Against now: the live generation and its staleness; between two past moments: the history revision.
  const [compared, now, state] = await Promise.all([
    services.history.compare({ at: at ?? null, compare }),
    at === undefined ? services.graph.current() : null,
    at === undefined ? null : services.history.state(),
  ]);
  const moments = `${compared.diff.before} nor ${compared.diff.after ?? 'now'}`;
  const generation = now?.snapshot.generation ?? state?.revision ?? 0;
  const served: ServedSnapshot = { ...pastServed({ graph: compared.graph, revision: generation, at: compared.at ?? '' }), stale: now?.stale ?? false };
  assertExistedAt(served, ends ? [ends.from, ends.to] : (query.focus ?? []), `at neither ${moments}`);
  return cachedJson(request, served, key, () => payloadOf(served, query, toHistoricalNode, { asOf: compared.at, diff: compared.diff }));
});

function payloadOf(
  served: ServedSnapshot,
  query: ReturnType<typeof graphQuerySchema.parse>,
  toNode: (component: Component) => GraphNode,
  { asOf, diff }: { asOf: string | null; diff?: GraphDiff },
): GraphPayload {
  const ends = pathEnds(query);
  const filters = { env: query.env, type: query.type, status: query.status };
  const read = ends
    ? pathsFrom(served, { ...filters, ...ends })
    : { ...graphFrom(served, { ...filters, ids: query.focus, hops: query.hops, siblings: query.siblings }), paths: undefined };
  const isPast = asOf !== null || diff !== undefined;
  return {
    nodes: read.graph.components.map(toNode),
    edges: read.graph.edges.map(toWireEdge),
    cycles: read.graph.cycles,
    stale: read.stale,
    // A past graph was never synced: `asOf` says when it is from.
    syncedAt: isPast ? null : read.syncedAt,
    generation: read.generation,
    ...(read.paths ? { paths: read.paths } : {}),
    asOf,
    ...(diff ? { diff: diffWithin(diff, read.graph) } : {}),
  };
}
