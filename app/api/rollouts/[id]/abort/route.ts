import { rolloutActionRoute } from '../rollout-action';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// POST /api/rollouts/[id]/abort – stop the rollout for good ({comment?}; approver+ under the approval policy; audited) → the rollout view; 409 when it has ended
export const POST = rolloutActionRoute('abort');
