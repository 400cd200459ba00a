import { describe, expect, it } from 'vitest';
import { toGraphNode } from '@/lib/model/api';
import type { Edge } from '@/lib/model/graph';
import { component } from '@/lib/testing/builders';
import { envNodeId, toElements } from './to-elements';
import { typeStyle } from './type-colors';

const edge = (from: string, to: string, path: string, dangling = false): Edge => ({ id: `${from}->${to}#${path}`, from, to, path, rule: 'nickname', dangling });

const nodes = [
  component('prod:vpc/main', { drift: { status: 'in_sync', reasons: [], deployedConfigVersion: 1 } }),
  component('prod:ecs-cluster/core'),
  component('dev:vpc/main'),
  component('prod:lambda/order-ingest', { configRaw: null, config: null, ownedBy: 'prod:lambda/order-workers' }),
  component('prod:lambda/order-workers'),
].map(toGraphNode);
const edges = [edge('prod:ecs-cluster/core', 'prod:vpc/main', 'vpc_nickname'), edge('prod:ecs-cluster/core', 'prod:s3-bucket/gone', 'logs.s3_bucket_nickname', true)];

describe('toElements', () => {
  const result = toElements({ nodes, edges, cycles: [] });
  const byId = new Map(result.elements.map((e) => [e.data.id, e]));

  it('gives each environment a frame and each component its environment', () => {
    expect(result.envs).toEqual(['dev', 'prod']);
    expect(byId.get('prod:vpc/main')?.data.env).toBe('prod');
    expect(byId.get(envNodeId('prod'))?.data).toMatchObject({ kind: 'env', label: 'prod · 4' });
    // Frames are plain nodes, never compound parents (those are slow to draw).
    expect(result.elements.some((e) => e.data.parent !== undefined)).toBe(false);
  });

  it('marks the drift status (the stylesheet draws its badge), unknown when absent', () => {
    expect(byId.get('prod:vpc/main')?.classes).toContain('drift-in_sync');
    expect(byId.get('prod:vpc/main')?.data.drift).toBe('in_sync');
    expect(byId.get('prod:ecs-cluster/core')?.data.drift).toBe('unknown');
    expect(byId.get('prod:ecs-cluster/core')?.classes).toContain('drift-unknown');
  });

  it("draws a component in its type's colour and its category's shape", () => {
    expect(byId.get('prod:vpc/main')?.data).toMatchObject(typeStyle('vpc'));
    expect(byId.get('prod:ecs-cluster/core')?.data).toMatchObject({ shape: typeStyle('ecs-cluster').shape, category: typeStyle('ecs-cluster').category });
  });

  it('draws a dangling reference as a dashed edge to a ghost node', () => {
    expect(byId.get('prod:s3-bucket/gone')).toMatchObject({ data: { kind: 'ghost', env: 'prod' }, classes: 'ghost' });
    expect(byId.get(edges[1].id)?.classes).toContain('dangling');
    expect(result.ghostCount).toBe(1);
    expect(result.componentCount).toBe(5);
    expect(result.edgeCount).toBe(2);
  });

  it('links a runtime-only component to its owner with an owner line, not a dependency', () => {
    const owner = result.elements.find((e) => e.data.kind === 'owner');
    expect(owner?.data).toMatchObject({ source: 'prod:lambda/order-workers', target: 'prod:lambda/order-ingest' });
    expect(byId.get('prod:lambda/order-ingest')?.classes).toContain('runtime-only');
  });

  it('labels edges with the config field they come from', () => {
    expect(byId.get(edges[0].id)?.data.path).toBe('vpc_nickname');
  });

  it('marks edges inside a reference cycle', () => {
    const a = 'dev:serverless-api/orders';
    const b = 'dev:serverless-api/payments';
    const cyc = toElements({
      nodes: [component(a), component(b)].map(toGraphNode),
      edges: [edge(a, b, 'payments_api_nickname'), edge(b, a, 'callback_api_nickname')],
      cycles: [[a, b]],
    });
    expect(cyc.elements.filter((e) => e.group === 'edges').every((e) => e.classes?.includes('cycle'))).toBe(true);
  });

  it('yields the same elements in the same order whatever the input order', () => {
    const shuffled = toElements({ nodes: [...nodes].reverse(), edges: [...edges].reverse(), cycles: [] });
    expect(shuffled.elements).toEqual(result.elements);
  });
});
