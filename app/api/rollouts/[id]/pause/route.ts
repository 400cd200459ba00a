import { rolloutActionRoute } from '../rollout-action';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// POST /api/rollouts/[id]/pause – pause a running rollout ({comment?}; approver+ under the approval policy; audited) → the rollout view; 409 when it is not running
export const POST = rolloutActionRoute('pause');
