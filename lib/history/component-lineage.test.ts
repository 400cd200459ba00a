import { describe, expect, it } from 'vitest';
import type { ChangeRequest, GitBase } from '@/lib/model/change-request';
import type { DocumentVersion, DriftTransition } from '@/lib/model/history';
import { auditEvent, changeRequest } from '@/lib/store/contract/fixtures';
import { changeMember, rollout, rolloutMember } from '@/lib/testing/builders';
import { buildChain, buildComponentLineage, buildTimeline, type ComponentNow, type LineageInput } from './component-lineage';
import { recorded } from './history-fixtures';

const VPC = 'prod:vpc/main';
const OTHER = 'prod:ecs-service/api';
const t = (day: number, hour = 10) => `2026-06-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

const git = (commit: string): GitBase => ({
  remote: 'git@example.com:acme/iac.git',
  branch: 'main',
  file: 'iac/prod/vpc/main/config.json',
  commit,
  blob: null,
  baseText: null,
  text: '{}',
  author: { name: 'Alice', email: 'alice@example.com' },
  from: null,
});

// Config v1 (day 1, outside Karma), runtime v1 (day 2), config v2 written by the request's apply (day 3), runtime v2 (day 4).
const config1 = { ...recorded(VPC, 'config', 1, t(1), { cidr: '10.0.0.0/16' }), modifiedBy: 'arn:aws:sts::1:assumed-role/PlatformEngineer/jane.doe' };
const runtime1 = recorded(VPC, 'runtime', 1, t(2), { vpc_id: 'vpc-1' });
const config2 = { ...recorded(VPC, 'config', 2, t(3), { cidr: '10.1.0.0/16' }), modifiedBy: 'bob@example.com' };
const runtime2 = recorded(VPC, 'runtime', 2, t(4), { vpc_id: 'vpc-1' });

const request: ChangeRequest = changeRequest(VPC, {
  title: 'Widen the VPC',
  status: 'applied',
  author: 'alice@example.com',
  createdAt: t(2, 12),
  gitCommit: 'abc1234def5678',
  git: git('0ld71p'),
  approvals: ['bob@example.com'],
  members: [changeMember(VPC, { baseVersion: 1, appliedVersion: 2, isApplied: true })],
});
const trail = [
  auditEvent({ kind: 'proposed', actor: 'alice@example.com', at: t(2, 12), note: 'Widen the VPC', changeRequestId: request.id, componentId: VPC }),
  auditEvent({ kind: 'approved', actor: 'bob@example.com', at: t(2, 15), note: 'Fine', changeRequestId: request.id, componentId: VPC }),
  auditEvent({ kind: 'git_committed', actor: 'bob@example.com', at: t(3, 9), data: { commit: 'abc1234def5678', branch: 'main' }, changeRequestId: request.id, componentId: VPC }),
  auditEvent({ kind: 'applied', actor: 'bob@example.com', at: t(3, 11), changeRequestId: request.id, componentId: VPC }),
];
const vpcRollout = rollout(request.id, {
  title: 'Widen the VPC',
  createdAt: t(3, 12),
  status: 'completed',
  members: [rolloutMember(VPC, { state: 'deployed', configVersion: 2 }), rolloutMember(OTHER, { wave: 2, reason: 'must_redeploy', action: null, state: 'deployed' })],
});
const rolloutEvents = [
  auditEvent({ kind: 'rollout_started', actor: 'bob@example.com', at: t(3, 12), data: { rolloutId: vpcRollout.id }, changeRequestId: request.id }),
  auditEvent({ kind: 'rollout_member_deployed', actor: 'karma', at: t(4, 1), data: { rolloutId: vpcRollout.id }, changeRequestId: request.id, componentId: VPC }),
  auditEvent({ kind: 'rollout_wave_started', actor: 'karma', at: t(4, 2), data: { rolloutId: vpcRollout.id, wave: 2 }, changeRequestId: request.id }),
  auditEvent({ kind: 'rollout_member_deployed', actor: 'karma', at: t(4, 3), data: { rolloutId: vpcRollout.id }, changeRequestId: request.id, componentId: OTHER }),
  auditEvent({ kind: 'rollout_completed', actor: 'karma', at: t(4, 4), data: { rolloutId: vpcRollout.id }, changeRequestId: request.id }),
];
const transitions: DriftTransition[] = [
  { id: 'dt:a', componentId: VPC, from: null, to: 'in_sync', at: t(2, 1), observedAt: t(2, 1), reason: null },
  { id: 'dt:b', componentId: VPC, from: 'in_sync', to: 'pending', at: t(3, 13), observedAt: t(3, 13), reason: 'Config v2 is newer than the runtime' },
];

function now(versions: DocumentVersion[]): ComponentNow {
  const last = (doc: 'config' | 'runtime') => versions.filter((v) => v.document === doc).at(-1) ?? null;
  const [c, r] = [last('config'), last('runtime')];
  return {
    configRaw: c?.raw ?? null,
    configVersion: c?.version ?? null,
    configModifiedAt: c?.modifiedAt ?? null,
    configModifiedBy: c?.modifiedBy ?? null,
    runtimeRaw: r?.raw ?? null,
    runtimeVersion: r?.version ?? null,
    runtimeModifiedAt: r?.modifiedAt ?? null,
    drift: 'in_sync',
  };
}

function input(overrides: Partial<LineageInput> = {}): LineageInput {
  const versions = overrides.versions ?? [config1, runtime1, config2, runtime2];
  return {
    componentId: VPC,
    component: now([...versions]),
    versions,
    transitions,
    events: [...trail, ...rolloutEvents],
    requests: [request],
    rollouts: [vpcRollout],
    commitUrl: (sha) => `https://git.example.com/acme/iac/commit/${sha}`,
    mayPropose: { allowed: true },
    isBackfilling: false,
    now: new Date(t(20)),
    ...overrides,
  };
}

