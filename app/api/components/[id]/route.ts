import { cachedJson } from '@/lib/server/cached-response';
import { componentViewFrom } from '@/lib/server/graph-service';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';
import { componentIdFromParam } from '@/lib/server/route-params';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// GET /api/components/[id] – one component with its config, runtime, dependencies and dependents (direct and transitive counts); ETag/304 per generation
export const GET = withSession<{ id: string }>(async ({ request, params }) => {
  const id = componentIdFromParam(params.id);
  const { graph } = await getServices();
  const served = await graph.current();
  return cachedJson(request, served, `component:${id}`, () => componentViewFrom(served, id));
});
