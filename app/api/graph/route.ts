import { graphQuerySchema, pathEnds, toGraphNode, type GraphResponse } from '@/lib/model/api';
import { parseQuery } from '@/lib/server/parse-request';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// GET /api/graph – components and edges, filtered server-side (env, type, status; then focus + hops [+ siblings], or path=A,B)
export const GET = withSession(async ({ request }): Promise<GraphResponse> => {
  const query = parseQuery(request.url, graphQuerySchema);
  const ends = pathEnds(query);
  const filters = { env: query.env, type: query.type, status: query.status };
  const { graph } = await getServices();
  const read = ends
    ? await graph.readPaths({ ...filters, ...ends })
    : { ...(await graph.readGraph({ ...filters, ids: query.focus, hops: query.hops, siblings: query.siblings })), paths: undefined };
  return {
    nodes: read.graph.components.map(toGraphNode),
    edges: read.graph.edges,
    cycles: read.graph.cycles,
    stale: read.stale,
    syncedAt: read.syncedAt,
    ...(read.paths ? { paths: read.paths } : {}),
  };
});
