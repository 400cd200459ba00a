import { momentParam, type DriftListAsOf } from '@/lib/model/api';
import { driftQuerySchema } from '@/lib/model/drift';
import { cachedJson, queryKey } from '@/lib/server/cached-response';
import { driftListFrom } from '@/lib/server/drift-service';
import { pastServed } from '@/lib/server/past-read';
import { parseQuery } from '@/lib/server/parse-request';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const querySchema = driftQuerySchema.extend({ at: momentParam });

// GET /api/drift – every component's drift status, filtered by env, type and status, with counts per status and per env; ETag/304 per generation.
// at=<ISO>: drift as it was then, from the graph rebuilt as of that moment (read-only; ETag/304 per history revision).
export const GET = withSession(async ({ request }) => {
  const { at, ...query } = parseQuery(request.url, querySchema);
  const { graph, history, sources, settings } = await getServices();
  const deps = { graph, sources, file: settings.file };
  if (at === undefined) {
    const served = await graph.current();
    return cachedJson(request, served, queryKey('drift', query), (): DriftListAsOf => ({ ...driftListFrom(served, deps, query), asOf: null }));
  }
  const past = await history.graphAt(at);
  const served = pastServed(past);
  // Drift then was judged at that moment (graph-as-of.ts): the rows are read as stored, never assessed again now.
  return cachedJson(request, served, queryKey('drift', { ...query, at: past.at }), (): DriftListAsOf => ({ ...driftListFrom(served, deps, query), syncedAt: null, asOf: past.at }));
});
