/**
 * The GraphStore contract, part four: rollouts, their compare-and-set
 * transitions, and their events in the change request's audit trail.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '@/lib/model/change-request';
import type { Rollout, RolloutMember } from '@/lib/model/rollout';
import { at, rollout, rolloutMember } from '@/lib/testing/builders';
import type { GraphStore, RolloutTransitionInput } from '../graph-store';
import { auditEvent, errorOf, propose, sampleGraph, scope, startRollout, type GraphStoreFactory, type Scope } from './fixtures';

/** Members in every state, with every optional object: deployed with a report, waiting with nothing set, skipped after a failed report. */
function members(s: Scope): RolloutMember[] {
  return [
    rolloutMember(s('dev:vpc/main'), {
      wave: 1,
      state: 'deployed',
      configVersion: 4,
      configPublishedAt: at(31),
      runtimeBefore: 2,
      requestedAt: at(32),
      deadline: at(62),
      observedRuntimeVersion: 3,
      observedAt: at(40),
      attempts: 2,
      delivery: 'dl:0001',
      hook: 'https://deploy.example.com/hooks/vpc',
      report: { status: 'succeeded', message: 'Applied "main" – ünïcode ✓\nline two', at: at(39) },
    }),
    rolloutMember(s('dev:ecs-cluster/apps'), {
      reason: 'must_redeploy',
      action: null,
      waitsFor: [s('dev:vpc/main')],
      inCycle: true,
      wave: 2,
    }),
    rolloutMember(s('dev:lambda/new'), {
      action: 'create',
      wave: 2,
      state: 'skipped',
      inCycle: true,
      attempts: 1,
      requestedAt: at(41),
      deadline: at(71),
      error: 'The pipeline said no',
      hook: 'simulator',
      report: { status: 'failed', message: '', at: at(42) },
      skipped: { by: 'carol@example.com', comment: 'Deployed by hand', at: at(43) },
    }),
  ];
}

/** Every field set, none left at its default: paused in wave 2 of 2 with a reason and a cycle. */
function fullRollout(s: Scope, changeRequestId: string): Rollout {
  return rollout(changeRequestId, {
    title: 'Widen the "main" VPC — ünïcode',
    author: 'alice@example.com',
    status: 'paused',
    revision: 4,
    createdAt: at(30),
    updatedAt: at(44),
    currentWave: 2,
    waves: 2,
    members: members(s),
    cycles: [[s('dev:ecs-cluster/apps'), s('dev:lambda/new')]],
    reason: 'dev:lambda/new failed: "The pipeline said no"',
    startedBy: 'carol@example.com',
  });
}

function rolloutEvent(rolloutId: string, changeRequestId: string, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return auditEvent({ kind: 'rollout_paused', actor: 'driver', at: at(50), changeRequestId, data: { rolloutId }, ...overrides });
}

const idsOf = (rollouts: Rollout[]) => rollouts.map((r) => r.id);

