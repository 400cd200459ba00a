import { changeIdOrNotFound } from '@/lib/changes/change-id';
import { REQUIRED_ROLE } from '@/lib/changes/policy';
import { commentBodySchema } from '@/lib/changes/review-model';
import { parseBody } from '@/lib/server/parse-request';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// POST /api/changes/[id]/comments – add a comment (proposer+, any status); it joins the audit trail as a `commented` event
export const POST = withSession<{ id: string }>(
  async ({ request, params, user }): Promise<Response> => {
    const id = changeIdOrNotFound(params.id);
    const body = await parseBody(request, commentBodySchema);
    const { changes } = await getServices();
    return Response.json(await changes.comment(user, id, body), { status: 201 });
  },
  { role: REQUIRED_ROLE.comment },
);
