import { REQUIRED_ROLE } from '@/lib/changes/policy';
import { simulateBodySchema, type ProposalSimulation } from '@/lib/model/simulation';
import { parseBody } from '@/lib/server/parse-request';
import { getServices } from '@/lib/server/services';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// POST /api/simulate – what a proposed config would change, its validation, blast radius and risk; writes nothing (proposer+)
export const POST = withSession(
  async ({ request, user }): Promise<ProposalSimulation> => {
    const body = await parseBody(request, simulateBodySchema);
    const { changes } = await getServices();
    return changes.simulate(user, body);
  },
  { role: REQUIRED_ROLE.simulate },
);
