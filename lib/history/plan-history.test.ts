import { describe, expect, it } from 'vitest';
import type { Component, DriftStatus, Graph } from '@/lib/model/graph';
import type { HistoryHead } from '@/lib/model/history';
import { contentHash } from './content-hash';
import { planSyncHistory } from './plan-history';

function component(id: string, { config = 1, runtime = 1 as number | null, status = 'in_sync' as DriftStatus, since = null as string | null } = {}): Component {
  const [env, rest] = id.split(':');
  const [type, nickname] = rest.split('/');
  return {
    id,
    env,
    type,
    nickname,
    config: { v: config },
    configRaw: JSON.stringify({ v: config }),
    configVersion: config,
    configModifiedAt: `2026-06-0${config}T10:00:00.000Z`,
    configModifiedBy: null,
    runtime: runtime === null ? null : { out: runtime },
    runtimeRaw: runtime === null ? null : JSON.stringify({ out: runtime }),
    runtimeVersion: runtime,
    runtimeModifiedAt: runtime === null ? null : `2026-06-0${runtime}T11:00:00.000Z`,
    meta: {},
    ownedBy: null,
    problems: [],
    drift: { status, reasons: [`${status} because`], deployedConfigVersion: config, since },
  };
}

const graph = (...components: Component[]): Graph => ({ components, edges: [], cycles: [], ignoredParameters: [] });
const now = new Date('2026-12-01T12:00:00.000Z');

/** The heads a store holds after writing a plan. */
function apply(heads: HistoryHead[], plan: ReturnType<typeof planSyncHistory>): HistoryHead[] {
  const byId = new Map(heads.map((h) => [h.componentId, h]));
  for (const h of plan.heads) byId.set(h.componentId, h);
  return [...byId.values()];
}