const segment = request.id.replace(/^cr:/, '');

describe('buildTimeline', () => {
  it('merges versions, runtime writes, the commit, the request, its rollout and drift, newest first', () => {
    const timeline = buildTimeline(input());
    expect(timeline.map((e) => `${e.kind} ${e.title}`)).toEqual([
      'runtime Runtime version 2',
      'rollout Rollout completed · "Widen the VPC"',
      'rollout Rollout member deployed · "Widen the VPC"',
      'drift Drift: in sync → pending',
      'rollout Rollout started · "Widen the VPC"',
      'change Applied · "Widen the VPC"',
      'config Config version 2',
      'commit Commit abc1234 on main',
      'change Approved · "Widen the VPC"',
      'change Proposed · "Widen the VPC"',
      'runtime Runtime version 1',
      'drift First seen: in sync',
      'config Config version 1',
    ]);
    // Another member's deploy and the wave this component is not in are left out.
    expect(timeline.some((e) => e.eventKind === 'rollout_wave_started')).toBe(false);
  });

  it('gives each entry its actor, detail and link', () => {
    const byTitle = new Map(buildTimeline(input()).map((e) => [e.title, e]));
    expect(byTitle.get('Config version 2')).toMatchObject({
      actor: 'bob@example.com',
      detail: '1 field changed: cidr',
      version: 2,
      link: { href: '/components/prod%3Avpc%2Fmain?diff=2#component-history', label: 'Diff with version 1', isExternal: false },
    });
    expect(byTitle.get('Config version 1')).toMatchObject({ detail: 'First version', link: null });
    expect(byTitle.get('Runtime version 2')).toMatchObject({
      detail: 'Deployed from config version 2 (the newest published before it)',
      link: { href: '/drift/prod%3Avpc%2Fmain' },
    });
    expect(byTitle.get('Commit abc1234 on main')).toMatchObject({
      actor: 'bob@example.com',
      detail: 'For "Widen the VPC"',
      link: { href: 'https://git.example.com/acme/iac/commit/abc1234def5678', isExternal: true },
      changeRequestId: request.id,
    });
    expect(byTitle.get('Approved · "Widen the VPC"')).toMatchObject({ actor: 'bob@example.com', detail: 'Fine', link: { href: `/changes/${segment}` } });
    expect(byTitle.get('Rollout started · "Widen the VPC"')).toMatchObject({
      detail: 'Here: a member of the change, wave 1 of 2, deployed; the rollout is completed',
      link: { href: `/rollouts/${segment}` },
    });
    expect(byTitle.get('Drift: in sync → pending')).toMatchObject({ detail: 'Config v2 is newer than the runtime', link: { href: '/drift/prod%3Avpc%2Fmain' } });
  });

  it('links a commit to its change request when no commit URL is configured', () => {
    const commit = buildTimeline(input({ commitUrl: () => null })).find((e) => e.kind === 'commit');
    expect(commit?.link).toEqual({ href: `/changes/${segment}`, label: 'Change request', isExternal: false });
  });

  it('orders the same records the same way whatever order they come in', () => {
    const shuffled = input({ versions: [runtime2, config1, config2, runtime1], events: [...rolloutEvents, ...trail].reverse(), transitions: [...transitions].reverse() });
    expect(buildTimeline(shuffled).map((e) => e.id)).toEqual(buildTimeline(input()).map((e) => e.id));
  });

  it('shows a removal and a second life, whose versions start at 1 again', () => {
    const removed = recorded(VPC, 'config', 2, t(5), null);
    const reborn = recorded(VPC, 'config', 1, t(6), { cidr: '10.9.0.0/16' });
    const titles = buildTimeline(input({ versions: [config1, config2, removed, reborn] }))
      .filter((e) => e.kind === 'config')
      .map((e) => `${e.title}: ${e.detail}`);
    expect(titles).toEqual([
      'Config version 1 (created again): First version',
      'Config removed: After version 2',
      'Config version 2: 1 field changed: cidr',
      'Config version 1: First version',
    ]);
  });
});

