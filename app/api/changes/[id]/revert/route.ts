import { changeIdOrNotFound } from '@/lib/changes/change-id';
import { REQUIRED_ROLE } from '@/lib/changes/policy';
import { revertChangeBodySchema } from '@/lib/model/component-lineage';
import { parseBody } from '@/lib/server/parse-request';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// POST /api/changes/[id]/revert – open ONE change request undoing an applied request or change set, every member back to before (proposer+; 201 the request; 409 naming the members when it is not applied or one moved since)
export const POST = withSession<{ id: string }>(
  async ({ request, params, user }): Promise<Response> => {
    const id = changeIdOrNotFound(params.id);
    await parseBody(request, revertChangeBodySchema, { isOptional: true });
    const { changes } = await getServices();
    return Response.json(await changes.revertChange(user, id), { status: 201 });
  },
  { role: REQUIRED_ROLE.propose },
);
