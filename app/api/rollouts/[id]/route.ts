import { rolloutIdOrNotFound } from '@/lib/changes/rollout-id';
import type { RolloutView } from '@/lib/model/rollout';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// GET /api/rollouts/[id] – one rollout: every wave's members with their state, its change request, what the caller may do now, its events (id: the uuid or ro:<uuid>)
export const GET = withSession<{ id: string }>(
  async ({ params, user }): Promise<RolloutView> => {
    const { rollouts } = await getServices();
    return rollouts.view(user, rolloutIdOrNotFound(params.id));
  },
  { role: 'viewer' },
);
