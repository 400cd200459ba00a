/**
 * The blast radius of changing a component: everything that depends on it,
 * transitively (lib/graph/graph-index.ts dependentsOf), with the depth and
 * the references through which each is reached, and counts per env and type.
 * For a new component these are the components whose dangling references it
 * would resolve; for a change set, the union over its members. Pure.
 */
import { dependentsOf, type GraphIndex, type Reached } from '@/lib/graph/graph-index';
import { parseComponentId } from '@/lib/model/ids';
import { firstInOrder } from './consequences';
import type { BlastRadiusEntry, SimulationResult } from '@/lib/model/simulation';

/** The list is for people; counts cover everything. */
export const BLAST_RADIUS_LISTED = 500;

export type BlastRadius = { result: SimulationResult['blastRadius']; byId: ReadonlyMap<string, Reached> };

function keyOf(index: GraphIndex, id: string): { env: string; type: string; nickname: string } {
  const component = index.component(id);
  if (component) return { env: component.env, type: component.type, nickname: component.nickname };
  return parseComponentId(id) ?? { env: '?', type: '?', nickname: id };
}

/** The union of the members' dependents: each at its smallest depth, with the references that reach it from there. */
export function combinedDependents(index: GraphIndex, ids: Iterable<string>): Map<string, Reached> {
  const combined = new Map<string, Reached>();
  for (const id of ids) {
    for (const reached of dependentsOf(index, id)) {
      const known = combined.get(reached.id);
      if (!known || reached.depth < known.depth) combined.set(reached.id, reached);
    }
  }
  return combined;
}

/**
 * The blast radius of a change set, from its members' dependents combined
 * (each at its smallest depth): counts per env and type, and the nearest
 * BLAST_RADIUS_LISTED listed with the references that reach them.
 */
export function blastRadiusOf(index: GraphIndex, dependents: ReadonlyMap<string, Reached>): SimulationResult['blastRadius'] {
  // Counted in one pass; only the listed ones are put in order (and only their paths read): linear in the dependents, not n log n.
  const counts = new Map<string, Map<string, { env: string; type: string; count: number }>>();
  for (const { id } of dependents.values()) {
    const component = index.component(id);
    const { env, type } = component ?? keyOf(index, id);
    let byType = counts.get(env);
    if (!byType) counts.set(env, (byType = new Map()));
    const group = byType.get(type);
    if (group) group.count++;
    else byType.set(type, { env, type, count: 1 });
  }
  const listed = firstInOrder(dependents.values(), BLAST_RADIUS_LISTED, (a, b) => a.depth - b.depth || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const components: BlastRadiusEntry[] = listed.map(({ id, depth, via }) => ({ id, ...keyOf(index, id), depth, via: via.map(({ from, to, path }) => ({ from, to, path })) }));
  const groups = [...counts.values()].flatMap((byType) => [...byType.values()]).sort((a, b) => b.count - a.count || a.env.localeCompare(b.env) || a.type.localeCompare(b.type));
  return { total: dependents.size, groups, components, isTruncated: dependents.size > components.length };
}

/** One component's blast radius, and its dependents by id. */
export function blastRadius(index: GraphIndex, id: string): BlastRadius {
  const byId = new Map(dependentsOf(index, id).map((r) => [r.id, r]));
  return { result: blastRadiusOf(index, byId), byId };
}
