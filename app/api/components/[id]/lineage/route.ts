import { REQUIRED_ROLE } from '@/lib/changes/policy';
import type { ComponentLineage } from '@/lib/model/component-lineage';
import { ComponentLineageService } from '@/lib/server/component-lineage-service';
import { componentIdFromParam } from '@/lib/server/route-params';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// GET /api/components/[id]/lineage – the component's timeline (config versions, runtime writes, commits, change requests, rollouts, drift; newest first) and the live runtime's chain to its config version, commit, request and approvers; 404 only for an id with no history either
export const GET = withSession<{ id: string }>(
  async ({ params, user }): Promise<ComponentLineage> => {
    const id = componentIdFromParam(params.id);
    const services = await getServices();
    return new ComponentLineageService({ store: services.graphStore, history: services.history, graph: services.graph, configRepo: services.configRepo }).lineage(user, id);
  },
  { role: REQUIRED_ROLE.view },
);
