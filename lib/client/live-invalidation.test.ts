import { describe, expect, it } from 'vitest';
import type { ChangeEventData, GraphEventData, LiveEvent } from '@/lib/model/live-events';
import { isConcernedBy, type CachedQuery } from './live-invalidation';
import { queryKeys } from './query-keys';

const VPC = 'dev:vpc/main';
const CLUSTER = 'dev:ecs-cluster/apps';
const OTHER = 'prod:sqs/jobs';
const CR = 'cr:00000000-0000-4000-8000-000000000001';
const RO = 'ro:00000000-0000-4000-8000-000000000001';
const SERVICE = 'prod:ecs-service/storefront';

/** A cached component answer whose edges name `neighbours`. */
const componentAnswer = (id: string, neighbours: string[]) => ({ component: { id }, dependencies: neighbours.map((to) => ({ from: id, to })), dependents: [] });

/** Every kind of query the portal caches, by name. */
const QUERIES: Record<string, CachedQuery> = {
  graph: { queryKey: queryKeys.graph({ env: ['dev'] }), data: null },
  search: { queryKey: queryKeys.search('vpc'), data: null },
  health: { queryKey: queryKeys.health, data: null },
  driftList: { queryKey: queryKeys.drift({ status: ['pending'] }), data: null },
  driftOfVpc: { queryKey: queryKeys.driftDetail(VPC), data: null },
  driftOfOther: { queryKey: queryKeys.driftDetail(OTHER), data: null },
  vpc: { queryKey: queryKeys.component(VPC), data: componentAnswer(VPC, []) },
  vpcHistory: { queryKey: queryKeys.componentHistory(VPC), data: null },
  vpcEvents: { queryKey: queryKeys.componentEvents(VPC), data: null },
  clusterUsingVpc: { queryKey: queryKeys.component(CLUSTER), data: componentAnswer(CLUSTER, [VPC]) },
  other: { queryKey: queryKeys.component(OTHER), data: componentAnswer(OTHER, []) },
  otherEvents: { queryKey: queryKeys.componentEvents(OTHER), data: null },
  changesList: { queryKey: queryKeys.changes({ status: ['open'] }), data: null },
  change: { queryKey: queryKeys.change(CR), data: null },
  changeImpact: { queryKey: queryKeys.changeImpact(CR), data: null },
  otherChange: { queryKey: queryKeys.change('cr:other'), data: null },
  otherChangeImpact: { queryKey: queryKeys.changeImpact('cr:other'), data: null },
  serviceEvents: { queryKey: queryKeys.componentEvents(SERVICE), data: null },
  rolloutsList: { queryKey: queryKeys.rollouts({ status: ['running'] }), data: null },
  rolloutsOfChange: { queryKey: queryKeys.rollouts({ change: CR }), data: null },
  rollout: { queryKey: queryKeys.rollout(RO), data: null },
  otherRollout: { queryKey: queryKeys.rollout('ro:00000000-0000-4000-8000-0000000000ff'), data: null },
  history: { queryKey: queryKeys.history, data: null },
  pastGraph: { queryKey: queryKeys.past('graph', { at: '2026-07-01T00:00:00.000Z' }), data: null },
  pastDrift: { queryKey: queryKeys.past('drift', { at: '2026-07-01T00:00:00.000Z' }), data: null },
};

const concerned = (event: LiveEvent) =>
  Object.entries(QUERIES)
    .filter(([, query]) => isConcernedBy(event, query))
    .map(([name]) => name);

const graph = (changes: GraphEventData['changes']): LiveEvent => ({ type: 'graph', data: { generation: 2, previous: 1, syncedAt: null, changes } });
const change = (data: Partial<ChangeEventData>): LiveEvent => ({
  type: 'change',
  data: {
    eventId: 'ev:1',
    changeRequestId: CR,
    componentId: VPC,
    kind: 'approved',
    actor: 'carol@example.com',
    at: '2026-09-01T00:00:00.000Z',
    status: 'approved',
    rolloutId: null,
    ...data,
  },
});

