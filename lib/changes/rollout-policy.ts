/**
 * Who may operate a rollout, and when (ARCHITECTURE.md §6b). The same
 * policy as approvals: approvers and above, and not the author of the
 * change unless settings say `rollouts.authorMayOperate`. Pausing is a
 * brake, open to every approver, the author included. Pure: the route,
 * the service and the page's buttons all ask this one function.
 */
import { hasRole, type User } from '@/lib/auth/roles';
import type { Rollout, RolloutAction, RolloutDecision, RolloutMember, RolloutMemberState } from '@/lib/model/rollout';

type Operator = Pick<User, 'id' | 'role'>;
type Options = { componentId?: string; comment?: string; authorMayOperate: boolean };

const ALLOWED: RolloutDecision = { allowed: true };
const refuse = (code: Exclude<RolloutDecision, { allowed: true }>['code'], reason: string): RolloutDecision => ({ allowed: false, code, reason });

/** The member states each member action starts from. */
const MEMBER_FROM: Record<'retry' | 'skip', readonly RolloutMemberState[]> = {
  retry: ['failed', 'deploying'],
  skip: ['waiting', 'deploying', 'failed'],
};

const STATUS_TEXT: Record<Rollout['status'], string> = { running: 'running', paused: 'paused', completed: 'completed', aborted: 'aborted' };

/** Failed members of the wave being deployed: what stops a rollout from going on. */
export function blockingMembers(rollout: Pick<Rollout, 'members' | 'currentWave'>): RolloutMember[] {
  return rollout.members.filter((m) => m.wave === rollout.currentWave && m.state === 'failed');
}

function memberDecision(rollout: Rollout, action: 'retry' | 'skip', componentId: string | undefined, comment: string | undefined): RolloutDecision {
  if (componentId === undefined) {
    const any = rollout.members.some((m) => m.wave <= rollout.currentWave && MEMBER_FROM[action].includes(m.state));
    return any ? ALLOWED : refuse('invalid_transition', `No member can be ${action === 'retry' ? 'retried' : 'skipped'} now`);
  }
  const member = rollout.members.find((m) => m.componentId === componentId);
  if (!member) return refuse('bad_request', `${componentId} is not in this rollout`);
  if (!MEMBER_FROM[action].includes(member.state)) {
    return refuse(
      'invalid_transition',
      `${componentId} is ${member.state}: only a ${MEMBER_FROM[action].join(' or ')} member can be ${action === 'retry' ? 'retried' : 'skipped'}`,
    );
  }
  if (action === 'retry' && member.wave !== rollout.currentWave)
    return refuse('invalid_transition', `${componentId} is in wave ${member.wave}; wave ${rollout.currentWave} is being deployed`);
  if (action === 'skip' && comment !== undefined && comment.trim() === '') return refuse('bad_request', 'Say why it is skipped: a skip needs a comment');
  return ALLOWED;
}

/**
 * Whether `user` may take `action` on `rollout` now, and why not: its
 * state first, then the role, then the relation to the change, then the
 * member named. Without `componentId`, retry and skip say whether they
 * are possible for some member (what the page shows).
 */
export function decideRolloutAction(user: Operator, rollout: Rollout, action: RolloutAction, { componentId, comment, authorMayOperate }: Options): RolloutDecision {
  const isOver = rollout.status === 'completed' || rollout.status === 'aborted';
  if (isOver) return refuse('invalid_transition', `The rollout is ${STATUS_TEXT[rollout.status]}: it cannot be ${action === 'abort' ? 'aborted' : `${action}d`} now`);
  if (action === 'pause' && rollout.status !== 'running') return refuse('invalid_transition', 'The rollout is paused already');
  if (action === 'resume' && rollout.status !== 'paused') return refuse('invalid_transition', 'The rollout is running: there is nothing to resume');
  if (!hasRole(user.role, 'approver')) return refuse('forbidden', `Operating a rollout needs the approver role; you are a ${user.role}`);
  if (action !== 'pause' && !authorMayOperate && rollout.author === user.id) {
    return refuse('forbidden', `You proposed this change: someone else must ${action} its rollout (settings: rollouts.authorMayOperate)`);
  }
  if (action === 'resume') {
    const blocking = blockingMembers(rollout);
    if (blocking.length > 0)
      return refuse('invalid_transition', `${blocking.map((m) => m.componentId).join(', ')} failed: retry or skip ${blocking.length === 1 ? 'it' : 'them'} first`);
  }
  if (action === 'retry' || action === 'skip') return memberDecision(rollout, action, componentId, comment);
  return ALLOWED;
}

export function allowedRolloutActions(user: Operator, rollout: Rollout, authorMayOperate: boolean): Record<RolloutAction, RolloutDecision> {
  return {
    pause: decideRolloutAction(user, rollout, 'pause', { authorMayOperate }),
    resume: decideRolloutAction(user, rollout, 'resume', { authorMayOperate }),
    retry: decideRolloutAction(user, rollout, 'retry', { authorMayOperate }),
    skip: decideRolloutAction(user, rollout, 'skip', { authorMayOperate }),
    abort: decideRolloutAction(user, rollout, 'abort', { authorMayOperate }),
  };
}
