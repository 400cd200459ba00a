/**
 * The GraphStore contract, part two: change requests, compare-and-set
 * transitions, the audit trail, and awkward values.
 */
import { describe, expect, it } from 'vitest';
import type { ChangeRequest } from '@/lib/model/change-request';
import type { Graph } from '@/lib/model/graph';
import { at, changeMember, component } from '@/lib/testing/builders';
import type { GraphStore } from '../graph-store';
import { auditEvent, edge, errorOf, propose, sampleGraph, scope, type GraphStoreFactory, type Scope } from './fixtures';

export function describeChangeRequestContract(makeStore: GraphStoreFactory): void {
  describe('change requests', () => {
    it('creates, reads and lists requests with filters, newest first', async () => {
      const store = await makeStore();
      const s = scope();
      await store.syncGraph(sampleGraph(s));
      const first = await propose(store, s('dev:vpc/main'), { createdAt: at(1), updatedAt: at(1) });
      const second = await propose(store, s('prod:vpc/main'), { author: 'bob@example.com', createdAt: at(2), updatedAt: at(2) });
      const third = await propose(store, s('dev:vpc/main'), { status: 'rejected', createdAt: at(3), updatedAt: at(3) });

      expect(await store.getChangeRequest(first.id)).toEqual(first);
      expect(await store.getChangeRequest('cr:unknown')).toBeNull();
      expect(await store.listChangeRequests()).toEqual([third, second, first]);
      expect(await store.listChangeRequests({ env: s.env('dev') })).toEqual([third, first]);
      expect(await store.listChangeRequests({ status: ['open'] })).toEqual([second, first]);
      expect(await store.listChangeRequests({ status: ['open', 'rejected'], componentId: s('dev:vpc/main') })).toEqual([third, first]);
      expect(await store.listChangeRequests({ author: 'bob@example.com' })).toEqual([second]);
      expect(await store.listChangeRequests({ env: 'staging' })).toEqual([]);
    });

    it('keeps a change set’s members, finds it by any member’s component or environment, and records what each member wrote', async () => {
      const store = await makeStore();
      const s = scope();
      await store.syncGraph(sampleGraph(s));
      const member = (id: string, extra: Partial<ChangeRequest['members'][number]> = {}) => changeMember(id, { proposedConfig: '{"a":1}', ...extra });
      const members = [
        member(s('dev:vpc/main')),
        member(s('prod:sqs/new'), { action: 'create', baseVersion: null, git: { file: 'iac/prod/sqs/new/config.json', blob: null, baseText: null, text: '{ "a": 1 }\n' } }),
        member(s('dev:lambda/old'), { action: 'remove', proposedConfig: null }),
      ];
      const set = await propose(store, s('dev:vpc/main'), { members });
      const other = await propose(store, s('dev:vpc/main'));

      expect(await store.getChangeRequest(set.id)).toEqual(set);
      expect(await store.listChangeRequests({ componentId: s('prod:sqs/new') })).toEqual([set]);
      expect(await store.listChangeRequests({ componentId: s('dev:lambda/old') })).toEqual([set]);
      expect(await store.listChangeRequests({ env: s.env('prod') })).toEqual([set]);
      expect((await store.listChangeRequests({ componentId: s('dev:vpc/main') })).map((r) => r.id).sort()).toEqual([set.id, other.id].sort());

      const written = members.map((m, i) => (i === 0 ? { ...m, isApplied: true, appliedVersion: 2 } : m));
      const updated = await store.transitionChangeRequest({
        id: set.id,
        expectedStatus: 'open',
        expectedRevision: 1,
        patch: { status: 'apply_failed', members: written, error: 'Applied in part' },
        event: auditEvent({ changeRequestId: set.id, kind: 'apply_failed' }),
      });
      expect(updated.members).toEqual(written);
      expect(await store.getChangeRequest(set.id)).toEqual(updated);
      expect(await store.listChangeRequests({ componentId: s('prod:sqs/new') })).toEqual([updated]);
    });

    it('refuses a second request with the same id', async () => {
      const store = await makeStore();
      const s = scope();
      const request = await propose(store, s('dev:vpc/main'));

      const error = await errorOf(store.createChangeRequest({ ...request, title: 'again' }, auditEvent({ changeRequestId: request.id })));

      expect(error).toMatchObject({ code: 'conflict' });
      expect(await store.getChangeRequest(request.id)).toEqual(request);
      expect(await store.listEvents({ changeRequestId: request.id })).toHaveLength(1);
    });

    it('accepts a request for a component that does not exist yet', async () => {
      const store = await makeStore();
      const s = scope();
      await store.syncGraph(sampleGraph(s));
      const request = await propose(store, s('dev:sqs/new'), { baseVersion: null });

      expect(await store.getChangeRequest(request.id)).toEqual(request);
      expect(await store.readComponent(s('dev:sqs/new'))).toBeNull();
      expect(await store.readGraph()).toEqual(sampleGraph(s));
      expect(await store.listEvents({ componentId: s('dev:sqs/new') })).toHaveLength(1);
    });
  });

  describe('transitions (compare-and-set)', () => {
    it('applies the patch, bumps the revision and records the event together', async () => {
      const now = Date.now();
      const store = await makeStore();
      const s = scope();
      const request = await propose(store, s('dev:vpc/main'));
      const event = auditEvent({ kind: 'approved', actor: 'carol@example.com', at: at(30), changeRequestId: request.id, componentId: request.componentId });

      const updated = await store.transitionChangeRequest({
        id: request.id,
        expectedStatus: 'open',
        expectedRevision: 1,
        patch: { status: 'approved', approvals: ['carol@example.com'] },
        event,
      });

      expect(updated).toEqual({ ...request, status: 'approved', approvals: ['carol@example.com'], revision: 2, updatedAt: updated.updatedAt });
      expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(now - 1000);
      expect(await store.getChangeRequest(request.id)).toEqual(updated);
      expect((await store.listEvents({ changeRequestId: request.id })).map((e) => e.kind)).toEqual(['proposed', 'approved']);
      expect(await store.listEvents({ componentId: request.componentId })).toContainEqual(event);
    });

    it('keeps the groups each approver was in when they approved, across transitions and reads', async () => {
      const store = await makeStore();
      const s = scope();
      const request = await propose(store, s('prod:vpc/main'));
      expect(request.approverGroups).toEqual({});
      const bob = await store.transitionChangeRequest({
        id: request.id,
        expectedStatus: 'open',
        expectedRevision: 1,
        patch: { approvals: ['bob@example.com'], approverGroups: { 'bob@example.com': [] } },
        event: auditEvent({ kind: 'approved', actor: 'bob@example.com', changeRequestId: request.id }),
      });
      const groups = { 'bob@example.com': [], 'carol@example.com': ['data-team', 'Ünïcode “dbas”|pipe'] };
      const carol = await store.transitionChangeRequest({
        id: request.id,
        expectedStatus: 'open',
        expectedRevision: bob.revision,
        patch: { status: 'approved', approvals: ['bob@example.com', 'carol@example.com'], approverGroups: groups },
        event: auditEvent({ kind: 'approved', actor: 'carol@example.com', changeRequestId: request.id }),
      });
      expect(carol).toMatchObject({ approvals: ['bob@example.com', 'carol@example.com'], approverGroups: groups });
      // A later transition that does not touch the approvals keeps them and their groups.
      const applied = await store.transitionChangeRequest({
        id: request.id,
        expectedStatus: 'approved',
        expectedRevision: carol.revision,
        patch: { status: 'applied', appliedVersion: 2 },
        event: auditEvent({ kind: 'applied', changeRequestId: request.id }),
      });
      expect(applied.approverGroups).toEqual(groups);
      expect(await store.getChangeRequest(request.id)).toEqual(applied);
      expect(await store.listChangeRequests({ componentId: s('prod:vpc/main') })).toEqual([applied]);
    });

    it('sets and clears nullable fields', async () => {
      const store = await makeStore();
      const s = scope();
      const request = await propose(store, s('dev:vpc/main'), { status: 'approved' });
      const failed = await store.transitionChangeRequest({
        id: request.id,
        expectedStatus: ['approved'],
        expectedRevision: 1,
        patch: { status: 'apply_failed', error: 'SSM said "no" – ünïcode ✓' },
        event: auditEvent({ kind: 'apply_failed', changeRequestId: request.id }),
      });
      expect(failed.error).toBe('SSM said "no" – ünïcode ✓');

      const applied = await store.transitionChangeRequest({
        id: request.id,
        expectedStatus: ['apply_failed', 'approved'],
        expectedRevision: 2,
        patch: { status: 'applied', error: null, appliedVersion: 7 },
        event: auditEvent({ kind: 'applied', changeRequestId: request.id }),
      });

      expect(applied).toMatchObject({ status: 'applied', error: null, appliedVersion: 7, revision: 3 });
      expect(await store.getChangeRequest(request.id)).toEqual(applied);
    });

    it('keeps the Git base of a request and records the commit its apply made', async () => {
      const store = await makeStore();
      const s = scope();
      const git = {
        remote: 'git://127.0.0.1:9418/config.git',
        branch: 'main',
        file: 'iac/dev/vpc/main/config.json',
        commit: 'a'.repeat(40),
        blob: 'b'.repeat(40),
        baseText: '{\n  "cidr": "10.0.0.0/16"\n}\n',
        text: '{\n  "cidr": "10.1.0.0/16"\n}\n',
        author: { name: 'Alice Ünïcode', email: 'alice@example.com' },
        from: { ref: 'feature/"wider"', commit: 'c'.repeat(40) },
      };
      const request = await propose(store, s('dev:vpc/main'), { status: 'approved', kind: 'publish', git });
      expect(await store.getChangeRequest(request.id)).toEqual(request);

      const failed = await store.transitionChangeRequest({
        id: request.id,
        expectedStatus: ['approved'],
        expectedRevision: 1,
        patch: { status: 'apply_failed', error: 'in Git, not yet published', gitCommit: 'd'.repeat(40) },
        event: auditEvent({ kind: 'apply_failed', changeRequestId: request.id }),
      });
      expect(failed).toMatchObject({ kind: 'publish', git, gitCommit: 'd'.repeat(40) });
      expect(await store.getChangeRequest(request.id)).toEqual(failed);
      // A later transition that does not name the commit keeps it.
      const applied = await store.transitionChangeRequest({
        id: request.id,
        expectedStatus: ['apply_failed'],
        expectedRevision: 2,
        patch: { status: 'applied', error: null, appliedVersion: 3 },
        event: auditEvent({ kind: 'applied', changeRequestId: request.id }),
      });
      expect((await store.getChangeRequest(request.id))?.gitCommit).toBe('d'.repeat(40));
      expect(applied.gitCommit).toBe('d'.repeat(40));
    });

    it('refuses a stale revision and changes nothing', async () => {
      const store = await makeStore();
      const s = scope();
      const request = await propose(store, s('dev:vpc/main'));
      const approve = (revision: number) =>
        store.transitionChangeRequest({
          id: request.id,
          expectedStatus: 'open',
          expectedRevision: revision,
          patch: { approvals: [`approver-${revision}`] },
          event: auditEvent({ kind: 'approved', changeRequestId: request.id }),
        });
      const first = await approve(1);

      const error = await errorOf(approve(1));

      expect(error).toMatchObject({ code: 'conflict' });
      expect(await store.getChangeRequest(request.id)).toEqual(first);
      expect(await store.listEvents({ changeRequestId: request.id })).toHaveLength(2);
    });

    it('refuses a transition from another status and changes nothing', async () => {
      const store = await makeStore();
      const s = scope();
      const request = await propose(store, s('dev:vpc/main'), { status: 'rejected' });

      const error = await errorOf(
        store.transitionChangeRequest({
          id: request.id,
          expectedStatus: ['open', 'approved'],
          expectedRevision: 1,
          patch: { status: 'applied' },
          event: auditEvent({ kind: 'applied', changeRequestId: request.id }),
        }),
      );

      expect(error).toMatchObject({ code: 'conflict' });
      expect(await store.getChangeRequest(request.id)).toEqual(request);
      expect(await store.listEvents({ changeRequestId: request.id })).toHaveLength(1);
    });

    it('answers not_found for an unknown request', async () => {
      const store = await makeStore();
      const error = await errorOf(
        store.transitionChangeRequest({
          id: 'cr:missing',
          expectedStatus: 'open',
          expectedRevision: 1,
          patch: { status: 'withdrawn' },
          event: auditEvent({ kind: 'withdrawn', changeRequestId: 'cr:missing' }),
        }),
      );
      expect(error).toMatchObject({ code: 'not_found' });
    });

    it('lets exactly one of 20 concurrent transitions from the same revision win', async () => {
      const store = await makeStore();
      const s = scope();
      const request = await propose(store, s('dev:vpc/main'));

      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          store.transitionChangeRequest({
            id: request.id,
            expectedStatus: 'open',
            expectedRevision: 1,
            patch: { status: 'approved', approvals: [`approver-${i}`] },
            event: auditEvent({ kind: 'approved', actor: `approver-${i}`, changeRequestId: request.id }),
          }),
        ),
      );

      const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
      expect(won).toHaveLength(1);
      expect(lost.map((e) => e.code)).toEqual(Array(19).fill('conflict'));
      expect(await store.getChangeRequest(request.id)).toEqual(won[0]);
      const events = await store.listEvents({ changeRequestId: request.id });
      expect(events.map((e) => [e.kind, e.actor])).toEqual([
        ['proposed', 'alice@example.com'],
        ['approved', won[0].approvals[0]],
      ]);
    });
  });

  describe('events', () => {
    it('lists events per request and per component, oldest first', async () => {
      const store = await makeStore();
      const s = scope();
      await store.syncGraph(sampleGraph(s));
      const request = await propose(store, s('dev:vpc/main'), { createdAt: at(5) });
      const late = auditEvent({ kind: 'commented', at: at(40), note: 'late', changeRequestId: request.id, componentId: s('dev:vpc/main') });
      const early = auditEvent({ kind: 'commented', at: at(30), note: 'early', changeRequestId: request.id });
      const config = auditEvent({ kind: 'config_changed', at: at(35), componentId: s('dev:vpc/main'), data: { version: 2 } });
      await store.appendEvent(late);
      await store.appendEvent(early);
      await store.appendEvent(config);

      expect((await store.listEvents({ changeRequestId: request.id })).map((e) => e.note)).toEqual(['', 'early', 'late']);
      expect(await store.listEvents({ componentId: s('dev:vpc/main') })).toEqual([expect.objectContaining({ kind: 'proposed' }), config, late]);
      expect(await store.listEvents({ componentId: s('prod:vpc/main') })).toEqual([]);
      expect(await store.listEvents({ changeRequestId: 'cr:unknown' })).toEqual([]);
    });

    it('refuses an event for an unknown request', async () => {
      const store = await makeStore();
      const error = await errorOf(store.appendEvent(auditEvent({ kind: 'commented', changeRequestId: 'cr:unknown' })));
      expect(error).toMatchObject({ code: 'not_found' });
    });

    /** A request and an event about the service, then a sync without the service. */
    async function serviceLeaves(store: GraphStore, s: Scope) {
      const graph = sampleGraph(s);
      await store.syncGraph(graph);
      const request = await propose(store, s('dev:ecs-service/api'));
      await store.appendEvent(auditEvent({ kind: 'config_changed', at: at(50), componentId: s('dev:ecs-service/api') }));
      const without = structuredClone(graph);
      without.components = without.components.filter((c) => c.id !== s('dev:ecs-service/api'));
      without.edges = without.edges.filter((e) => e.from !== s('dev:ecs-service/api'));
      await store.syncGraph(without);
      return { graph, without, request };
    }

    it('keeps change requests and events when their component leaves the graph', async () => {
      const store = await makeStore();
      const s = scope();
      const { without, request } = await serviceLeaves(store, s);

      expect(await store.readGraph()).toEqual(without);
      expect(await store.readComponent(s('dev:ecs-service/api'))).toBeNull();
      expect(await store.getChangeRequest(request.id)).toEqual(request);
      expect(await store.listChangeRequests({ componentId: s('dev:ecs-service/api') })).toEqual([request]);
      expect((await store.listEvents({ componentId: s('dev:ecs-service/api') })).map((e) => e.kind)).toEqual(['proposed', 'config_changed']);
      expect(await store.listEvents({ changeRequestId: request.id })).toHaveLength(1);
    });

    it('keeps them when the component comes back, with its edges', async () => {
      const store = await makeStore();
      const s = scope();
      const { graph, request } = await serviceLeaves(store, s);

      const back = await store.syncGraph(graph);

      expect(back).toMatchObject({ written: 3, removed: 0 });
      expect(await store.readGraph()).toEqual(graph);
      expect(await store.getChangeRequest(request.id)).toEqual(request);
      expect(await store.listEvents({ componentId: s('dev:ecs-service/api') })).toHaveLength(2);
    });
  });

  describe('the change feed', () => {
    it('lists every event after a cursor in (at, id) order, a page at a time', async () => {
      const store = await makeStore();
      const s = scope();
      const request = await propose(store, s('dev:vpc/main'), { createdAt: at(5) });
      // Two events of one instant (from two instances, say), one later, one of a component alone, and one written late with an earlier time.
      const tieA = auditEvent({ kind: 'commented', at: at(30), changeRequestId: request.id, componentId: request.componentId });
      const tieB = auditEvent({ kind: 'commented', at: at(30), changeRequestId: request.id, componentId: request.componentId });
      const later = auditEvent({ kind: 'commented', at: at(40), changeRequestId: request.id });
      const config = auditEvent({ kind: 'config_changed', at: at(35), componentId: s('dev:ecs-service/api') });
      const skewed = auditEvent({ kind: 'commented', at: at(10), changeRequestId: request.id });
      for (const event of [tieB, later, config, tieA, skewed]) await store.appendEvent(event);
      const [proposed] = await store.listEvents({ changeRequestId: request.id });

      const all = [proposed, skewed, tieA, tieB, config, later];
      expect(await store.listEventsSince(null, 100)).toEqual(all);
      expect(await store.listEventsSince(null, 2)).toEqual([proposed, skewed]);
      expect(await store.listEventsSince({ at: skewed.at, id: skewed.id }, 2)).toEqual([tieA, tieB]);
      expect(await store.listEventsSince({ at: tieA.at, id: tieA.id }, 100)).toEqual([tieB, config, later]);
      expect(await store.listEventsSince({ at: at(30), id: '' }, 100)).toEqual([tieA, tieB, config, later]);
      expect(await store.listEventsSince({ at: later.at, id: later.id }, 100)).toEqual([]);
    });

    it("holds a transition's event as soon as the transition is stored", async () => {
      const store = await makeStore();
      const s = scope();
      const request = await propose(store, s('dev:vpc/main'), { createdAt: at(5) });
      const [proposed] = await store.listEventsSince(null, 100);
      const approved = auditEvent({
        kind: 'approved',
        actor: 'carol@example.com',
        at: at(6),
        changeRequestId: request.id,
        componentId: request.componentId,
        data: { status: 'approved' },
      });

      await store.transitionChangeRequest({
        id: request.id,
        expectedStatus: 'open',
        expectedRevision: 1,
        patch: { status: 'approved', approvals: ['carol@example.com'] },
        event: approved,
      });

      expect(proposed).toMatchObject({ kind: 'proposed', changeRequestId: request.id });
      expect(await store.listEventsSince({ at: proposed.at, id: proposed.id }, 100)).toEqual([approved]);
    });
  });

  describe('awkward values', () => {
    it('round-trips quotes, unicode, line breaks and an 8 KB document', async () => {
      const store = await makeStore();
      const s = scope();
      const big = {
        name: 'q"uo\'te\\ — ünïcödé 🚀 \u0000 line\nbreak',
        items: Array.from({ length: 120 }, (_, i) => ({ key: `k${i}`, value: 'é'.repeat(20), nested: { n: i, ok: i % 2 === 0, none: null } })),
      };
      const raw = JSON.stringify(big);
      expect(raw.length).toBeGreaterThan(8_000);
      const graph: Graph = {
        components: [component(s('dev:lambda/odd-one'), { config: big, configRaw: raw, meta: { 'note/"x"': 'ü"\n' }, gitConfigRaw: raw })],
        edges: [edge(s('dev:lambda/odd-one'), s('dev:s3-bucket/"odd"'), 'functions["a b"].src_nickname', { dangling: true, rule: 'src-pair' })],
        cycles: [],
        ignoredParameters: [{ env: s.env('dev'), name: '/iac/x/"y"/ü' }],
      };
      await store.syncGraph(graph);
      const request = await propose(store, s('dev:lambda/odd-one'), { title: 'Ünïcode "title" 🚀', proposedConfig: raw, impact: big });

      expect(await store.readGraph()).toEqual(graph);
      expect(await store.getChangeRequest(request.id)).toEqual(request);
      expect((await store.syncGraph(structuredClone(graph))).written).toBe(0);
    });
  });

  it('answers a ping', async () => {
    const store = await makeStore();
    await expect(store.ping()).resolves.toBeUndefined();
  });
}
