import { graphQuerySchema, toGraphNode, type GraphResponse } from '@/lib/model/api';
import { parseQuery } from '@/lib/server/parse-request';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// GET /api/graph – components and edges, filtered server-side (env, type, status, focus + hops)
export const GET = withSession(async ({ request }): Promise<GraphResponse> => {
  const query = parseQuery(request.url, graphQuerySchema);
  const { graph } = await getServices();
  const read = await graph.readGraph({ env: query.env, type: query.type, status: query.status, ids: query.focus, hops: query.hops });
  return {
    nodes: read.graph.components.map(toGraphNode),
    edges: read.graph.edges,
    cycles: read.graph.cycles,
    stale: read.stale,
    syncedAt: read.syncedAt,
  };
});
