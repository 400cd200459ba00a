import 'server-only';
import { rolloutIdOrNotFound } from '@/lib/changes/rollout-id';
import { rolloutActionBodySchema, type RolloutAction, type RolloutView } from '@/lib/model/rollout';
import { parseBody } from '@/lib/server/parse-request';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

/** Pause, resume and abort need nothing (`curl -X POST` works, as for decisions); retry and skip name a member in their body. */
const IS_BODY_OPTIONAL: Record<RolloutAction, boolean> = { pause: true, resume: true, retry: false, skip: false, abort: true };

/**
 * The handler of POST /api/rollouts/[id]/<action>: the route's role is the
 * approver's; the service decides the rest (not one's own change when the
 * settings say so, the transition, the member) and answers with the view.
 */
export function rolloutActionRoute(action: RolloutAction) {
  return withSession<{ id: string }>(
    async ({ request, params, user }): Promise<RolloutView> => {
      const id = rolloutIdOrNotFound(params.id);
      const body = await parseBody(request, rolloutActionBodySchema, { isOptional: IS_BODY_OPTIONAL[action] });
      const { rollouts } = await getServices();
      return rollouts.act(user, id, action, body);
    },
    { role: 'approver' },
  );
}
