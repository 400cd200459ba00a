import { rolloutActionRoute } from '../rollout-action';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// POST /api/rollouts/[id]/resume – resume a paused rollout ({comment?}; approver+ under the approval policy; audited) → the rollout view; 409 when it is not paused
export const POST = rolloutActionRoute('resume');
