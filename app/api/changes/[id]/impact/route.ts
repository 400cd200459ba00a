import { changeIdOrNotFound } from '@/lib/changes/change-id';
import { REQUIRED_ROLE } from '@/lib/changes/policy';
import type { ImpactView } from '@/lib/changes/review-model';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// GET /api/changes/[id]/impact – the proposal simulated again against the current graph, and how that differs from its impact at submission
export const GET = withSession<{ id: string }>(
  async ({ params, user }): Promise<ImpactView> => {
    const { changes } = await getServices();
    return changes.currentImpact(user, changeIdOrNotFound(params.id));
  },
  { role: REQUIRED_ROLE.view },
);
