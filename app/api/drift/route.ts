import { driftQuerySchema, type DriftListResponse } from '@/lib/model/drift';
import { listDrift } from '@/lib/server/drift-service';
import { parseQuery } from '@/lib/server/parse-request';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// GET /api/drift – every component's drift status, filtered by env, type and status, with counts per status and per env
export const GET = withSession(async ({ request }): Promise<DriftListResponse> => {
  const query = parseQuery(request.url, driftQuerySchema);
  const { graph, sources, settings } = await getServices();
  return listDrift({ graph, sources, file: settings.file }, query);
});
