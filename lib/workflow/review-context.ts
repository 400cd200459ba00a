import 'server-only';
import type { User } from '@/lib/auth/roles';
import type { ConfigRepoReader, GitPerson } from '@/lib/gitconfig/config-repo';
import { UNDECIDED, type AuditEvent, type ChangeRequest } from '@/lib/model/change-request';
import { AppError, isAppError } from '@/lib/model/errors';
import type { SettingsFile } from '@/lib/model/settings';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import type { SyncReport, SyncTrigger } from '@/lib/server/graph-service';
import type { GraphStore } from '@/lib/store/graph-store';
import { activeClaim, RECORD_WINDOW_MS, type ActiveClaim } from '@/lib/changes/apply-claim';
import { decideAction, assertAllowed, movedMember, requiredApprovalsFor, staleFact, type ApplyInProgress, type ReviewAction, type ReviewState } from '@/lib/changes/policy';
import { requestOwnerRequirements } from '@/lib/changes/ownership';
import { configParameterName, liveConfigVersion, parameterStoreFor } from './request-config';
import { findOwnWrite } from '@/lib/changes/write-tag';
import { markStale } from './mark-stale';

/** What the review steps (decide, apply, mark stale) work with. */
export type ReviewContext = {
  store: GraphStore;
  sources: ParameterSources;
  graph: { sync(trigger: SyncTrigger): Promise<SyncReport> };
  /** `owners` absent: no approvals by ownership. */
  file: Pick<SettingsFile, 'approvals' | 'autoApply'> & Partial<Pick<SettingsFile, 'owners'>>;
  webhook: { url: string; secret: string } | null;
  now: () => Date;
  /** The config repo apply commits to first; null or read-only: SSM only. */
  configRepo: ConfigRepoReader | null;
  /** Karma, as the committer of its commits. */
  committer: GitPerson;
  /** How long an apply waits for another request's apply on the same component (apply-change.ts). */
  componentWaitMs?: number;
  /** Rollouts (rollout-service.ts), when on: which members wait for their wave, and the rollout an apply starts. */
  rollouts?: RolloutStarter | null;
};

export type RolloutStarter = {
  deferredMembers(request: ChangeRequest): Set<string>;
  start(request: ChangeRequest, actor: string): Promise<{ id: string } | null>;
};

export async function getRequestOrThrow(store: GraphStore, id: string): Promise<ChangeRequest> {
  const request = await store.getChangeRequest(id);
  if (!request) throw new AppError('not_found', `No change request ${id}`);
  return request;
}

/**
 * What a decision on `request` depends on besides the request itself: the
 * approvals its environment needs, the owner approvals its blast radius
 * needs under today's settings, its audit trail (an unfinished apply), and
 * the component's config version read live from SSM.
 */
export async function reviewState(
  ctx: ReviewContext,
  request: ChangeRequest,
  { isReadOptional = false }: { isReadOptional?: boolean } = {},
): Promise<{ state: ReviewState; events: AuditEvent[] }> {
  const isUndecided = UNDECIDED.has(request.status);
  const readVersions = async (): Promise<Map<string, number | null> | undefined> => {
    if (!isUndecided) return undefined;
    try {
      const versions = await Promise.all(request.members.map((m) => liveConfigVersion(ctx.sources, m)));
      return new Map(request.members.map((m, i) => [m.componentId, versions[i]]));
    } catch (error) {
      if (isReadOptional && isAppError(error) && (error.code === 'unavailable' || error.code === 'timeout')) return undefined;
      throw error;
    }
  };
  const [events, versions] = await Promise.all([ctx.store.listEvents({ changeRequestId: request.id }), readVersions()]);
  const claim = activeClaim(request, events, ctx.now());
  const state: ReviewState = {
    requiredApprovals: requiredApprovalsFor(request, ctx.file.approvals),
    ownerRequirements: requestOwnerRequirements(request, ctx.file.owners ?? []),
    // While an apply holds its claim the config moving is its own doing; after an interrupted one the config may hold
    // this very proposal. Either way the apply decides (lib/workflow/apply-change.ts), never a staleness check.
    memberVersions: claim ? undefined : versions,
    applyInProgress: await applyInProgress(ctx, request, claim, versions),
  };
  return { state, events };
}

