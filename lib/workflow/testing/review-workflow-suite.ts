/**
 * The review workflow as a suite any pair of adapters runs (like the
 * GraphStore and ParameterStore contract suites): every rule of
 * ARCHITECTURE.md §6 that a decision or an apply enforces, with what lands in
 * the parameter store and the audit trail. lib/changes/review-workflow.test.ts
 * runs it on the embedded adapters, tests/integration/change-workflow.itest.ts
 * on moto and Gremlin Server.
 */
import { parseComponentId } from '@/lib/model/ids';
import { createChangeBodySchema } from '@/lib/model/simulation';
import { describe, expect, it } from 'vitest';
import { APPLY_LEASE_MS, RECORD_WINDOW_MS } from '@/lib/changes/apply-claim';
import { newEvent } from '../audit-event';
import { configParameterName } from '../request-config';
import { applyDescription } from '@/lib/changes/write-tag';
import type { SettingsFile } from '@/lib/model/settings';
import { configHistory, PEOPLE, propose, type Harness } from './review-harness';

/** A harness over two environments (their names differ per test where the store is shared), prod needing two approvals. */
export type WorkflowHarness = Harness & {
  dev: string;
  prod: string;
  /** Whether the parameter store's history names the writer Karma gives it (local) or the AWS identity (SSM). */
  recordsUser: boolean;
  /** From now on, writes (and removals) of these parameters fail as an SSM that is down would; null: they work again. */
  refuseWrites(names: string[] | null): void;
};

export type WorkflowOptions = { autoApply?: boolean; now?: () => Date; owners?: SettingsFile['owners'] };
export type WorkflowSetup = (options: WorkflowOptions) => Promise<WorkflowHarness>;

const { alice, bob, carol, dana, victor } = PEOPLE;

/** `dev:vpc/main` in this harness's environments. */
function at(h: WorkflowHarness, id: string): string {
  return id.replace(/^(dev|prod):/, (_, env: 'dev' | 'prod') => `${h[env]}:`);
}
const vpc = (h: WorkflowHarness) => at(h, 'dev:vpc/main');
const cluster = (h: WorkflowHarness) => at(h, 'dev:ecs-cluster/core');

/** The config parameter of a component in this harness. */
function parameterOf(h: WorkflowHarness, componentId: string): string {
  const key = parseComponentId(componentId)!;
  return configParameterName(h.sources.forEnv(key.env)!, key);
}

/** A version written outside Karma (Terraform, a person in the console), or by an apply that crashed (with its description). */
async function publish(h: WorkflowHarness, componentId: string, value: string, expectedVersion: number | null, user = 'terraform', description?: string): Promise<void> {
  const store = h.sources.forEnv(parseComponentId(componentId)!.env)!;
  await store.put({ name: parameterOf(h, componentId), value, expectedVersion, user, description });
}

/** A change set by `user`: each member an existing id with its new config, a new id with its config, or an id with null (remove it). */
async function proposeSet(h: WorkflowHarness, user: (typeof PEOPLE)[keyof typeof PEOPLE], members: Array<[string, Record<string, unknown> | null]>, title = 'A change set') {
  const baseVersions: Array<number | null> = [];
  const body = [];
  for (const [id, config] of members) {
    const existing = await h.graph.readComponent(id).catch(() => null);
    const version = existing?.component.configVersion ?? null;
    baseVersions.push(version);
    const target = version === null ? parseComponentId(id)! : { componentId: id };
    body.push(config === null ? { ...target, remove: true } : { ...target, proposedConfig: JSON.stringify(config, null, 2) });
  }
  return h.service.create(user, createChangeBodySchema.parse({ members: body, baseVersions, title }));
}

const kinds = async (h: Harness, id: string) => (await h.store.listEvents({ changeRequestId: id })).map((e) => `${e.kind}:${e.actor.split('@')[0]}`);

