import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '@/lib/auth/roles';
import { changeMember } from '@/lib/testing/builders';
import type { ChangeRequest, ChangeStatus } from '@/lib/model/change-request';
import {
  allowedActions,
  assertAllowed,
  assertMay,
  decideAction,
  isFullyApproved,
  may,
  movedMember,
  requiredApprovals,
  requiredApprovalsFor,
  type ChangeAction,
  type ReviewAction,
  type ReviewState,
} from './policy';
import { ownerRequirements, type OwnerRequirement } from './ownership';

const user = (role: Role) => ({ role, name: `${role} user` });

describe('who may do what with change requests', () => {
  const table: Array<[ChangeAction, Record<Role, boolean>]> = [
    ['view', { viewer: true, proposer: true, approver: true, admin: true }],
    ['simulate', { viewer: false, proposer: true, approver: true, admin: true }],
    ['propose', { viewer: false, proposer: true, approver: true, admin: true }],
    ['comment', { viewer: false, proposer: true, approver: true, admin: true }],
    ['withdraw', { viewer: false, proposer: true, approver: true, admin: true }],
    ['approve', { viewer: false, proposer: false, approver: true, admin: true }],
    ['reject', { viewer: false, proposer: false, approver: true, admin: true }],
    ['apply', { viewer: false, proposer: false, approver: true, admin: true }],
  ];

  it.each(table)('%s', (action, expected) => {
    expect(Object.fromEntries(ROLES.map((role) => [role, may(user(role), action)]))).toEqual(expected);
  });

  it('refuses a viewer with a 403 that says which role is needed', () => {
    expect(() => assertMay(user('viewer'), 'propose')).toThrow(
      expect.objectContaining({ code: 'forbidden', status: 403, message: 'Only a proposer or above may propose changes; viewer user is a viewer' }),
    );
    expect(() => assertMay(user('viewer'), 'simulate')).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => assertMay(user('proposer'), 'propose')).not.toThrow();
  });
});

describe('required approvals', () => {
  it('takes the environment’s own number, else the default', () => {
    const approvals = { default: 1, perEnv: { prod: 2 } };
    expect(requiredApprovals('prod', approvals)).toBe(2);
    expect(requiredApprovals('dev', approvals)).toBe(1);
  });

  it('gives a change set the count of its strictest environment', () => {
    const approvals = { default: 1, perEnv: { prod: 2, audit: 3 } };
    const set = (...envs: string[]) => ({ env: envs[0], members: envs.map((env) => ({ env })) as ChangeRequest['members'] });
    expect(requiredApprovalsFor(set('dev', 'prod'), approvals)).toBe(2);
    expect(requiredApprovalsFor(set('dev', 'audit', 'prod'), approvals)).toBe(3);
    expect(requiredApprovalsFor(set('dev'), approvals)).toBe(1);
  });
});

describe('a change set whose member moved', () => {
  const member = (componentId: string, baseVersion: number | null, extra: Partial<ChangeRequest['members'][number]> = {}) => changeMember(componentId, { baseVersion, ...extra });
  const request = {
    status: 'approved' as const,
    author: 'alice',
    approvals: ['bob'],
    baseVersion: 3,
    componentId: 'prod:vpc/main',
    appliedVersion: null,
    members: [member('prod:vpc/main', 3), member('prod:clickhouse/analytics', 7, { isApplied: true, appliedVersion: 8 }), member('prod:sqs-queue/new', null)],
  };
  const bob = { id: 'bob', role: 'approver' as const };

  it('is stale when any member not yet written is off its base, naming that member', () => {
    const memberVersions = new Map<string, number | null>([
      ['prod:vpc/main', 3],
      ['prod:clickhouse/analytics', 8],
      ['prod:sqs-queue/new', 1],
    ]);
    expect(movedMember(request, { memberVersions })).toEqual({ componentId: 'prod:sqs-queue/new', baseVersion: null, currentVersion: 1 });
    expect(decideAction(bob, request, 'apply', { requiredApprovals: 1, memberVersions })).toEqual({
      allowed: false,
      code: 'stale_version',
      reason: 'prod:sqs-queue/new is now at version 1, but this request was based on no config: it is stale; propose the change again from the current config',
    });
  });

  it('is not stale for a member this request already wrote (an apply that failed half way)', () => {
    const memberVersions = new Map<string, number | null>([
      ['prod:vpc/main', 3],
      ['prod:clickhouse/analytics', 8],
      ['prod:sqs-queue/new', null],
    ]);
    expect(movedMember(request, { memberVersions })).toBeNull();
    expect(decideAction(bob, { ...request, status: 'apply_failed' }, 'apply', { requiredApprovals: 1, memberVersions })).toEqual({ allowed: true });
  });
});

