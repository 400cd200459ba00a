import { describe, expect, it } from 'vitest';
import { dependentsOf, indexGraph, type Reached } from '@/lib/graph/graph-index';
import { graphOf } from '@/lib/testing/builders';
import { BLAST_RADIUS_LISTED, blastRadius, blastRadiusOf } from './blast-radius';

describe('blastRadiusOf', () => {
  // p:vpc/main ← 1,200 clusters and buckets, each ← a service; one dangling consumer.
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < 600; i++) {
    pairs.push([`p:ecs-cluster/c${(i * 7919) % 600}`, 'p:vpc/main'], [`q:s3-bucket/b${i}`, 'p:vpc/main']);
    pairs.push([`p:ecs-service/s${i}`, `p:ecs-cluster/c${i}`]);
  }
  const index = indexGraph(graphOf(pairs));

  it('lists the nearest first, by id within a depth, and counts every dependent by env and type', () => {
    const { result, byId } = blastRadius(index, 'p:vpc/main');
    const all = [...byId.values()].sort((a, b) => a.depth - b.depth || (a.id < b.id ? -1 : 1));
    expect(result.total).toBe(1_800);
    expect(result.isTruncated).toBe(true);
    expect(result.components.map((c) => [c.id, c.depth])).toEqual(all.slice(0, BLAST_RADIUS_LISTED).map((r) => [r.id, r.depth]));
    expect(result.groups).toEqual([
      { env: 'p', type: 'ecs-cluster', count: 600 },
      { env: 'p', type: 'ecs-service', count: 600 },
      { env: 'q', type: 's3-bucket', count: 600 },
    ]);
  });

  it('takes a combined map in any order', () => {
    const reached = dependentsOf(index, 'p:vpc/main');
    const shuffled = new Map<string, Reached>([...reached].reverse().map((r) => [r.id, r]));
    expect(blastRadiusOf(index, shuffled)).toEqual(blastRadius(index, 'p:vpc/main').result);
    expect(blastRadiusOf(index, new Map())).toEqual({ total: 0, groups: [], components: [], isTruncated: false });
  });
});
