import { describe, expect, it } from 'vitest';
import type { MemberSimulation, ProposalSimulation, ValidationIssue } from '@/lib/model/simulation';
import {
  createBody,
  duplicateIds,
  editableText,
  isChangeSet,
  memberIssues,
  namingBlocker,
  setLevelIssues,
  simulateBody,
  simulatedMemberFor,
  simulatedMembers,
  syntaxBlocker,
  type DraftMember,
} from './change-set';

const vpc: DraftMember = { key: 'a', kind: 'existing', componentId: 'prod:vpc/main', baseVersion: 3, initialText: '{}', text: '{"cidr":"10.41.0.0/16"}', isRemoved: false };
const clickhouse: DraftMember = {
  key: 'b',
  kind: 'existing',
  componentId: 'prod:clickhouse/analytics',
  baseVersion: 4,
  initialText: '{}',
  text: '{"allowed_cidrs":[]}',
  isRemoved: false,
};
const bucket: DraftMember = { key: 'c', kind: 'new', names: { env: 'prod', type: 's3-bucket', nickname: 'exports' }, text: '{}' };

const issue = (over: Partial<ValidationIssue>): ValidationIssue => ({ code: 'schema', message: 'bad', path: null, line: null, column: null, ...over });

describe('the bodies a proposal sends', () => {
  it('one edited component keeps the single shape, for the simulation and the request', () => {
    expect(isChangeSet([vpc])).toBe(false);
    expect(simulateBody([vpc])).toEqual({ componentId: 'prod:vpc/main', proposedConfig: '{"cidr":"10.41.0.0/16"}' });
    expect(createBody([vpc], 'Move the VPC', '')).toEqual({
      componentId: 'prod:vpc/main',
      proposedConfig: '{"cidr":"10.41.0.0/16"}',
      title: 'Move the VPC',
      description: '',
      baseVersion: 3,
    });
    expect(createBody([bucket], 'A bucket', 'why')).toEqual({
      env: 'prod',
      type: 's3-bucket',
      nickname: 'exports',
      proposedConfig: '{}',
      title: 'A bucket',
      description: 'why',
      baseVersion: null,
    });
  });

  it('two or more members, or a removal, send members with one base version each', () => {
    const removed: DraftMember = { ...clickhouse, isRemoved: true };
    expect(isChangeSet([removed])).toBe(true);
    expect(simulateBody([removed])).toEqual({ members: [{ componentId: 'prod:clickhouse/analytics', remove: true }] });
    expect(simulateBody([vpc, clickhouse, bucket])).toEqual({
      members: [
        { componentId: 'prod:vpc/main', proposedConfig: '{"cidr":"10.41.0.0/16"}' },
        { componentId: 'prod:clickhouse/analytics', proposedConfig: '{"allowed_cidrs":[]}' },
        { env: 'prod', type: 's3-bucket', nickname: 'exports', proposedConfig: '{}' },
      ],
    });
    expect(createBody([vpc, removed, bucket], 'T', 'D')).toEqual({
      members: [
        { componentId: 'prod:vpc/main', proposedConfig: '{"cidr":"10.41.0.0/16"}' },
        { componentId: 'prod:clickhouse/analytics', remove: true },
        { env: 'prod', type: 's3-bucket', nickname: 'exports', proposedConfig: '{}' },
      ],
      baseVersions: [3, 4, null],
      title: 'T',
      description: 'D',
    });
  });
});

describe('what blocks a proposal', () => {
  it('keeps the single form’s words, and names the member in a set', () => {
    const unnamed: DraftMember = { ...bucket, names: { env: 'prod', type: '', nickname: '' } };
    expect(namingBlocker([unnamed])).toBe('Name the new component first.');
    expect(namingBlocker([vpc, unnamed])).toBe('Name the new component first (component 2).');
    const broken: DraftMember = { ...clickhouse, text: '{' };
    expect(syntaxBlocker([broken])).toBe('Fix the JSON first.');
    expect(syntaxBlocker([vpc, broken])).toBe('Fix the JSON of prod:clickhouse/analytics first.');
    // A removal has no text to parse.
    expect(syntaxBlocker([vpc, { ...broken, isRemoved: true }])).toBeNull();
    expect(namingBlocker([vpc, clickhouse])).toBeNull();
  });

  it('refuses the same component twice', () => {
    expect(duplicateIds([vpc, clickhouse, { ...vpc, key: 'z' }])).toEqual(['prod:vpc/main']);
    expect(namingBlocker([vpc, { ...vpc, key: 'z' }])).toBe('prod:vpc/main is in the change set twice: remove one.');
  });
});

