import 'server-only';
import { randomUUID } from 'node:crypto';
import type { User } from '@/lib/auth/roles';
import type { AuditEvent, ChangeRequest } from '@/lib/model/change-request';
import { AppError, isAppError, StaleVersionError } from '@/lib/model/errors';
import { hasEarlierClaim } from './apply-claim';
import { newEvent } from './audit-event';
import { markStale, staleOthers } from './mark-stale';
import { configParameterName, parameterStoreFor } from './request-config';
import { transitionWithPolicy, type ReviewContext } from './review-context';
import type { ApplyReport, DecisionResult } from './review-model';
import { sendWebhook } from './send-webhook';
import { appliedPayload } from './webhook-signature';

/**
 * Applies an approved request exactly once (ARCHITECTURE.md §6):
 *
 * 1. claim: a compare-and-set from the revision the policy check read to the
 *    next one, with an `apply_started` event. Of any number of appliers
 *    racing, one claims; the others are refused (the claim is in progress,
 *    or the request is applied) and write nothing anywhere.
 * 2. write: the proposed config (compact JSON) to SSM with the version guard
 *    `expectedVersion = baseVersion`, its description naming the request.
 *    The config moved → `stale`; SSM down, value too large… → `apply_failed`
 *    with the error; nothing else changes.
 * 3. record: `applied` with the version written, from the claim's revision.
 * 4. then, none of which can undo the apply: other open requests on the
 *    component become stale, the graph is synced, the webhook is sent.
 *
 * A crash between 2 and 3 leaves the request `approved` on its claim; once the
 * claim's lease has run out the next apply finds the config already holding
 * the proposal at baseVersion + 1 and records it (`recovered`) instead of
 * writing again.
 */
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
        data: { claim, revision: request.revision + 1, expectedVersion: request.baseVersion, parameter: configParameterName(store, request) },
      }),
    };
  });
  const request = claimed.request;
  const store = parameterStoreFor(ctx.sources, request);
  const parameter = configParameterName(store, request);

  let version: number;
  let isRecovered = false;
  try {
    const current = await store.get(parameter);
    const currentVersion = current?.version ?? null;
    const nextVersion = (request.baseVersion ?? 0) + 1;
    if (currentVersion === request.baseVersion) {
      ({ version } = await store.put({
        name: parameter,
        value: request.proposedConfig,
        expectedVersion: request.baseVersion,
        user: user.id,
        description: `Karma change request ${request.id}: ${request.title}`,
      }));
    } else if (currentVersion === nextVersion && current?.value === request.proposedConfig && hasEarlierClaim(claimed.events, claim)) {
      version = currentVersion;
      isRecovered = true;
    } else {
      throw new StaleVersionError(parameter, request.baseVersion, currentVersion);
    }
  } catch (error) {
    throw await recordFailure(ctx, user, request, error);
  }

  const applied = await recordApplied(ctx, user, request, { version, parameter, isRecovered });
  const report = await afterApply(ctx, user, applied, { version, parameter, isRecovered });
  return { change: (await ctx.store.getChangeRequest(id)) ?? applied, apply: report };
}

/** Writes the failure's transition and returns the error to throw: 409 for stale, the write's own error otherwise. */
async function recordFailure(ctx: ReviewContext, user: User, request: ChangeRequest, error: unknown): Promise<unknown> {
  if (error instanceof StaleVersionError || (isAppError(error) && error.code === 'stale_version')) {
    const actual = error instanceof StaleVersionError ? error.actualVersion : null;
    await markStale(ctx, request, { currentVersion: actual, actor: user.id, cause: `found when ${user.id} tried to apply it; nothing was written` });
    return new AppError('stale_version', (await ctx.store.getChangeRequest(request.id))?.error ?? (error as Error).message, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  try {
    await ctx.store.transitionChangeRequest({
      id: request.id,
      expectedStatus: 'approved',
      expectedRevision: request.revision,
      patch: { status: 'apply_failed', error: message },
      event: newEvent(request, {
        kind: 'apply_failed',
        actor: user.id,
        at: ctx.now(),
        note: message,
        data: { status: 'apply_failed', code: isAppError(error) ? error.code : 'internal' },
      }),
    });
  } catch (recordError) {
    console.error(`[karma] ${request.id}: the apply failed (${message}) and recording that failed too:`, recordError);
  }
  return error;
}

async function recordApplied(
  ctx: ReviewContext,
  user: User,
  request: ChangeRequest,
  { version, parameter, isRecovered }: { version: number; parameter: string; isRecovered: boolean },
): Promise<ChangeRequest> {
  const note = isRecovered
    ? `${parameter} already held this proposal as version ${version}, written by an apply that was interrupted before it recorded it`
    : `Wrote ${parameter} version ${version}`;
  try {
    return await ctx.store.transitionChangeRequest({
      id: request.id,
      expectedStatus: 'approved',
      expectedRevision: request.revision,
      patch: { status: 'applied', appliedVersion: version, error: null },
      event: newEvent(request, {
        kind: 'applied',
        actor: user.id,
        at: ctx.now(),
        note,
        data: { status: 'applied', version, previousVersion: request.baseVersion, parameter, recovered: isRecovered },
      }),
    });
  } catch (error) {
    // Only a re-claim after the lease ran out can get here; that apply finds the version and records it.
    throw new AppError('conflict', `${parameter} was written as version ${version}, but ${request.id} changed before the apply was recorded; apply it again to record it`, {
      cause: error,
    });
  }
}

async function afterApply(
  ctx: ReviewContext,
  user: User,
  applied: ChangeRequest,
  { version, parameter, isRecovered }: { version: number; parameter: string; isRecovered: boolean },
): Promise<ApplyReport> {
  const staled = await staleOthers(ctx, applied, version, user.id).catch((error: unknown) => {
    console.error(`[karma] ${applied.id}: marking other requests stale failed:`, error);
    return [];
  });
  // GraphService.sync answers with a sync that read the parameters after this call, so it sees the write.
  const sync = await ctx.graph.sync('apply');

  let webhook: ApplyReport['webhook'] = 'off';
  if (ctx.webhook) {
    const sentAt = ctx.now();
    const payload = appliedPayload({ request: applied, parameter, appliedVersion: version, actor: user.id, appliedAt: applied.updatedAt, sentAt, delivery: randomUUID() });
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
  return { ok: true, version, isRecovered, staled, sync: { ok: sync.ok, error: sync.error }, webhook, error: null };
}