const alice = { id: 'alice@example.com', role: 'proposer' as const };
const bob = { id: 'bob@example.com', role: 'approver' as const };
const carol = { id: 'carol@example.com', role: 'approver' as const };
const dana = { id: 'dana@example.com', role: 'admin' as const };
const victor = { id: 'victor@example.com', role: 'viewer' as const };

function request(overrides: Partial<ChangeRequest> = {}): Pick<ChangeRequest, 'status' | 'author' | 'approvals' | 'baseVersion' | 'componentId' | 'appliedVersion' | 'members'> {
  const single = { status: 'open' as const, author: alice.id, approvals: [], baseVersion: 3, componentId: 'prod:vpc/main', appliedVersion: null, ...overrides };
  return { ...single, members: [changeMember(single.componentId, { baseVersion: single.baseVersion })] };
}

/** prod:vpc/main's config version now, as a decision reads it (undefined: it could not be read). */
const vpcAt = (version: number | null | undefined): ReviewState['memberVersions'] => (version === undefined ? undefined : new Map([['prod:vpc/main', version]]));

const prod: ReviewState = { requiredApprovals: 2, memberVersions: vpcAt(3), applyInProgress: null };

/** `allowed` or the refusal's code, per action: the table a reviewer's buttons follow. */
function verdicts(who: { id: string; role: Role }, req: ReturnType<typeof request>, state: ReviewState = prod): Record<ReviewAction, string> {
  const actions = allowedActions(who, req, state);
  return Object.fromEntries(Object.entries(actions).map(([action, d]) => [action, d.allowed ? 'allowed' : d.code])) as Record<ReviewAction, string>;
}

describe('review decisions on an open request', () => {
  it.each([
    ['alice, the author (proposer)', alice, { approve: 'forbidden', reject: 'forbidden', withdraw: 'allowed', apply: 'forbidden', comment: 'allowed' }],
    ['bob, an approver', bob, { approve: 'allowed', reject: 'allowed', withdraw: 'forbidden', apply: 'invalid_transition', comment: 'allowed' }],
    ['dana, an admin', dana, { approve: 'allowed', reject: 'allowed', withdraw: 'forbidden', apply: 'invalid_transition', comment: 'allowed' }],
    ['victor, a viewer', victor, { approve: 'forbidden', reject: 'forbidden', withdraw: 'forbidden', apply: 'forbidden', comment: 'forbidden' }],
  ] as const)('%s', (_, who, expected) => {
    expect(verdicts(who, request())).toEqual(expected);
  });

  it('never lets anyone approve their own request, whatever their role', () => {
    const own = request({ author: bob.id });
    expect(decideAction(bob, own, 'approve', prod)).toEqual({ allowed: false, code: 'forbidden', reason: 'You proposed this request: someone else must approve it' });
    expect(decideAction(bob, own, 'reject', prod)).toMatchObject({ allowed: false, code: 'forbidden', reason: expect.stringContaining('withdraw it instead') });
    expect(decideAction({ ...dana, id: bob.id }, own, 'approve', prod)).toMatchObject({ allowed: false, code: 'forbidden' });
  });

  it('counts distinct approvers: a second approval by the same person is refused', () => {
    const once = request({ approvals: [bob.id] });
    expect(decideAction(bob, once, 'approve', prod)).toEqual({ allowed: false, code: 'conflict', reason: 'You already approved this request' });
    expect(decideAction(carol, once, 'approve', prod)).toEqual({ allowed: true });
    expect(decideAction(bob, once, 'apply', prod)).toMatchObject({ allowed: false, code: 'invalid_transition' });
  });

  it('tells a proposer which role approving needs', () => {
    expect(decideAction(alice, request({ author: 'zed@example.com' }), 'approve', prod)).toEqual({
      allowed: false,
      code: 'forbidden',
      reason: 'Approve needs the approver role; you are a proposer',
    });
  });
});

