import { describe, expect, it } from 'vitest';
import { graphOf } from '@/lib/testing/builders';
import { componentHash, edgeHash, graphMetaProperties } from '../component-record';
import { planSync, type StoredState } from './sync-plan';

function storedFrom(graph: ReturnType<typeof graphOf>, placeholders: string[] = []): StoredState {
  return {
    components: new Map(graph.components.map((c) => [c.id, componentHash(c)])),
    placeholders: new Set(placeholders),
    edges: new Map(graph.edges.map((e) => [e.id, edgeHash(e)])),
    metaHash: graphMetaProperties(graph).hash,
    state: { generation: 1 },
    isWriting: false,
  };
}

const empty: StoredState = {
  components: new Map(),
  placeholders: new Set(),
  edges: new Map(),
  metaHash: graphMetaProperties({ cycles: [], ignoredParameters: [] }).hash,
  state: null,
  isWriting: false,
};

describe('planning a sync', () => {
  it('creates everything in an empty store', () => {
    const graph = graphOf([['dev:ecs/a', 'dev:vpc/v']]);
    const plan = planSync(empty, graph);
    expect(plan.createComponents.map((c) => c.component.id)).toEqual(['dev:ecs/a', 'dev:vpc/v']);
    expect(plan.createEdges).toHaveLength(1);
    expect(plan).toMatchObject({ updateComponents: [], placeholders: [], dropEdges: [], releaseComponents: [], isMetaChanged: false, isStateWritten: true });
    expect(plan.counts).toEqual({ written: 3, removed: 0, unchanged: 1 });
  });

  it('plans nothing, and keeps the generation, when the store already holds the graph', () => {
    const graph = graphOf([['dev:ecs/a', 'dev:vpc/v']]);
    const plan = planSync(storedFrom(graph), graph);
    expect(plan.counts).toEqual({ written: 0, removed: 0, unchanged: 4 });
    expect(plan.isStateWritten).toBe(false);
    expect(plan.isDataWritten).toBe(false);
  });

  it('finishes a sync that died after its writing marker, even when nothing else differs', () => {
    const graph = graphOf([['dev:ecs/a', 'dev:vpc/v']]);
    const plan = planSync({ ...storedFrom(graph), isWriting: true }, graph);
    expect(plan).toMatchObject({ isStateWritten: true, isDataWritten: false });
    expect(plan.counts.written).toBe(0);
  });

  it('warns readers only when more than the state is written', () => {
    expect(planSync(empty, graphOf([['dev:ecs/a', 'dev:vpc/v']])).isDataWritten).toBe(true);
    const graph = graphOf([['dev:ecs/a', 'dev:vpc/v']]);
    const factsOnly = planSync({ ...storedFrom(graph), metaHash: 'older' }, graph);
    expect(factsOnly).toMatchObject({ isMetaChanged: true, isDataWritten: false, isStateWritten: true });
  });

  it('records the graph state of a store that has none, even when the graph is empty', () => {
    const plan = planSync(empty, graphOf([]));
    expect(plan.counts).toEqual({ written: 0, removed: 0, unchanged: 1 });
    expect(plan.isStateWritten).toBe(true);
  });

  it('rewrites a placeholder that became a component instead of creating it', () => {
    const graph = graphOf([['dev:ecs/a', 'dev:vpc/v']]);
    const stored = storedFrom(graphOf([], ['dev:ecs/a']), ['dev:vpc/v']);
    stored.edges = new Map(graph.edges.map((e) => [e.id, edgeHash({ ...e, dangling: true })]));
    const plan = planSync(stored, graph);
    expect(plan.createComponents).toEqual([]);
    expect(plan.updateComponents.map((c) => c.component.id)).toEqual(['dev:vpc/v']);
    expect(plan.updateEdges.map((e) => e.dangling)).toEqual([false]);
  });

  it('adds a placeholder for a dangling target that has no vertex yet, once', () => {
    const graph = graphOf([], ['dev:ecs/a', 'dev:ecs/b']);
    graph.edges = ['a', 'b'].map((n) => ({
      id: `dev:ecs/${n}->dev:s3-bucket/x#b`,
      from: `dev:ecs/${n}`,
      to: 'dev:s3-bucket/x',
      path: 'b',
      rule: 'nickname',
      dangling: true,
    }));
    expect(planSync(empty, graph).placeholders).toEqual(['dev:s3-bucket/x']);
    expect(planSync({ ...empty, placeholders: new Set(['dev:s3-bucket/x']) }, graph).placeholders).toEqual([]);
  });

  it('drops vanished edges and releases vanished components', () => {
    const before = graphOf([
      ['dev:ecs/a', 'dev:vpc/v'],
      ['dev:ecs/b', 'dev:vpc/v'],
    ]);
    const after = graphOf([['dev:ecs/a', 'dev:vpc/v']]);
    const plan = planSync(storedFrom(before), after);
    expect(plan.dropEdges).toEqual(['dev:ecs/b->dev:vpc/v#vpc_nickname']);
    expect(plan.releaseComponents).toEqual(['dev:ecs/b']);
    expect(plan.counts).toEqual({ written: 0, removed: 2, unchanged: 4 });
  });
});
