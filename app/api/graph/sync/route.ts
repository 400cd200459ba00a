import { AppError } from '@/lib/model/errors';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';

// POST /api/graph/sync – rebuild the graph from the parameters and sync it to the graph store (admin)
export const POST = withSession(
  async () => {
    const { graph } = await getServices();
    const report = await graph.sync('manual');
    if (!report.ok) throw new AppError('unavailable', `The sync failed and nothing was reported as done: ${report.error}`, { details: report });
    return report;
  },
  { role: 'admin' },
);
