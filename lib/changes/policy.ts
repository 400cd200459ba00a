/**
 * Who may do what with change requests (ARCHITECTURE.md §6). Pure: the user,
 * the request and what is known about it now are passed in. Route handlers
 * take their role from REQUIRED_ROLE, the service enforces `decideAction`, and
 * the review page shows the buttons `allowedActions` allows — one function, so
 * the three cannot disagree. A request is approved when it has its
 * environment's count and every owner approval (lib/changes/ownership.ts).
 *
 * Simulating is a proposer's action, not a viewer's: it is the first step of
 * proposing, and it runs the proposal through the graph and schemas. Viewers
 * see the proposal page read-only and every submitted request with its impact.
 */
import { hasRole, type Role, type User } from '@/lib/auth/roles';
import type { ChangeMember, ChangeRequest, ChangeStatus } from '@/lib/model/change-request';
import { AppError, type ErrorCode } from '@/lib/model/errors';
import type { SettingsFile } from '@/lib/model/settings';
import { missingOwners, missingOwnersText, ownersMetBy, type OwnerRequirement } from './ownership';

export const REVIEW_ACTIONS = ['approve', 'reject', 'withdraw', 'apply', 'comment'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export const CHANGE_ACTIONS = ['view', 'simulate', 'propose', ...REVIEW_ACTIONS] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

export const REQUIRED_ROLE: Record<ChangeAction, Role> = {
  view: 'viewer',
  simulate: 'proposer',
  propose: 'proposer',
  approve: 'approver',
  reject: 'approver',
  // Only the author withdraws; every author is at least a proposer.
  withdraw: 'proposer',
  apply: 'approver',
  comment: 'proposer',
};

export function may(user: Pick<User, 'role'>, action: ChangeAction): boolean {
  return hasRole(user.role, REQUIRED_ROLE[action]);
}

const VERB: Record<ChangeAction, string> = {
  view: 'see change requests',
  simulate: 'simulate changes',
  propose: 'propose changes',
  approve: 'approve changes',
  reject: 'reject changes',
  withdraw: 'withdraw changes',
  apply: 'apply changes',
  comment: 'comment on changes',
};

export function assertMay(user: Pick<User, 'role' | 'name'>, action: ChangeAction): void {
  if (!may(user, action)) {
    throw new AppError('forbidden', `Only a ${REQUIRED_ROLE[action]} or above may ${VERB[action]}; ${user.name} is a ${user.role}`);
  }
}

/** Distinct approvals a request in `env` needs before it may be applied. */
export function requiredApprovals(env: string, approvals: SettingsFile['approvals']): number {
  return approvals.perEnv[env] ?? approvals.default;
}

/** A change set needs what its strictest environment needs. */
export function requiredApprovalsFor(request: Pick<ChangeRequest, 'env' | 'members'>, approvals: SettingsFile['approvals']): number {
  const envs = request.members.length > 0 ? request.members.map((m) => m.env) : [request.env];
  return Math.max(...envs.map((env) => requiredApprovals(env, approvals)));
}

/** An apply that claimed the request (lib/changes/apply-claim.ts) and has not recorded its outcome. */
export type ApplyInProgress = {
  actor: string;
  since: string;
  isExpired: boolean;
  /** SSM already holds its write (named after the request): only its record is missing. */
  written?: { version: number; at: string; isRecordable: boolean } | null;
};

export type ReviewState = {
  requiredApprovals: number;
  /** The owner approvals it needs (lib/changes/ownership.ts), met or not; absent: none. */
  ownerRequirements?: readonly OwnerRequirement[];
  /** Each member's config version now, by component id (null: it has none); undefined when they could not be read. */
  memberVersions?: ReadonlyMap<string, number | null>;
  applyInProgress?: ApplyInProgress | null;
};

export type ActionDecision = { allowed: true } | { allowed: false; code: Extract<ErrorCode, 'forbidden' | 'invalid_transition' | 'stale_version' | 'conflict'>; reason: string };
export type AllowedActions = Record<ReviewAction, ActionDecision>;

/** `groups`: what the reviewer is in now, which is what an approval by them would record; absent: none. */
type Reviewer = Pick<User, 'id' | 'role'> & { groups?: readonly string[] };
type Reviewed = Pick<ChangeRequest, 'status' | 'author' | 'approvals' | 'appliedVersion'> & {
  members: ReadonlyArray<Pick<ChangeMember, 'componentId' | 'baseVersion' | 'isApplied'>>;
};

/** A member whose config moved past its base version: the request describes a change to something that no longer exists. */
export type MovedMember = { componentId: string; baseVersion: number | null; currentVersion: number | null };

/**
 * The first member (in the request's order) whose config is no longer at
 * its base version; members already written by this request are not
 * checked (their write is what moved them), nor any whose version is unknown.
 */
export function movedMember(request: Pick<Reviewed, 'members'>, { memberVersions }: Pick<ReviewState, 'memberVersions'>): MovedMember | null {
  if (!memberVersions) return null;
  for (const member of request.members) {
    if (member.isApplied) continue;
    const now = memberVersions.get(member.componentId);
    if (now !== undefined && now !== member.baseVersion) return { componentId: member.componentId, baseVersion: member.baseVersion, currentVersion: now };
  }
  return null;
}

const ALLOWED: ActionDecision = { allowed: true };
const refuse = (code: Exclude<ActionDecision, { allowed: true }>['code'], reason: string): ActionDecision => ({ allowed: false, code, reason });

/** The statuses each decision starts from; comments are welcome on every request. */
const FROM: Record<ReviewAction, readonly ChangeStatus[]> = {
  approve: ['open', 'approved'],
  reject: ['open', 'approved'],
  withdraw: ['open', 'approved'],
  apply: ['approved', 'apply_failed'],
  comment: ['open', 'approved', 'applied', 'apply_failed', 'rejected', 'withdrawn', 'stale'],
};

const STATUS_TEXT: Record<ChangeStatus, string> = {
  open: 'open',
  approved: 'approved',
  applied: 'already applied',
  apply_failed: 'failed to apply',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
  stale: 'stale',
};

const PAST: Record<ReviewAction, string> = { approve: 'approved', reject: 'rejected', withdraw: 'withdrawn', apply: 'applied', comment: 'commented on' };

const version = (v: number | null) => (v === null ? 'no config' : `version ${v}`);

/** What moved: `prod:vpc/main is now at version 5, but this request was based on version 3`. */
export function staleFact(request: Pick<ChangeRequest, 'componentId' | 'baseVersion'>, currentVersion: number | null): string {
  return `${request.componentId} is now at ${version(currentVersion)}, but this request was based on ${version(request.baseVersion)}`;
}

/** Both halves of an approval: the environment's count and every owner requirement. */
export function isFullyApproved(approvalCount: number, state: Pick<ReviewState, 'requiredApprovals' | 'ownerRequirements'>): boolean {
  return approvalCount >= state.requiredApprovals && missingOwners(state.ownerRequirements ?? []).length === 0;
}

const STILL_OPEN = 'The request has the approvals it needs under today’s settings but is still open (they changed since its last approval): one more approval marks it approved';

/** `The request still needs an approval from data-team (data-team owns …)`. */
function ownersMissingText(missing: readonly OwnerRequirement[]): string {
  return `The request still needs ${missingOwnersText(missing)} before it can be applied`;
}

/**
 * Whether `user` may take `action` on `request` now, and why not. Checks in
 * the order a person would want to hear them: the request's state, their
 * role, their relation to the request, then what moved underneath it.
 */
export function decideAction(user: Reviewer, request: Reviewed, action: ReviewAction, state: ReviewState): ActionDecision {
  const count = request.approvals.length;
  const needed = state.requiredApprovals;
  const owners = missingOwners(state.ownerRequirements ?? []);
  const approvalsMissing =
    `The request has ${count} of the ${needed} approval${needed === 1 ? '' : 's'} it needs before it can be applied` +
    (owners.length > 0 ? `, and it also needs ${missingOwnersText(owners)}` : '');
  // An open request is on its way to being applied: say what it lacks (below), not that it is in the wrong state.
  const isAwaitingApprovals = action === 'apply' && request.status === 'open';
  if (!FROM[action].includes(request.status) && !isAwaitingApprovals) {
    const applied = request.status === 'applied' && request.appliedVersion !== null ? ` as config version ${request.appliedVersion}` : '';
    return refuse('invalid_transition', `The request is ${STATUS_TEXT[request.status]}${applied}: it cannot be ${PAST[action]} now`);
  }
  if (!hasRole(user.role, REQUIRED_ROLE[action])) {
    return refuse('forbidden', `${action[0].toUpperCase()}${action.slice(1)} needs the ${REQUIRED_ROLE[action]} role; you are a ${user.role}`);
  }
  if (action === 'comment') return ALLOWED;
  if (isAwaitingApprovals) return refuse('invalid_transition', count < needed ? approvalsMissing : owners.length > 0 ? ownersMissingText(owners) : STILL_OPEN);

  const isAuthor = request.author === user.id;
  if (action === 'approve' && isAuthor) return refuse('forbidden', 'You proposed this request: someone else must approve it');
  if (action === 'reject' && isAuthor) return refuse('forbidden', 'You proposed this request: withdraw it instead of rejecting it');
  if (action === 'withdraw' && !isAuthor) return refuse('forbidden', `Only the author (${request.author}) may withdraw this request`);

  // Before staleness: an apply under way moves the config itself, and only it (or the next apply) may judge the outcome.
  const running = state.applyInProgress;
  // Once its applier can no longer be recording it (apply-claim.ts RECORD_WINDOW_MS), any apply records the write.
  const isRecordable = action === 'apply' && running?.written?.isRecordable === true;
  if (running && !running.isExpired && !isRecordable) {
    const written = running.written ? ` SSM holds its write as version ${running.written.version}, which is being recorded;` : '';
    return refuse('invalid_transition', `${running.actor} started applying this request at ${running.since};${written} wait for the outcome`);
  }
  if (running && action !== 'apply') {
    // The interrupted apply may have written the config already: only another apply can find out and finish the record.
    return refuse('invalid_transition', `An apply by ${running.actor} at ${running.since} did not finish: apply again to complete it before deciding anything else`);
  }

  const moved = movedMember(request, state);
  if (moved) {
    return refuse('stale_version', `${staleFact(moved, moved.currentVersion)}: it is stale; propose the change again from the current config`);
  }

  if (action === 'approve') {
    if (request.approvals.includes(user.id)) return refuse('conflict', 'You already approved this request');
    const has = `The request already has the ${needed} approval${needed === 1 ? '' : 's'} it needs`;
    if (count >= needed && owners.length === 0) {
      // An open request with everything under today's settings (an owner rule was dropped) takes one more approval to be marked approved.
      if (request.status !== 'open') return refuse('invalid_transition', has);
    } else if (count >= needed && ownersMetBy(owners, user.groups ?? []).length === 0) {
      // Past the count, an approval is still wanted from the owners it lacks, and only from them.
      const groups = [...new Set(owners.flatMap((r) => r.groups))];
      const notIn = groups.length === 1 ? `you are not in ${groups[0]}` : `you are in none of ${groups.join(', ')}`;
      return refuse('forbidden', `${has} from its environment, and still needs ${missingOwnersText(owners)}: ${notIn}`);
    }
  }
  if (action === 'apply' && count < needed) return refuse('invalid_transition', approvalsMissing);
  if (action === 'apply' && owners.length > 0) return refuse('invalid_transition', ownersMissingText(owners));
  return ALLOWED;
}

export function allowedActions(user: Reviewer, request: Reviewed, state: ReviewState): AllowedActions {
  return Object.fromEntries(REVIEW_ACTIONS.map((action) => [action, decideAction(user, request, action, state)])) as AllowedActions;
}

/** Throws the refusal as an AppError: 403 for who you are, 409 for the state the request is in. */
export function assertAllowed(decision: ActionDecision): void {
  if (!decision.allowed) throw new AppError(decision.code, decision.reason);
}
