import { hasRole } from '@/lib/auth/roles';
import { AppError } from '@/lib/model/errors';
import type { SyncStatusResponse } from '@/lib/model/sync';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

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

// POST /api/graph/sync – rebuild the graph from the parameters and sync it to the graph store (admin); answers when the sync is done
export const POST = withSession(
  async () => {
    const { graph } = await getServices();
    const report = await graph.sync('manual');
    if (!report.ok) throw new AppError('unavailable', `The sync failed and nothing was reported as done: ${report.error}`, { details: report });
    return report;
  },
  { role: 'admin' },
);
