import 'server-only';
import type { User } from '@/lib/auth/roles';
import type { AuditEvent, ChangeRequest } from '@/lib/model/change-request';
import { AppError, isAppError } from '@/lib/model/errors';
import { isJsonObject, type JsonValue } from '@/lib/model/json';
import {
  rolloutCallbackSchema,
  rolloutIdOf,
  summariseRollout,
  type Rollout,
  type RolloutAction,
  type RolloutActionBody,
  type RolloutMember,
  type RolloutMemberState,
  type RolloutPlan,
  type RolloutsQuery,
  type RolloutSummary,
  type RolloutView,
} from '@/lib/model/rollout';
import type { RolloutSettings } from '@/lib/model/settings';
import { storedImpact } from '@/lib/model/simulation';
import type { GraphStore } from '@/lib/store/graph-store';
import { assertMay } from '@/lib/changes/policy';
import { changeIdFromSegment } from '@/lib/changes/change-id';
import { planRollout } from '@/lib/changes/plan-rollout';
import { allowedRolloutActions, decideRolloutAction } from '@/lib/changes/rollout-policy';
import { newRollout, pauseReason, retriedMember, statusAfterMemberAction } from '@/lib/changes/rollout-progress';
import type { RolloutDriver } from './rollout-driver';
import { rolloutEvent } from './audit-event';
import { verifyWebhook } from './webhook-signature';

/** A callback sent longer ago than this (by its signed `sentAt`) is refused: a replay. */
const CALLBACK_MAX_AGE_SECONDS = 300;

type Deps = {
  store: GraphStore;
  settings: RolloutSettings;
  /** Null where nothing drives rollouts (the CLI): state changes wait for a portal's driver. */
  driver: RolloutDriver | null;
  now?: () => Date;
};

function isOfRollout(event: AuditEvent, id: string): boolean {
  return isJsonObject(event.data) && event.data.rolloutId === id;
}

/** A plan for requests whose impact has none (stored before rollouts): every member in one wave. */
function membersOnlyPlan(request: ChangeRequest): RolloutPlan {
  return planRollout({
    changed: request.members.map((m) => ({ id: m.componentId, env: m.env, type: m.type, nickname: m.nickname, action: m.action })),
    mustRedeploy: [],
    waitsOn: () => [],
  });
}

/**
 * Rollouts as people and pipelines see them (ARCHITECTURE.md §6b): started
 * after apply, listed, read, operated (pause, resume, retry, skip, abort:
 * audited, approver policy, lib/changes/rollout-policy.ts), and told by the
 * pipeline's signed callback. The driver (rollout-driver.ts) does the
 * deploying and observing; every change here is a compare-and-set on the
 * rollout's revision, so it never undoes the driver's (or another
 * instance's) work.
 */
export class RolloutService {
  private readonly now: () => Date;

  constructor(private readonly deps: Deps) {
    this.now = deps.now ?? (() => new Date());
  }

  get isEnabled(): boolean {
    return this.deps.settings.enabled;
  }

  /** The members of a change set written at their wave, not by the apply: those planned after wave 1 (with rollouts on). */
  deferredMembers(request: ChangeRequest): Set<string> {
    if (!this.isEnabled || request.members.length < 2) return new Set();
    const plan = storedImpact(request.impact)?.rollout;
    if (!plan) return new Set();
    const later = plan.waves.filter((w) => w.wave > 1).flatMap((w) => w.members.filter((m) => m.reason === 'changed').map((m) => m.componentId));
    return new Set(later.filter((id) => request.members.some((m) => m.componentId === id)));
  }

