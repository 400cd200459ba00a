import { describe, expect, it } from 'vitest';
import { runStraight } from '@/lib/graph/stepwise';
import { stringifyStepwise } from './stringify-stepwise';

describe('stringifyStepwise', () => {
  it('writes exactly what JSON.stringify writes, at any depth', () => {
    const samples: unknown[] = [
      { format: 1, graph: { components: [{ id: 'a', config: { x: [1, 'two', null] }, drift: undefined }, { id: 'b"\n' }], edges: [] }, state: null },
      [undefined, () => 1, { skip: undefined, keep: 0 }, [[]]],
      { when: new Date(Date.UTC(2026, 0, 1)), nested: [{ toJSON: () => 'custom' }] },
      'text',
      42,
      null,
      [],
      {},
    ];
    for (const value of samples) {
      for (const depth of [0, 1, 3, 10]) expect(runStraight(stringifyStepwise(value, depth))).toBe(JSON.stringify(value));
    }
  });

  it('yields after each item of the arrays it walks', () => {
    const work = stringifyStepwise({ graph: { components: [{}, {}, {}], edges: [{}, {}] } });
    let yields = 0;
    while (!work.next().done) yields++;
    expect(yields).toBe(5);
  });
});
