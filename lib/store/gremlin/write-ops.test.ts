import { describe, expect, it } from 'vitest';
import { component } from '@/lib/testing/builders';
import { storedComponent } from '../component-record';
import { __ } from './gremlin-lib';
import { countSteps, planBatches, type Sized } from './write-batches';
import { createComponentOp, graphStateOp, placeholderOp, updateComponentOp, upsertEdgeOp, writeRequests } from './write-ops';

const sized = (records: number, steps = 0, bytes = 10): Sized => ({ records, steps, bytes });
const edge = { id: 'a->b#p', from: 'a', to: 'b', path: 'p', rule: 'nickname', dangling: false };

describe('counting Gremlin steps', () => {
  it('counts the steps of child traversals too', () => {
    expect(countSteps(__.V().out('x').getBytecode())).toBe(2);
    expect(countSteps(__.V().sideEffect(__.properties('a', 'b').drop()).getBytecode())).toBe(4);
  });

  it('sizes ops in AWS records: a label plus one per property', () => {
    const vpc = component('dev:vpc/main', { drift: { status: 'in_sync', reasons: [], deployedConfigVersion: 1 } });
    const created = createComponentOp(storedComponent(vpc));
    expect(created).toMatchObject({ kind: 'vertex-row', steps: 0 });
    expect(created.records).toBeGreaterThan(15);
    expect(upsertEdgeOp(edge)).toMatchObject({ kind: 'edge-row', records: 5, steps: 0 });
    const updated = updateComponentOp(storedComponent(vpc));
    expect(updated.kind).toBe('chain');
    expect(updated.steps).toBeGreaterThan(15);
  });
});

describe('batching', () => {
  const limits = { maxRecords: 30, maxSteps: 10, maxBytes: 100 };

  it('cuts at the record, step and byte limits, in order', () => {
    expect(planBatches([sized(10), sized(10), sized(10), sized(10)], limits).map((b) => b.length)).toEqual([3, 1]);
    expect(planBatches([sized(1, 6), sized(1, 6), sized(1, 2)], limits).map((b) => b.length)).toEqual([1, 2]);
    expect(planBatches([sized(1, 0, 60), sized(1, 0, 60)], limits).map((b) => b.length)).toEqual([1, 1]);
  });

  it('gives an op over a limit a batch of its own rather than dropping it', () => {
    expect(planBatches([sized(1), sized(50), sized(1)], limits).map((b) => b.map((op) => op.records))).toEqual([[1], [50], [1]]);
    expect(planBatches([], limits)).toEqual([]);
  });

  it('keeps ops of one kind per request: rows of one inject, or one chain', () => {
    const vpc = component('dev:vpc/main');
    const requests = writeRequests(
      [
        createComponentOp(storedComponent(vpc)),
        updateComponentOp(storedComponent(vpc)),
        placeholderOp('dev:x/y'),
        upsertEdgeOp(edge),
        graphStateOp({ cycles: [], ignoredParameters: [] }, { generation: 1, syncedAt: '2026-01-01T00:00:00.000Z' }),
      ],
      { maxRecords: 1_000, maxSteps: 1_500, maxBytes: 1_000_000 },
    );
    expect(requests).toHaveLength(3);
  });
});
