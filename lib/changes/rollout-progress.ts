/**
 * How a rollout moves (ARCHITECTURE.md §6b), as pure functions the driver
 * (lib/workflow/rollout-driver.ts) and the service apply: the rollout a
 * plan starts, when a member counts as deployed, where its deploy request
 * goes, how long it may take, and what each human action changes.
 */
import { compareMirrors } from '@/lib/drift/compare-mirrors';
import { globPattern } from '@/lib/graph/extract-references';
import type { FieldMirrorTable } from '@/lib/drift/field-mirrors';
import { timeOf } from '@/lib/drift/lineage';
import { parseOrNull } from '@/lib/json/parse-or-null';
import type { JsonValue } from '@/lib/model/json';
import type { PlannedMember, Rollout, RolloutMember, RolloutPlan } from '@/lib/model/rollout';
import type { RolloutSettings } from '@/lib/model/settings';
import { blockingMembers } from './rollout-policy';

/** A planned member as a rollout starts it: waiting in its wave, nothing asked or observed yet. */
export function waitingMember(planned: PlannedMember, wave: number): RolloutMember {
  return {
    ...planned,
    wave,
    state: 'waiting',
    configVersion: null,
    configPublishedAt: null,
    runtimeBefore: null,
    requestedAt: null,
    deadline: null,
    observedRuntimeVersion: null,
    observedAt: null,
    error: null,
    attempts: 0,
    delivery: null,
    hook: null,
    report: null,
    skipped: null,
  };
}

export function newRollout(input: { id: string; request: { id: string; title: string; author: string }; plan: RolloutPlan; startedBy: string; now: Date }): Rollout {
  const at = input.now.toISOString();
  const members: RolloutMember[] = input.plan.waves.flatMap((w) => w.members.map((m) => waitingMember(m, w.wave)));
  return {
    id: input.id,
    changeRequestId: input.request.id,
    title: input.request.title,
    author: input.request.author,
    status: 'running',
    revision: 1,
    createdAt: at,
    updatedAt: at,
    currentWave: 1,
    waves: input.plan.waves.length,
    members,
    cycles: input.plan.cycles,
    reason: null,
    startedBy: input.startedBy,
  };
}

/** Minutes a member may take, per type, else the default. */
export function timeoutMinutes(type: string, settings: Pick<RolloutSettings, 'timeoutMinutes'>): number {
  return settings.timeoutMinutes.perType[type] ?? settings.timeoutMinutes.default;
}

/** The hook that deploys a member: the first `rollouts.hooks` entry matching its type or id, else the default webhook; null: none. */
export function hookFor(member: Pick<RolloutMember, 'componentId' | 'type'>, settings: Pick<RolloutSettings, 'hooks' | 'defaultHook'>): string | null {
  for (const hook of settings.hooks) {
    const matches = globPattern(hook.match).test(hook.match.includes(':') ? member.componentId : member.type);
    if (matches) return hook.url;
  }
  return settings.defaultHook;
}

/** What SSM holds now for a member being deployed. */
export type DeployObservation = {
  runtime: { version: number; modifiedAt: string; value: string } | null;
  /** The config text it was asked to deploy, for the field mirrors; null when unknown (then mirrors are not checked). */
  configText: string | null;
};

export type DeployVerdict =
  | { state: 'deployed'; observedRuntimeVersion: number | null; observedAt: string; note: string }
  | { state: 'failed'; error: string; observedRuntimeVersion: number | null; observedAt: string | null }
  | { state: 'deploying' };

const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;

/**
 * Whether a member being deployed is deployed: its runtime written after
 * its deploy was requested (a version newer than the one seen then) and
 * not before the config version it deploys was published (the drift
 * engine's rule for the deployed version, lib/drift/lineage.ts), agreeing
 * with that config on every mirrored field. A removal is deployed once its
 * runtime is gone. Past the deadline without that: failed (timed out).
 */
