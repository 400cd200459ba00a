import { rolloutsQuerySchema, type RolloutsListResponse } from '@/lib/model/rollout';
import { parseQuery } from '@/lib/server/parse-request';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// GET /api/rollouts – rollouts, newest first, members reduced to counts by state; filters: status (list), change (cr:<uuid> or the uuid), component (any member's)
export const GET = withSession(
  async ({ request, user }): Promise<RolloutsListResponse> => {
    const query = parseQuery(request.url, rolloutsQuerySchema);
    const { rollouts } = await getServices();
    return { rollouts: await rollouts.list(user, query) };
  },
  { role: 'viewer' },
);
