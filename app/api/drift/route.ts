import { driftQuerySchema } from '@/lib/model/drift';
import { cachedJson, queryKey } from '@/lib/server/cached-response';
import { driftListFrom } from '@/lib/server/drift-service';
import { parseQuery } from '@/lib/server/parse-request';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// GET /api/drift – every component's drift status, filtered by env, type and status, with counts per status and per env; ETag/304 per generation
export const GET = withSession(async ({ request }) => {
  const query = parseQuery(request.url, driftQuerySchema);
  const { graph, sources, settings } = await getServices();
  const served = await graph.current();
  return cachedJson(request, served, queryKey('drift', query), () => driftListFrom(served, { graph, sources, file: settings.file }, query));
});