describe('editableText', () => {
  it('pretty-prints a JSON config, keeps a text that is not JSON, and starts an empty one', () => {
    expect(editableText({ config: { a: 1 }, configRaw: '{"a":1}' })).toBe('{\n  "a": 1\n}');
    expect(editableText({ config: null, configRaw: 'not json' })).toBe('not json');
    expect(editableText({ config: null, configRaw: null })).toBe('{\n  \n}\n');
  });
});

const member = (over: Partial<MemberSimulation>): MemberSimulation => ({
  componentId: 'prod:vpc/main',
  env: 'prod',
  type: 'vpc',
  nickname: 'main',
  action: 'update',
  isNew: false,
  baseVersion: 3,
  simulatedAt: '2026-01-01T00:00:00Z',
  errors: [],
  warnings: [],
  proposedConfig: '{}',
  size: { bytes: 2, limit: 4096, tier: 'Standard' },
  isDocument: true,
  schema: 'valid',
  diff: [],
  references: { added: [], removed: [], unchanged: [], broken: [] },
  ...over,
});

const simulation = (members: MemberSimulation[], errors: ValidationIssue[] = []) => ({ ...members[0], members, errors }) as unknown as ProposalSimulation;

describe('a simulation mapped back onto the members', () => {
  it('an answer without members is a set of one', () => {
    const { members: _m, ...old } = simulation([member({ errors: [issue({})] })], [issue({})]) as ProposalSimulation & { members?: unknown };
    const read = simulatedMembers(old as unknown as ProposalSimulation);
    expect(read).toHaveLength(1);
    expect(read[0].componentId).toBe('prod:vpc/main');
    expect(read[0].errors).toEqual([issue({})]);
  });

  it('splits issues between the members and the set', () => {
    const own = issue({ message: 'cidr must match format "cidr"', path: 'cidr' });
    const named = issue({ code: 'has_dependents', message: 'others depend on it', componentId: 'prod:clickhouse/analytics' });
    const whole = issue({ code: 'duplicate_member', message: 'twice' });
    const members = [member({ errors: [own] }), member({ componentId: 'prod:clickhouse/analytics' })];
    const result = simulation(members, [own, named, whole]);
    expect(setLevelIssues(result, 'errors')).toEqual([whole]);
    expect(memberIssues(result, members[0], 'errors')).toEqual([own]);
    expect(memberIssues(result, members[1], 'errors')).toEqual([named]);
  });

  it('an issue both a member and the set list (with its componentId) is shown once, with the member', () => {
    const own = issue({ code: 'no_schema', message: 'No JSON Schema for type "clickhouse"' });
    const members = [member({}), member({ componentId: 'prod:clickhouse/analytics', warnings: [own] })];
    const result = { ...simulation(members), warnings: [{ ...own, componentId: 'prod:clickhouse/analytics' }] } as ProposalSimulation;
    expect(memberIssues(result, members[1], 'warnings')).toEqual([own]);
    expect(setLevelIssues(result, 'warnings')).toEqual([]);
  });

  it('finds a draft member’s simulation by position, or by id when the set changed since', () => {
    const members = [member({}), member({ componentId: 'prod:clickhouse/analytics' })];
    const result = simulation(members);
    expect(simulatedMemberFor(result, [vpc, clickhouse], 1)?.componentId).toBe('prod:clickhouse/analytics');
    expect(simulatedMemberFor(result, [clickhouse], 0)?.componentId).toBe('prod:clickhouse/analytics');
    expect(simulatedMemberFor(result, [bucket], 0)).toBeNull();
  });
});
