/**
 * What the rollout pages say about a rollout, worked out once. Pure.
 */
import { decideRolloutAction } from '@/lib/changes/rollout-policy';
import { MEMBER_STATES, type Rollout, type RolloutDecision, type RolloutMember, type RolloutMemberState, type RolloutView } from '@/lib/model/rollout';

/** `Wave 2 of 3`; `All 3 waves done` once it is past the last; an aborted one says where it stopped. */
export function waveProgressText(rollout: Pick<Rollout, 'status' | 'currentWave' | 'waves'>): string {
  const { status, currentWave, waves } = rollout;
  if (waves === 0) return 'No waves';
  if (status === 'completed' || currentWave > waves) return waves === 1 ? 'The one wave done' : `All ${waves} waves done`;
  if (status === 'aborted') return `Stopped at wave ${currentWave} of ${waves}`;
  return `Wave ${currentWave} of ${waves}`;
}

export type WaveGroup = { wave: number; members: RolloutMember[]; counts: Record<RolloutMemberState, number>; envs: string[] };

export function countStates(members: readonly Pick<RolloutMember, 'state'>[]): Record<RolloutMemberState, number> {
  const counts = Object.fromEntries(MEMBER_STATES.map((s) => [s, 0])) as Record<RolloutMemberState, number>;
  for (const m of members) counts[m.state]++;
  return counts;
}

/** The members wave by wave (1…waves, an empty wave kept), each in the order the rollout lists them (by env, then id). */
export function membersByWave(rollout: Pick<Rollout, 'members' | 'waves'>): WaveGroup[] {
  const highest = Math.max(rollout.waves, ...rollout.members.map((m) => m.wave));
  return Array.from({ length: highest }, (_, i) => {
    const members = rollout.members.filter((m) => m.wave === i + 1);
    return { wave: i + 1, members, counts: countStates(members), envs: [...new Set(members.map((m) => m.env))].sort() };
  });
}

/** `2 deployed · 1 deploying · 3 waiting`: the states that have members, in their order. */
export function countsText(counts: Record<RolloutMemberState, number>): string {
  return MEMBER_STATES.filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(' · ');
}

/** Someone who may do anything: asking the policy with them leaves only what the rollout's and the member's state allow. */
const ANYONE = { id: '', role: 'admin' } as const;

/**
 * Whether this user may retry or skip this member now: the server's answer
 * for who they are (`allowed`, for some member), then the policy's own
 * rule for the member's state (lib/changes/rollout-policy.ts), so the page
 * offers a button exactly where the server would take it.
 */
export function memberActionDecision(view: Pick<RolloutView, 'rollout' | 'allowed'>, member: RolloutMember, action: 'retry' | 'skip'): RolloutDecision {
  const general = view.allowed[action];
  if (!general.allowed && general.code === 'forbidden') return general;
  return decideRolloutAction(ANYONE, view.rollout, action, { componentId: member.componentId, authorMayOperate: true });
}

/** `in 12 min`, `in 40 s`, `overdue 3 min`: how long until a deadline. */
export function timeUntil(iso: string, now: number): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  if (Number.isNaN(seconds)) return iso;
  const amount = (s: number) => (s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`);
  return seconds >= 0 ? `in ${amount(seconds)}` : `overdue ${amount(-seconds)}`;
}
