import { changeIdOrNotFound } from '@/lib/changes/change-id';
import { parseBody } from '@/lib/server/parse-request';
import { REQUIRED_ROLE } from '@/lib/changes/policy';
import { decisionBodySchema, type DecisionResult } from '@/lib/changes/review-model';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// POST /api/changes/[id]/approve – approve (approver+, never one's own; the last required approval makes it approved, and applies it with autoApply); 409 when stale or closed
export const POST = withSession<{ id: string }>(
  async ({ request, params, user }): Promise<DecisionResult> => {
    const id = changeIdOrNotFound(params.id);
    const body = await parseBody(request, decisionBodySchema, { isOptional: true });
    const { changes } = await getServices();
    return changes.approve(user, id, body);
  },
  { role: REQUIRED_ROLE.approve },
);
