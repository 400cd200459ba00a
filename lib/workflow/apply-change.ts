import 'server-only';
import { randomUUID } from 'node:crypto';
import type { User } from '@/lib/auth/roles';
import { isWritableRepo, shortCommit } from '@/lib/gitconfig/config-repo';
import type { AuditEvent, ChangeMember, ChangeRequest } from '@/lib/model/change-request';
import { storedImpact } from '@/lib/model/simulation';
import { staleFact } from '@/lib/changes/policy';
import { writeOrder } from '@/lib/changes/write-order';
import { AppError, isAppError, StaleVersionError } from '@/lib/model/errors';
import type { ParameterStore } from '@/lib/params/parameter-store';
import type { LeaseRequest } from '@/lib/store/graph-store';
import { waitForLease } from '@/lib/store/wait-for-lease';
import { APPLY_LEASE_MS, RECORD_WINDOW_MS } from '@/lib/changes/apply-claim';
import { newEvent } from './audit-event';
import { markStale, staleOthers } from './mark-stale';
import { commitToGit, GitStaleError, requestCommit, type GitOutcome } from './git-apply';
import { configParameterName, parameterStoreFor } from './request-config';
import { transitionWithPolicy, type ReviewContext } from './review-context';
import type { ApplyReport, DecisionResult } from '@/lib/changes/review-model';
import { sendWebhook } from './send-webhook';
import { appliedPayload } from './webhook-signature';
import { applyDescription, findOwnWrite, isWriteOf } from '@/lib/changes/write-tag';

/**
 * Applies an approved request exactly once (ARCHITECTURE.md §6), whatever
 * the number of appliers, instances and requests on the component:
 *
 * 1. claim the request: a compare-and-set from the revision the policy
 *    check read to the next one, with an `apply_started` event. Of any
 *    number of appliers of this request, one claims; the rest write nothing.
 * 2. claim the component: its `apply:<component>` lease in the graph store,
 *    held by every instance, waited for while another request's apply holds
 *    it. SSM has no conditional put, so this is what keeps two requests on
 *    one component from both writing.
 * 3. under the lease, read the config: at the base version → write it,
 *    once, its Description naming the request (a lost answer is confirmed
 *    from the history, never re-sent); past the base with this request's
 *    own write in the history (an earlier apply wrote and did not record)
 *    → record that; anything else → `stale`, nothing written. SSM down or
 *    refusing → `apply_failed` with the error.
 * 4. record `applied` with the version, from the claim's revision; then let
 *    the lease go. The graph store down here → 503 saying SSM holds the
 *    write; this process keeps trying to record it for RECORD_WINDOW_MS,
 *    and after that any apply (any instance) finds it in step 3 and records
 *    it at once.
 * 5. then, none of which can undo the apply: other open requests on the
 *    component become stale, the graph is synced, the webhook is sent (by
 *    the apply that recorded, so once).
 */

/** How long an apply waits for another request's apply on the same component. */
export const COMPONENT_WAIT_MS = 30_000;

/** One member's write: made now, or found made by an earlier apply of this request. */
type MemberWritten = {
  member: ChangeMember;
  parameter: string;
  /** The config version written; null for a removal. */
  version: number | null;
  isRecovered: boolean;
  interleaved: number;
};

/** The whole apply's writes, providers first; `version`/`parameter` are the first member's (what a request of one reports). */
type Written = {
  members: MemberWritten[];
  version: number | null;
  parameter: string;
  isRecovered: boolean;
  interleaved: number;
  gitCommit: string | null;
  gitNote: string | null;
};

/** SSM refused or failed after the commit was pushed: the request is in Git, not yet published. */
class UnpublishedError extends AppError {
  /** Why publishing failed, in SSM's words (the event keeps it for the review page). */
  readonly publishError: string;

  constructor(
    readonly gitCommit: string | null,
    readonly branch: string,
    readonly original: unknown,
  ) {
    const said = original instanceof Error ? original.message : String(original);
    const where = gitCommit ? `commit ${shortCommit(gitCommit)} on ${branch} holds this change` : `${branch} already held this change`;
    super(
      isAppError(original) ? (original.code === 'stale_version' ? 'conflict' : original.code) : 'internal',
      `In Git, not yet published: ${where}, but publishing it to SSM failed: ${said}. Applying again publishes it; Git is not written again`,
      { cause: original, internal: isAppError(original) ? original.internal : undefined, details: { gitCommit, isInGit: true, isPublished: false } },
    );
    this.publishError = said;
  }
}