/** What the policy needs to know of an unfinished apply: whose, since when, expired, already written. */
export async function applyInProgress(
  ctx: ReviewContext,
  request: ChangeRequest,
  claim: ActiveClaim | null,
  versions: ReadonlyMap<string, number | null> | undefined,
): Promise<ApplyInProgress | null> {
  if (!claim) return null;
  const written = claim.isExpired ? null : await ownWrite(ctx, request, versions);
  return { actor: claim.actor, since: claim.since, isExpired: claim.isExpired, written };
}

/**
 * The write an apply of this request made that is not recorded yet, read
 * from SSM only while a claim is active and a member's config moved past
 * its base: the last member's such write (a set writes in order, so it is
 * the newest).
 */
async function ownWrite(ctx: ReviewContext, request: ChangeRequest, versions: ReadonlyMap<string, number | null> | undefined): Promise<ApplyInProgress['written']> {
  if (versions === undefined) return null;
  let newest: ApplyInProgress['written'] = null;
  for (const member of request.members) {
    const currentVersion = versions.get(member.componentId);
    if (member.isApplied || currentVersion === undefined || currentVersion === null || currentVersion <= (member.baseVersion ?? 0)) continue;
    try {
      const store = parameterStoreFor(ctx.sources, member);
      const found = findOwnWrite(await store.history(configParameterName(store, member)), { id: request.id, baseVersion: member.baseVersion });
      if (found) newest = { version: found.version, at: found.modifiedAt, isRecordable: ctx.now().getTime() - Date.parse(found.modifiedAt) > RECORD_WINDOW_MS };
    } catch {
      // Unreadable history: nothing known about a write there.
    }
  }
  return newest;
}

const MAX_ATTEMPTS = 3;

export type Step = { patch: Parameters<GraphStore['transitionChangeRequest']>[0]['patch']; event: AuditEvent };

/**
 * One decision as a compare-and-set: read the request and its state, check
 * the policy, write the transition with its event at the revision that was
 * read. When someone else moved the request in between, read again and
 * re-check (their change may make this one pointless or forbidden), at most
 * three times. A request found stale is marked so, with its event, before
 * the refusal.
 */
export async function transitionWithPolicy(
  ctx: ReviewContext,
  user: User,
  id: string,
  action: Exclude<ReviewAction, 'comment'>,
  step: (request: ChangeRequest, context: { state: ReviewState; events: AuditEvent[] }) => Step,
): Promise<{ request: ChangeRequest; before: ChangeRequest; events: AuditEvent[] }> {
  for (let attempt = 1; ; attempt++) {
    const request = await getRequestOrThrow(ctx.store, id);
    // An apply re-reads the version under its claim, and SSM being down there is an outcome to record (apply_failed).
    const context = await reviewState(ctx, request, { isReadOptional: action === 'apply' });
    const decision = decideAction(user, request, action, context.state);
    const moved = movedMember(request, context.state);
    if (!decision.allowed && decision.code === 'stale_version' && moved) {
      await markStale(ctx, request, {
        currentVersion: moved.currentVersion,
        actor: user.id,
        cause: `found when ${user.id} tried to ${action} it`,
        fact: request.members.length > 1 ? staleFact(moved, moved.currentVersion) : undefined,
      });
    }
    assertAllowed(decision);
    const { patch, event } = step(request, context);
    try {
      const updated = await ctx.store.transitionChangeRequest({ id, expectedStatus: request.status, expectedRevision: request.revision, patch, event });
      return { request: updated, before: request, events: context.events };
    } catch (error) {
      if (isAppError(error) && error.code === 'conflict' && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
  }
}
