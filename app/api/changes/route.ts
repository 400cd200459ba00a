import { REQUIRED_ROLE } from '@/lib/changes/policy';
import { changesQuerySchema, createChangeBodySchema, type ChangesListResponse } from '@/lib/model/simulation';
import { parseBody, parseQuery } from '@/lib/server/parse-request';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// GET /api/changes – change requests, newest first; filters: status (list), env, component, author
export const GET = withSession(
  async ({ request, user }): Promise<ChangesListResponse> => {
    const { status, env, component, author } = parseQuery(request.url, changesQuerySchema);
    const { changes } = await getServices();
    return { changes: await changes.list(user, { status, env, componentId: component, author }) };
  },
  { role: REQUIRED_ROLE.view },
);

// POST /api/changes – open a change request with its simulated impact (proposer+; 422 invalid, 409 stale base version)
export const POST = withSession(
  async ({ request, user }): Promise<Response> => {
    const body = await parseBody(request, createChangeBodySchema);
    const { changes } = await getServices();
    return Response.json(await changes.create(user, body), { status: 201 });
  },
  { role: REQUIRED_ROLE.propose },
);
