import { changeIdFromSegment } from '@/lib/changes/change-id';
import { REQUIRED_ROLE } from '@/lib/changes/policy';
import type { ChangeRequest } from '@/lib/model/change-request';
import { AppError } from '@/lib/model/errors';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// GET /api/changes/[id] – one change request with its impact at submission (id: the uuid or cr:<uuid>)
export const GET = withSession<{ id: string }>(
  async ({ params, user }): Promise<ChangeRequest> => {
    const id = changeIdFromSegment(params.id);
    if (!id) throw new AppError('not_found', `No change request ${params.id}`);
    const { changes } = await getServices();
    return changes.getOrThrow(user, id);
  },
  { role: REQUIRED_ROLE.view },
);
