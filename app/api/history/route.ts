import { z } from 'zod';
import type { HistoryResponse } from '@/lib/model/api';
import { parseQuery } from '@/lib/server/parse-request';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const querySchema = z.strictObject({ max: z.coerce.number().int().min(1).max(2_000).optional() });

// GET /api/history – what the infrastructure memory holds (revision, versions, time span, components still to backfill)
// and the moments the estate changed, oldest first (at most max, default 400, merged when there are more): the time slider's stops.
export const GET = withSession(async ({ request }): Promise<HistoryResponse> => {
  const { max } = parseQuery(request.url, querySchema);
  const { history } = await getServices();
  return history.moments(max);
});
