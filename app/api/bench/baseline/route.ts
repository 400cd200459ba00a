import { baselineResponse } from '@/lib/server/bench-baseline';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// GET /api/bench/baseline?bytes=N – bench/api-load's yardstick: N ready-made bytes; a 404 unless KARMA_BENCH_BASELINE_BYTES is set
export const GET = withSession(async ({ request }) => baselineResponse(request.url));
