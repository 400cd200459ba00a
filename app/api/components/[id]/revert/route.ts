import { REQUIRED_ROLE } from '@/lib/changes/policy';
import { revertVersionBodySchema } from '@/lib/model/component-lineage';
import { parseBody } from '@/lib/server/parse-request';
import { componentIdFromParam } from '@/lib/server/route-params';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// POST /api/components/[id]/revert – open a change request putting back config version {version} (proposer+; 201 the request; 404 a version not recorded, 409 the current one, one not JSON, or a component whose config is gone; 422 invalid)
export const POST = withSession<{ id: string }>(
  async ({ request, params, user }): Promise<Response> => {
    const id = componentIdFromParam(params.id);
    const { version } = await parseBody(request, revertVersionBodySchema);
    const { changes } = await getServices();
    return Response.json(await changes.revertToVersion(user, id, version), { status: 201 });
  },
  { role: REQUIRED_ROLE.propose },
);