export function judgeDeploy(member: RolloutMember, observed: DeployObservation, { mirrors, now }: { mirrors: FieldMirrorTable; now: Date }): DeployVerdict {
  const isLate = member.deadline !== null && now.getTime() > Date.parse(member.deadline);
  const waited = member.requestedAt ? minutes(now.getTime() - Date.parse(member.requestedAt)) : '';
  const { runtime } = observed;
  if (member.action === 'remove') {
    if (runtime === null) return { state: 'deployed', observedRuntimeVersion: null, observedAt: now.toISOString(), note: 'its runtime is gone: destroyed' };
    if (isLate)
      return {
        state: 'failed',
        error: `Its runtime v${runtime.version} is still there ${waited} after the destroy was asked for`,
        observedRuntimeVersion: runtime.version,
        observedAt: null,
      };
    return { state: 'deploying' };
  }
  const isNewer = runtime !== null && (member.runtimeBefore === null || runtime.version > member.runtimeBefore);
  const written = runtime ? timeOf(runtime.modifiedAt) : null;
  const published = timeOf(member.configPublishedAt);
  const isAfterPublish = written !== null && (published === null || written >= published);
  if (runtime && isNewer && isAfterPublish) {
    const config = parseOrNull(observed.configText);
    const value = parseOrNull(runtime.value);
    const { differences } = compareMirrors(member.type, config, value, mirrors);
    if (differences.length > 0) {
      const first = differences[0];
      const shown = (v: JsonValue | undefined) => (v === undefined ? 'absent' : JSON.stringify(v));
      return {
        state: 'failed',
        error: `Runtime v${runtime.version} was written, but ${first.runtimePath} is ${shown(first.actual)} where the config v${member.configVersion} says ${first.path} = ${shown(first.desired)}${differences.length > 1 ? ` (and ${differences.length - 1} more field${differences.length === 2 ? '' : 's'})` : ''}`,
        observedRuntimeVersion: runtime.version,
        observedAt: runtime.modifiedAt,
      };
    }
    return { state: 'deployed', observedRuntimeVersion: runtime.version, observedAt: runtime.modifiedAt, note: `runtime v${runtime.version} written at ${runtime.modifiedAt}` };
  }
  if (!isLate) return { state: 'deploying' };
  if (runtime && isNewer && !isAfterPublish) {
    return {
      state: 'failed',
      error: `Runtime v${runtime.version} is dated ${runtime.modifiedAt}, before config v${member.configVersion} was published (${member.configPublishedAt}): it was not written from it`,
      observedRuntimeVersion: runtime.version,
      observedAt: runtime.modifiedAt,
    };
  }
  return { state: 'failed', error: `No runtime write within ${waited} of the deploy request (timed out)`, observedRuntimeVersion: runtime?.version ?? null, observedAt: null };
}

/** The wave being deployed is done: every member deployed or skipped. */
export function isWaveDone(rollout: Pick<Rollout, 'members' | 'currentWave'>): boolean {
  return rollout.members.filter((m) => m.wave === rollout.currentWave).every((m) => m.state === 'deployed' || m.state === 'skipped');
}

/** Why a rollout pauses on its failed members: `prod:ecs-service/api failed: …`. */
export function pauseReason(rollout: Pick<Rollout, 'members' | 'currentWave'>): string {
  const failed = blockingMembers(rollout);
  const head = failed
    .slice(0, 3)
    .map((m) => `${m.componentId} failed: ${m.error ?? 'no reason given'}`)
    .join('; ');
  return failed.length > 3 ? `${head}; and ${failed.length - 3} more` : head;
}

/** A member asked to deploy again: back to waiting, so the driver requests it anew (attempts count on). */
export function retriedMember(member: RolloutMember): RolloutMember {
  return { ...member, state: 'waiting', error: null, requestedAt: null, deadline: null, report: null, observedRuntimeVersion: null, observedAt: null };
}

/** After retry or skip: a paused rollout whose wave has no failed member left goes on. */
export function statusAfterMemberAction(rollout: Pick<Rollout, 'status' | 'members' | 'currentWave' | 'reason'>): Pick<Rollout, 'status' | 'reason'> {
  if (rollout.status === 'paused' && blockingMembers(rollout).length === 0 && rollout.reason !== null && !rollout.reason.startsWith('Paused by ')) {
    return { status: 'running', reason: null };
  }
  return { status: rollout.status, reason: rollout.reason };
}
