import { graphQuerySchema, pathEnds, toGraphNode, toWireEdge, type GraphPayload } from '@/lib/model/api';
import { cachedJson, queryKey } from '@/lib/server/cached-response';
import { graphFrom, pathsFrom } from '@/lib/server/graph-service';
import { parseQuery } from '@/lib/server/parse-request';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// GET /api/graph – components and edges, filtered server-side (env, type, status; then focus + hops [+ siblings], or path=A,B);
// compact nodes and edges, one serialisation per generation and query, ETag/304, gzip or brotli.
export const GET = withSession(async ({ request }) => {
  const query = parseQuery(request.url, graphQuerySchema);
  const ends = pathEnds(query);
  const filters = { env: query.env, type: query.type, status: query.status };
  const { graph } = await getServices();
  const served = await graph.current();
  return cachedJson(request, served, queryKey('graph', query), (): GraphPayload => {
    const read = ends
      ? pathsFrom(served, { ...filters, ...ends })
      : { ...graphFrom(served, { ...filters, ids: query.focus, hops: query.hops, siblings: query.siblings }), paths: undefined };
    return {
      nodes: read.graph.components.map(toGraphNode),
      edges: read.graph.edges.map(toWireEdge),
      cycles: read.graph.cycles,
      stale: read.stale,
      syncedAt: read.syncedAt,
      generation: read.generation,
      ...(read.paths ? { paths: read.paths } : {}),
    };
  });
});
