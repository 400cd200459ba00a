import { searchComponents, searchFacets } from '@/lib/graph/search-components';
import { searchQuerySchema, type SearchResponse } from '@/lib/model/api';
import { cachedJson, queryKey } from '@/lib/server/cached-response';
import { parseQuery } from '@/lib/server/parse-request';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// GET /api/search – components whose name, type or any config/runtime value contains q, plus the envs and types there are; ETag/304 per generation
export const GET = withSession(async ({ request }) => {
  const { q, limit } = parseQuery(request.url, searchQuerySchema);
  const { graph } = await getServices();
  const served = await graph.current();
  const { components } = served.snapshot.graph;
  return cachedJson(request, served, queryKey('search', { q, limit }), (): SearchResponse => {
    const { matches, total } = searchComponents(components, q, { limit });
    const facets = served.snapshot.derive('search:facets', () => searchFacets(components));
    return { query: q, matches, total, facets, stale: served.stale };
  });
});
