import { describe, expect, it } from 'vitest';
import type { ApplyReport, ConfigComparison } from '@/lib/changes/review-model';
import type { ChangeMember } from '@/lib/model/change-request';
import { applyReportText, envList, movedMembers, reviewMembers, versionStep, writeText, type ReviewMember } from './review-members';

const comparison = (over: Partial<ConfigComparison> = {}): ConfigComparison => ({
  base: null,
  current: null,
  isMoved: false,
  againstBase: [],
  againstCurrent: null,
  readError: null,
  ...over,
});

const member = (over: Partial<ChangeMember>): ChangeMember => ({
  componentId: 'prod:vpc/main',
  env: 'prod',
  type: 'vpc',
  nickname: 'main',
  action: 'update',
  baseVersion: 3,
  proposedConfig: '{}',
  git: null,
  appliedVersion: null,
  isApplied: false,
  ...over,
});

const single = {
  componentId: 'dev:s3-bucket/media',
  env: 'dev',
  baseVersion: 2,
  proposedConfig: '{"a":1}',
  appliedVersion: null,
  status: 'open' as const,
  config: comparison(),
};

describe('reviewMembers', () => {
  it('reads a request from before change sets as a set of one, with the first config comparison', () => {
    expect(reviewMembers(single)).toEqual([
      {
        componentId: 'dev:s3-bucket/media',
        env: 'dev',
        action: 'update',
        baseVersion: 2,
        proposedConfig: '{"a":1}',
        appliedVersion: null,
        isApplied: false,
        config: single.config,
      },
    ]);
  });

  it('pairs each member with its own comparison by id, in the request’s order', () => {
    const vpc = comparison({ isMoved: true });
    const ch = comparison({ readError: 'SSM down' });
    const members = reviewMembers({
      ...single,
      members: [member({}), member({ componentId: 'prod:clickhouse/analytics', type: 'clickhouse', nickname: 'analytics', baseVersion: 4 })],
      memberConfigs: [
        { componentId: 'prod:clickhouse/analytics', action: 'update', config: ch },
        { componentId: 'prod:vpc/main', action: 'update', config: vpc },
      ],
    });
    expect(members.map((m) => [m.componentId, m.config])).toEqual([
      ['prod:vpc/main', vpc],
      ['prod:clickhouse/analytics', ch],
    ]);
  });
});

describe('words for the review page', () => {
  const m = (over: Partial<ReviewMember>): ReviewMember => ({
    componentId: 'prod:vpc/main',
    env: 'prod',
    action: 'update',
    baseVersion: 3,
    proposedConfig: '{}',
    appliedVersion: null,
    isApplied: false,
    config: null,
    ...over,
  });

  it('lists the environments of a set once each', () => {
    expect(envList([m({}), m({ env: 'prod' })])).toBe('prod');
    expect(envList([m({ env: 'prod' }), m({ env: 'dev' })])).toBe('dev and prod');
    expect(envList([m({ env: 'prod' }), m({ env: 'dev' }), m({ env: 'qa' })])).toBe('dev, prod and qa');
  });

  it('says where each member stands', () => {
    expect(versionStep(m({}), 'open')).toBe('based on v3');
    expect(versionStep(m({ isApplied: true, appliedVersion: 4 }), 'applied')).toBe('v3 → v4');
    expect(versionStep(m({ action: 'remove', isApplied: true }), 'applied')).toBe('v3 → removed');
    expect(versionStep(m({ action: 'remove' }), 'approved')).toBe('removes v3');
    expect(versionStep(m({ action: 'create', baseVersion: null }), 'open')).toBe('new component');
    expect(versionStep(m({}), 'apply_failed')).toBe('v3, not written');
  });

  it('moved members are those whose current config is past their base', () => {
    const current = { version: 4, text: '{}', modifiedAt: '2026-01-01T00:00:00Z', modifiedBy: null };
    const moved = m({ componentId: 'a', config: comparison({ isMoved: true, current }) });
    expect(movedMembers([m({ config: comparison() }), moved, m({ config: null })])).toEqual([moved]);
  });
});

describe('applyReportText', () => {
  const report = (over: Partial<ApplyReport>): ApplyReport => ({
    ok: true,
    version: 5,
    members: [{ componentId: 'prod:vpc/main', action: 'update', version: 5, isRecovered: false }],
    isRecovered: false,
    staled: [],
    sync: null,
    webhook: 'off',
    rollout: null,
    error: null,
    ...over,
  });

  it('says the rollout carries the change on when one started', () => {
    expect(applyReportText(report({ webhook: 'rollout', rollout: 'ro:1' }))).toBe('Wrote config version 5; its rollout asks the pipeline to deploy it and what must follow it.');
  });

  it('names the set members the rollout writes at their wave', () => {
    expect(applyReportText(report({ webhook: 'rollout', rollout: 'ro:1', atWave: ['prod:clickhouse/analytics'] }))).toBe(
      'Wrote 1 component: prod:vpc/main as version 5; prod:clickhouse/analytics is written at its wave of the rollout; its rollout asks the pipeline to deploy it and what must follow it.',
    );
  });

  it('keeps the words of a single component’s apply', () => {
    expect(applyReportText(report({}))).toBe('Wrote config version 5.');
    expect(applyReportText(report({ staled: ['cr:1'], webhook: 'sent' }))).toBe(
      'Wrote config version 5; 1 other request(s) on this component are now stale; the deployment pipeline was notified.',
    );
  });

  it('names every member’s write of a set, in the order written', () => {
    const members = [
      { componentId: 'prod:vpc/main', action: 'update' as const, version: 5, isRecovered: false },
      { componentId: 'prod:clickhouse/analytics', action: 'update' as const, version: 4, isRecovered: true },
      { componentId: 'prod:s3-bucket/old', action: 'remove' as const, version: null, isRecovered: false },
    ];
    expect(applyReportText(report({ members, webhook: 'failed' }))).toBe(
      'Wrote 3 components, providers first: prod:vpc/main as version 5, prod:clickhouse/analytics as version 4 (already written by an earlier apply), prod:s3-bucket/old removed; the deployment webhook failed (see the audit trail).',
    );
    expect(writeText(members[2])).toBe('prod:s3-bucket/old removed');
  });

  it('a failure is the server’s error', () => {
    expect(applyReportText(report({ ok: false, error: 'SSM is down.', members: [] }))).toBe('The apply failed: SSM is down.');
  });
});
