import { getCurrentUser } from '@/lib/auth/current-user';
import { hasRole } from '@/lib/auth/roles';
import { checkHealth, type HealthAudience } from '@/lib/server/check-health';
import { getServices } from '@/lib/server/services';
import { withoutSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// GET /api/health – up or down per adapter for anyone (load balancers); what is down and the last sync for signed-in users; endpoints and raw errors for admins
export const GET = withoutSession(async (): Promise<Response> => {
  const user = await getCurrentUser().catch(() => null);
  const audience: HealthAudience = !user ? 'anyone' : hasRole(user.role, 'admin') ? 'admin' : 'signed-in';
  const health = await checkHealth(await getServices(), audience);
  return Response.json(health, { status: health.ok ? 200 : 503 });
});