describe('applying', () => {
  const approved = request({ status: 'approved', approvals: [bob.id, carol.id] });

  it('is for approvers and admins once the environment’s approvals are in, the author included', () => {
    expect(decideAction(bob, approved, 'apply', prod)).toEqual({ allowed: true });
    expect(decideAction(dana, approved, 'apply', prod)).toEqual({ allowed: true });
    expect(decideAction(alice, approved, 'apply', prod)).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(decideAction({ ...bob, id: alice.id }, approved, 'apply', prod)).toEqual({ allowed: true });
  });

  it('needs the required number of approvals even when the request says approved (the policy may have been raised)', () => {
    const one = request({ status: 'approved', approvals: [bob.id] });
    expect(decideAction(dana, one, 'apply', prod)).toEqual({
      allowed: false,
      code: 'invalid_transition',
      reason: 'The request has 1 of the 2 approvals it needs before it can be applied',
    });
    expect(decideAction(carol, one, 'approve', prod)).toEqual({ allowed: true });
    expect(decideAction(dana, one, 'apply', { ...prod, requiredApprovals: 1 })).toEqual({ allowed: true });
  });

  it('may be retried after a failed apply', () => {
    expect(decideAction(bob, { ...approved, status: 'apply_failed' }, 'apply', prod)).toEqual({ allowed: true });
  });

  it('waits for an apply in progress, and lets only another apply finish an interrupted one', () => {
    const running: ReviewState = { ...prod, applyInProgress: { actor: carol.id, since: '2026-11-20T10:00:00.000Z', isExpired: false } };
    expect(decideAction(bob, approved, 'apply', running)).toMatchObject({
      allowed: false,
      code: 'invalid_transition',
      reason: expect.stringContaining('carol@example.com started applying'),
    });
    expect(decideAction(bob, approved, 'reject', running)).toMatchObject({ allowed: false, code: 'invalid_transition' });
    expect(decideAction(alice, approved, 'withdraw', running)).toMatchObject({ allowed: false, code: 'invalid_transition' });

    const interrupted: ReviewState = { ...prod, memberVersions: vpcAt(undefined), applyInProgress: { actor: carol.id, since: '2026-11-20T10:00:00.000Z', isExpired: true } };
    expect(decideAction(bob, approved, 'apply', interrupted)).toEqual({ allowed: true });
    expect(decideAction(bob, approved, 'reject', interrupted)).toMatchObject({ allowed: false, reason: expect.stringContaining('apply again to complete it') });
  });

  it('lets the next apply record at once an apply whose write is already in SSM, and nothing else through', () => {
    const at = '2026-11-20T10:00:00.000Z';
    const recording: ReviewState = {
      ...prod,
      memberVersions: vpcAt(undefined),
      applyInProgress: { actor: carol.id, since: at, isExpired: false, written: { version: 4, at, isRecordable: false } },
    };
    expect(decideAction(bob, approved, 'apply', recording)).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('SSM holds its write as version 4, which is being recorded'),
    });
    const written: ReviewState = {
      ...prod,
      memberVersions: vpcAt(undefined),
      applyInProgress: { actor: carol.id, since: at, isExpired: false, written: { version: 4, at, isRecordable: true } },
    };
    expect(decideAction(bob, approved, 'apply', written)).toEqual({ allowed: true });
    expect(decideAction(bob, approved, 'reject', written)).toMatchObject({ allowed: false, reason: expect.stringContaining('carol@example.com started applying') });
    expect(decideAction(victor, approved, 'apply', written)).toMatchObject({ allowed: false, code: 'forbidden' });
  });
});

