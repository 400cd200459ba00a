/**
 * The order a change set is written in (ARCHITECTURE.md §6): providers
 * first, so a consumer is never published referring to a provider whose new
 * config is not published yet; removals last, consumers before the
 * providers they referred to. Within that, the author's order. The
 * references come from the set's simulation (each member's proposed and
 * removed references). Pure.
 */
import type { ChangeMember } from '@/lib/model/change-request';
import type { MemberSimulation } from '@/lib/model/simulation';

type Member = Pick<ChangeMember, 'componentId' | 'action'>;
type References = Pick<MemberSimulation, 'componentId' | 'references'>;

/** Kahn's algorithm, always taking the earliest member (in the author's order) that is free to go. */
function ordered(ids: readonly string[], before: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const waiting = new Map(ids.map((id) => [id, new Set([...(before.get(id) ?? [])].filter((other) => other !== id && ids.includes(other)))]));
  const out: string[] = [];
  while (waiting.size > 0) {
    const next = ids.find((id) => waiting.get(id)?.size === 0) ?? ids.find((id) => waiting.has(id))!;
    out.push(next);
    waiting.delete(next);
    for (const rest of waiting.values()) rest.delete(next);
  }
  return out;
}

export function writeOrder<M extends Member>(members: readonly M[], simulated: readonly References[] | null): M[] {
  const byId = new Map(members.map((m) => [m.componentId, m]));
  const references = new Map((simulated ?? []).map((s) => [s.componentId, s.references]));
  const writes = members.filter((m) => m.action !== 'remove').map((m) => m.componentId);
  const removals = members.filter((m) => m.action === 'remove').map((m) => m.componentId);

  // A written member waits for the members it will refer to.
  const providers = new Map<string, Set<string>>();
  for (const id of writes) {
    const refs = references.get(id);
    providers.set(id, new Set([...(refs?.added ?? []), ...(refs?.unchanged ?? [])].map((e) => e.to)));
  }
  // A removed provider waits for the removed consumers that referred to it.
  const consumers = new Map<string, Set<string>>();
  for (const id of removals) {
    for (const edge of references.get(id)?.removed ?? []) {
      if (!removals.includes(edge.to)) continue;
      const waiting = consumers.get(edge.to) ?? new Set<string>();
      waiting.add(id);
      consumers.set(edge.to, waiting);
    }
  }
  return [...ordered(writes, providers), ...ordered(removals, consumers)].map((id) => byId.get(id)!);
}
