/**
 * A rollout as the CLI prints it: `karma rollout status` (where it is, each
 * wave with its members, what the operator may do, the last events) and
 * `karma rollout list` (one row each). Pure: text from the service's views.
 */
import { rolloutSegment } from '@/lib/changes/rollout-id';
import type { AuditEvent } from '@/lib/model/change-request';
import {
  MEMBER_STATES,
  ROLLOUT_ACTIONS,
  type Rollout,
  type RolloutAction,
  type RolloutMember,
  type RolloutMemberState,
  type RolloutSummary,
  type RolloutView,
} from '@/lib/model/rollout';
import { table } from './io';

/** How many of the newest events `status` shows. */
export const EVENTS_SHOWN = 8;

/** `2026-12-02T10:04:05.123Z` → `2026-12-02 10:04:05`: rollouts move in seconds. */
const second = (at: string) => at.slice(0, 19).replace('T', ' ');
const firstLine = (text: string) => (text.includes('\n') ? `${text.split('\n')[0]} …` : text);

/** `3 deployed, 1 deploying, 1 failed`: the states that have members, in the model's order. */
export function countsText(counts: Record<RolloutMemberState, number>): string {
  const parts = MEMBER_STATES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length > 0 ? parts.join(', ') : 'no members';
}

function countsOf(members: readonly RolloutMember[]): Record<RolloutMemberState, number> {
  const counts = Object.fromEntries(MEMBER_STATES.map((s) => [s, 0])) as Record<RolloutMemberState, number>;
  for (const m of members) counts[m.state]++;
  return counts;
}

/** `wave 2 of 3`, or that every wave is done (currentWave is waves + 1 then). */
export function waveText(rollout: Pick<Rollout, 'currentWave' | 'waves'>): string {
  if (rollout.waves === 0) return 'no waves';
  return rollout.currentWave > rollout.waves ? `all ${rollout.waves} wave(s) done` : `wave ${rollout.currentWave} of ${rollout.waves}`;
}

/** `paused: prod:ecs-cluster/core failed: …`; the reason only where the status has one. */
export function statusText(rollout: Pick<Rollout, 'status' | 'reason'>): string {
  return rollout.reason ? `${rollout.status}: ${rollout.reason}` : rollout.status;
}

/** What the member was asked for, and what SSM showed: `must redeploy; config version 5; runtime version 12 at 2026-12-02 10:02:07`. */
export function memberFacts(m: RolloutMember): string {
  const why = m.reason === 'changed' ? (m.action ? `changed (${m.action})` : 'changed') : 'must redeploy';
  const config = m.action === 'remove' ? 'a removal' : m.configVersion === null ? 'no config version yet' : `config version ${m.configVersion}`;
  const facts = [why, config];
  if (m.observedRuntimeVersion !== null) facts.push(`runtime version ${m.observedRuntimeVersion}${m.observedAt ? ` at ${second(m.observedAt)}` : ''}`);
  else if (m.state === 'deploying') facts.push(m.runtimeBefore === null ? 'no runtime yet' : `runtime still version ${m.runtimeBefore}`);
  if (m.attempts > 1) facts.push(`attempt ${m.attempts}`);
  if (m.inCycle) facts.push('on a cycle');
  return facts.join('; ');
}

/** One member: its line, then what went wrong or why it was skipped, what the pipeline said, and how long a deploy has. */
export function memberLines(m: RolloutMember, indent = '  '): string[] {
  const lines = [`${indent}${m.componentId}  ${m.state}  ${memberFacts(m)}`];
  const under = `${indent}  `;
  if (m.state === 'waiting' && m.waitsFor.length > 0) lines.push(`${under}waits for ${m.waitsFor.join(', ')}`);
  if (m.state === 'deploying') {
    const sent = m.requestedAt ? `requested ${second(m.requestedAt)}${m.hook ? ` from ${m.hook}` : ''}` : null;
    const deadline = m.deadline ? `fails without a runtime write by ${second(m.deadline)}` : null;
    if (sent || deadline) lines.push(`${under}${[sent, deadline].filter(Boolean).join('; ')}`);
  }
  if (m.error) lines.push(`${under}error: ${firstLine(m.error)}`);
  if (m.report) lines.push(`${under}pipeline reported ${m.report.status} at ${second(m.report.at)}${m.report.message ? `: ${firstLine(m.report.message)}` : ''}`);
  if (m.skipped) lines.push(`${under}skipped by ${m.skipped.by} at ${second(m.skipped.at)}: ${firstLine(m.skipped.comment)}`);
  return lines;
}