describe('which queries a live event makes the browser read again', () => {
  it('a generation: graph, search, health, drift lists, impacts, the history, and the components it touched or that name one', () => {
    expect(concerned(graph({ added: [], removed: [], updated: [VPC], counts: { added: 0, removed: 0, updated: 1 } }))).toEqual([
      'graph',
      'search',
      'health',
      'driftList',
      'driftOfVpc',
      'vpc',
      'vpcHistory',
      'clusterUsingVpc',
      'changeImpact',
      'otherChangeImpact',
      'history',
    ]);
  });

  it('a generation whose lists were cut, or that is not known, concerns every component', () => {
    const cut = graph({ added: [], removed: [], updated: [VPC], counts: { added: 0, removed: 0, updated: 900 } });
    const everyComponent = ['driftOfVpc', 'driftOfOther', 'vpc', 'vpcHistory', 'clusterUsingVpc', 'other'];
    expect(concerned(cut)).toEqual(expect.arrayContaining(everyComponent));
    expect(concerned(graph(null))).toEqual(expect.arrayContaining(everyComponent));
    expect(concerned(graph(null))).not.toContain('vpcEvents');
    expect(concerned(graph(null))).not.toContain('change');
  });

  it("a change request event: the lists, that request and its impact, its component's events", () => {
    expect(concerned(change({}))).toEqual(['vpcEvents', 'changesList', 'change', 'changeImpact']);
    expect(concerned(change({ changeRequestId: null, componentId: OTHER, kind: 'config_changed', status: null }))).toEqual(['otherEvents', 'changesList']);
  });

  it("a component's lineage: a change event about it, and a generation that touched it", () => {
    const lineage: CachedQuery = { queryKey: queryKeys.componentLineage(VPC), data: null };
    const touched = (id: string) => graph({ added: [], removed: [], updated: [id], counts: { added: 0, removed: 0, updated: 1 } });
    expect([isConcernedBy(change({}), lineage), isConcernedBy(change({ componentId: OTHER }), lineage)]).toEqual([true, false]);
    expect([isConcernedBy(touched(VPC), lineage), isConcernedBy(touched(OTHER), lineage)]).toEqual([true, false]);
  });

  it("a rollout's event: the rollout lists and that rollout, besides its request and the member's events", () => {
    const deployed = change({ kind: 'rollout_member_deployed', componentId: SERVICE, status: null, rolloutId: RO });
    expect(concerned(deployed)).toEqual(['changesList', 'change', 'changeImpact', 'serviceEvents', 'rolloutsList', 'rolloutsOfChange', 'rollout']);
    // The rollout as a whole (paused, completed): no member named.
    expect(concerned(change({ kind: 'rollout_paused', componentId: null, status: null, rolloutId: RO }))).toEqual([
      'changesList',
      'change',
      'changeImpact',
      'rolloutsList',
      'rolloutsOfChange',
      'rollout',
    ]);
    // The bare uuid names the same rollout as its full id.
    expect(concerned(change({ kind: 'rollout_resumed', status: null, rolloutId: RO.slice(3) }))).toContain('rollout');
  });

  it("an event that is no rollout's concerns no rollout, nor does one from a server that sends no rolloutId", () => {
    expect(concerned(change({}))).not.toEqual(expect.arrayContaining(['rolloutsList']));
    const { rolloutId: _, ...older } = (change({}) as Extract<LiveEvent, { type: 'change' }>).data;
    const names = concerned({ type: 'change', data: older as ChangeEventData });
    expect(names.filter((n) => n.startsWith('rollout'))).toEqual([]);
    expect(names).toEqual(['vpcEvents', 'changesList', 'change', 'changeImpact']);
  });

  it('`ready` concerns nothing, `reset` everything but views of the past', () => {
    expect(concerned({ type: 'ready', data: { generation: 1 } })).toEqual([]);
    expect(concerned({ type: 'reset', data: { reason: 'missed too much' } })).toEqual(Object.keys(QUERIES).filter((name) => !name.startsWith('past')));
  });

  it('no event concerns a view of the past', () => {
    const events: LiveEvent[] = [graph(null), change({}), change({ rolloutId: RO }), { type: 'reset', data: { reason: 'missed too much' } }];
    for (const event of events) expect(concerned(event).filter((name) => name.startsWith('past'))).toEqual([]);
  });
});
