import { REQUIRED_ROLE } from '@/lib/changes/policy';
import { publishBodySchema } from '@/lib/changes/review-model';
import { parseBody } from '@/lib/server/parse-request';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// POST /api/changes/publish – open a request that publishes a component's config repo file to SSM
// (proposer+; 404 no such file, 409 already published, 422 the file is not a valid config)
export const POST = withSession(
  async ({ request, user }): Promise<Response> => {
    const { componentId, title, description } = await parseBody(request, publishBodySchema);
    const { changes } = await getServices();
    return Response.json(await changes.publishFromGit(user, componentId, { title, description }), { status: 201 });
  },
  { role: REQUIRED_ROLE.propose },
);
