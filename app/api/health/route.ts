import type { HealthResponse } from '@/lib/model/api';
import { getServices } from '@/lib/server/services';
import { withoutSession } from '@/lib/server/with-session';
import { checkHealth } from '@/lib/server/check-health';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// GET /api/health – adapters in use, whether each answers, and the last sync (no sign-in needed)
export const GET = withoutSession(async (): Promise<Response> => {
  const health: HealthResponse = await checkHealth(await getServices());
  return Response.json(health, { status: health.ok ? 200 : 503 });
});