describe('stale and closed requests', () => {
  it('refuses every decision once the config moved past the base version, with 409 stale_version', () => {
    const moved: ReviewState = { ...prod, memberVersions: vpcAt(4) };
    const approved = request({ status: 'approved', approvals: [bob.id, carol.id] });
    expect(verdicts(bob, request(), moved)).toMatchObject({ approve: 'stale_version', reject: 'stale_version' });
    expect(verdicts(alice, request(), moved)).toMatchObject({ withdraw: 'stale_version', comment: 'allowed' });
    expect(decideAction(bob, approved, 'apply', moved)).toEqual({
      allowed: false,
      code: 'stale_version',
      reason: 'prod:vpc/main is now at version 4, but this request was based on version 3: it is stale; propose the change again from the current config',
    });
  });

  it('treats a new component that now exists as moved, and an unknown current version as not', () => {
    const fresh = request({ baseVersion: null });
    expect(decideAction(bob, fresh, 'approve', { ...prod, memberVersions: vpcAt(1) })).toMatchObject({
      code: 'stale_version',
      reason: expect.stringContaining('based on no config'),
    });
    expect(decideAction(bob, fresh, 'approve', { ...prod, memberVersions: vpcAt(null) })).toEqual({ allowed: true });
    expect(decideAction(bob, request(), 'approve', { ...prod, memberVersions: vpcAt(undefined) })).toEqual({ allowed: true });
  });

  it.each<ChangeStatus>(['applied', 'rejected', 'withdrawn', 'stale'])('allows only comments on a %s request', (status) => {
    expect(verdicts(dana, request({ status, approvals: [bob.id, carol.id], appliedVersion: status === 'applied' ? 4 : null }))).toEqual({
      approve: 'invalid_transition',
      reject: 'invalid_transition',
      withdraw: 'invalid_transition',
      apply: 'invalid_transition',
      comment: 'allowed',
    });
  });

  it('says what happened to a closed request', () => {
    expect(decideAction(bob, request({ status: 'applied', appliedVersion: 4 }), 'apply', prod)).toMatchObject({
      reason: 'The request is already applied as config version 4: it cannot be applied now',
    });
    expect(decideAction(alice, request({ status: 'rejected' }), 'withdraw', prod)).toMatchObject({ reason: 'The request is rejected: it cannot be withdrawn now' });
  });

  it('throws the refusal as an AppError with its status', () => {
    expect(() => assertAllowed(decideAction(bob, request({ author: bob.id }), 'approve', prod))).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => assertAllowed(decideAction(bob, request(), 'approve', { ...prod, memberVersions: vpcAt(9) }))).toThrow(
      expect.objectContaining({ status: 409, code: 'stale_version' }),
    );
    expect(() => assertAllowed(decideAction(bob, request(), 'approve', prod))).not.toThrow();
  });
});

