import { hasRole } from '@/lib/auth/roles';
import { AppError } from '@/lib/model/errors';
import type { SyncStatusResponse } from '@/lib/model/sync';
import { getServices } from '@/lib/server/services';
import { isScheduledSync } from '@/lib/server/scheduled-sync';
import { getSettings } from '@/lib/server/settings';
import { withSession, withoutSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// GET /api/graph/sync – this instance's sync under way (or its last) and its background schedule; admins also get the lease holder and the last report
export const GET = withSession(async ({ user }): Promise<SyncStatusResponse> => {
  const { graph, settings, background } = await getServices();
  const isAdmin = hasRole(user.role, 'admin');
  const current = graph.syncProgress.current;
  // Instance names (host:pid) and raw errors are for admins, as in /api/health.
  const progress = current && (isAdmin ? current : { ...current, leaseHolder: undefined });
  return {
    progress,
    background: { intervalSeconds: settings.sync.intervalSeconds, nextAt: background?.nextAt()?.toISOString() ?? null },
    lastReport: isAdmin ? graph.lastSyncReport : null,
  };
});

async function syncNow(trigger: 'manual' | 'schedule') {
  const { graph } = await getServices();
  const report = await graph.sync(trigger);
  if (!report.ok) throw new AppError('unavailable', `The sync failed and nothing was reported as done: ${report.error}`, { details: report });
  return report;
}

const adminSync = withSession(() => syncNow('manual'), { role: 'admin' });
const scheduledSync = withoutSession(() => syncNow('schedule'));

// POST /api/graph/sync – rebuild the graph from the parameters and sync it to the graph store (admin; or, in a Lambda function, its scheduled invocation: lib/server/scheduled-sync.ts); answers when the sync is done
export async function POST(request: Request, context: { params: Promise<Record<string, never>> }): Promise<Response> {
  return isScheduledSync(request, { serverless: getSettings().serverless }) ? scheduledSync(request, context) : adminSync(request, context);
}