/** A set's write failed after some members were written: what was and what was not, for the record and the retry. */
class PartlyWrittenError extends AppError {
  constructor(
    readonly written: MemberWritten[],
    readonly pending: ChangeMember[],
    readonly original: unknown,
    readonly gitCommit: string | null,
  ) {
    const said = original instanceof Error ? original.message : String(original);
    const done = written.map((w) => (w.version === null ? `${w.member.componentId} (removed)` : `${w.member.componentId} (version ${w.version})`)).join(', ');
    super(
      isAppError(original) ? (original.code === 'stale_version' ? 'conflict' : original.code) : 'internal',
      `Applied in part: wrote ${done}; not written: ${pending.map((m) => m.componentId).join(', ')}, because ${said}. Applying again writes only what is missing`,
      {
        cause: original,
        internal: isAppError(original) ? original.internal : undefined,
        details: { written: written.map((w) => w.member.componentId), notWritten: pending.map((m) => m.componentId) },
      },
    );
  }
}

/** A member moved past its base version (and the move is not this request's own write): the set is stale. */
export class MemberStaleError extends StaleVersionError {
  constructor(
    readonly member: ChangeMember,
    parameter: string,
    actual: number | null,
  ) {
    super(parameter, member.baseVersion, actual);
  }
}

export async function applyChange(ctx: ReviewContext, user: User, id: string, { comment }: { comment: string }): Promise<DecisionResult> {
  const claim = randomUUID();
  const claimed = await transitionWithPolicy(ctx, user, id, 'apply', (request) => {
    const store = parameterStoreFor(ctx.sources, request);
    return {
      patch: { status: 'approved', error: null },
      event: newEvent(request, {
        kind: 'apply_started',
        actor: user.id,
        at: ctx.now(),
        note: comment,
        data: {
          claim,
          revision: request.revision + 1,
          expectedVersion: request.baseVersion,
          parameter: configParameterName(store, request),
          ...(request.members.length > 1 ? { members: request.members.map((m) => ({ componentId: m.componentId, expectedVersion: m.baseVersion })) } : {}),
        },
      }),
    };
  });
  const request = claimed.request;
  const order = writeOrder(request.members, storedImpact(request.impact)?.members ?? null);
  // An earlier claim of this same request may still hold a lease (its record was lost): it can be taken over.
  const leases: LeaseRequest[] = [...request.members]
    .sort((a, b) => (a.componentId < b.componentId ? -1 : a.componentId > b.componentId ? 1 : 0))
    .map((m) => ({ name: `apply:${m.componentId}`, holder: `${request.id}#${claim}`, ttlMs: APPLY_LEASE_MS, takeOverPrefix: `${request.id}#` }));

  let written: Written;
  let applied: ChangeRequest | null;
  const held: LeaseRequest[] = [];
  try {
    try {
      // In one order for everyone (by component id), so two sets sharing components cannot each hold what the other waits for.
      for (const lease of leases) {
        await takeComponent(ctx, lease, lease.name.slice('apply:'.length));
        held.push(lease);
      }
      written = await writeOnce(ctx, leases, request, order, user, ctx.rollouts?.deferredMembers(request) ?? new Set());
    } catch (error) {
      throw await recordFailure(ctx, user, request, error);
    }
    try {
      applied = await recordApplied(ctx, user, request, written);
    } catch (error) {
      if (isAppError(error) && error.code === 'unavailable') recordLater(ctx, user, request, written, held);
      throw error;
    }
  } finally {
    for (const lease of held) {
      await ctx.store.releaseLease(lease).catch((error: unknown) => console.error(`[karma] ${request.id}: releasing ${lease.name} failed (it expires by itself):`, error));
    }
  }
  if (!applied) {
    // Another apply of this request recorded the same write first, and reports it; nothing more to do here.
    const change = await ctx.store.getChangeRequest(id);
    return {
      change: change ?? request,
      apply: { ok: true, version: written.version, members: memberWrites(written), isRecovered: true, staled: [], sync: null, webhook: 'off', rollout: null, error: null },
    };
  }
  const report = await afterApply(ctx, user, applied, written);
  return { change: (await ctx.store.getChangeRequest(id)) ?? applied, apply: report };
}

function memberWrites(written: Written): ApplyReport['members'] {
  return written.members.map(({ member, version, isRecovered }) => ({ componentId: member.componentId, action: member.action, version, isRecovered }));
}

