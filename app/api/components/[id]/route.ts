import type { ComponentResponse } from '@/lib/model/api';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';
import { componentIdFromParam } from '@/lib/server/route-params';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// GET /api/components/[id] – one component with its config, runtime, dependencies and dependents (direct and transitive counts)
export const GET = withSession<{ id: string }>(async ({ params }): Promise<ComponentResponse> => {
  const id = componentIdFromParam(params.id);
  const { graph } = await getServices();
  return graph.readComponentView(id);
});
