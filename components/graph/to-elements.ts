/**
 * Turns a graph response into cytoscape element definitions: a node per
 * component (fill and shape = type, a badge for its drift status), a ghost
 * node for each missing reference target, the dependency edges, dotted
 * links from runtime-only components to their owner (not graph edges: the
 * API gives `ownedBy` on the node), and one frame per environment. Frames
 * are plain nodes the layout sizes around their environment, not compound
 * parents: compound bounds are recomputed on every frame and made a
 * 2,000-component graph four times slower to pan. Sorted by id so the same
 * graph always yields the same elements and so the same layout. Grouping
 * (lib/graph/layout/group-graph.ts) works on these elements.
 */
import type { ElementDefinition } from 'cytoscape';
import type { GraphNode } from '@/lib/model/api';
import type { Edge } from '@/lib/model/graph';
import { byId, parseComponentId } from '@/lib/model/ids';
import { GHOST_COLOR, typeStyle } from './type-colors';

export type ElementsInput = { nodes: GraphNode[]; edges: Edge[]; cycles: string[][] };

export type GraphElements = {
  elements: ElementDefinition[];
  /** Components drawn (ghosts and environment boxes excluded). */
  componentCount: number;
  /** Dependency edges drawn (owner links excluded). */
  edgeCount: number;
  ghostCount: number;
  envs: string[];
  types: string[];
};

export const ENV_PREFIX = 'env::';
export const OWNER_PREFIX = 'owner::';

export function envNodeId(env: string): string {
  return `${ENV_PREFIX}${env}`;
}

/** Edges inside one cycle: both ends belong to the same reference cycle. */
function cycleEdgeIds(edges: Edge[], cycles: string[][]): Set<string> {
  const cycleOf = new Map<string, number[]>();
  cycles.forEach((cycle, index) => cycle.forEach((id) => cycleOf.set(id, [...(cycleOf.get(id) ?? []), index])));
  const out = new Set<string>();
  for (const edge of edges) {
    const from = cycleOf.get(edge.from);
    const to = cycleOf.get(edge.to);
    if (from && to && from.some((i) => to.includes(i))) out.add(edge.id);
  }
  return out;
}

export function toElements({ nodes, edges, cycles }: ElementsInput): GraphElements {
  const sortedNodes = [...nodes].sort(byId);
  const sortedEdges = [...edges].sort(byId);
  const present = new Set(sortedNodes.map((n) => n.id));
  const inCycle = cycleEdgeIds(sortedEdges, cycles);

  const ghosts = new Map<string, { env: string; nickname: string; type: string }>();
  for (const edge of sortedEdges) {
    if (!edge.dangling || present.has(edge.to) || ghosts.has(edge.to)) continue;
    const key = parseComponentId(edge.to);
    ghosts.set(edge.to, key ?? { env: parseComponentId(edge.from)?.env ?? 'unknown', type: '?', nickname: edge.to });
  }

  const envs = [...new Set([...sortedNodes.map((n) => n.env), ...[...ghosts.values()].map((g) => g.env)])].sort();
  const counts = new Map<string, number>();
  for (const node of sortedNodes) counts.set(node.env, (counts.get(node.env) ?? 0) + 1);

  const elements: ElementDefinition[] = envs.map((env) => ({
    group: 'nodes',
    data: { id: envNodeId(env), label: `${env} · ${counts.get(env) ?? 0}`, kind: 'env', env, w: 1, h: 1, titleSize: 22, frameBorder: 1 },
    classes: 'env',
    selectable: false,
    grabbable: false,
  }));

  for (const node of sortedNodes) {
    const drift = node.status ?? 'unknown';
    const classes = ['component', `drift-${drift}`];
    if (node.runtimeOnly) classes.push('runtime-only');
    if (node.problems) classes.push('has-problems');
    elements.push({
      group: 'nodes',
      data: {
        id: node.id,
        label: `${node.nickname}\n${node.type}`,
        kind: 'component',
        env: node.env,
        type: node.type,
        nickname: node.nickname,
        drift,
        // color, shape, category
        ...typeStyle(node.type),
      },
      classes: classes.join(' '),
    });
  }

  for (const [id, ghost] of [...ghosts.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    elements.push({
      group: 'nodes',
      data: {
        id,
        label: `${ghost.nickname}\n${ghost.type} (missing)`,
        kind: 'ghost',
        env: ghost.env,
        type: ghost.type,
        nickname: ghost.nickname,
        color: '#ffffff',
        shape: 'round-rectangle',
        border: GHOST_COLOR,
      },
      classes: 'ghost',
    });
  }

  for (const edge of sortedEdges) {
    const classes = ['dependency'];
    if (edge.dangling) classes.push('dangling');
    if (inCycle.has(edge.id)) classes.push('cycle');
    elements.push({
      group: 'edges',
      data: { id: edge.id, source: edge.from, target: edge.to, path: edge.path, rule: edge.rule, kind: 'dependency' },
      classes: classes.join(' '),
    });
  }

  // Runtime-only components hang under their owner: owner → owned, the direction of a dependency
  // (an API also depends on its OpenAPI document), so layered layouts place the runtime below its owner.
  for (const node of sortedNodes) {
    if (!node.ownedBy || !present.has(node.ownedBy)) continue;
    elements.push({
      group: 'edges',
      data: { id: `${OWNER_PREFIX}${node.id}`, source: node.ownedBy, target: node.id, path: 'owns', rule: 'owner', kind: 'owner' },
      classes: 'owner',
    });
  }

  return {
    elements,
    componentCount: sortedNodes.length,
    edgeCount: sortedEdges.length,
    ghostCount: ghosts.size,
    envs,
    types: [...new Set(sortedNodes.map((n) => n.type))].sort(),
  };
}
