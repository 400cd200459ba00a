import { searchComponents, searchFacets } from '@/lib/graph/search-components';
import { searchQuerySchema, type SearchResponse } from '@/lib/model/api';
import { parseQuery } from '@/lib/server/parse-request';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// GET /api/search – components whose name, type or any config/runtime value contains q, plus the envs and types there are
export const GET = withSession(async ({ request }): Promise<SearchResponse> => {
  const { q, limit } = parseQuery(request.url, searchQuerySchema);
  const { graph } = await getServices();
  const read = await graph.readGraph();
  const { matches, total } = searchComponents(read.graph.components, q, { limit });
  return { query: q, matches, total, facets: searchFacets(read.graph.components), stale: read.stale };
});
