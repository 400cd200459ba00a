import { describe, expect, it } from 'vitest';
import type { Edge, Graph } from '@/lib/model/graph';
import { edgeId } from '@/lib/model/ids';
import { component } from '@/lib/testing/builders';
import { dependenciesOf, dependentsOf, indexGraph, type Reached } from './graph-index';

/** The walk as it was before the integer adjacency: a BFS over the index's edge lists, copying the path to every component. */
function reference(graph: Graph, start: string, direction: 'dependents' | 'dependencies', maxDepth = Infinity): Reached[] {
  const index = indexGraph(graph);
  const seen = new Map<string, Reached>([[start, { id: start, depth: 0, via: [] }]]);
  const queue = [start];
  const reached: Reached[] = [];
  for (let i = 0; i < queue.length; i++) {
    const current = seen.get(queue[i])!;
    if (current.depth >= maxDepth) continue;
    for (const edge of direction === 'dependencies' ? index.outgoing(current.id) : index.incoming(current.id)) {
      const next = direction === 'dependencies' ? edge.to : edge.from;
      if (seen.has(next)) continue;
      const entry = { id: next, depth: current.depth + 1, via: [...current.via, edge] };
      seen.set(next, entry);
      reached.push(entry);
      queue.push(next);
    }
  }
  return reached;
}

const edge = (from: string, to: string, path: string, dangling = false): Edge => ({ id: edgeId(from, to, path), from, to, path, rule: 'nickname', dangling });

/** A seeded random graph: components referring to earlier ones (several edges between some pairs), a few dangling references. */
function randomGraph(size: number, seed: number): Graph {
  let a = seed;
  const rand = () => (a = (a * 1103515245 + 12345) % 2147483648) / 2147483648;
  const ids = Array.from({ length: size }, (_, i) => `p:t${i % 7}/c${i}`);
  const edges: Edge[] = [];
  for (let i = 1; i < size; i++) {
    const refs = 1 + Math.floor(rand() * 3);
    for (let r = 0; r < refs; r++) edges.push(edge(ids[i], ids[Math.floor(rand() * i)], `refs[${r}]`));
    if (rand() < 0.05) edges.push(edge(ids[i], `p:new/n${i % 4}`, 'new_nickname', true));
  }
  return { components: ids.map((id) => component(id)), edges, cycles: [], ignoredParameters: [] };
}

const plain = (reached: Reached[]) => reached.map(({ id, depth, via }) => ({ id, depth, via: via.map((e) => e.id) }));

describe('walks over the integer adjacency', () => {
  const graph = randomGraph(2_000, 7);
  const index = indexGraph(graph);

  it.each(['p:t0/c0', 'p:t3/c10', 'p:t5/c1500', 'p:new/n1'])('reach the same components, in the same order, by the same paths as the plain walk from %s', (start) => {
    expect(plain(dependentsOf(index, start))).toEqual(plain(reference(graph, start, 'dependents')));
    expect(plain(dependenciesOf(index, start))).toEqual(plain(reference(graph, start, 'dependencies')));
    expect(plain(dependentsOf(index, start, 2))).toEqual(plain(reference(graph, start, 'dependents', 2)));
  });

  it('finds nothing from an id the graph does not know, or at depth 0', () => {
    expect(dependentsOf(index, 'p:x/unknown')).toEqual([]);
    expect(dependentsOf(index, 'p:t0/c0', 0)).toEqual([]);
  });

  it('works the path to a deep component out when it is read, the same as a copied one, and keeps it', () => {
    const size = 3_000;
    const ids = Array.from({ length: size }, (_, i) => `p:chain/c${i}`);
    const chain: Graph = { components: ids.map((id) => component(id)), edges: ids.slice(1).map((id, i) => edge(id, ids[i], 'prev_nickname')), cycles: [], ignoredParameters: [] };
    const reached = dependentsOf(indexGraph(chain), ids[0]);
    expect(reached).toHaveLength(size - 1);
    const deepest = reached[size - 2];
    expect(deepest.depth).toBe(size - 1);
    expect(deepest.via.map((e) => e.from)).toEqual(ids.slice(1));
    expect(deepest.via).toBe(deepest.via);
    expect(reached[3].via.map((e) => e.from)).toEqual(ids.slice(1, 5));
    // What a store hands out is a copy: the path comes along.
    expect(structuredClone(reached[20]).via).toHaveLength(21);
    expect(Object.keys(reached[20])).toEqual(['id', 'depth', 'via']);
  });

  it('keeps walks apart: a walk started while another result is read sees only its own', () => {
    const first = dependentsOf(index, 'p:t0/c0');
    const second = dependentsOf(index, 'p:t3/c10');
    expect(plain(first)).toEqual(plain(reference(graph, 'p:t0/c0', 'dependents')));
    expect(plain(second)).toEqual(plain(reference(graph, 'p:t3/c10', 'dependents')));
  });
});