describe('approvals by ownership', () => {
  /** prod:vpc/main changed, prod:aurora-postgres/orders (data-team's) depends on it; `approvals` with their approvers' groups. */
  const owners = (...approvals: Array<[string, ...string[]]>): readonly OwnerRequirement[] =>
    ownerRequirements({
      author: alice.id,
      members: [{ componentId: 'prod:vpc/main', env: 'prod', type: 'vpc', nickname: 'main' }],
      blastRadius: {
        components: [
          {
            id: 'prod:aurora-postgres/orders',
            env: 'prod',
            type: 'aurora-postgres',
            nickname: 'orders',
            depth: 1,
            via: [{ from: 'prod:aurora-postgres/orders', to: 'prod:vpc/main', path: 'vpc_nickname' }],
          },
        ],
        groups: [{ env: 'prod', type: 'aurora-postgres', count: 1 }],
        isTruncated: false,
      },
      rules: [{ match: 'prod:aurora-postgres/*', groups: ['data-team'] }],
      approvals: approvals.map(([approver, ...groups]) => ({ approver, groups })),
    });
  const carolInData = { ...carol, groups: ['data-team'] };
  const why = 'an approval from data-team (data-team owns prod:aurora-postgres/orders, which depends on prod:vpc/main)';

  it('is approved only with the count and every owner approval; one approval may count for both', () => {
    expect(isFullyApproved(2, { requiredApprovals: 2, ownerRequirements: owners([bob.id], [dana.id]) })).toBe(false);
    expect(isFullyApproved(2, { requiredApprovals: 2, ownerRequirements: owners([bob.id], [carol.id, 'data-team']) })).toBe(true);
    expect(isFullyApproved(1, { requiredApprovals: 2, ownerRequirements: owners([carol.id, 'data-team']) })).toBe(false);
    expect(isFullyApproved(2, { requiredApprovals: 2 })).toBe(true);
  });

  it('refuses to apply while an owner approval is missing, naming the group and what it owns, even on an approved request', () => {
    const counted = request({ status: 'approved', approvals: [bob.id, dana.id] });
    const state: ReviewState = { ...prod, ownerRequirements: owners([bob.id], [dana.id]) };
    expect(decideAction(bob, counted, 'apply', state)).toEqual({
      allowed: false,
      code: 'invalid_transition',
      reason: `The request still needs ${why} before it can be applied`,
    });
    expect(decideAction(bob, request({ approvals: [bob.id, dana.id] }), 'apply', state)).toMatchObject({ reason: `The request still needs ${why} before it can be applied` });
    expect(decideAction(bob, counted, 'apply', { ...prod, ownerRequirements: owners([bob.id], [carol.id, 'data-team']) })).toEqual({ allowed: true });
  });

  it('names both what is missing when neither the count nor the owners are in', () => {
    expect(decideAction(bob, request({ approvals: [bob.id] }), 'apply', { ...prod, ownerRequirements: owners([bob.id]) })).toMatchObject({
      code: 'invalid_transition',
      reason: `The request has 1 of the 2 approvals it needs before it can be applied, and it also needs ${why}`,
    });
  });

  it('takes an approval past the count from the missing owners, and refuses anyone else with what is missing', () => {
    const counted = request({ approvals: [bob.id, dana.id] });
    const state: ReviewState = { ...prod, ownerRequirements: owners([bob.id], [dana.id]) };
    expect(decideAction(carolInData, counted, 'approve', state)).toEqual({ allowed: true });
    expect(decideAction({ id: 'erin@example.com', role: 'approver', groups: ['sre'] }, counted, 'approve', state)).toEqual({
      allowed: false,
      code: 'forbidden',
      reason: `The request already has the 2 approvals it needs from its environment, and still needs ${why}: you are not in data-team`,
    });
    expect(decideAction(carol, counted, 'approve', state)).toMatchObject({ allowed: false, code: 'forbidden' });
    // Once the owners are in too, nobody's approval is wanted.
    const done = request({ status: 'approved', approvals: [bob.id, dana.id, carol.id] });
    expect(
      decideAction({ id: 'erin@example.com', role: 'approver', groups: ['data-team'] }, done, 'approve', {
        ...prod,
        ownerRequirements: owners([bob.id], [dana.id], [carol.id, 'data-team']),
      }),
    ).toEqual({
      allowed: false,
      code: 'invalid_transition',
      reason: 'The request already has the 2 approvals it needs',
    });
  });

  it('lets anyone approve before the count is in, owner or not', () => {
    const state: ReviewState = { ...prod, ownerRequirements: owners() };
    expect(decideAction(bob, request(), 'approve', state)).toEqual({ allowed: true });
    expect(decideAction(carolInData, request(), 'approve', state)).toEqual({ allowed: true });
  });

  it('does not leave a request stuck open when the settings dropped the owner it was waiting for', () => {
    const waiting = request({ approvals: [bob.id, dana.id] });
    expect(decideAction(bob, waiting, 'apply', { ...prod, ownerRequirements: [] })).toMatchObject({
      code: 'invalid_transition',
      reason: expect.stringContaining('one more approval marks it approved'),
    });
    expect(decideAction(carol, waiting, 'approve', { ...prod, ownerRequirements: [] })).toEqual({ allowed: true });
    expect(decideAction(carol, { ...waiting, status: 'approved' }, 'approve', { ...prod, ownerRequirements: [] })).toMatchObject({ code: 'invalid_transition' });
  });

  it('never lets the author meet their own owner requirement', () => {
    const own = request({ author: carol.id, approvals: [bob.id, dana.id] });
    expect(decideAction(carolInData, own, 'approve', { ...prod, ownerRequirements: owners([bob.id], [dana.id]) })).toMatchObject({
      allowed: false,
      code: 'forbidden',
      reason: 'You proposed this request: someone else must approve it',
    });
  });
});