export function describeReviewWorkflow(label: string, setupWith: WorkflowSetup): void {
  const setup = (options: WorkflowOptions = {}) => setupWith(options);
  describe(`review workflow (${label})`, () => {
    describe('approving', () => {
      it('needs two distinct approvers in prod, refusing the author and a second approval by the same person', async () => {
        const h = await setup();
        const request = await propose(h, alice, at(h, 'prod:vpc/main'), { az_count: 3 });

        await expect(h.service.approve(bob, request.id, { comment: '' })).resolves.toMatchObject({ change: { status: 'open', approvals: [bob.id] } });
        await expect(h.service.approve(bob, request.id, { comment: '' })).rejects.toMatchObject({ code: 'conflict', message: 'You already approved this request' });
        await expect(h.service.approve(alice, request.id, { comment: '' })).rejects.toMatchObject({ code: 'forbidden', status: 403 });
        const done = await h.service.approve(carol, request.id, { comment: 'LGTM' });

        expect(done.change).toMatchObject({ status: 'approved', approvals: [bob.id, carol.id], revision: 3 });
        expect(await kinds(h, request.id)).toEqual(['proposed:alice', 'approved:bob', 'approved:carol']);
        expect((await h.store.listEvents({ changeRequestId: request.id })).at(-1)).toMatchObject({ note: 'LGTM', data: { status: 'approved', approvals: 2, required: 2 } });
      });

      it('refuses an author approving their own request even as an approver', async () => {
        const h = await setup();
        const request = await propose(h, bob, vpc(h), { az_count: 3 });
        await expect(h.service.approve(bob, request.id, { comment: '' })).rejects.toMatchObject({
          code: 'forbidden',
          message: 'You proposed this request: someone else must approve it',
        });
      });

      it('finds a request stale at decision time when the config moved in SSM, marks it with an event and refuses with 409', async () => {
        const h = await setup();
        const request = await propose(h, alice, vpc(h), { az_count: 3 });
        // Someone publishes a new version outside Karma.
        await publish(h, vpc(h), '{"cidr":"10.0.0.0/16","az_count":4}', 1);

        await expect(h.service.approve(bob, request.id, { comment: '' })).rejects.toMatchObject({
          code: 'stale_version',
          status: 409,
          message: expect.stringContaining(`${vpc(h)} is now at version 2, but this request was based on version 1`),
        });
        const stale = await h.store.getChangeRequest(request.id);
        expect(stale).toMatchObject({ status: 'stale', approvals: [], error: expect.stringContaining('found when bob@example.com tried to approve it') });
        expect(await kinds(h, request.id)).toEqual(['proposed:alice', 'stale:bob']);
        await expect(h.service.approve(carol, request.id, { comment: '' })).rejects.toMatchObject({ code: 'invalid_transition' });
      });
    });

    describe('approvals by ownership', () => {
      // The cluster depends on the vpc; data-team owns every cluster (in any environment: the itest's names vary).
      const owners = [{ match: 'ecs-cluster/*', groups: ['data-team'] }];
      const carolInData = { ...carol, groups: ['data-team'] };
      const erinInSre = { ...PEOPLE.erin, groups: ['sre'] };

      it('keeps a request open until the owners approve, past the count; records each approver’s groups; then applies', async () => {
        const h = await setup({ owners });
        const request = await propose(h, alice, at(h, 'prod:vpc/main'), { az_count: 3 });
        const owned = at(h, 'prod:ecs-cluster/core');
        const why = `an approval from data-team (data-team owns ${owned}, which depends on ${at(h, 'prod:vpc/main')})`;

        await h.service.approve(bob, request.id, { comment: '' });
        const counted = await h.service.approve(dana, request.id, { comment: '' });
        expect(counted.change).toMatchObject({ status: 'open', approvals: [bob.id, dana.id], approverGroups: { [bob.id]: [], [dana.id]: [] } });
        expect((await h.store.listEvents({ changeRequestId: request.id })).at(-1)).toMatchObject({
          data: { status: 'open', approvals: 2, required: 2, groups: [], ownersMet: [], ownersMissing: [['data-team']] },
        });
        await expect(h.service.apply(dana, request.id, { comment: '' })).rejects.toMatchObject({
          code: 'invalid_transition',
          status: 409,
          message: `The request still needs ${why} before it can be applied`,
        });
        await expect(h.service.approve(erinInSre, request.id, { comment: '' })).rejects.toMatchObject({
          code: 'forbidden',
          message: `The request already has the 2 approvals it needs from its environment, and still needs ${why}: you are not in data-team`,
        });

        const view = await h.service.view(bob, request.id);
        expect(view.ownerApprovals).toEqual({
          requirements: [
            {
              groups: ['data-team'],
              owns: [
                {
                  componentId: owned,
                  reach: 'dependent',
                  path: [owned, at(h, 'prod:vpc/main')],
                  match: 'ecs-cluster/*',
                  reason: `data-team owns ${owned}, which depends on ${at(h, 'prod:vpc/main')}`,
                },
              ],
              metBy: null,
              reason: `data-team owns ${owned}, which depends on ${at(h, 'prod:vpc/main')}`,
            },
          ],
          missing: [['data-team']],
          isMet: false,
        });
        expect(view.allowedActions.approve).toMatchObject({ allowed: false, code: 'conflict' });
        expect((await h.service.view(carolInData, request.id)).allowedActions.approve).toEqual({ allowed: true });

        const done = await h.service.approve(carolInData, request.id, { comment: 'data-team is fine with it' });
        expect(done.change).toMatchObject({ status: 'approved', approvals: [bob.id, dana.id, carol.id], approverGroups: { [carol.id]: ['data-team'] } });
        expect((await h.store.listEvents({ changeRequestId: request.id })).at(-1)).toMatchObject({
          actor: carol.id,
          data: { status: 'approved', approvals: 3, groups: ['data-team'], ownersMet: [['data-team']], ownersMissing: [] },
        });
        expect((await h.service.view(bob, request.id)).ownerApprovals).toMatchObject({
          requirements: [{ metBy: { approver: carol.id, group: 'data-team' } }],
          missing: [],
          isMet: true,
        });
        await expect(h.service.apply(bob, request.id, { comment: '' })).resolves.toMatchObject({ change: { status: 'applied' } });
      });

      it('judges an approval by the groups its approver was in when they approved, not by their groups now', async () => {
        const h = await setup({ owners });
        const request = await propose(h, alice, at(h, 'prod:vpc/main'), { az_count: 3 });
        // carol approves before she joins data-team; being in it now neither meets the requirement nor lets her approve twice.
        await h.service.approve(carol, request.id, { comment: '' });
        await h.service.approve(bob, request.id, { comment: '' });
        expect((await h.service.view(carolInData, request.id)).ownerApprovals.isMet).toBe(false);
        await expect(h.service.approve(carolInData, request.id, { comment: '' })).rejects.toMatchObject({ code: 'conflict' });
      });

      it('lets one approval count for both the environment and the owners', async () => {
        const h = await setup({ owners });
        const request = await propose(h, alice, at(h, 'prod:vpc/main'), { az_count: 3 });
        await h.service.approve(carolInData, request.id, { comment: '' });
        await expect(h.service.approve(bob, request.id, { comment: '' })).resolves.toMatchObject({ change: { status: 'approved', approvals: [carol.id, bob.id] } });
      });

      it('never lets the author’s own group membership meet the requirement', async () => {
        const h = await setup({ owners });
        const request = await propose(h, carolInData, at(h, 'prod:vpc/main'), { az_count: 3 });
        await expect(h.service.approve(carolInData, request.id, { comment: '' })).rejects.toMatchObject({ code: 'forbidden' });
        await h.service.approve(bob, request.id, { comment: '' });
        await expect(h.service.approve(dana, request.id, { comment: '' })).resolves.toMatchObject({ change: { status: 'open' } });
      });

      it('with autoApply, applies on the approval that completes both the count and the owners, not before', async () => {
        const h = await setup({ owners, autoApply: true });
        const request = await propose(h, alice, at(h, 'prod:vpc/main'), { az_count: 3 });
        await h.service.approve(bob, request.id, { comment: '' });
        await expect(h.service.approve(dana, request.id, { comment: '' })).resolves.toMatchObject({ change: { status: 'open' }, apply: null });
        expect(await configHistory(h, at(h, 'prod:vpc/main'))).toHaveLength(1);
        const done = await h.service.approve(carolInData, request.id, { comment: '' });
        expect(done.change.status).toBe('applied');
        expect(await configHistory(h, at(h, 'prod:vpc/main'))).toHaveLength(2);
      });

      it('asks nothing of the owners for a change that reaches nothing they own', async () => {
        const h = await setup({ owners });
        const request = await propose(h, alice, at(h, 'prod:sqs-queue/jobs'), { visibility_timeout_seconds: 60 });
        await h.service.approve(bob, request.id, { comment: '' });
        const done = await h.service.approve(dana, request.id, { comment: '' });
        expect(done.change.status).toBe('approved');
        expect((await h.service.view(bob, request.id)).ownerApprovals).toEqual({ requirements: [], missing: [], isMet: true });
      });
    });

    describe('rejecting, withdrawing, commenting', () => {
      it('rejects with the reviewer’s reason; only the author withdraws; nobody decides a closed request', async () => {
        const h = await setup();
        const rejected = await propose(h, alice, vpc(h), { az_count: 3 });
        const withdrawn = await propose(h, alice, at(h, 'dev:sqs-queue/jobs'), { visibility_timeout_seconds: 60 });

        await expect(h.service.reject(bob, rejected.id, { comment: 'Three AZs cost too much in dev' })).resolves.toMatchObject({ change: { status: 'rejected' } });
        await expect(h.service.withdraw(bob, withdrawn.id, { comment: '' })).rejects.toMatchObject({
          code: 'forbidden',
          message: 'Only the author (alice@example.com) may withdraw this request',
        });
        await expect(h.service.withdraw(alice, withdrawn.id, { comment: 'Not needed after all' })).resolves.toMatchObject({ change: { status: 'withdrawn' } });
        await expect(h.service.approve(bob, rejected.id, { comment: '' })).rejects.toMatchObject({
          code: 'invalid_transition',
          message: 'The request is rejected: it cannot be approved now',
        });

        expect((await h.store.listEvents({ changeRequestId: rejected.id })).at(-1)).toMatchObject({ kind: 'rejected', actor: bob.id, note: 'Three AZs cost too much in dev' });
      });

      it('takes comments from proposers up on any request, as events that do not move the revision', async () => {
        const h = await setup();
        const request = await propose(h, alice, vpc(h), { az_count: 3 });
        await h.service.comment(bob, request.id, { text: 'Why three?' });
        await h.service.comment(alice, request.id, { text: 'A third AZ for the new subnets' });
        await expect(h.service.comment(victor, request.id, { text: 'hi' })).rejects.toMatchObject({ code: 'forbidden' });

        expect(await h.store.getChangeRequest(request.id)).toMatchObject({ revision: 1 });
        const view = await h.service.view(victor, request.id);
        expect(view.events.filter((e) => e.kind === 'commented').map((e) => `${e.actor}: ${e.note}`)).toEqual([
          'bob@example.com: Why three?',
          'alice@example.com: A third AZ for the new subnets',
        ]);
      });
    });

    describe('applying', () => {
      it('writes the proposal as compact JSON at baseVersion + 1, records it, re-syncs the graph and leaves the component pending', async () => {
        const h = await setup();
        const request = await propose(h, alice, vpc(h), { az_count: 3 });
        await h.service.approve(bob, request.id, { comment: '' });

        const { change, apply } = await h.service.apply(dana, request.id, { comment: 'Ship it' });

        expect(change).toMatchObject({ status: 'applied', appliedVersion: 2, error: null });
        expect(apply).toMatchObject({ ok: true, version: 2, isRecovered: false, staled: [], sync: { ok: true }, webhook: 'off' });
        const history = await configHistory(h, vpc(h));
        expect(history.map((v) => v.version)).toEqual([1, 2]);
        expect(history[1]).toMatchObject({ value: '{"cidr":"10.0.0.0/16","az_count":3}', ...(h.recordsUser ? { modifiedBy: dana.id } : {}) });
        const { component } = await h.graph.readComponent(vpc(h));
        expect(component).toMatchObject({ configVersion: 2, config: { az_count: 3 } });
        expect(await kinds(h, request.id)).toEqual(['proposed:alice', 'approved:bob', 'apply_started:dana', 'applied:dana']);
        // The component's history across requests has the same events.
        expect((await h.service.componentEvents(victor, vpc(h))).map((e) => e.kind)).toEqual(['proposed', 'approved', 'apply_started', 'applied']);
      });

      it('makes every other open request on the component stale right after, with an event naming the applied one', async () => {
        const h = await setup();
        const first = await propose(h, alice, vpc(h), { az_count: 3 });
        const second = await propose(h, alice, vpc(h), { az_count: 4 });
        const other = await propose(h, alice, cluster(h), { capacity_providers: ['FARGATE_SPOT'] });
        await h.service.approve(bob, first.id, { comment: '' });
        await h.service.approve(bob, second.id, { comment: '' });

        const { apply } = await h.service.apply(bob, first.id, { comment: '' });

        expect(apply?.staled).toEqual([second.id]);
        expect(await h.store.getChangeRequest(second.id)).toMatchObject({ status: 'stale', error: expect.stringContaining(`${first.id} was applied as version 2`) });
        expect(await h.store.getChangeRequest(other.id)).toMatchObject({ status: 'open' });
        await expect(h.service.apply(bob, second.id, { comment: '' })).rejects.toMatchObject({ code: 'invalid_transition', status: 409 });
        expect((await configHistory(h, vpc(h))).length).toBe(2);
      });

      it('refuses before anything is written when the approvals are not in, or the user may not apply', async () => {
        const h = await setup();
        const request = await propose(h, alice, at(h, 'prod:vpc/main'), { az_count: 3 });
        await h.service.approve(bob, request.id, { comment: '' });
        await expect(h.service.apply(dana, request.id, { comment: '' })).rejects.toMatchObject({ code: 'invalid_transition' });
        await h.service.approve(carol, request.id, { comment: '' });
        await expect(h.service.apply(alice, request.id, { comment: '' })).rejects.toMatchObject({ code: 'forbidden' });
        expect((await configHistory(h, at(h, 'prod:vpc/main'))).length).toBe(1);
        await expect(h.service.apply(carol, request.id, { comment: '' })).resolves.toMatchObject({ change: { status: 'applied', appliedVersion: 2 } });
      });

      it('applies on the last approval when autoApply is on', async () => {
        const h = await setup({ autoApply: true });
        const request = await propose(h, alice, vpc(h), { az_count: 3 });
        const result = await h.service.approve(bob, request.id, { comment: '' });
        expect(result).toMatchObject({ change: { status: 'applied', appliedVersion: 2 }, apply: { ok: true, version: 2 } });
        expect(await kinds(h, request.id)).toEqual(['proposed:alice', 'approved:bob', 'apply_started:bob', 'applied:bob']);
      });

      it('creates a new component’s config from nothing', async () => {
        const h = await setup();
        const request = await h.service.create(
          alice,
          createChangeBodySchema.parse({
            env: h.dev,
            type: 'sqs-queue',
            nickname: 'exports',
            proposedConfig: '{ "visibility_timeout_seconds": 90 }',
            title: 'A queue for exports',
            baseVersion: null,
          }),
        );
        await h.service.approve(bob, request.id, { comment: '' });
        await h.service.apply(bob, request.id, { comment: '' });
        expect((await configHistory(h, at(h, 'dev:sqs-queue/exports'))).map((v) => [v.version, v.value])).toEqual([[1, '{"visibility_timeout_seconds":90}']]);
        expect((await h.graph.readComponent(at(h, 'dev:sqs-queue/exports'))).component.configVersion).toBe(1);
      });
    });

    describe('an interrupted apply', () => {
      /** What a crashed apply leaves behind: its claim on the request (and, if it got that far, its write). */
      async function crashedApply(h: WorkflowHarness, now: () => Date) {
        const request = await propose(h, alice, vpc(h), { az_count: 3 });
        const { change: approved } = await h.service.approve(bob, request.id, { comment: '' });
        await h.store.transitionChangeRequest({
          id: request.id,
          expectedStatus: 'approved',
          expectedRevision: approved.revision,
          patch: { status: 'approved' },
          event: newEvent(request, { kind: 'apply_started', actor: carol.id, at: now(), data: { claim: 'crashed', revision: approved.revision + 1 } }),
        });
        return request;
      }

      it('that wrote SSM but not its record is recorded by the next apply once its record window is over, from the write that names it, never written again', async () => {
        // SSM stamps the write with its own clock: the test's clock starts from the real one.
        let clock = Date.now();
        const now = () => new Date(clock);
        const h = await setup({ now });
        const request = await crashedApply(h, now);
        await publish(h, vpc(h), request.proposedConfig, 1, carol.id, applyDescription(request));

        const recording = await h.service.view(bob, request.id);
        expect(recording.applyInProgress).toMatchObject({ actor: carol.id, isExpired: false, written: { version: 2, isRecordable: false } });
        expect(recording.allowedActions.apply).toMatchObject({ allowed: false, reason: expect.stringContaining('which is being recorded') });

        clock += RECORD_WINDOW_MS + 5_000;
        const gaveUp = await h.service.view(bob, request.id);
        expect(gaveUp.applyInProgress).toMatchObject({ isExpired: false, written: { version: 2, isRecordable: true } });
        expect(gaveUp.allowedActions.apply).toEqual({ allowed: true });
        expect(gaveUp.allowedActions.approve).toMatchObject({ allowed: false, reason: expect.stringContaining('carol@example.com started applying') });
        const { change, apply } = await h.service.apply(bob, request.id, { comment: '' });

        expect(change).toMatchObject({ status: 'applied', appliedVersion: 2 });
        expect(apply).toMatchObject({ isRecovered: true, version: 2 });
        expect((await configHistory(h, vpc(h))).length).toBe(2);
        const applied = (await h.store.listEvents({ changeRequestId: request.id })).filter((e) => e.kind === 'applied');
        expect(applied).toEqual([expect.objectContaining({ actor: bob.id, data: expect.objectContaining({ recovered: true, version: 2 }) })]);
      });

      it('that had not written is shown in progress until its lease runs out (its write may still land); then the next apply writes once', async () => {
        let clock = Date.parse('2026-11-20T10:00:00Z');
        const now = () => new Date(clock);
        const h = await setup({ now });
        const request = await crashedApply(h, now);

        clock += 30_000;
        const during = await h.service.view(bob, request.id);
        expect(during.applyInProgress).toMatchObject({ actor: carol.id, isExpired: false, written: null });
        expect(during.allowedActions.apply).toMatchObject({ allowed: false, reason: expect.stringContaining('carol@example.com started applying') });
        await expect(h.service.apply(bob, request.id, { comment: '' })).rejects.toMatchObject({ code: 'invalid_transition' });

        clock += APPLY_LEASE_MS;
        expect((await h.service.view(bob, request.id)).allowedActions.apply).toEqual({ allowed: true });
        const { change, apply } = await h.service.apply(bob, request.id, { comment: '' });
        expect(change).toMatchObject({ status: 'applied', appliedVersion: 2 });
        expect(apply).toMatchObject({ isRecovered: false, version: 2 });
        expect((await configHistory(h, vpc(h))).map((v) => v.value)).toEqual([expect.any(String), request.proposedConfig]);
      });

      it('does not mistake another request’s write of the same text for its own: that is a stale request', async () => {
        let clock = Date.parse('2026-11-20T10:00:00Z');
        const now = () => new Date(clock);
        const h = await setup({ now });
        const request = await crashedApply(h, now);
        await publish(h, vpc(h), request.proposedConfig, 1, carol.id, applyDescription({ id: 'cr:someone-else', title: request.title }));

        clock += APPLY_LEASE_MS + 1_000;
        await expect(h.service.apply(bob, request.id, { comment: '' })).rejects.toMatchObject({ code: 'stale_version' });
        expect(await h.store.getChangeRequest(request.id)).toMatchObject({ status: 'stale' });
        expect((await configHistory(h, vpc(h))).length).toBe(2);
      });
    });

    describe('the review view', () => {
      it('sends each user the actions the policy allows them, with reasons, and both diffs once the config moved', async () => {
        const h = await setup();
        const request = await propose(h, alice, vpc(h), { az_count: 3 });
        const asAlice = await h.service.view(alice, request.id);
        expect(asAlice.allowedActions).toMatchObject({
          approve: { allowed: false, code: 'forbidden', reason: 'Approve needs the approver role; you are a proposer' },
          withdraw: { allowed: true },
          comment: { allowed: true },
        });
        expect(asAlice.config).toMatchObject({ isMoved: false, base: { version: 1 }, current: { version: 1 }, againstCurrent: null, readError: null });
        expect(asAlice.config.againstBase).toEqual([{ kind: 'changed', path: 'az_count', before: 2, after: 3 }]);
        expect((await h.service.view(bob, request.id)).allowedActions.approve).toEqual({ allowed: true });

        await publish(h, vpc(h), '{"cidr":"10.1.0.0/16","az_count":2}', 1);
        const moved = await h.service.view(bob, request.id);
        expect(moved.config).toMatchObject({ isMoved: true, current: { version: 2, ...(h.recordsUser ? { modifiedBy: 'terraform' } : {}) } });
        expect(moved.config.againstCurrent).toEqual([
          { kind: 'changed', path: 'az_count', before: 2, after: 3 },
          { kind: 'changed', path: 'cidr', before: '10.1.0.0/16', after: '10.0.0.0/16' },
        ]);
        expect(moved.allowedActions.approve).toMatchObject({ allowed: false, code: 'stale_version' });
        // Looking does not change anything: the request is marked stale by the next decision, not by a read.
        expect(moved.status).toBe('open');
      });

      it('re-simulates the proposal against today’s graph and says what differs from submission', async () => {
        const h = await setup();
        const request = await propose(h, alice, vpc(h), { az_count: 3 });
        expect(await h.service.currentImpact(victor, request.id)).toMatchObject({ status: 'current', isChanged: false, differences: [] });

        // A second consumer of the vpc appears: the blast radius grows.
        await publish(h, at(h, 'dev:ecs-cluster/batch'), '{"vpc_nickname":"main"}', null);
        await h.graph.sync('manual');
        const now = await h.service.currentImpact(victor, request.id);
        expect(now).toMatchObject({ status: 'current', isChanged: true });
        expect(now.status === 'current' && now.differences.find((d) => d.kind === 'blast_radius')).toMatchObject({ before: 1, after: 2, added: [at(h, 'dev:ecs-cluster/batch')] });

        await h.service.withdraw(alice, request.id, { comment: '' });
        expect(await h.service.currentImpact(victor, request.id)).toMatchObject({ status: 'unavailable' });
      });
    });

    describe('change sets', () => {
      const queue = (h: WorkflowHarness) => at(h, 'dev:sqs-queue/orders');
      /** The cluster starts using a new queue: the queue must be published first. */
      const newQueueSet = (h: WorkflowHarness) =>
        proposeSet(h, alice, [
          [cluster(h), { vpc_nickname: 'main', capacity_providers: ['FARGATE'], sqs_queue_nickname: 'orders' }],
          [queue(h), { visibility_timeout_seconds: 60 }],
        ]);
      const values = async (h: WorkflowHarness, id: string) => (await configHistory(h, id)).map((v) => [v.version, v.value]);

      it('applies every member under one approval, providers first, each written once, and records what each wrote', async () => {
        const h = await setup();
        const request = await newQueueSet(h);
        expect(request.members.map((m) => [m.componentId, m.action, m.baseVersion])).toEqual([
          [cluster(h), 'update', 1],
          [queue(h), 'create', null],
        ]);
        await h.service.approve(bob, request.id, { comment: '' });
        const { change, apply } = await h.service.apply(bob, request.id, { comment: '' });

        expect(apply?.members.map((m) => [m.componentId, m.action, m.version])).toEqual([
          [queue(h), 'create', 1],
          [cluster(h), 'update', 2],
        ]);
        expect(change).toMatchObject({ status: 'applied', appliedVersion: 2 });
        expect(change.members.map((m) => [m.componentId, m.isApplied, m.appliedVersion])).toEqual([
          [cluster(h), true, 2],
          [queue(h), true, 1],
        ]);
        expect(await values(h, queue(h))).toEqual([[1, '{"visibility_timeout_seconds":60}']]);
        expect(await values(h, cluster(h))).toHaveLength(2);
        // The queue was in SSM before the cluster referred to it.
        const [queueWrite] = await configHistory(h, queue(h));
        const clusterWrite = (await configHistory(h, cluster(h))).at(-1)!;
        expect(Date.parse(queueWrite.modifiedAt)).toBeLessThanOrEqual(Date.parse(clusterWrite.modifiedAt));
        expect(await kinds(h, request.id)).toEqual(['proposed:alice', 'approved:bob', 'apply_started:bob', 'applied:bob']);
        expect((await h.store.listChangeRequests({ componentId: queue(h) })).map((r) => r.id)).toEqual([request.id]);
        // The set's events are on the timeline of every member, not only the first.
        expect((await h.service.componentEvents(victor, queue(h))).map((e) => e.kind)).toEqual(['proposed', 'approved', 'apply_started', 'applied']);
        expect((await h.graph.readComponent(cluster(h))).outgoing.map((e) => e.to)).toContain(queue(h));
      });

      it('needs the approvals of the strictest environment it touches', async () => {
        const h = await setup();
        const request = await proposeSet(h, alice, [
          [at(h, 'dev:sqs-queue/jobs'), { visibility_timeout_seconds: 45 }],
          [at(h, 'prod:sqs-queue/jobs'), { visibility_timeout_seconds: 45 }],
        ]);
        expect((await h.service.approve(bob, request.id, { comment: '' })).change.status).toBe('open');
        expect((await h.service.view(bob, request.id)).requiredApprovals).toBe(2);
        expect((await h.service.approve(carol, request.id, { comment: '' })).change.status).toBe('approved');
      });

      it('is stale when any member moved since it was proposed, and nothing of it is written', async () => {
        const h = await setup();
        const request = await proposeSet(h, alice, [
          [vpc(h), { cidr: '10.0.0.0/16', az_count: 3 }],
          [at(h, 'dev:sqs-queue/jobs'), { visibility_timeout_seconds: 45 }],
        ]);
        await h.service.approve(bob, request.id, { comment: '' });
        await publish(h, at(h, 'dev:sqs-queue/jobs'), '{"visibility_timeout_seconds":31}', 1);

        await expect(h.service.apply(bob, request.id, { comment: '' })).rejects.toMatchObject({ code: 'stale_version' });
        const stale = await h.service.getOrThrow(bob, request.id);
        expect(stale.status).toBe('stale');
        expect(stale.error).toContain(`${at(h, 'dev:sqs-queue/jobs')} is now at version 2, but this request was based on version 1`);
        expect(await values(h, vpc(h))).toHaveLength(1);
        expect(await values(h, at(h, 'dev:sqs-queue/jobs'))).toHaveLength(2);
      });

      it('is apply_failed naming what was written when SSM fails after the first member, and the retry writes only the rest', async () => {
        const h = await setup();
        const request = await newQueueSet(h);
        await h.service.approve(bob, request.id, { comment: '' });
        h.refuseWrites([parameterOf(h, cluster(h))]);

        await expect(h.service.apply(bob, request.id, { comment: '' })).rejects.toMatchObject({ message: expect.stringContaining('Applied in part') });
        const failed = await h.service.getOrThrow(bob, request.id);
        expect(failed.status).toBe('apply_failed');
        expect(failed.error).toContain(`wrote ${queue(h)} (version 1); not written: ${cluster(h)}`);
        expect(failed.members.map((m) => [m.componentId, m.isApplied])).toEqual([
          [cluster(h), false],
          [queue(h), true],
        ]);
        const events = await h.store.listEvents({ changeRequestId: request.id });
        expect(events.at(-1)).toMatchObject({ kind: 'apply_failed', data: { written: [{ componentId: queue(h), version: 1 }], notWritten: [cluster(h)] } });

        h.refuseWrites(null);
        const { change, apply } = await h.service.apply(bob, request.id, { comment: 'SSM is back' });
        expect(change.status).toBe('applied');
        expect(apply?.members.map((m) => [m.componentId, m.version, m.isRecovered])).toEqual([
          [queue(h), 1, true],
          [cluster(h), 2, false],
        ]);
        expect(await values(h, queue(h))).toEqual([[1, '{"visibility_timeout_seconds":60}']]);
        expect(await values(h, cluster(h))).toHaveLength(2);
      });

      it('removes a component nothing depends on, and refuses to remove one something depends on', async () => {
        const h = await setup();
        await expect(proposeSet(h, alice, [[vpc(h), null]])).rejects.toMatchObject({
          code: 'validation_failed',
          message: expect.stringContaining(`${cluster(h)} depends on ${vpc(h)}`),
        });

        const request = await proposeSet(h, alice, [[at(h, 'dev:sqs-queue/jobs'), null]], 'Retire the jobs queue');
        expect(request.members[0]).toMatchObject({ action: 'remove', proposedConfig: null, baseVersion: 1 });
        await h.service.approve(bob, request.id, { comment: '' });
        const { change, apply } = await h.service.apply(bob, request.id, { comment: '' });
        expect(change.status).toBe('applied');
        expect(apply?.members).toEqual([{ componentId: at(h, 'dev:sqs-queue/jobs'), action: 'remove', version: null, isRecovered: false }]);
        expect(await configHistory(h, at(h, 'dev:sqs-queue/jobs'))).toEqual([]);
      });
    });
  });
}