async function takeComponent(ctx: ReviewContext, lease: LeaseRequest, componentId: string): Promise<void> {
  const maxWaitMs = ctx.componentWaitMs ?? COMPONENT_WAIT_MS;
  const outcome = await waitForLease(ctx.store, lease, { maxWaitMs });
  if (outcome.acquired) return;
  const other = outcome.holder.split('#')[0];
  throw new AppError(
    'conflict',
    `${other} is being applied to ${componentId} and still was after ${Math.round(maxWaitMs / 1000)} s; nothing was written: apply again once it is done`,
    {
      details: { componentId, heldBy: other, until: outcome.expiresAt },
    },
  );
}

export type Checked = { member: ChangeMember; store: ParameterStore; parameter: string; done: MemberWritten | null };

/**
 * The guard, for every member before anything is written: at its base
 * version → to write; past it with this request's own write in the history
 * (an earlier apply wrote and did not record), or recorded as applied →
 * written already; a removal whose parameter is gone → removed already;
 * anything else → the set is stale and nothing is written.
 */
export async function checkMembers(request: ChangeRequest, order: readonly ChangeMember[], ctx: Pick<ReviewContext, 'sources'>): Promise<Checked[]> {
  const checked: Checked[] = [];
  for (const member of order) {
    const store = parameterStoreFor(ctx.sources, member);
    const parameter = configParameterName(store, member);
    const current = await store.get(parameter);
    const currentVersion = current?.version ?? null;
    const found = (done: Omit<MemberWritten, 'member' | 'parameter' | 'interleaved'>): Checked => ({
      member,
      store,
      parameter,
      done: { member, parameter, interleaved: 0, ...done },
    });
    if (member.action === 'remove') {
      if (currentVersion === null) checked.push(found({ version: null, isRecovered: true }));
      else if (currentVersion === member.baseVersion) checked.push({ member, store, parameter, done: null });
      else throw new MemberStaleError(member, parameter, currentVersion);
      continue;
    }
    if (member.isApplied && member.appliedVersion !== null && currentVersion === member.appliedVersion) {
      checked.push(found({ version: member.appliedVersion, isRecovered: true }));
      continue;
    }
    if (currentVersion !== null && currentVersion > (member.baseVersion ?? 0)) {
      const own = findOwnWrite(await store.history(parameter), { id: request.id, baseVersion: member.baseVersion });
      if (own) {
        checked.push(found({ version: own.version, isRecovered: true }));
        continue;
      }
    }
    if (currentVersion !== member.baseVersion) throw new MemberStaleError(member, parameter, currentVersion);
    checked.push({ member, store, parameter, done: null });
  }
  return checked;
}

/**
 * Step 3: the writes, or the finding that they already happened, or that
 * they must not. Every member is checked first, then Git is written (one
 * commit for the set, git-apply.ts), then SSM member by member, providers
 * first: nothing is written anywhere unless every member is still where the
 * request was based (or already holds this request's write).
 */
async function writeOnce(
  ctx: ReviewContext,
  leases: readonly LeaseRequest[],
  request: ChangeRequest,
  order: readonly ChangeMember[],
  user: User,
  deferred: ReadonlySet<string>,
): Promise<Written> {
  // Every member is checked; those planned for a later wave of the rollout are written there (apply-at-wave.ts), not now.
  const checked = (await checkMembers(request, order, ctx)).filter((c) => !deferred.has(c.member.componentId) || c.done !== null);
  const first = (members: MemberWritten[], git: { gitCommit: string | null; gitNote: string | null }): Written => {
    const head = members.find((m) => m.member.componentId === request.componentId) ?? members[0];
    return {
      members,
      version: head.version,
      parameter: head.parameter,
      isRecovered: members.every((m) => m.isRecovered),
      interleaved: members.reduce((sum, m) => sum + m.interleaved, 0),
      ...git,
    };
  };
  if (checked.every((c) => c.done !== null)) {
    // Published by an earlier apply, so Git was written before it: only the commit is worth finding for the record.
    return first(
      checked.map((c) => c.done!),
      { gitCommit: await ownCommit(ctx, request), gitNote: null },
    );
  }

  const git = await commitToGit(ctx.configRepo, request, { committer: ctx.committer, now: ctx.now });
  if (git.kind === 'in_git') await recordCommit(ctx, request, user, git);
  const gitCommit = git.kind === 'in_git' ? git.commit : null;
  const written: MemberWritten[] = [];
  for (const [i, { member, store, parameter, done }] of checked.entries()) {
    if (done) {
      written.push(done);
      continue;
    }
    try {
      // Fencing: renewed now, the leases (APPLY_LEASE_MS) far outlive the one write that follows (one attempt, 15 s at most).
      for (const lease of leases) {
        const renewed = await ctx.store.acquireLease(lease);
        if (!renewed.acquired) {
          throw new AppError(
            'conflict',
            `Karma lost its claim on ${lease.name.slice('apply:'.length)} before writing SSM; SSM was not written${written.length > 0 ? ' for the rest' : ''}: apply again`,
          );
        }
      }
      written.push(await writeMember({ member, store, parameter }, request, user.id));
    } catch (error) {
      const cause = git.kind === 'in_git' && written.length === 0 ? new UnpublishedError(gitCommit, request.git?.branch ?? '', error) : error;
      if (written.length > 0)
        throw new PartlyWrittenError(
          written,
          checked
            .slice(i)
            .filter((c) => !c.done)
            .map((c) => c.member),
          error,
          gitCommit,
        );
      throw cause;
    }
  }
  return first(written, { gitCommit, gitNote: git.kind === 'in_git' ? git.note : null });
}

