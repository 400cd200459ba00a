/**
 * What the impact graph draws for a simulation: the members of the set (the
 * changed nodes), every dependent coloured by its verdict (or by distance
 * when the impact predates verdicts), the components outside the blast
 * radius that hold stale copies, and the references a member adds or
 * removes. Arrows point from a consumer to what it depends on (and from a
 * copy to the component whose value it copies). Pure.
 */
import type { Verdict } from '@/lib/model/consequences';
import type { SimulationResult } from '@/lib/model/simulation';
import { simulatedMembers } from './change-set';

/** A small picture, not an explorer: beyond this many nodes the lists say more. */
export const MAX_NODES = 40;
/** Components outside the blast radius drawn for their stale copies, at most (a removal's old values are often everywhere). */
export const MAX_COPY_NODES = 12;

export type ImpactNodeKind = 'changed' | Verdict | 'direct' | 'transitive' | 'provider' | 'missing';
export type ImpactEdgeKind = 'dependency' | 'added' | 'removed' | 'copy';

export type ImpactNode = { data: { id: string; label: string; kind: ImpactNodeKind; action?: string } };
export type ImpactEdge = { data: { id: string; source: string; target: string; label: string; kind: ImpactEdgeKind } };

export type ImpactElements = {
  elements: Array<ImpactNode | ImpactEdge>;
  /** Dependents drawn (of blastRadius.total). */
  shown: number;
  /** Components outside the blast radius drawn for their stale copies. */
  copiesShown: number;
  /** Components outside the blast radius holding copies, drawn or not. */
  copiesOutside: number;
  /** The most nodes any column will hold (for the height). */
  tallest: number;
  /** Dependents are coloured by verdict (the impact has consequences). */
  isByVerdict: boolean;
};

/** `vpc/main` for a component of the first member's environment, the whole id otherwise. */
export function nodeLabel(id: string, env: string): string {
  const colon = id.indexOf(':');
  return colon > 0 && id.slice(0, colon) === env ? id.slice(colon + 1) : id;
}

export function impactElements(result: SimulationResult): ImpactElements {
  const nodes = new Map<string, ImpactNode>();
  const edges = new Map<string, ImpactEdge>();
  const addNode = (id: string, kind: ImpactNodeKind, action?: string) => {
    if (!nodes.has(id)) nodes.set(id, { data: { id, label: nodeLabel(id, result.env), kind, ...(action ? { action } : {}) } });
  };
  const addEdge = (from: string, to: string, path: string, kind: ImpactEdgeKind) => {
    const id = `${from}->${to}#${path}#${kind}`;
    if (!edges.has(id)) edges.set(id, { data: { id, source: from, target: to, label: path, kind } });
  };

  const members = simulatedMembers(result);
  for (const member of members) addNode(member.componentId, 'changed', member.action);

  const consequences = result.consequences ?? null;
  const verdicts = new Map<string, Verdict>((consequences?.dependents ?? []).map((d) => [d.id, d.verdict]));
  const listed = result.blastRadius.components.slice(0, MAX_NODES);
  for (const entry of listed) {
    const verdict = verdicts.get(entry.id);
    addNode(entry.id, verdict ?? (entry.depth === 1 ? 'direct' : 'transitive'));
  }
  for (const entry of listed) for (const step of entry.via) if (nodes.has(step.from) && nodes.has(step.to)) addEdge(step.from, step.to, step.path, 'dependency');

  let references = 0;
  for (const member of members) {
    if (!member.references) continue;
    for (const ref of member.references.added) {
      addNode(ref.to, ref.dangling ? 'missing' : 'provider');
      addEdge(member.componentId, ref.to, ref.path, 'added');
    }
    for (const ref of member.references.removed) {
      addNode(ref.to, 'provider');
      addEdge(member.componentId, ref.to, ref.path, 'removed');
    }
    references = Math.max(references, member.references.added.length + member.references.removed.length);
  }

  // Copies outside the blast radius would float unconnected: draw each with an arrow to the component whose old value it holds.
  let copiesShown = 0;
  for (const copy of consequences?.staleCopies ?? []) {
    if (!nodes.has(copy.componentId)) {
      if (copiesShown >= MAX_COPY_NODES) continue;
      addNode(copy.componentId, 'stale_copy');
      copiesShown++;
    }
    const isOutside = nodes.get(copy.componentId)?.data.kind === 'stale_copy' && !verdicts.has(copy.componentId);
    if (isOutside && nodes.has(copy.of.componentId)) addEdge(copy.componentId, copy.of.componentId, copy.path, 'copy');
  }

  const copiesOutside = new Set((consequences?.staleCopies ?? []).map((c) => c.componentId).filter((id) => !verdicts.has(id) && nodes.get(id)?.data.kind !== 'changed')).size;
  const perDepth = new Map<number, number>();
  for (const entry of listed) perDepth.set(entry.depth, (perDepth.get(entry.depth) ?? 0) + 1);
  perDepth.set(1, (perDepth.get(1) ?? 0) + copiesShown);
  const tallest = Math.max(1, members.length, references, ...perDepth.values());
  return { elements: [...nodes.values(), ...edges.values()], shown: listed.length, copiesShown, copiesOutside, tallest, isByVerdict: consequences !== null };
}