describe('buildChain', () => {
  it('follows the live runtime to the config version it was deployed from, its commit, request and approvers', () => {
    const { chain } = buildChain(input());
    expect(chain.runtime).toEqual({ status: 'known', value: { version: 2, modifiedAt: t(4), modifiedBy: 'alice@example.com' } });
    expect(chain.config).toEqual({ status: 'known', value: { version: 2, modifiedAt: t(3), modifiedBy: 'bob@example.com', isCurrent: true, pending: [] } });
    expect(chain.commit).toEqual({
      status: 'known',
      value: { sha: 'abc1234def5678', url: 'https://git.example.com/acme/iac/commit/abc1234def5678', branch: 'main', role: 'committed' },
    });
    expect(chain.change).toEqual({ status: 'known', value: { id: request.id, title: 'Widen the VPC', author: 'alice@example.com', status: 'applied', appliedAt: t(3, 11) } });
    expect(chain.approvers).toEqual({ status: 'known', value: [{ actor: 'bob@example.com', at: t(2, 15), comment: 'Fine' }] });
  });

  it('takes the request the version record names over any other', () => {
    const named = changeRequest(VPC, { title: 'The named one', status: 'applied', approvals: [], members: [changeMember(VPC, { appliedVersion: 7, isApplied: true })] });
    const { chain } = buildChain(input({ versions: [config1, runtime1, { ...config2, changeRequestId: named.id }, runtime2], requests: [request, named] }));
    expect(chain.change).toMatchObject({ status: 'known', value: { id: named.id } });
    expect(chain.approvers).toEqual({ status: 'unknown', reason: `${named.id} records no approvals` });
    expect(chain.commit).toEqual({ status: 'unknown', reason: `${named.id} was applied without a writable config repo: it wrote SSM only, no commit` });
  });

  it('says a version written outside Karma has no request, and guesses no commit or approvers', () => {
    // The runtime was written before config v2: v1, written by hand, is what is live.
    const { chain } = buildChain(input({ versions: [config1, runtime1, config2] }));
    expect(chain.config).toMatchObject({ status: 'known', value: { version: 1, isCurrent: false, pending: [2] } });
    expect(chain.change).toEqual({
      status: 'unknown',
      reason: 'No Karma change request wrote config version 1: PlatformEngineer/jane.doe wrote it at 2026-06-01 10:00 UTC, outside Karma',
    });
    expect(chain.commit).toEqual({ status: 'unknown', reason: 'No commit is recorded for config version 1' });
    expect(chain.approvers).toEqual({ status: 'unknown', reason: 'No change request is known, so no approvals are' });
  });

  it('refuses to pick between two requests that both claim the version', () => {
    const twin = { ...request, id: 'cr:00000000-0000-4000-8000-00000000beef' };
    const { chain } = buildChain(input({ requests: [request, twin] }));
    expect(chain.change).toEqual({ status: 'unknown', reason: `${request.id} and ${twin.id} each say they wrote config version 2, so which one did cannot be told` });
  });

  it('does not take a request opened after the version was written for the one that wrote it', () => {
    const late = { ...request, createdAt: t(3, 12) };
    expect(buildChain(input({ requests: [late] })).chain.change.status).toBe('unknown');
  });

  it('says why when nothing is deployed', () => {
    const { chain } = buildChain(input({ versions: [config1] }));
    expect(chain.runtime).toEqual({ status: 'unknown', reason: 'prod:vpc/main has no runtime: it has not been deployed, or Terraform has not written its outputs' });
    expect(chain.config).toEqual({ status: 'unknown', reason: 'Nothing is deployed, so no config version is live (the current one is version 1)' });
    expect(chain.change).toEqual({ status: 'unknown', reason: 'The deployed config version is not known' });
  });

  it("passes on drift's reason when the runtime is older than every recorded config version", () => {
    const early = recorded(VPC, 'runtime', 1, t(1, 1), { vpc_id: 'vpc-1' });
    const { chain } = buildChain(input({ versions: [config2, early] }));
    expect(chain.config.status).toBe('unknown');
    expect(chain.config.status === 'unknown' && chain.config.reason).toContain('is older than every config version in the history');
  });

  it('says the version is not recorded yet while the backfill reads it', () => {
    // The graph knows config v2 and the runtime; the history holds neither config version yet.
    const { chain } = buildChain(input({ versions: [runtime1, runtime2], component: now([config2, runtime2]), isBackfilling: true }));
    expect(chain.config).toMatchObject({ status: 'known', value: { version: 2 } });
    expect(chain.change).toEqual({ status: 'unknown', reason: 'Config version 2 is not in the recorded history yet: SSM’s history of it is still being read' });
  });
});

