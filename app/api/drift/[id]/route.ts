import type { DriftDetailResponse } from '@/lib/model/drift';
import { getDriftDetail } from '@/lib/server/drift-service';
import { componentIdFromParam } from '@/lib/server/route-params';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// GET /api/drift/[id] – one component's drift: reasons, field differences, lineage and the deployed-vs-current config diff
export const GET = withSession<{ id: string }>(async ({ params }): Promise<DriftDetailResponse> => {
  const id = componentIdFromParam(params.id);
  const { graph, sources, settings } = await getServices();
  return getDriftDetail({ graph, sources, file: settings.file }, id);
});