/** `Wave 2 of 3 (prod): current, 1 deployed, 1 failed`; done, current or waiting by the rollout's current wave. */
function waveHeading(rollout: Rollout, wave: number, members: readonly RolloutMember[]): string {
  const envs = [...new Set(members.map((m) => m.env))].sort();
  const where = wave < rollout.currentWave ? 'done' : wave === rollout.currentWave ? (rollout.status === 'running' ? 'current' : `current, ${rollout.status}`) : 'waiting';
  return `Wave ${wave} of ${rollout.waves}${envs.length ? ` (${envs.join(', ')})` : ''}: ${where}; ${countsText(countsOf(members))}`;
}

const byEnvThenId = (a: RolloutMember, b: RolloutMember) =>
  a.env !== b.env ? (a.env < b.env ? -1 : 1) : a.componentId < b.componentId ? -1 : a.componentId > b.componentId ? 1 : 0;

/** Every wave in order, each member under it (by env, then id, as planned). */
export function waveLines(rollout: Rollout): string[] {
  const lines: string[] = [];
  for (let wave = 1; wave <= rollout.waves; wave++) {
    const members = rollout.members.filter((m) => m.wave === wave).sort(byEnvThenId);
    lines.push(waveHeading(rollout, wave, members), ...members.flatMap((m) => memberLines(m)));
  }
  return lines;
}

/** What the operator may do now: `may: pause, abort`, then each refusal with its reason. */
export function allowedLines(allowed: RolloutView['allowed'], who = 'The operator'): string[] {
  const may = ROLLOUT_ACTIONS.filter((a) => allowed[a].allowed);
  const lines = [may.length > 0 ? `${who} may: ${may.join(', ')}` : `${who} may do nothing to it now`];
  for (const action of ROLLOUT_ACTIONS) {
    const decision = allowed[action];
    if (!decision.allowed) lines.push(`  not ${action}: ${decision.reason}`);
  }
  return lines;
}

/** The newest `shown` events, oldest of them first. */
export function eventLines(events: readonly AuditEvent[], shown = EVENTS_SHOWN): string[] {
  if (events.length === 0) return ['No events yet.'];
  const last = events.slice(-shown);
  const heading = events.length > last.length ? `Events (the last ${last.length} of ${events.length}):` : `Events (${events.length}):`;
  return [heading, ...last.map((e) => `  ${second(e.at)}  ${e.kind}  ${e.actor}${e.note ? `  ${firstLine(e.note)}` : ''}`)];
}

/** `karma rollout status <id>`. */
export function rolloutText(view: RolloutView, { events = EVENTS_SHOWN }: { events?: number } = {}): string {
  const { rollout, change } = view;
  const lines = [
    `${rollout.id}  "${rollout.title}"`,
    `  status: ${statusText(rollout)}`,
    `  ${waveText(rollout)}; ${rollout.members.length} member(s): ${countsText(countsOf(rollout.members))}`,
    `  change: ${change.id} (${change.status}) by ${change.author}`,
    `  started by ${rollout.startedBy} at ${second(rollout.createdAt)}; updated ${second(rollout.updatedAt)}`,
    ...rollout.cycles.map((cycle) => `  cycle: ${cycle.join(', ')} depend on each other; they share a wave`),
    ...waveLines(rollout),
    ...allowedLines(view.allowed),
    ...eventLines(view.events, events),
  ];
  return lines.join('\n');
}

/** `karma rollout list`: one row per rollout, newest first as the service gives them. */
export function rolloutListText(rollouts: readonly RolloutSummary[]): string {
  if (rollouts.length === 0) return 'No rollouts match.';
  const header = ['ID', 'STATUS', 'WAVE', 'DEPLOYED', 'FAILED', 'SKIPPED', 'UPDATED', 'TITLE'];
  const rows = rollouts.map((r) => [
    rolloutSegment(r.id),
    r.status,
    r.waves === 0 ? '—' : `${Math.min(r.currentWave, r.waves)}/${r.waves}`,
    `${r.counts.deployed}/${r.total}`,
    r.counts.failed,
    r.counts.skipped,
    second(r.updatedAt).slice(0, 16),
    r.title.length > 48 ? `${r.title.slice(0, 47)}…` : r.title,
  ]);
  const paused = rollouts.filter((r) => r.status === 'paused' && r.reason);
  return [table([header, ...rows]), ...paused.map((r) => `${rolloutSegment(r.id)} is paused: ${firstLine(r.reason!)}`)].join('\n');
}

const DONE: Record<RolloutAction, string> = { pause: 'Paused', resume: 'Resumed', retry: 'Retried', skip: 'Skipped', abort: 'Aborted' };

/** The line an action prints before the rollout: `Paused ro:…`, `Skipped prod:ecs-cluster/core in ro:…`. */
export function actionDoneLine(action: RolloutAction, rolloutId: string, componentId?: string): string {
  return `${DONE[action]} ${componentId && (action === 'retry' || action === 'skip') ? `${componentId} in ${rolloutId}` : rolloutId}.`;
}