describe('buildComponentLineage', () => {
  it('lists the current config versions newest first, each with whether it may be reverted to', () => {
    const lineage = buildComponentLineage(input());
    expect(lineage.configVersions.map((v) => ({ version: v.version, state: v.state, isCurrent: v.isCurrent, changeRequestId: v.changeRequestId, revert: v.revert }))).toEqual([
      { version: 2, state: 'deployed', isCurrent: true, changeRequestId: request.id, revert: { allowed: false, reason: 'Version 2 is the current config of prod:vpc/main' } },
      { version: 1, state: 'superseded', isCurrent: false, changeRequestId: null, revert: { allowed: true } },
    ]);
  });

  it('offers no revert to someone who may not propose, saying why', () => {
    const reason = 'Proposing needs the proposer role; you are a viewer';
    const lineage = buildComponentLineage(input({ mayPropose: { allowed: false, reason } }));
    expect(lineage.configVersions.map((v) => v.revert)).toEqual([
      { allowed: false, reason },
      { allowed: false, reason },
    ]);
  });

  it('keeps the past of a component that is gone: its timeline, and no revert', () => {
    const gone = [config1, runtime1, config2, runtime2, recorded(VPC, 'config', 2, t(9), null), recorded(VPC, 'runtime', 2, t(9), null)];
    const lineage = buildComponentLineage(input({ component: null, versions: gone }));
    expect(lineage.exists).toBe(false);
    expect(lineage.chain.runtime).toEqual({ status: 'unknown', reason: 'prod:vpc/main is no longer in the estate, so nothing of it is live' });
    expect(lineage.configVersions).toEqual([]);
    expect(lineage.timeline.filter((e) => e.kind === 'config').map((e) => e.title)).toEqual(['Config removed', 'Config version 2', 'Config version 1']);
    expect(lineage.notes).toContain('The config was removed once (last at 2026-06-09 10:00 UTC)');
  });
});
