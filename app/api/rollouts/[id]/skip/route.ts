import { rolloutActionRoute } from '../rollout-action';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// POST /api/rollouts/[id]/skip – count a member as done without its deploy ({componentId, comment}, the comment required; approver+ under the approval policy; audited) → the rollout view; 400 no member or no comment
export const POST = rolloutActionRoute('skip');
