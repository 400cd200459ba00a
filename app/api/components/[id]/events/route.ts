import { REQUIRED_ROLE } from '@/lib/changes/policy';
import type { ComponentEventsResponse } from '@/lib/changes/review-model';
import { componentIdFromParam } from '@/lib/server/route-params';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// GET /api/components/[id]/events – the component's change history across all its requests (proposed, approved, applied, stale, comments, webhooks…), oldest first
export const GET = withSession<{ id: string }>(
  async ({ params, user }): Promise<ComponentEventsResponse> => {
    const id = componentIdFromParam(params.id);
    const { changes } = await getServices();
    return { id, events: await changes.componentEvents(user, id) };
  },
  { role: REQUIRED_ROLE.view },
);
