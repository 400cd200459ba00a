import { changeIdOrNotFound } from '@/lib/changes/change-id';
import { REQUIRED_ROLE } from '@/lib/changes/policy';
import type { ChangeView } from '@/lib/changes/review-model';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// GET /api/changes/[id] – one change request with its audit trail, base and current configs, and the caller's allowed actions (id: the uuid or cr:<uuid>)
export const GET = withSession<{ id: string }>(
  async ({ params, user }): Promise<ChangeView> => {
    const { changes } = await getServices();
    return changes.view(user, changeIdOrNotFound(params.id));
  },
  { role: REQUIRED_ROLE.view },
);
