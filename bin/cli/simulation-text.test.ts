import { describe, expect, it } from 'vitest';
import type { Consequences } from '@/lib/model/consequences';
import type { MemberSimulation } from '@/lib/model/simulation';
import { consequenceLines, diffSummary, errorLines, memberLines } from './simulation-text';

const member = (over: Partial<MemberSimulation>): MemberSimulation => ({
  componentId: 'dev:vpc/main',
  env: 'dev',
  type: 'vpc',
  nickname: 'main',
  action: 'update',
  isNew: false,
  baseVersion: 3,
  simulatedAt: '2026-12-01T10:00:00.000Z',
  errors: [],
  warnings: [],
  proposedConfig: '{}',
  size: { bytes: 2, limit: 4096, tier: 'Standard' },
  isDocument: true,
  schema: 'valid',
  diff: [],
  references: null,
  ...over,
});

const CONSEQUENCES: Consequences = {
  counts: { must_redeploy: 1, stale_copy: 1, unaffected: 1 },
  changedOutputs: [],
  dependents: [
    {
      id: 'dev:ecs-cluster/core',
      env: 'dev',
      type: 'ecs-cluster',
      nickname: 'core',
      depth: 1,
      via: [],
      verdict: 'must_redeploy',
      reasons: ['consumes vpc_cidr of dev:vpc/main, which changes'],
      mustRedeploy: true,
      consumes: [],
      copies: [],
      isInSet: false,
    },
    {
      id: 'dev:sqs-queue/jobs',
      env: 'dev',
      type: 'sqs-queue',
      nickname: 'jobs',
      depth: 2,
      via: [],
      verdict: 'unaffected',
      reasons: ['uses nothing that changes'],
      mustRedeploy: false,
      consumes: [],
      copies: [],
      isInSet: false,
    },
  ],
  staleCopies: [
    {
      componentId: 'prod:s3-bucket/logs',
      env: 'prod',
      type: 's3-bucket',
      nickname: 'logs',
      document: 'config',
      path: 'allowed_cidrs[0]',
      value: '10.20.3.0/24',
      of: { componentId: 'dev:vpc/main', path: 'cidr', oldValue: '10.20.0.0/16', newValue: '10.30.0.0/16' },
      match: 'inside',
    },
  ],
  isTruncated: false,
};

describe('simulation text', () => {
  it('names the first few changed fields', () => {
    const change = (path: string) => ({ kind: 'changed' as const, path, before: 1, after: 2 });
    expect(diffSummary([])).toBe('0 field change(s)');
    expect(diffSummary(['a', 'b', 'c', 'd', 'e', 'f'].map(change))).toBe('6 field change(s) (a, b, c, d +2 more)');
  });

  it('says what each member does, with its problems under it', () => {
    const lines = memberLines([
      member({ diff: [{ kind: 'changed', path: 'cidr', before: 'a', after: 'b' }] }),
      member({ componentId: 'dev:sqs-queue/new', action: 'create', baseVersion: null, isNew: true, diff: [{ kind: 'added', path: 'name', after: 'x' }] }),
      member({
        componentId: 'dev:s3-bucket/old',
        action: 'remove',
        baseVersion: 2,
        diff: null,
        errors: [{ code: 'has_dependents', message: 'dev:x/y depends on it', path: null, line: null, column: null }],
      }),
      member({ componentId: 'dev:vpc/bad', isDocument: false, diff: null, errors: [{ code: 'json_syntax', message: 'Line 1, column 2: oops', path: null, line: 1, column: 2 }] }),
    ]);
    expect(lines).toEqual([
      '  dev:vpc/main: update of config version 3; 1 field change(s) (cidr)',
      '  dev:sqs-queue/new: a new component; 1 field change(s) (name)',
      '  dev:s3-bucket/old: removal of config version 2',
      '    error: dev:x/y depends on it',
      '  dev:vpc/bad: update of config version 3; not a config document',
      '    error: Line 1, column 2: oops',
    ]);
  });

  it('groups errors by member, and keeps those about the set as a whole', () => {
    const issue = (message: string, componentId?: string) => ({ code: 'schema' as const, message, path: null, line: null, column: null, componentId });
    expect(errorLines([issue('set-wide'), issue('bad b', 'dev:b/b'), issue('bad a', 'dev:a/a')], ['dev:a/a', 'dev:b/b'])).toEqual([
      '  dev:a/a:',
      '    bad a',
      '  dev:b/b:',
      '    bad b',
      '  set-wide',
    ]);
  });

  it('prints the counts by verdict, each dependent that must redeploy and each stale copy', () => {
    expect(consequenceLines(CONSEQUENCES)).toEqual([
      '  consequences: 1 must redeploy, 1 stale copy, 1 unaffected',
      '    must redeploy: dev:ecs-cluster/core: consumes vpc_cidr of dev:vpc/main, which changes',
      '    stale copy: prod:s3-bucket/logs config allowed_cidrs[0] = 10.20.3.0/24 (the old dev:vpc/main cidr: 10.20.0.0/16 → 10.30.0.0/16, inside the old range)',
    ]);
    expect(consequenceLines(CONSEQUENCES, { everyDependent: true })).toContain('    unaffected: dev:sqs-queue/jobs: uses nothing that changes');
    expect(consequenceLines(null)).toEqual(['  consequences: not worked out (the simulation predates them)']);
  });
});
