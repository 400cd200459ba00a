/**
 * The GraphStore contract, part one: syncing the graph (only what changed)
 * and reading it back, filtered, around a component, transitively.
 */
import { describe, expect, it } from 'vitest';
import type { Graph } from '@/lib/model/graph';
import { component } from '@/lib/testing/builders';
import { chainGraph, edge, fanGraph, ids, sampleGraph, scope, type GraphStoreFactory } from './fixtures';
import { byId } from '@/lib/model/ids';

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

    it('focuses on ids plus n hops, dependencies forward and dependents backward, inside the other filters', async () => {
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
      expect(ids(await store.readGraph({ ids: [s('dev:vpc/main')], hops: 5, type: ['vpc', 'ecs-cluster'] }))).toEqual([s('dev:ecs-cluster/apps'), s('dev:vpc/main')]);
      expect(ids(await store.readGraph({ ids: [s('dev:s3-bucket/gone'), s('nope:x/y')], hops: 2 }))).toEqual([]);
    });

    it('leaves out what lies sideways unless siblings are asked for', async () => {
      const store = await makeStore();
      const s = scope();
      await store.syncGraph(fanGraph(s));

      expect(ids(await store.readGraph({ ids: [s('dev:site/www')], hops: 2 }))).toEqual([s('dev:api/a'), s('dev:cdn/c'), s('dev:site/www'), s('dev:vpc/main')]);
      expect(ids(await store.readGraph({ ids: [s('dev:site/www')], hops: 2, siblings: true }))).toEqual([
        s('dev:api/a'),
        s('dev:cdn/c'),
        s('dev:site/www'),
        s('dev:vpc/main'),
        s('dev:worker/w'),
      ]);
      const api = await store.readGraph({ ids: [s('dev:api/a')], hops: 2 });
      expect(ids(api)).toEqual([s('dev:api/a'), s('dev:site/www'), s('dev:vpc/main'), s('dev:worker/w')]);
      expect(api.edges.map((e) => e.id)).toEqual(
        fanGraph(s)
          .edges.filter((e) => e.from !== s('dev:cdn/c') && e.to !== s('dev:cdn/c') && e.from !== s('dev:cache/c'))
          .map((e) => e.id),
      );
      expect(ids(await store.readGraph({ ids: [s('dev:api/a')], hops: 2, siblings: true }))).toEqual([
        s('dev:api/a'),
        s('dev:cache/c'),
        s('dev:cdn/c'),
        s('dev:site/www'),
        s('dev:vpc/main'),
        s('dev:worker/w'),
      ]);
      // The walk stays inside the filters: without the api and cdn types, nothing leads from the site to the vpc.
      expect(ids(await store.readGraph({ ids: [s('dev:site/www')], hops: 3, type: ['site', 'vpc'] }))).toEqual([s('dev:site/www')]);
    });

    it('reads an empty graph from an empty store', async () => {
      const store = await makeStore();
      const s = scope();
      expect(await store.readGraph()).toEqual({ components: [], edges: [], cycles: [], ignoredParameters: [] });
      expect(await store.readComponent(s('dev:vpc/main'))).toBeNull();
      expect(await store.readSnapshot()).toBeNull();
    });

    it('reads the whole graph together with the generation it belongs to', async () => {
      const store = await makeStore();
      const s = scope();
      const graph = sampleGraph(s);
      await store.syncGraph(graph);
      const first = await store.readSnapshot();
      expect(first).toEqual({ state: await store.readGraphState(), graph });

      // A sync that writes nothing keeps the generation; one that writes advances it with its graph.
      await store.syncGraph(graph);
      expect(await store.readSnapshot()).toEqual(first);
      const changed = structuredClone(graph);
      changed.components[0].configVersion = 42;
      await store.syncGraph(changed);
      const second = await store.readSnapshot();
      expect(second).toEqual({ state: { generation: (first as { state: { generation: number } }).state.generation + 1, syncedAt: expect.any(String) }, graph: changed });
    });
  });

  describe('reading the dependency paths between two components', () => {
    it('lists every shortest path, either way round, with only what lies on them', async () => {
      const store = await makeStore();
      const s = scope();
      const graph = fanGraph(s);
      await store.syncGraph(graph);
      const onPaths = [s('dev:api/a'), s('dev:cdn/c'), s('dev:site/www'), s('dev:vpc/main')];
      const expected = [
        [s('dev:site/www'), s('dev:api/a'), s('dev:vpc/main')],
        [s('dev:site/www'), s('dev:cdn/c'), s('dev:vpc/main')],
      ];

      const down = await store.readPaths({ from: s('dev:site/www'), to: s('dev:vpc/main') });
      expect(down.paths).toEqual({ from: s('dev:site/www'), to: s('dev:vpc/main'), direction: 'forward', hops: 2, paths: expected, total: 2 });
      expect(down.graph).toEqual({
        components: graph.components.filter((c) => onPaths.includes(c.id)),
        edges: graph.edges.filter((e) => onPaths.includes(e.from) && onPaths.includes(e.to) && !e.dangling),
        cycles: [],
        ignoredParameters: [],
      });

      const up = await store.readPaths({ from: s('dev:vpc/main'), to: s('dev:site/www') });
      expect(up.paths).toMatchObject({ direction: 'backward', hops: 2, paths: expected, total: 2 });
      expect(up.graph).toEqual(down.graph);
    });

    it('finds paths inside the filters only', async () => {
      const store = await makeStore();
      const s = scope();
      await store.syncGraph(fanGraph(s));

      const viaCdn = await store.readPaths({ from: s('dev:site/www'), to: s('dev:vpc/main'), type: ['site', 'cdn', 'vpc'] });
      expect(viaCdn.paths).toMatchObject({ direction: 'forward', hops: 2, paths: [[s('dev:site/www'), s('dev:cdn/c'), s('dev:vpc/main')]], total: 1 });
      expect(ids(viaCdn.graph)).toEqual([s('dev:cdn/c'), s('dev:site/www'), s('dev:vpc/main')]);
      expect((await store.readPaths({ from: s('dev:site/www'), to: s('dev:vpc/main'), type: ['site', 'vpc'] })).paths.direction).toBe('none');
      expect((await store.readPaths({ from: s('dev:site/www'), to: s('dev:vpc/main'), env: [s.env('prod')] })).paths.direction).toBe('none');
    });

    it('has no path between siblings, to a dangling target or to nothing; reports both ways round a cycle', async () => {
      const store = await makeStore();
      const s = scope();
      await store.syncGraph(fanGraph(s));
      const empty = { components: [], edges: [], cycles: [], ignoredParameters: [] };

      expect(await store.readPaths({ from: s('dev:worker/w'), to: s('dev:cache/c') })).toEqual({
        graph: empty,
        paths: { from: s('dev:worker/w'), to: s('dev:cache/c'), direction: 'none', hops: null, paths: [], total: 0 },
      });
      expect((await store.readPaths({ from: s('dev:api/a'), to: s('dev:gone/x') })).paths.direction).toBe('none');
      expect((await store.readPaths({ from: s('dev:nope/x'), to: s('dev:api/a') })).graph).toEqual(empty);

      const t = scope();
      await store.syncGraph(sampleGraph(t));
      const cycle = await store.readPaths({ from: t('dev:queue/a'), to: t('dev:queue/b') });
      expect(cycle.paths).toMatchObject({
        direction: 'both',
        hops: 1,
        paths: [
          [t('dev:queue/a'), t('dev:queue/b')],
          [t('dev:queue/b'), t('dev:queue/a')],
        ],
        total: 2,
      });
      expect(ids(cycle.graph)).toEqual([t('dev:queue/a'), t('dev:queue/b')]);
      expect(cycle.graph.edges).toHaveLength(2);
      expect(cycle.graph.cycles).toEqual([[t('dev:queue/a'), t('dev:queue/b')]]);
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
      next.edges = next.edges.filter((e) => e.from !== s('dev:ecs-cluster/apps')).map((e) => (e.to === s('dev:ecs-cluster/apps') ? { ...e, dangling: true } : e));

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