/**
 * One checked member's write: a removal guarded by its base version, or the
 * proposal, once, its Description naming the request (a lost answer is
 * confirmed from the history, never re-sent).
 */
export async function writeMember(
  { member, store, parameter }: Pick<Checked, 'member' | 'store' | 'parameter'>,
  request: Pick<ChangeRequest, 'id' | 'title'>,
  user: string,
): Promise<MemberWritten> {
  if (member.action === 'remove') {
    await store.remove({ name: parameter, expectedVersion: member.baseVersion! });
    return { member, parameter, version: null, isRecovered: false, interleaved: 0 };
  }
  const result = await store.put({
    name: parameter,
    value: member.proposedConfig!,
    expectedVersion: member.baseVersion,
    user,
    description: applyDescription(request),
    isOwnWrite: isWriteOf(request.id),
  });
  return { member, parameter, version: result.version, isRecovered: false, interleaved: result.interleaved ?? 0 };
}

/** The event that says Git holds the change, before SSM is written (best effort: the applied event repeats it). */
async function recordCommit(ctx: ReviewContext, request: ChangeRequest, user: User, git: Extract<GitOutcome, { kind: 'in_git' }>): Promise<void> {
  if (!git.isPushed) return;
  const event = newEvent(request, {
    kind: 'git_committed',
    actor: user.id,
    at: ctx.now(),
    note: git.note,
    data: { commit: git.commit, branch: request.git?.branch ?? null, file: request.git?.file ?? null, attempts: git.attempts },
  });
  await ctx.store.appendEvent(event).catch((error: unknown) => console.error(`[karma] ${request.id}: recording the commit ${git.commit} failed:`, error));
}

/** The commit an earlier apply of this request pushed, for a record that was lost; null when unknown. */
async function ownCommit(ctx: ReviewContext, request: ChangeRequest): Promise<string | null> {
  if (!request.git || !isWritableRepo(ctx.configRepo)) return request.gitCommit;
  return requestCommit(ctx.configRepo, request, request.git).catch(() => null);
}

