/**
 * The blast radius of changing a component: everything that depends on it,
 * transitively (lib/graph/graph-index.ts dependentsOf), with the depth and
 * the references through which each is reached, and counts per env and type.
 * For a new component these are the components whose dangling references it
 * would resolve; for a change set, the union over its members. Pure.
 */
import { dependentsOf, type GraphIndex, type Reached } from '@/lib/graph/graph-index';
import { parseComponentId } from '@/lib/model/ids';
import type { BlastRadiusEntry, SimulationResult } from '@/lib/model/simulation';

/** The list is for people; counts cover everything. */
export const BLAST_RADIUS_LISTED = 500;

export type BlastRadius = { result: SimulationResult['blastRadius']; byId: ReadonlyMap<string, Reached> };

function keyOf(index: GraphIndex, id: string): { env: string; type: string; nickname: string } {
  const component = index.component(id);
  if (component) return { env: component.env, type: component.type, nickname: component.nickname };
  return parseComponentId(id) ?? { env: '?', type: '?', nickname: id };
}

/**
 * The blast radius of a change set, from its members' dependents combined
 * (each at its smallest depth): counts per env and type, and the nearest
 * BLAST_RADIUS_LISTED listed with the references that reach them.
 */
export function blastRadiusOf(index: GraphIndex, dependents: ReadonlyMap<string, Reached>): SimulationResult['blastRadius'] {
  const reached = [...dependents.values()].sort((a, b) => a.depth - b.depth || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const counts = new Map<string, { env: string; type: string; count: number }>();
  const components: BlastRadiusEntry[] = [];
  for (const { id: dependent, depth, via } of reached) {
    const key = keyOf(index, dependent);
    const groupKey = `${key.env}\0${key.type}`;
    const group = counts.get(groupKey);
    if (group) group.count++;
    else counts.set(groupKey, { env: key.env, type: key.type, count: 1 });
    if (components.length < BLAST_RADIUS_LISTED) {
      components.push({ id: dependent, ...key, depth, via: via.map(({ from, to, path }) => ({ from, to, path })) });
    }
  }
  const groups = [...counts.values()].sort((a, b) => b.count - a.count || a.env.localeCompare(b.env) || a.type.localeCompare(b.type));
  return { total: reached.length, groups, components, isTruncated: reached.length > components.length };
}

/** One component's blast radius, and its dependents by id. */
export function blastRadius(index: GraphIndex, id: string): BlastRadius {
  const byId = new Map(dependentsOf(index, id).map((r) => [r.id, r]));
  return { result: blastRadiusOf(index, byId), byId };
}
