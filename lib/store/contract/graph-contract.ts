/**
 * The GraphStore contract, part one: syncing the graph (only what changed)
 * and reading it back, filtered, around a component, transitively.
 */
import { describe, expect, it } from 'vitest';
import type { Graph } from '@/lib/model/graph';
import { component } from '@/lib/testing/builders';
import { byId } from '../store-order';
import { chainGraph, edge, ids, sampleGraph, scope, type GraphStoreFactory } from './fixtures';

export function describeGraphContract(makeStore: GraphStoreFactory): void {
  describe('syncing and reading the graph', () => {
    it('reads back exactly the graph it was given: every field, dangling edges, cycles, ignored parameters', async () => {
      const store = await makeStore();
      const s = scope();
      const graph = sampleGraph(s);

      const result = await store.syncGraph(graph);

      expect(result).toMatchObject({ written: graph.components.length + graph.edges.length + 1, removed: 0, unchanged: 0 });
      expect(result.roundTrips).toBeGreaterThan(0);
      expect(await store.readGraph()).toEqual(graph);
    });

    it('filters by environment, type and drift status', async () => {
      const store = await makeStore();
      const s = scope();
      await store.syncGraph(sampleGraph(s));

      const prod = await store.readGraph({ env: [s.env('prod')] });
      expect(ids(prod)).toEqual([s('prod:ecs-cluster/apps'), s('prod:openapi/api'), s('prod:vpc/main')]);
      expect(prod.edges.map((e) => e.id)).toEqual([s('prod:ecs-cluster/apps->prod:vpc/main#vpc_nickname'), s('prod:openapi/api->prod:ecs-cluster/apps#$')]);
      expect(prod.ignoredParameters).toEqual([{ env: s.env('prod'), name: '/iac/clickhouse/ami/base' }]);

      const clusters = await store.readGraph({ type: ['ecs-cluster', 'vpc'], env: [s.env('dev')] });
      expect(ids(clusters)).toEqual([s('dev:ecs-cluster/apps'), s('dev:vpc/main')]);
      expect(clusters.edges.map((e) => e.id)).toEqual([s('dev:ecs-cluster/apps->dev:vpc/main#vpc_nickname')]);

      const pending = await store.readGraph({ status: ['pending', 'invalid'] });
      expect(ids(pending)).toEqual([s('dev:ecs-cluster/apps'), s('prod:ecs-cluster/apps'), s('prod:vpc/main')]);
      expect(pending.components.find((c) => c.id === s('prod:vpc/main'))).toEqual(sampleGraph(s).components.find((c) => c.id === s('prod:vpc/main')));
    });

    it('keeps the dangling edges of the components it returns and cycles that lie wholly inside', async () => {
      const store = await makeStore();
      const s = scope();
      await store.syncGraph(sampleGraph(s));

      const service = await store.readGraph({ type: ['ecs-service'] });
      expect(service.edges).toEqual([edge(s('dev:ecs-service/api'), s('dev:s3-bucket/gone'), 's3_bucket_nickname', { dangling: true })]);
      expect(service.cycles).toEqual([]);
      expect((await store.readGraph({ type: ['queue'] })).cycles).toEqual([[s('dev:queue/a'), s('dev:queue/b')]]);
    });

    it('focuses on ids plus n hops in either direction, inside the other filters', async () => {
      const store = await makeStore();
      const s = scope();
      await store.syncGraph(sampleGraph(s));

      expect(ids(await store.readGraph({ ids: [s('dev:ecs-cluster/apps')] }))).toEqual([s('dev:ecs-cluster/apps')]);
      const oneHop = await store.readGraph({ ids: [s('dev:ecs-cluster/apps')], hops: 1 });
      expect(ids(oneHop)).toEqual([s('dev:ecs-cluster/apps'), s('dev:ecs-service/api'), s('dev:vpc/main')]);
      expect(oneHop.edges.map((e) => e.id)).toEqual([
        s('dev:ecs-cluster/apps->dev:vpc/main#vpc_nickname'),
        s('dev:ecs-service/api->dev:ecs-cluster/apps#ecs_cluster_nickname'),
        s('dev:ecs-service/api->dev:s3-bucket/gone#s3_bucket_nickname'),
      ]);
      expect(ids(await store.readGraph({ ids: [s('dev:vpc/main')], hops: 5, type: ['vpc', 'ecs-cluster'] }))).toEqual([
        s('dev:ecs-cluster/apps'),
        s('dev:vpc/main'),
      ]);
      expect(ids(await store.readGraph({ ids: [s('dev:s3-bucket/gone'), s('nope:x/y')], hops: 2 }))).toEqual([]);
    });

    it('reads an empty graph from an empty store', async () => {
      const store = await makeStore();
      const s = scope();
      expect(await store.readGraph()).toEqual({ components: [], edges: [], cycles: [], ignoredParameters: [] });
      expect(await store.readComponent(s('dev:vpc/main'))).toBeNull();
    });
  });

  describe('syncing only what changed', () => {
    it('writes nothing when nothing changed', async () => {
      const store = await makeStore();
      const s = scope();
      const graph = sampleGraph(s);
      await store.syncGraph(graph);

      const again = await store.syncGraph(sampleGraph(s));

      expect(again).toMatchObject({ written: 0, removed: 0, unchanged: graph.components.length + graph.edges.length + 1 });
      expect(await store.readGraph()).toEqual(graph);
    });

    it('writes one changed component and leaves the rest', async () => {
      const store = await makeStore();
      const s = scope();
      const graph = sampleGraph(s);
      await store.syncGraph(graph);
      const changed = structuredClone(graph);
      const vpc = changed.components.find((c) => c.id === s('dev:vpc/main'))!;
      Object.assign(vpc, { configRaw: '{"cidr":"10.9.0.0/16"}', config: { cidr: '10.9.0.0/16' }, configVersion: 2, gitConfigRaw: undefined });
      delete vpc.drift;

      const result = await store.syncGraph(changed);

      expect(result).toMatchObject({ written: 1, removed: 0, unchanged: graph.components.length + graph.edges.length });
      expect(await store.readGraph()).toEqual(changed);
      expect((await store.readComponent(s('dev:vpc/main')))?.component).toEqual(vpc);
    });

    it('removes a vanished component with its edges; references to it turn dangling', async () => {
      const store = await makeStore();
      const s = scope();
      const graph = sampleGraph(s);
      await store.syncGraph(graph);
      const next = structuredClone(graph);
      next.components = next.components.filter((c) => c.id !== s('dev:ecs-cluster/apps'));
      next.edges = next.edges
        .filter((e) => e.from !== s('dev:ecs-cluster/apps'))
        .map((e) => (e.to === s('dev:ecs-cluster/apps') ? { ...e, dangling: true } : e));

      const result = await store.syncGraph(next);

      // The component and its edge to the vpc go; the service's edge to it is rewritten as dangling.
      expect(result).toMatchObject({ removed: 2, written: 1 });
      expect(await store.readGraph()).toEqual(next);
      expect(await store.readComponent(s('dev:ecs-cluster/apps'))).toBeNull();
      expect(await store.dependencies(s('dev:ecs-service/api'))).toEqual([
        { id: s('dev:ecs-cluster/apps'), depth: 1, via: [next.edges.find((e) => e.to === s('dev:ecs-cluster/apps'))] },
        { id: s('dev:s3-bucket/gone'), depth: 1, via: [next.edges.find((e) => e.to === s('dev:s3-bucket/gone'))] },
      ]);
    });

    it('turns a dangling target into a real component once it appears, and back', async () => {
      const store = await makeStore();
      const s = scope();
      const graph = sampleGraph(s);
      await store.syncGraph(graph);
      const withBucket = structuredClone(graph);
      withBucket.components = [...withBucket.components, component(s('dev:s3-bucket/gone'))].sort(byId);
      withBucket.edges = withBucket.edges.map((e) => ({ ...e, dangling: false }));

      await store.syncGraph(withBucket);
      expect(await store.readGraph()).toEqual(withBucket);
      expect((await store.readComponent(s('dev:s3-bucket/gone')))?.incoming.map((e) => e.from)).toEqual([s('dev:ecs-service/api')]);

      await store.syncGraph(graph);
      expect(await store.readGraph()).toEqual(graph);
      expect(await store.readComponent(s('dev:s3-bucket/gone'))).toBeNull();
    });

    it('empties the store when the graph becomes empty', async () => {
      const store = await makeStore();
      const s = scope();
      const graph = sampleGraph(s);
      await store.syncGraph(graph);
      const empty: Graph = { components: [], edges: [], cycles: [], ignoredParameters: [] };

      const result = await store.syncGraph(empty);

      expect(result).toMatchObject({ removed: graph.components.length + graph.edges.length, written: 1 });
      expect(await store.readGraph()).toEqual(empty);
    });
  });

  describe('reading around a component', () => {
    it('answers a component with its outgoing and incoming edges', async () => {
      const store = await makeStore();
      const s = scope();
      const graph = sampleGraph(s);
      await store.syncGraph(graph);

      const found = await store.readComponent(s('dev:ecs-cluster/apps'));

      expect(found).toEqual({
        component: graph.components.find((c) => c.id === s('dev:ecs-cluster/apps')),
        outgoing: graph.edges.filter((e) => e.from === s('dev:ecs-cluster/apps')),
        incoming: graph.edges.filter((e) => e.to === s('dev:ecs-cluster/apps')),
      });
      expect(await store.readComponent(s('dev:s3-bucket/gone'))).toBeNull();
    });

    it('walks dependencies and dependents transitively with depth and the path of edges', async () => {
      const store = await makeStore();
      const s = scope();
      const graph = chainGraph(s.env('dev'), 5);
      await store.syncGraph(graph);
      const [e01, e12, e23, e34] = graph.edges;

      expect(await store.dependencies(s('dev:t/c0'))).toEqual([
        { id: s('dev:t/c1'), depth: 1, via: [e01] },
        { id: s('dev:t/c2'), depth: 2, via: [e01, e12] },
        { id: s('dev:t/c3'), depth: 3, via: [e01, e12, e23] },
        { id: s('dev:t/c4'), depth: 4, via: [e01, e12, e23, e34] },
      ]);
      expect(await store.dependents(s('dev:t/c4'), 2)).toEqual([
        { id: s('dev:t/c3'), depth: 1, via: [e34] },
        { id: s('dev:t/c2'), depth: 2, via: [e34, e23] },
      ]);
      expect(await store.dependents(s('dev:t/c0'))).toEqual([]);
      expect(await store.dependencies(s('dev:t/nope'))).toEqual([]);
    });

    it('stops at dangling targets and terminates on cycles', async () => {
      const store = await makeStore();
      const s = scope();
      await store.syncGraph(sampleGraph(s));

      expect((await store.dependencies(s('dev:ecs-service/api'))).map((r) => [r.id, r.depth])).toEqual([
        [s('dev:ecs-cluster/apps'), 1],
        [s('dev:s3-bucket/gone'), 1],
        [s('dev:vpc/main'), 2],
      ]);
      expect((await store.dependents(s('dev:queue/a'))).map((r) => [r.id, r.depth])).toEqual([[s('dev:queue/b'), 1]]);
    });
  });
}