export function describeRolloutContract(makeStore: GraphStoreFactory): void {
  describe('rollouts', () => {
    it('stores a rollout with its first event and reads back every field', async () => {
      const store = await makeStore();
      const s = scope();
      await store.syncGraph(sampleGraph(s));
      const request = await propose(store, s('dev:vpc/main'), { createdAt: at(5) });
      const full = fullRollout(s, request.id);
      const started = rolloutEvent(full.id, request.id, { kind: 'rollout_started', at: at(30), componentId: s('dev:vpc/main'), data: { rolloutId: full.id, waves: 2 } });

      await store.createRollout(full, started);

      expect(await store.getRollout(full.id)).toEqual(full);
      expect(await store.listRollouts()).toEqual([full]);
      expect(await store.listEvents({ changeRequestId: request.id })).toEqual([expect.objectContaining({ kind: 'proposed' }), started]);
      expect(await store.listEvents({ componentId: s('dev:vpc/main') })).toEqual([expect.objectContaining({ kind: 'proposed' }), started]);
      const [proposed] = await store.listEventsSince(null, 1);
      expect(proposed).toMatchObject({ kind: 'proposed', changeRequestId: request.id });
      expect(await store.listEventsSince({ at: proposed.at, id: proposed.id }, 100)).toEqual([started]);
      // The graph is untouched: a rollout is no component.
      expect(await store.readGraph()).toEqual(sampleGraph(s));
    });

    it('answers null for an unknown rollout', async () => {
      const store = await makeStore();
      expect(await store.getRollout('ro:00000000-0000-4000-8000-000000000000')).toBeNull();
      expect(await store.listRollouts()).toEqual([]);
    });

    it('reads back a running rollout with no reason, nothing asked yet, and no cycles', async () => {
      const store = await makeStore();
      const s = scope();
      const request = await propose(store, s('dev:vpc/main'));
      const { rollout: started } = await startRollout(store, request, {
        members: [rolloutMember(s('dev:vpc/main')), rolloutMember(s('prod:vpc/main'), { reason: 'must_redeploy', action: null, wave: 2, waitsFor: [s('dev:vpc/main')] })],
      });

      expect(started).toMatchObject({ status: 'running', reason: null, cycles: [], waves: 2, currentWave: 1 });
      expect(await store.getRollout(started.id)).toEqual(started);
    });

    it('refuses a second rollout with the same id and keeps the first', async () => {
      const store = await makeStore();
      const s = scope();
      const request = await propose(store, s('dev:vpc/main'));
      const { rollout: first } = await startRollout(store, request);

      const error = await errorOf(store.createRollout({ ...first, title: 'again', status: 'aborted' }, rolloutEvent(first.id, request.id, { kind: 'rollout_started' })));

      expect(error).toMatchObject({ code: 'conflict', message: expect.stringContaining(first.id) });
      expect(await store.getRollout(first.id)).toEqual(first);
      expect((await store.listEvents({ changeRequestId: request.id })).map((e) => e.kind)).toEqual(['proposed', 'rollout_started']);
    });

    it('refuses a rollout of a change request that does not exist, and stores nothing', async () => {
      const store = await makeStore();
      const s = scope();
      const orphan = rollout('cr:00000000-0000-4000-8000-00000000dead', { members: [rolloutMember(s('dev:vpc/main'))] });

      const error = await errorOf(store.createRollout(orphan, rolloutEvent(orphan.id, orphan.changeRequestId, { kind: 'rollout_started', componentId: s('dev:vpc/main') })));

      expect(error).toMatchObject({ code: 'not_found', message: expect.stringContaining(orphan.changeRequestId) });
      expect(await store.getRollout(orphan.id)).toBeNull();
      expect(await store.listRollouts()).toEqual([]);
      expect(await store.listEventsSince(null, 100)).toEqual([]);
      expect(await store.listEvents({ componentId: s('dev:vpc/main') })).toEqual([]);
    });

    it("refuses events that are not about the rollout's change request", async () => {
      const store = await makeStore();
      const s = scope();
      const request = await propose(store, s('dev:vpc/main'));
      const other = await propose(store, s('prod:vpc/main'));
      const planned = rollout(request.id, { members: [rolloutMember(s('dev:vpc/main'))] });

      const stray = await errorOf(store.createRollout(planned, rolloutEvent(planned.id, other.id, { kind: 'rollout_started' })));
      const none = await errorOf(store.createRollout(planned, rolloutEvent(planned.id, request.id, { kind: 'rollout_started', changeRequestId: null })));

      expect([stray, none]).toMatchObject([{ code: 'bad_request' }, { code: 'bad_request' }]);
      expect(await store.getRollout(planned.id)).toBeNull();

      const { rollout: started } = await startRollout(store, request);
      const transition = (events: AuditEvent[]) => store.transitionRollout({ id: started.id, expectedRevision: 1, patch: { status: 'paused' }, events });
      expect(await errorOf(transition([]))).toMatchObject({ code: 'bad_request' });
      expect(await errorOf(transition([rolloutEvent(started.id, request.id), rolloutEvent(started.id, other.id)]))).toMatchObject({ code: 'bad_request' });
      expect(await store.getRollout(started.id)).toEqual(started);
      expect(await store.listEvents({ changeRequestId: other.id })).toHaveLength(1);
      expect(await store.listEvents({ changeRequestId: request.id })).toHaveLength(2);
    });

    it('lists rollouts newest first, filtered by status, change request and any member’s component', async () => {
      const store = await makeStore();
      const s = scope();
      const requests = await Promise.all([s('dev:vpc/main'), s('prod:vpc/main'), s('dev:ecs-cluster/apps'), s('dev:queue/a')].map((id) => propose(store, id)));
      const start = (i: number, overrides: Partial<Rollout>) => startRollout(store, requests[i], overrides).then((r) => r.rollout);
      const oldest = await start(0, { createdAt: at(1), members: [rolloutMember(s('dev:vpc/main')), rolloutMember(s('dev:ecs-cluster/apps'), { wave: 2 })] });
      const paused = await start(1, { createdAt: at(2), status: 'paused', reason: 'a member failed', members: [rolloutMember(s('prod:vpc/main'))] });
      // Two of one instant: ordered by id (the later request's rollout has the greater id).
      const done = await start(2, { createdAt: at(3), status: 'completed', currentWave: 2, members: [rolloutMember(s('dev:ecs-cluster/apps'))] });
      const aborted = await start(3, { createdAt: at(3), status: 'aborted', reason: 'stopped', members: [rolloutMember(s('dev:queue/a'))] });
      expect(done.id < aborted.id).toBe(true);

      expect(idsOf(await store.listRollouts())).toEqual(idsOf([done, aborted, paused, oldest]));
      expect(await store.listRollouts({})).toEqual([done, aborted, paused, oldest]);
      expect(idsOf(await store.listRollouts({ status: [] }))).toEqual(idsOf([done, aborted, paused, oldest]));
      expect(idsOf(await store.listRollouts({ status: ['running', 'paused'] }))).toEqual(idsOf([paused, oldest]));
      expect(idsOf(await store.listRollouts({ status: ['completed'] }))).toEqual(idsOf([done]));
      expect(idsOf(await store.listRollouts({ changeRequestId: requests[1].id }))).toEqual(idsOf([paused]));
      expect(idsOf(await store.listRollouts({ changeRequestId: 'cr:unknown' }))).toEqual([]);
      expect(idsOf(await store.listRollouts({ componentId: s('dev:ecs-cluster/apps') }))).toEqual(idsOf([done, oldest]));
      expect(idsOf(await store.listRollouts({ componentId: s('dev:vpc/main') }))).toEqual(idsOf([oldest]));
      // A component id is matched whole, never as part of a longer one.
      expect(idsOf(await store.listRollouts({ componentId: s('dev:ecs-cluster/app') }))).toEqual([]);
      expect(idsOf(await store.listRollouts({ componentId: s('dev:vpc/mai') }))).toEqual([]);
      expect(idsOf(await store.listRollouts({ status: ['running', 'completed'], componentId: s('dev:ecs-cluster/apps') }))).toEqual(idsOf([done, oldest]));
      expect(idsOf(await store.listRollouts({ status: ['paused'], changeRequestId: requests[0].id }))).toEqual([]);
    });
  });

  describe('rollout transitions (compare-and-set on the revision)', () => {
    /** A request for `dev:vpc/main` and its running rollout of two waves. */
    async function running(store: GraphStore, s: Scope) {
      await store.syncGraph(sampleGraph(s));
      const request = await propose(store, s('dev:vpc/main'), { createdAt: at(5) });
      const { rollout: started, started: startedEvent } = await startRollout(store, request, {
        members: [rolloutMember(s('dev:vpc/main')), rolloutMember(s('dev:lambda/new'), { reason: 'must_redeploy', action: null, wave: 2, waitsFor: [s('dev:vpc/main')] })],
      });
      return { request, started, startedEvent };
    }

    it('applies the patch, bumps the revision, takes updatedAt from the store and writes every event with it', async () => {
      const now = Date.now();
      const store = await makeStore();
      const s = scope();
      const { request, started, startedEvent } = await running(store, s);
      const asked = started.members.map((m, i) =>
        i === 0
          ? {
              ...m,
              state: 'deploying' as const,
              configVersion: 2,
              configPublishedAt: at(33),
              runtimeBefore: 1,
              requestedAt: at(34),
              deadline: at(64),
              attempts: 1,
              delivery: 'dl:1',
              hook: 'https://deploy.example.com/x',
            }
          : m,
      );
      const waveStarted = rolloutEvent(started.id, request.id, { kind: 'rollout_wave_started', at: at(34), data: { rolloutId: started.id, wave: 1 } });
      const deployRequested = rolloutEvent(started.id, request.id, { kind: 'rollout_deploy_requested', at: at(34), componentId: s('dev:vpc/main') });
      // A member that is in no graph: its events still find it, through a placeholder nothing else sees.
      const dependent = rolloutEvent(started.id, request.id, { kind: 'rollout_member_skipped', at: at(35), componentId: s('dev:lambda/new'), note: 'not needed' });
      const input: RolloutTransitionInput = {
        id: started.id,
        expectedRevision: 1,
        patch: { members: asked, currentWave: 1, reason: null },
        events: [waveStarted, deployRequested, dependent],
      };

      const updated = await store.transitionRollout(input);

      expect(updated).toEqual({ ...started, members: asked, revision: 2, updatedAt: updated.updatedAt });
      expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(now - 1000);
      expect(await store.getRollout(started.id)).toEqual(updated);
      expect(await store.listRollouts({ componentId: s('dev:lambda/new') })).toEqual([updated]);
      // (at, id): the two events of one instant in the order they were made.
      expect(await store.listEvents({ changeRequestId: request.id })).toEqual([
        expect.objectContaining({ kind: 'proposed' }),
        startedEvent,
        waveStarted,
        deployRequested,
        dependent,
      ]);
      expect(await store.listEvents({ componentId: s('dev:vpc/main') })).toEqual([expect.objectContaining({ kind: 'proposed' }), deployRequested]);
      expect(await store.listEvents({ componentId: s('dev:lambda/new') })).toEqual([dependent]);
      expect(await store.readComponent(s('dev:lambda/new'))).toBeNull();
      expect(await store.readGraph()).toEqual(sampleGraph(s));
      const [proposed] = await store.listEventsSince(null, 1);
      expect(proposed).toMatchObject({ kind: 'proposed', changeRequestId: request.id });
      expect(await store.listEventsSince({ at: proposed.at, id: proposed.id }, 100)).toEqual([startedEvent, waveStarted, deployRequested, dependent]);
    });

    it('sets and clears the reason, and changes only what the patch names', async () => {
      const store = await makeStore();
      const s = scope();
      const { request, started } = await running(store, s);

      const paused = await store.transitionRollout({
        id: started.id,
        expectedRevision: 1,
        patch: { status: 'paused', reason: 'dev:vpc/main timed out – ünïcode "quoted"' },
        events: [rolloutEvent(started.id, request.id, { kind: 'rollout_paused' })],
      });
      expect(paused).toEqual({ ...started, status: 'paused', reason: 'dev:vpc/main timed out – ünïcode "quoted"', revision: 2, updatedAt: paused.updatedAt });

      const resumed = await store.transitionRollout({
        id: started.id,
        expectedRevision: 2,
        patch: { status: 'running', reason: null, currentWave: 2 },
        events: [rolloutEvent(started.id, request.id, { kind: 'rollout_resumed', at: at(51) })],
      });
      expect(resumed).toEqual({ ...started, status: 'running', reason: null, currentWave: 2, revision: 3, updatedAt: resumed.updatedAt });
      expect(await store.getRollout(started.id)).toEqual(resumed);
      expect(await store.listRollouts({ status: ['paused'] })).toEqual([]);
      expect(await store.listRollouts({ status: ['running'] })).toEqual([resumed]);
    });

    it('refuses a stale revision, says where the rollout is, and changes nothing', async () => {
      const store = await makeStore();
      const s = scope();
      const { request, started } = await running(store, s);
      const pause = (revision: number, reason: string) =>
        store.transitionRollout({
          id: started.id,
          expectedRevision: revision,
          patch: { status: 'paused', reason },
          events: [rolloutEvent(started.id, request.id, { kind: 'rollout_paused', note: reason })],
        });
      const first = await pause(1, 'first');

      const error = await errorOf(pause(1, 'second'));

      expect(error).toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(/at revision 2, not at revision 1: someone changed it first; nothing was changed$/),
        details: { id: started.id, status: 'paused', revision: 2 },
      });
      expect(await store.getRollout(started.id)).toEqual(first);
      expect((await store.listEvents({ changeRequestId: request.id })).map((e) => e.note)).toEqual(['', '', 'first']);
      // A revision from the future is as stale as one from the past.
      expect(await errorOf(pause(7, 'third'))).toMatchObject({ code: 'conflict' });
      expect(await store.getRollout(started.id)).toEqual(first);
    });

    it('answers not_found for an unknown rollout', async () => {
      const store = await makeStore();
      const s = scope();
      const request = await propose(store, s('dev:vpc/main'));
      const id = 'ro:00000000-0000-4000-8000-00000000beef';

      const error = await errorOf(
        store.transitionRollout({ id, expectedRevision: 1, patch: { status: 'aborted' }, events: [rolloutEvent(id, request.id, { kind: 'rollout_aborted' })] }),
      );

      expect(error).toMatchObject({ code: 'not_found', message: `No rollout ${id}` });
      expect(await store.listEvents({ changeRequestId: request.id })).toHaveLength(1);
    });

    it('lets exactly one of 5 concurrent transitions from the same revision win, with only its events', async () => {
      const store = await makeStore();
      const s = scope();
      const { request, started } = await running(store, s);

      const results = await Promise.allSettled(
        Array.from({ length: 5 }, (_, i) =>
          store.transitionRollout({
            id: started.id,
            expectedRevision: 1,
            patch: { status: i % 2 === 0 ? 'paused' : 'aborted', reason: `by ${i}` },
            events: [
              rolloutEvent(started.id, request.id, { kind: 'rollout_paused', actor: `operator-${i}` }),
              rolloutEvent(started.id, request.id, { kind: 'rollout_member_retried', actor: `operator-${i}`, componentId: s('dev:vpc/main') }),
            ],
          }),
        ),
      );

      const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
      expect(won).toHaveLength(1);
      expect(lost.map((e) => e.code)).toEqual(Array(4).fill('conflict'));
      expect(won[0]).toMatchObject({ revision: 2 });
      expect(await store.getRollout(started.id)).toEqual(won[0]);
      const winner = `operator-${won[0].reason?.slice(3)}`;
      const trail = await store.listEvents({ changeRequestId: request.id });
      expect(trail.filter((e) => e.kind !== 'proposed' && e.kind !== 'rollout_started').map((e) => e.actor)).toEqual([winner, winner]);
      expect((await store.listEvents({ componentId: s('dev:vpc/main') })).map((e) => e.kind)).toEqual(['proposed', 'rollout_member_retried']);
    });
  });
}