describe('planSyncHistory', () => {
  it('records a first sync: every document, the drift, and the backfill to read', () => {
    const plan = planSyncHistory({ graph: graph(component('prod:vpc/main')), heads: [], now, lastSyncAt: null, backfill: true });
    expect(plan.versions.map((v) => [v.document, v.version, v.source, v.raw])).toEqual([
      ['config', 1, 'sync', '{"v":1}'],
      ['runtime', 1, 'sync', '{"out":1}'],
    ]);
    expect(plan.heads).toEqual([expect.objectContaining({ componentId: 'prod:vpc/main', drift: 'in_sync', pending: ['config', 'runtime'] })]);
    expect(plan.transitions).toEqual([expect.objectContaining({ from: null, to: 'in_sync', observedAt: now.toISOString() })]);
  });

  it('leaves nothing pending for a first sighting without backfill', () => {
    const plan = planSyncHistory({ graph: graph(component('prod:vpc/main')), heads: [], now, lastSyncAt: null, backfill: false });
    expect(plan.heads[0].pending).toEqual([]);
  });

  it('writes nothing when nothing is new', () => {
    const first = planSyncHistory({ graph: graph(component('prod:vpc/main'), component('prod:s3-bucket/a')), heads: [], now, lastSyncAt: null, backfill: true });
    const heads = apply([], first);
    const again = planSyncHistory({ graph: graph(component('prod:vpc/main'), component('prod:s3-bucket/a')), heads, now, lastSyncAt: now.toISOString(), backfill: true });
    expect(again).toEqual({ versions: [], transitions: [], heads: [] });
  });

  it('records a new config version and asks for its author, keeping the rest', () => {
    const heads = apply([], planSyncHistory({ graph: graph(component('prod:vpc/main')), heads: [], now, lastSyncAt: null, backfill: false }));
    const later = new Date('2026-12-02T00:00:00.000Z');
    const plan = planSyncHistory({
      graph: graph(component('prod:vpc/main', { config: 2, status: 'pending', since: '2026-12-01T18:00:00.000Z' })),
      heads,
      now: later,
      lastSyncAt: now.toISOString(),
      backfill: false,
    });
    expect(plan.versions.map((v) => [v.document, v.version])).toEqual([['config', 2]]);
    expect(plan.heads[0]).toMatchObject({ config: { version: 2 }, runtime: { version: 1 }, drift: 'pending', pending: ['config'] });
    // The drift began at its own `since`, which falls after the last sync.
    expect(plan.transitions).toEqual([expect.objectContaining({ from: 'in_sync', to: 'pending', at: '2026-12-01T18:00:00.000Z', reason: 'pending because' })]);
  });

  it('takes the sync time when the drift says a time before the last sync', () => {
    const heads = apply([], planSyncHistory({ graph: graph(component('prod:vpc/main')), heads: [], now, lastSyncAt: null, backfill: false }));
    const later = new Date('2026-12-02T00:00:00.000Z');
    const plan = planSyncHistory({
      graph: graph(component('prod:vpc/main', { status: 'mismatch', since: '2026-06-01T11:00:00.000Z' })),
      heads,
      now: later,
      lastSyncAt: now.toISOString(),
      backfill: false,
    });
    expect(plan.transitions[0]).toMatchObject({ to: 'mismatch', at: later.toISOString() });
    expect(plan.versions).toEqual([]);
  });

  it('records a removed runtime and a vanished component, once', () => {
    const heads = apply([], planSyncHistory({ graph: graph(component('prod:vpc/main'), component('prod:s3-bucket/a')), heads: [], now, lastSyncAt: null, backfill: true }));
    const later = new Date('2026-12-02T00:00:00.000Z');
    const plan = planSyncHistory({
      graph: graph(component('prod:vpc/main', { runtime: null, status: 'not_deployed' })),
      heads,
      now: later,
      lastSyncAt: now.toISOString(),
      backfill: true,
    });
    const removals = plan.versions.map((v) => [v.componentId, v.document, v.raw, v.version]);
    expect(removals).toEqual([
      ['prod:vpc/main', 'runtime', null, 1],
      ['prod:s3-bucket/a', 'config', null, 1],
      ['prod:s3-bucket/a', 'runtime', null, 1],
    ]);
    const gone = plan.heads.find((h) => h.componentId === 'prod:s3-bucket/a')!;
    expect(gone).toMatchObject({ config: { removed: true }, runtime: { removed: true }, drift: null, pending: [] });
    expect(plan.transitions.map((t) => [t.componentId, t.from, t.to])).toEqual([
      ['prod:vpc/main', 'in_sync', 'not_deployed'],
      ['prod:s3-bucket/a', 'in_sync', null],
    ]);
    const after = apply(heads, plan);
    expect(
      planSyncHistory({
        graph: graph(component('prod:vpc/main', { runtime: null, status: 'not_deployed' })),
        heads: after,
        now: later,
        lastSyncAt: later.toISOString(),
        backfill: true,
      }),
    ).toEqual({
      versions: [],
      transitions: [],
      heads: [],
    });
  });

  it('records a component created again after its removal as a new life', () => {
    const heads = apply([], planSyncHistory({ graph: graph(component('prod:s3-bucket/a')), heads: [], now, lastSyncAt: null, backfill: false }));
    const removed = apply(heads, planSyncHistory({ graph: graph(), heads, now: new Date('2026-12-02T00:00:00Z'), lastSyncAt: now.toISOString(), backfill: false }));
    const back = planSyncHistory({
      graph: graph(component('prod:s3-bucket/a', { config: 3, runtime: null, status: 'not_deployed' })),
      heads: removed,
      now: new Date('2026-12-03T00:00:00Z'),
      lastSyncAt: null,
      backfill: false,
    });
    expect(back.versions.map((v) => [v.document, v.version])).toEqual([['config', 3]]);
    expect(back.heads[0]).toMatchObject({ config: { version: 3, removed: false }, runtime: { removed: true }, drift: 'not_deployed', pending: ['config'] });
  });
  it('records what the listing knows: the text and its hash, the config author when the sync read it, never the runtime writer', () => {
    const c = { ...component('prod:vpc/main'), configModifiedBy: 'alice@example.com' };
    const plan = planSyncHistory({ graph: graph(c), heads: [], now, lastSyncAt: null, backfill: false });
    expect(plan.versions.map((v) => [v.document, v.hash, v.modifiedBy, v.description, v.changeRequestId, v.recordedAt])).toEqual([
      ['config', contentHash('{"v":1}'), 'alice@example.com', null, null, now.toISOString()],
      ['runtime', contentHash('{"out":1}'), null, null, null, now.toISOString()],
    ]);
    expect(plan.heads[0]).toMatchObject({ env: 'prod', type: 'vpc', nickname: 'main' });
  });

  it('records no transition for a component first seen without a drift status, and one that says a time to come is taken at the sync', () => {
    const plain = { ...component('prod:vpc/main'), drift: undefined };
    expect(planSyncHistory({ graph: graph(plain), heads: [], now, lastSyncAt: null, backfill: false }).transitions).toEqual([]);
    const ahead = component('prod:s3-bucket/a', { status: 'pending', since: '2027-01-01T00:00:00.000Z' });
    expect(planSyncHistory({ graph: graph(ahead), heads: [], now, lastSyncAt: null, backfill: false }).transitions[0]).toMatchObject({
      from: null,
      to: 'pending',
      at: now.toISOString(),
    });
  });

  it('asks for the history of a document that appears on a component already known', () => {
    const heads = apply(
      [],
      planSyncHistory({ graph: graph(component('prod:vpc/main', { runtime: null, status: 'not_deployed' })), heads: [], now, lastSyncAt: null, backfill: false }),
    );
    expect(heads[0].pending).toEqual([]);
    const plan = planSyncHistory({ graph: graph(component('prod:vpc/main')), heads, now: new Date('2026-12-02T00:00:00Z'), lastSyncAt: now.toISOString(), backfill: false });
    expect(plan.versions.map((v) => v.document)).toEqual(['runtime']);
    expect(plan.heads[0].pending).toEqual(['runtime']);
  });
});
