import { changeIdOrNotFound } from '@/lib/changes/change-id';
import { REQUIRED_ROLE } from '@/lib/changes/policy';
import { rejectBodySchema, type DecisionResult } from '@/lib/changes/review-model';
import { parseBody } from '@/lib/server/parse-request';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// POST /api/changes/[id]/reject – reject with a comment saying why (approver+, not one's own); 422 without a comment, 409 when stale or closed
export const POST = withSession<{ id: string }>(
  async ({ request, params, user }): Promise<DecisionResult> => {
    const id = changeIdOrNotFound(params.id);
    const body = await parseBody(request, rejectBodySchema);
    const { changes } = await getServices();
    return changes.reject(user, id, body);
  },
  { role: REQUIRED_ROLE.reject },
);
