import { changeIdOrNotFound } from '@/lib/changes/change-id';
import { parseBody } from '@/lib/server/parse-request';
import { REQUIRED_ROLE } from '@/lib/changes/policy';
import { decisionBodySchema, type DecisionResult } from '@/lib/changes/review-model';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// POST /api/changes/[id]/apply – write the approved config to SSM once, record the version, sync the graph, notify the webhook (approver+); 409 stale, 503 SSM down
export const POST = withSession<{ id: string }>(
  async ({ request, params, user }): Promise<DecisionResult> => {
    const id = changeIdOrNotFound(params.id);
    const body = await parseBody(request, decisionBodySchema, { isOptional: true });
    const { changes } = await getServices();
    return changes.apply(user, id, body);
  },
  { role: REQUIRED_ROLE.apply },
);