/** Writes the failure's transition and returns the error to throw: 409 for stale, the write's own error otherwise. */
async function recordFailure(ctx: ReviewContext, user: User, request: ChangeRequest, error: unknown): Promise<unknown> {
  if (error instanceof GitStaleError) {
    await markStale(ctx, request, {
      currentVersion: request.baseVersion,
      actor: user.id,
      fact: error.fact,
      cause: `found when ${user.id} tried to apply it; nothing was written`,
      data: { gitTip: error.tip },
    });
    return new AppError('stale_version', (await ctx.store.getChangeRequest(request.id))?.error ?? error.message, { cause: error });
  }
  if (
    !(error instanceof UnpublishedError) &&
    !(error instanceof PartlyWrittenError) &&
    (error instanceof StaleVersionError || (isAppError(error) && error.code === 'stale_version'))
  ) {
    const actual = error instanceof StaleVersionError ? error.actualVersion : null;
    const member = error instanceof MemberStaleError ? error.member : request.members[0];
    const earlier = request.members.filter((m) => m.isApplied);
    const nothing = earlier.length > 0 ? `nothing more was written (an earlier apply wrote ${earlier.map((m) => m.componentId).join(', ')})` : 'nothing was written';
    await markStale(ctx, request, {
      currentVersion: actual,
      actor: user.id,
      cause: `found when ${user.id} tried to apply it; ${nothing}`,
      fact: request.members.length > 1 ? staleFact(member, actual) : undefined,
      data: { componentId: member.componentId },
    });
    return new AppError('stale_version', (await ctx.store.getChangeRequest(request.id))?.error ?? (error as Error).message, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  const gitCommit = error instanceof UnpublishedError || error instanceof PartlyWrittenError ? error.gitCommit : undefined;
  const partly = error instanceof PartlyWrittenError ? error : null;
  // What was written stays recorded on its member: the retry writes only the rest.
  const members = partly
    ? request.members.map((m) => {
        const done = partly.written.find((w) => w.member.componentId === m.componentId);
        return done ? { ...m, isApplied: true, appliedVersion: done.version } : m;
      })
    : undefined;
  try {
    await ctx.store.transitionChangeRequest({
      id: request.id,
      expectedStatus: 'approved',
      expectedRevision: request.revision,
      patch: { status: 'apply_failed', error: message, ...(gitCommit ? { gitCommit } : {}), ...(members ? { members } : {}) },
      event: newEvent(request, {
        kind: 'apply_failed',
        actor: user.id,
        at: ctx.now(),
        note: message,
        data: {
          status: 'apply_failed',
          code: isAppError(error) ? error.code : 'internal',
          inGit: error instanceof UnpublishedError,
          gitCommit: gitCommit ?? null,
          publishError: error instanceof UnpublishedError ? error.publishError : null,
          ...(partly
            ? {
                written: partly.written.map((w) => ({ componentId: w.member.componentId, version: w.version })),
                notWritten: partly.pending.map((m) => m.componentId),
              }
            : {}),
        },
      }),
    });
  } catch (recordError) {
    console.error(`[karma] ${request.id}: the apply failed (${message}) and recording that failed too:`, recordError);
  }
  return error;
}

/** Step 4. Null when another apply of this request recorded the same write first. */
/** What each member's write says in the record: `Wrote /iac/vpc/main/config version 5`. */
function writeNote({ parameter, version, isRecovered, member }: MemberWritten): string {
  if (member.action === 'remove') return isRecovered ? `${parameter} was already removed` : `Removed ${parameter}`;
  return isRecovered
    ? `${parameter} already held this proposal as version ${version}, written by an earlier apply of this request that did not record it`
    : `Wrote ${parameter} version ${version}`;
}

/** Step 4. Null when another apply of this request recorded the same write first. */
async function recordApplied(ctx: ReviewContext, user: User, request: ChangeRequest, written: Written): Promise<ChangeRequest | null> {
  const { version, parameter, isRecovered, interleaved, gitCommit, gitNote } = written;
  const notes = [...(gitNote ? [gitNote] : []), ...written.members.map(writeNote)];
  const waiting = request.members.filter((m) => !m.isApplied && !written.members.some((w) => w.member.componentId === m.componentId));
  if (waiting.length > 0)
    notes.push(`${waiting.map((m) => m.componentId).join(', ')} ${waiting.length === 1 ? 'is' : 'are'} written at ${waiting.length === 1 ? 'its' : 'their'} wave of the rollout`);
  if (interleaved > 0) notes.push(`someone outside Karma wrote ${interleaved} version${interleaved === 1 ? '' : 's'} just before it; see its history`);
  const members = request.members.map((m) => {
    const done = written.members.find((w) => w.member.componentId === m.componentId);
    return done ? { ...m, isApplied: true, appliedVersion: done.version } : m;
  });
  const isSet = request.members.length > 1;
  try {
    return await ctx.store.transitionChangeRequest({
      id: request.id,
      expectedStatus: 'approved',
      expectedRevision: request.revision,
      patch: { status: 'applied', appliedVersion: version, error: null, members, ...(gitCommit ? { gitCommit } : {}) },
      event: newEvent(request, {
        kind: 'applied',
        actor: user.id,
        at: ctx.now(),
        note: notes.join('; '),
        data: {
          status: 'applied',
          version,
          previousVersion: request.baseVersion,
          parameter,
          recovered: isRecovered,
          interleaved,
          gitCommit,
          ...(isSet
            ? { members: written.members.map((w) => ({ componentId: w.member.componentId, version: w.version, previousVersion: w.member.baseVersion, recovered: w.isRecovered })) }
            : {}),
        },
      }),
    });
  } catch (error) {
    const pending = {
      details: { componentId: request.componentId, parameter, version, isWritten: true, isRecordPending: true },
      cause: error,
      internal: isAppError(error) ? error.internal : undefined,
    };
    const holds = isSet ? `The ${written.members.length} members now hold this change` : `${parameter} now holds this change as version ${version}`;
    if (isAppError(error) && (error.code === 'unavailable' || error.code === 'timeout')) {
      throw new AppError(
        'unavailable',
        `${holds}, but the graph store is unavailable, so the apply is not recorded yet. ` +
          `Karma records it as soon as the store answers again; applying again records it too (nothing is written twice)`,
        pending,
      );
    }
    const now = await ctx.store.getChangeRequest(request.id).catch(() => null);
    if (now?.status === 'applied' && now.appliedVersion === version) return null;
    throw new AppError('conflict', `${holds}, but ${request.id} changed before the apply was recorded; apply again to record it`, pending);
  }
}

/**
 * The graph store went down between the write and its record: keep trying
 * in the background within the record window, then carry on as the apply
 * would have (stale others, sync, webhook). Past the window any apply
 * records it instead (review-context.ts).
 */
function recordLater(ctx: ReviewContext, user: User, request: ChangeRequest, written: Written, leases: readonly LeaseRequest[]): void {
  const deadline = Date.now() + RECORD_WINDOW_MS - 5_000;
  const attempt = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    try {
      const applied = await recordApplied(ctx, user, request, written);
      // The apply could not let the components go while the store was down; now it can.
      for (const lease of leases) await ctx.store.releaseLease(lease).catch(() => {});
      if (applied) await afterApply(ctx, user, applied, written);
    } catch (error) {
      // recordApplied answers `unavailable` for a store that is down or too slow alike.
      if (Date.now() < deadline && isAppError(error) && error.code === 'unavailable') return attempt();
      console.error(`[karma] ${request.id}: ${written.parameter} version ${written.version} is still not recorded; the next apply records it`, error);
    }
  };
  void attempt();
}

async function afterApply(ctx: ReviewContext, user: User, applied: ChangeRequest, written: Written): Promise<ApplyReport> {
  const { version, parameter, isRecovered } = written;
  const staled = await staleOthers(
    ctx,
    applied,
    written.members.map((w) => ({ componentId: w.member.componentId, version: w.version })),
    user.id,
  ).catch((error: unknown) => {
    console.error(`[karma] ${applied.id}: marking other requests stale failed:`, error);
    return [];
  });
  // GraphService.sync answers with a sync that read the parameters after this call, so it sees the write.
  const sync = await ctx.graph.sync('apply');

  let webhook: ApplyReport['webhook'] = 'off';
  if (ctx.rollouts) {
    // The rollout asks the pipeline to deploy, member by member and wave by wave, with this webhook's payload and more.
    const rollout = await ctx.rollouts.start(applied, user.id).catch((error: unknown) => {
      console.error(`[karma] ${applied.id}: starting its rollout failed:`, error);
      return null;
    });
    return {
      ok: true,
      version,
      members: memberWrites(written),
      isRecovered,
      staled,
      sync: { ok: sync.ok, error: sync.error },
      webhook: 'rollout',
      rollout: rollout?.id ?? null,
      atWave: applied.members.filter((m) => !m.isApplied).map((m) => m.componentId),
      error: null,
    };
  }
  if (ctx.webhook) {
    const sentAt = ctx.now();
    const payload = appliedPayload({
      request: applied,
      parameter,
      appliedVersion: version,
      members: written.members.map((w) => ({
        componentId: w.member.componentId,
        action: w.member.action,
        parameter: w.parameter,
        version: w.version,
        previousVersion: w.member.baseVersion,
      })),
      actor: user.id,
      appliedAt: applied.updatedAt,
      sentAt,
      delivery: randomUUID(),
    });
    const outcome = await sendWebhook(ctx.webhook, payload);
    webhook = outcome.ok ? 'sent' : 'failed';
    const event: AuditEvent = newEvent(applied, {
      kind: outcome.ok ? 'webhook_sent' : 'webhook_failed',
      actor: user.id,
      at: ctx.now(),
      note: outcome.ok ? `${outcome.target} answered ${outcome.status} in ${outcome.durationMs} ms` : outcome.error,
      data: { target: outcome.target, status: outcome.status, durationMs: outcome.durationMs, delivery: payload.delivery },
    });
    await ctx.store.appendEvent(event).catch((error: unknown) => console.error(`[karma] ${applied.id}: recording the webhook outcome failed:`, error));
  }
  return { ok: true, version, members: memberWrites(written), isRecovered, staled, sync: { ok: sync.ok, error: sync.error }, webhook, rollout: null, error: null };
}
