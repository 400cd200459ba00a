import { describe, expect, it } from 'vitest';
import { graphOf } from '@/lib/testing/builders';
import { diffFingerprints, fingerprints, GraphSnapshot } from './graph-snapshot';

describe('what a new generation changed', () => {
  it('lists added, removed and updated components, each sorted', async () => {
    const before = graphOf([
      ['dev:ecs/a', 'dev:vpc/v'],
      ['dev:ecs/b', 'dev:vpc/v'],
    ]);
    const after = structuredClone(before);
    after.components = after.components.filter((c) => c.id !== 'dev:ecs/b');
    after.components.find((c) => c.id === 'dev:vpc/v')!.configVersion = 7;
    after.components.push({ ...after.components[0], id: 'dev:ecs/c', nickname: 'c' });
    expect(diffFingerprints(await fingerprints(before), await fingerprints(after))).toEqual({ added: ['dev:ecs/c'], removed: ['dev:ecs/b'], updated: ['dev:vpc/v'] });
  });

  it('calls everything added when there was nothing before, and nothing changed for the same graph', async () => {
    const graph = graphOf([['dev:ecs/a', 'dev:vpc/v']]);
    const prints = await fingerprints(graph);
    expect(diffFingerprints(null, prints)).toEqual({ added: ['dev:ecs/a', 'dev:vpc/v'], removed: [], updated: [] });
    expect(diffFingerprints(prints, await fingerprints(structuredClone(graph)))).toEqual({ added: [], removed: [], updated: [] });
  });
});

describe('a snapshot’s derived values', () => {
  it('computes each once, shares a pending computation, and keeps the most recently used', async () => {
    const snapshot = new GraphSnapshot({ generation: 3, syncedAt: '2026-12-01T00:00:00.000Z' }, graphOf([['dev:ecs/a', 'dev:vpc/v']]));
    expect(snapshot.key).toBe('3@2026-12-01T00:00:00.000Z');
    let runs = 0;
    const compute = () => Promise.resolve(++runs);
    const [one, two] = [snapshot.derive('x', compute), snapshot.derive('x', compute)];
    expect(one).toBe(two);
    expect(await one).toBe(1);
    for (let i = 0; i < 400; i++) snapshot.derive(`filler-${i}`, () => i);
    // Evicted long ago: computed again.
    expect(await snapshot.derive('x', compute)).toBe(2);
  });

  it('forgets a failed computation so the next caller tries again', async () => {
    const snapshot = new GraphSnapshot({ generation: 1, syncedAt: '' }, graphOf([['dev:ecs/a', 'dev:vpc/v']]));
    await expect(snapshot.derive('y', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await snapshot.derive('y', () => Promise.resolve('yes'))).toBe('yes');
  });
});