  /** After an apply: the rollout of its stored plan; the existing one when it was started already (a recovered apply). */
  async start(request: ChangeRequest, actor: string): Promise<Rollout | null> {
    if (!this.isEnabled) return null;
    const plan = storedImpact(request.impact)?.rollout ?? membersOnlyPlan(request);
    const rollout = newRollout({ id: rolloutIdOf(request.id), request, plan, startedBy: actor, now: this.now() });
    const event = rolloutEvent(rollout, {
      kind: 'rollout_started',
      actor,
      at: new Date(rollout.createdAt),
      note: `Rollout of ${plan.total} component${plan.total === 1 ? '' : 's'} in ${plan.waves.length} wave${plan.waves.length === 1 ? '' : 's'}`,
      data: { waves: plan.waves.length, total: plan.total, cycles: plan.cycles },
      componentId: request.componentId,
    });
    try {
      await this.deps.store.createRollout(rollout, event);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'conflict') throw error;
      return this.deps.store.getRollout(rollout.id);
    }
    this.deps.driver?.wake();
    return rollout;
  }

  async list(user: User, query: RolloutsQuery): Promise<RolloutSummary[]> {
    assertMay(user, 'view');
    const changeRequestId = query.change ? (changeIdFromSegment(query.change) ?? query.change) : undefined;
    const rollouts = await this.deps.store.listRollouts({ status: query.status, changeRequestId, componentId: query.component });
    return rollouts.map(summariseRollout);
  }

  private async getOrThrow(id: string): Promise<Rollout> {
    const rollout = await this.deps.store.getRollout(id);
    if (!rollout) throw new AppError('not_found', `No rollout ${id}`);
    return rollout;
  }

  async view(user: User, id: string): Promise<RolloutView> {
    assertMay(user, 'view');
    const rollout = await this.getOrThrow(id);
    return this.viewOf(user, rollout);
  }

  private async viewOf(user: User, rollout: Rollout): Promise<RolloutView> {
    const [request, events] = await Promise.all([
      this.deps.store.getChangeRequest(rollout.changeRequestId),
      this.deps.store.listEvents({ changeRequestId: rollout.changeRequestId }),
    ]);
    return {
      rollout,
      change: { id: rollout.changeRequestId, title: request?.title ?? rollout.title, status: request?.status ?? 'applied', author: request?.author ?? rollout.author },
      allowed: allowedRolloutActions(user, rollout, this.deps.settings.authorMayOperate),
      events: events.filter((e) => isOfRollout(e, rollout.id)),
    };
  }

  /** The action, decided and written against the rollout as it is (re-read when the driver moved it meanwhile). */
  async act(user: User, id: string, action: RolloutAction, body: RolloutActionBody): Promise<RolloutView> {
    assertMay(user, 'view');
    if ((action === 'retry' || action === 'skip') && !body.componentId) throw new AppError('bad_request', `Name the member to ${action}: componentId`);
    for (let attempt = 0; attempt < 8; attempt++) {
      const rollout = await this.getOrThrow(id);
      const decision = decideRolloutAction(user, rollout, action, { componentId: body.componentId, comment: body.comment, authorMayOperate: this.deps.settings.authorMayOperate });
      if (!decision.allowed) throw new AppError(decision.code, decision.reason);
      const { patch, event } = this.effect(user, rollout, action, body);
      try {
        const updated = await this.deps.store.transitionRollout({ id, expectedRevision: rollout.revision, patch, events: [event] });
        this.deps.driver?.wake();
        return await this.viewOf(user, updated);
      } catch (error) {
        if (!isAppError(error) || error.code !== 'conflict') throw error;
      }
    }
    throw new AppError('conflict', `The rollout kept changing while ${action} was being recorded; nothing was changed: try again`);
  }

  private effect(user: User, rollout: Rollout, action: RolloutAction, { componentId, comment }: RolloutActionBody) {
    const at = this.now();
    const said = comment ? `: ${comment}` : '';
    const mk = (kind: AuditEvent['kind'], note: string, data: Record<string, JsonValue> = {}, about?: string): AuditEvent =>
      rolloutEvent(rollout, { kind, actor: user.id, at, note, data: { wave: rollout.currentWave, comment, ...data }, componentId: about });
    switch (action) {
      case 'pause': {
        const reason = `Paused by ${user.id}${said}`;
        return { patch: { status: 'paused' as const, reason }, event: mk('rollout_paused', reason) };
      }
      case 'resume':
        return { patch: { status: 'running' as const, reason: null }, event: mk('rollout_resumed', `Resumed by ${user.id}${said}`) };
      case 'abort': {
        const deploying = rollout.members.filter((m) => m.state === 'deploying').map((m) => m.componentId);
        const note = `Aborted by ${user.id}${said}${deploying.length > 0 ? ` (the pipeline may still finish ${deploying.join(', ')}, asked before)` : ''}`;
        return { patch: { status: 'aborted' as const, reason: note }, event: mk('rollout_aborted', note, { deploying }) };
      }
      case 'retry':
      case 'skip': {
        const members = rollout.members.map((m): RolloutMember => {
          if (m.componentId !== componentId) return m;
          return action === 'retry' ? retriedMember(m) : { ...m, state: 'skipped', skipped: { by: user.id, comment, at: at.toISOString() } };
        });
        const after = statusAfterMemberAction({ ...rollout, members });
        const member = rollout.members.find((m) => m.componentId === componentId)!;
        const unwritten = action === 'skip' && member.reason === 'changed' && member.state === 'waiting' && member.action !== null;
        const note =
          action === 'retry' ? `${componentId}: retried by ${user.id}${said}` : `${componentId}: skipped by ${user.id}${said}${unwritten ? ' (its change is not written)' : ''}`;
        return {
          patch: { members, ...after },
          event: mk(action === 'retry' ? 'rollout_member_retried' : 'rollout_member_skipped', note, { componentId: componentId!, previousState: member.state }, componentId),
        };
      }
    }
  }

  async callback({ id, rawBody, signature }: { id: string; rawBody: string; signature: string | null }): Promise<{ ok: true; state: RolloutMemberState }> {
    const secret = this.deps.settings.secret;
    if (!secret) throw new AppError('unauthenticated', 'Rollout callbacks are signed with KARMA_WEBHOOK_SECRET, which is not set here');
    const verified = verifyWebhook({ secret, rawBody, signature, now: this.now(), maxAgeSeconds: CALLBACK_MAX_AGE_SECONDS });
    if (!verified.ok) {
      // Signed but not JSON is a malformed report, not a forged one.
      if (verified.reason === 'the body is not JSON' && signature) throw new AppError('bad_request', 'The callback body is not JSON');
      throw new AppError('unauthenticated', `The callback is refused: ${verified.reason}`);
    }
    const parsed = rolloutCallbackSchema.safeParse(verified.payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError('bad_request', `The callback body is not a rollout report: ${issue?.path.join('.') || '(root)'} ${issue?.message}`);
    }
    const report = parsed.data;
    if (report.rolloutId !== id) throw new AppError('bad_request', `The report is about ${report.rolloutId}, not ${id}`);
    for (let attempt = 0; attempt < 8; attempt++) {
      const rollout = await this.getOrThrow(id);
      const member = rollout.members.find((m) => m.componentId === report.componentId);
      if (!member) throw new AppError('not_found', `${report.componentId} is not in ${id}`);
      if (member.wave !== report.wave) throw new AppError('conflict', `${report.componentId} is in wave ${member.wave}, not ${report.wave}`);
      const now = this.now();
      const at = now.toISOString();
      const isFailure = report.status === 'failed' && member.state === 'deploying' && rollout.status !== 'aborted';
      const error = `The pipeline reported failure${report.message ? `: ${report.message}` : ''}`;
      const members = rollout.members.map((m) =>
        m.componentId !== member.componentId
          ? m
          : { ...m, report: { status: report.status, message: report.message, at }, ...(isFailure ? { state: 'failed' as const, error } : {}) },
      );
      const event = rolloutEvent(rollout, {
        kind: isFailure ? 'rollout_member_failed' : 'rollout_reported',
        actor: 'pipeline',
        at: now,
        note: `${member.componentId}: the pipeline reported ${report.status}${report.message ? `: ${report.message}` : ''}`,
        data: { wave: report.wave, componentId: member.componentId, status: report.status, message: report.message },
        componentId: member.componentId,
      });
      const reason = isFailure && rollout.status === 'running' ? pauseReason({ ...rollout, members }) : null;
      const pause = reason !== null ? { status: 'paused' as const, reason } : {};
      try {
        const paused =
          reason !== null ? [rolloutEvent(rollout, { kind: 'rollout_paused', actor: 'karma', at: now, note: reason, data: { wave: rollout.currentWave, reason } })] : [];
        const updated = await this.deps.store.transitionRollout({ id, expectedRevision: rollout.revision, patch: { members, ...pause }, events: [event, ...paused] });
        // A success is a hint: the driver looks at the runtime now rather than on its next tick.
        this.deps.driver?.wake();
        return { ok: true, state: updated.members.find((m) => m.componentId === member.componentId)!.state };
      } catch (err) {
        if (!isAppError(err) || err.code !== 'conflict') throw err;
      }
    }
    throw new AppError('conflict', 'The rollout kept changing while the report was being recorded: send it again');
  }
}
