/**
 * The rollout plan of a change (ARCHITECTURE.md §6b): which components
 * deploy after apply, in which wave. Pure.
 *
 * - The components: the change's members, and every dependent whose
 *   verdict is must_redeploy (lib/changes/consequences.ts).
 * - Order: a component waits for every provider of it that is in the
 *   rollout (edges after the change: a member's proposed references, the
 *   graph's for the rest), whatever the environment; a removal waits for
 *   the rollout's components that referred to it, so it goes after they
 *   stopped. Its wave is one more than the latest wave it waits for.
 * - A dependency cycle among the rollout's components (which the graph
 *   reports elsewhere) is one step: its members share a wave and are
 *   marked `inCycle`; the plan lists the cycle and the rest is unaffected.
 */
import type { MemberAction } from '@/lib/model/change-request';
import type { PlannedMember, PlannedWave, RolloutPlan } from '@/lib/model/rollout';
import { stronglyConnected } from '@/lib/graph/find-cycles';

type Key = { id: string; env: string; type: string; nickname: string };

export type PlanInput = {
  changed: ReadonlyArray<Key & { action: MemberAction }>;
  /** Dependents that must redeploy (members of the change are left out here if listed). */
  mustRedeploy: ReadonlyArray<Key>;
  /** What a component waits for (any ids; only the rollout's count). */
  waitsOn(id: string, action: MemberAction | null): Iterable<string>;
};

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function planRollout({ changed, mustRedeploy, waitsOn }: PlanInput): RolloutPlan {
  const members = new Map<string, Omit<PlannedMember, 'waitsFor' | 'inCycle'>>();
  for (const c of changed) members.set(c.id, { componentId: c.id, env: c.env, type: c.type, nickname: c.nickname, reason: 'changed', action: c.action });
  for (const d of mustRedeploy) {
    if (!members.has(d.id)) members.set(d.id, { componentId: d.id, env: d.env, type: d.type, nickname: d.nickname, reason: 'must_redeploy', action: null });
  }
  const ids = [...members.keys()].sort(byText);
  const waits = new Map<string, string[]>();
  for (const id of ids) {
    const on = new Set<string>();
    for (const other of waitsOn(id, members.get(id)!.action)) if (other !== id && members.has(other)) on.add(other);
    waits.set(id, [...on].sort(byText));
  }
  // Self-references are left out above: a component never waits for itself.
  const groups = stronglyConnected(ids, waits).map((group) => group.sort(byText));
  const groupOf = new Map<string, number>();
  groups.forEach((group, g) => group.forEach((id) => groupOf.set(id, g)));

  // Longest path over the groups (a DAG): memoised depth-first, iteratively.
  const waveOfGroup = new Map<number, number>();
  const waveOf = (start: number): number => {
    const work: number[] = [start];
    while (work.length > 0) {
      const g = work[work.length - 1];
      if (waveOfGroup.has(g)) {
        work.pop();
        continue;
      }
      const providers = new Set<number>();
      for (const id of groups[g]) for (const on of waits.get(id)!) if (groupOf.get(on) !== g) providers.add(groupOf.get(on)!);
      const pending = [...providers].filter((p) => !waveOfGroup.has(p));
      if (pending.length > 0) {
        work.push(...pending);
        continue;
      }
      waveOfGroup.set(g, 1 + Math.max(0, ...[...providers].map((p) => waveOfGroup.get(p)!)));
      work.pop();
    }
    return waveOfGroup.get(start)!;
  };

  const cycles = groups.filter((g) => g.length > 1).sort((a, b) => byText(a[0], b[0]));
  const inCycle = new Set(cycles.flat());
  const byWave = new Map<number, PlannedMember[]>();
  for (const id of ids) {
    const wave = waveOf(groupOf.get(id)!);
    const planned: PlannedMember = { ...members.get(id)!, waitsFor: waits.get(id)!, inCycle: inCycle.has(id) };
    const list = byWave.get(wave);
    if (list) list.push(planned);
    else byWave.set(wave, [planned]);
  }
  const waves: PlannedWave[] = [...byWave.entries()]
    .sort(([a], [b]) => a - b)
    .map(([wave, list]) => {
      list.sort((a, b) => byText(a.env, b.env) || byText(a.componentId, b.componentId));
      return { wave, members: list, envs: [...new Set(list.map((m) => m.env))].sort(byText) };
    });
  return { waves, total: ids.length, cycles };
}
