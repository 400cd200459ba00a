import { rolloutActionRoute } from '../rollout-action';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// POST /api/rollouts/[id]/retry – deploy a failed member again ({componentId, comment?}; approver+ under the approval policy; audited) → the rollout view; 400 when it names no member of the rollout
export const POST = rolloutActionRoute('retry');
