import { describe, expect, it } from 'vitest';
import { layeredLayout } from './layered-layout';

const n = (id: string, group = 'prod') => ({ id, group });
const e = (source: string, target: string) => ({ source, target });

describe('layeredLayout', () => {
  it('puts consumers above the providers they depend on', () => {
    const pos = layeredLayout([n('site'), n('api'), n('vpc')], [e('site', 'api'), e('api', 'vpc'), e('site', 'vpc')]);
    expect(pos.get('site')!.y).toBeLessThan(pos.get('api')!.y);
    expect(pos.get('api')!.y).toBeLessThan(pos.get('vpc')!.y);
  });

  it('survives reference cycles and still places every node', () => {
    const pos = layeredLayout([n('a'), n('b'), n('c')], [e('a', 'b'), e('b', 'a'), e('c', 'a')]);
    expect(pos.size).toBe(3);
    expect(new Set([...pos.values()].map((p) => `${p.x},${p.y}`)).size).toBe(3);
  });

  it('lays each group out on its own, side by side', () => {
    const pos = layeredLayout([n('dev-a', 'dev'), n('dev-b', 'dev'), n('prod-a'), n('prod-b')], [e('dev-a', 'dev-b'), e('prod-a', 'prod-b'), e('dev-a', 'prod-b')]);
    const devRight = Math.max(pos.get('dev-a')!.x, pos.get('dev-b')!.x);
    const prodLeft = Math.min(pos.get('prod-a')!.x, pos.get('prod-b')!.x);
    expect(devRight).toBeLessThan(prodLeft);
    // The cross-group edge does not rank: both groups start at the same height.
    expect(pos.get('dev-a')!.y).toBe(pos.get('prod-a')!.y);
  });

  it('orders a layer to follow its neighbours (fewer crossings)', () => {
    // Two providers, each with its own consumer; ids are chosen so that id order alone would cross the edges.
    const pos = layeredLayout([n('p1'), n('p2'), n('c-z'), n('c-a')], [e('c-z', 'p1'), e('c-a', 'p2')]);
    expect(Math.sign(pos.get('p1')!.x - pos.get('p2')!.x)).toBe(Math.sign(pos.get('c-z')!.x - pos.get('c-a')!.x));
  });

  it('wraps a very wide layer into several rows, keeping a screen-like shape', () => {
    const leaves = Array.from({ length: 400 }, (_, i) => n(`leaf-${String(i).padStart(3, '0')}`));
    const points = [...layeredLayout(leaves, []).values()];
    const width = Math.max(...points.map((p) => p.x)) - Math.min(...points.map((p) => p.x));
    const height = Math.max(...points.map((p) => p.y)) - Math.min(...points.map((p) => p.y));
    expect(height).toBeGreaterThan(0);
    expect(width / height).toBeGreaterThan(1);
    expect(width / height).toBeLessThan(4);
  });

  it('is deterministic whatever the input order', () => {
    const nodes = Array.from({ length: 60 }, (_, i) => n(`c${i}`, i % 2 ? 'dev' : 'prod'));
    const edges = nodes.slice(2).map((node, i) => e(node.id, nodes[i % 7].id));
    const a = layeredLayout(nodes, edges);
    const b = layeredLayout([...nodes].reverse(), [...edges].reverse());
    expect([...b.entries()].sort()).toEqual([...a.entries()].sort());
  });

  it('lays out 5,000 nodes quickly', () => {
    const nodes = Array.from({ length: 5000 }, (_, i) => n(`c${i}`, ['dev', 'staging', 'prod'][i % 3]));
    const edges = nodes.flatMap((node, i) => (i < 3 ? [] : [e(node.id, nodes[i % 3 === 0 ? 0 : Math.floor(i / 2)].id), e(node.id, nodes[Math.floor(i / 3)].id)]));
    const started = performance.now();
    expect(layeredLayout(nodes, edges).size).toBe(5000);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
