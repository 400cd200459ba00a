import { describe, expect, it } from 'vitest';
import { settingsFileSchema } from '@/lib/model/settings';
import type { BlastRadiusEntry } from '@/lib/model/simulation';
import { parseComponentId } from '@/lib/model/ids';
import {
  groupsText,
  matchesOwnerPattern,
  missingOwners,
  missingOwnersText,
  ownerRequirements,
  ownersMetBy,
  parseOwnerPattern,
  recordedApprovals,
  requestOwnerRequirements,
  storedBlastRadius,
  withApproval,
  type Approval,
  type OwnershipInput,
} from './ownership';

const key = (id: string) => ({ componentId: id, ...parseComponentId(id)! });

/** A dependent reached from `chain`'s last id through the ones before it: `dependent('a', 'b', 'vpc')` is a → b → vpc. */
function dependent(...chain: string[]): BlastRadiusEntry {
  const [id] = chain;
  const via = chain
    .slice(0, -1)
    .map((from, i) => ({ from, to: chain[i + 1], path: `${chain[i + 1]}_nickname` }))
    .reverse();
  return { ...parseComponentId(id)!, id, depth: via.length, via };
}

function input(overrides: Partial<OwnershipInput> = {}): OwnershipInput {
  const components = overrides.blastRadius?.components ?? [dependent('prod:aurora-postgres/orders', 'prod:vpc/main'), dependent('prod:ecs-cluster/core', 'prod:vpc/main')];
  return {
    author: 'alice@example.com',
    members: [key('prod:vpc/main')],
    blastRadius: { components, groups: [], isTruncated: false },
    rules: [{ match: 'prod:aurora-postgres/*', groups: ['data-team'] }],
    approvals: [],
    ...overrides,
  };
}

const approval = (approver: string, ...groups: string[]): Approval => ({ approver, groups });

describe('owner patterns', () => {
  it.each([
    ['prod:aurora-postgres/*', { env: 'prod', type: 'aurora-postgres', nickname: '*' }],
    ['aurora-postgres/orders', { env: null, type: 'aurora-postgres', nickname: 'orders' }],
    ['*:sqs-queue/*-events', { env: '*', type: 'sqs-queue', nickname: '*-events' }],
    ['prod:*/*', { env: 'prod', type: '*', nickname: '*' }],
  ])('reads %s', (match, pattern) => {
    expect(parseOwnerPattern(match)).toEqual(pattern);
  });

  it.each([
    ['prod:aurora-postgres/*', 'prod:aurora-postgres/orders', true],
    ['prod:aurora-postgres/*', 'dev:aurora-postgres/orders', false],
    ['aurora-postgres/*', 'dev:aurora-postgres/orders', true],
    ['aurora-postgres/orders', 'prod:aurora-postgres/metrics', false],
    ['prod:*/*', 'prod:vpc/main', true],
    ['prod:*/*', 'dev:vpc/main', false],
    ['*:sqs-queue/*-events', 'dev:sqs-queue/order-events', true],
    ['*:sqs-queue/*-events', 'dev:sqs-queue/ops-alerts', false],
    ['aurora-*/ord*s', 'prod:aurora-postgres/orders', true],
    // A glob is the whole part, not a substring of it; `.` is a dot, not any character.
    ['vpc/main', 'prod:vpc/main-2', false],
    ['s3-bucket/a.b', 'prod:s3-bucket/axb', false],
  ])('%s names %s: %s', (match, id, expected) => {
    expect(matchesOwnerPattern(parseOwnerPattern(match)!, parseComponentId(id)!)).toBe(expected);
  });

  it.each([['prod:aurora-postgres'], ['aurora-postgres'], ['prod:a/b/c'], ['a:b:c/d'], [''], ['prod:vpc/'], ['prod:vpc/ma in']])(
    'refuses %j in settings, saying what a pattern is',
    (match) => {
      const result = settingsFileSchema.safeParse({ owners: [{ match, groups: ['data-team'] }] });
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]).toMatchObject({ path: ['owners', 0, 'match'], message: expect.stringContaining('[<env>:]<type>/<nickname>') });
    },
  );

  it('refuses a rule without groups, an empty group name and unknown keys', () => {
    const issue = (rule: unknown) => settingsFileSchema.safeParse({ owners: [rule] }).error?.issues[0];
    expect(issue({ match: 'vpc/*', groups: [] })).toMatchObject({ path: ['owners', 0, 'groups'], message: 'name at least one group whose approval the owned components need' });
    expect(issue({ match: 'vpc/*', groups: [' '] })).toMatchObject({ path: ['owners', 0, 'groups', 0], message: 'a group name cannot be empty' });
    expect(issue({ match: 'vpc/*' })).toMatchObject({ path: ['owners', 0, 'groups'] });
    expect(issue({ match: 'vpc/*', groups: ['x'], group: 'x' })).toMatchObject({ code: 'unrecognized_keys' });
    expect(settingsFileSchema.parse({}).owners).toEqual([]);
  });
});

describe('which owner approvals a change needs', () => {
  it('asks the owners of a dependent, saying which it owns and how the change reaches it', () => {
    expect(ownerRequirements(input())).toEqual([
      {
        groups: ['data-team'],
        owns: [
          {
            componentId: 'prod:aurora-postgres/orders',
            reach: 'dependent',
            path: ['prod:aurora-postgres/orders', 'prod:vpc/main'],
            match: 'prod:aurora-postgres/*',
            reason: 'data-team owns prod:aurora-postgres/orders, which depends on prod:vpc/main',
          },
        ],
        metBy: null,
        reason: 'data-team owns prod:aurora-postgres/orders, which depends on prod:vpc/main',
      },
    ]);
  });

  it('names what lies between a deep dependent and the changed component', () => {
    const deep = dependent('prod:aurora-postgres/orders', 'prod:lambda/order-workers', 'prod:sqs-queue/order-events', 'prod:kms-key/data');
    const [requirement] = ownerRequirements(input({ members: [key('prod:kms-key/data')], blastRadius: { components: [deep], groups: [], isTruncated: false } }));
    expect(requirement.owns[0]).toMatchObject({
      path: ['prod:aurora-postgres/orders', 'prod:lambda/order-workers', 'prod:sqs-queue/order-events', 'prod:kms-key/data'],
      reason: 'data-team owns prod:aurora-postgres/orders, which depends on prod:kms-key/data through prod:lambda/order-workers → prod:sqs-queue/order-events',
    });
  });

  it('counts a changed component that is owned, as changed even when another member also reaches it', () => {
    const members = [key('prod:vpc/main'), key('prod:aurora-postgres/orders')];
    const [requirement] = ownerRequirements(input({ members }));
    expect(requirement.owns).toEqual([
      expect.objectContaining({
        componentId: 'prod:aurora-postgres/orders',
        reach: 'changed',
        path: ['prod:aurora-postgres/orders'],
        reason: 'data-team owns prod:aurora-postgres/orders, which this change changes',
      }),
    ]);
  });

  it('asks for nothing when no rule names a member or dependent, or there are no rules', () => {
    expect(ownerRequirements(input({ rules: [{ match: 'dev:aurora-postgres/*', groups: ['data-team'] }] }))).toEqual([]);
    expect(ownerRequirements(input({ rules: [] }))).toEqual([]);
    expect(ownerRequirements(input({ blastRadius: null }))).toEqual([]);
  });

  it('lists everything a rule owns of the change, once each', () => {
    const components = [dependent('prod:aurora-postgres/orders', 'prod:vpc/main'), dependent('prod:aurora-postgres/metrics', 'prod:ecs-cluster/core', 'prod:vpc/main')];
    const [requirement] = ownerRequirements(input({ blastRadius: { components, groups: [], isTruncated: false } }));
    expect(requirement.owns.map((o) => o.componentId)).toEqual(['prod:aurora-postgres/orders', 'prod:aurora-postgres/metrics']);
    expect(requirement.reason).toBe('data-team owns prod:aurora-postgres/orders, which depends on prod:vpc/main (and 1 more owned component)');
  });

  it('makes rules with the same groups (in any order) one requirement, and keeps other groups apart', () => {
    const rules = [
      { match: 'prod:aurora-postgres/*', groups: ['data-team', 'dba'] },
      { match: 'prod:ecs-cluster/*', groups: ['platform'] },
      { match: 'aurora-postgres/orders', groups: ['dba', 'data-team'] },
      { match: 'prod:ecs-*/*', groups: ['dba', 'data-team'] },
    ];
    const requirements = ownerRequirements(input({ rules }));
    expect(requirements.map((r) => [r.groups, r.owns.map((o) => `${o.componentId} by ${o.match}`)])).toEqual([
      [
        ['data-team', 'dba'],
        ['prod:aurora-postgres/orders by prod:aurora-postgres/*', 'prod:ecs-cluster/core by prod:ecs-*/*'],
      ],
      [['platform'], ['prod:ecs-cluster/core by prod:ecs-cluster/*']],
    ]);
    expect(requirements[0].reason).toBe('data-team or dba owns prod:aurora-postgres/orders, which depends on prod:vpc/main (and 1 more owned component)');
  });

  it('asks the owners who may own dependents a truncated blast radius does not list, rather than skipping them', () => {
    const blastRadius = {
      components: [dependent('prod:ecs-cluster/core', 'prod:vpc/main')],
      groups: [
        { env: 'prod', type: 'aurora-postgres', count: 3 },
        { env: 'prod', type: 'ecs-cluster', count: 1 },
        { env: 'dev', type: 'aurora-postgres', count: 2 },
      ],
      isTruncated: true,
    };
    const [requirement] = ownerRequirements(input({ blastRadius }));
    expect(requirement.owns).toEqual([
      {
        componentId: 'prod:aurora-postgres/*',
        reach: 'unlisted',
        path: [],
        match: 'prod:aurora-postgres/*',
        reason: 'data-team may own some of the 3 prod aurora-postgres dependents the blast radius does not list (it lists the nearest 1)',
      },
    ]);
    // Every listed one is judged by its id; an env and type fully listed adds nothing.
    expect(ownerRequirements(input({ blastRadius, rules: [{ match: 'prod:ecs-cluster/other', groups: ['platform'] }] }))).toEqual([]);
  });
});

describe('when an owner requirement is met', () => {
  it('is met by an approval from anyone who was in any one of the rule’s groups, and says whose', () => {
    const rules = [{ match: 'prod:aurora-postgres/*', groups: ['data-team', 'dba'] }];
    expect(ownerRequirements(input({ rules, approvals: [approval('bob@example.com', 'sre'), approval('erin@example.com', 'dba')] }))[0].metBy).toEqual({
      approver: 'erin@example.com',
      group: 'dba',
    });
    expect(ownerRequirements(input({ rules, approvals: [approval('bob@example.com', 'sre')] }))[0].metBy).toBeNull();
  });

  it('never counts the author’s own approval, even when they are in the owning group', () => {
    const requirements = ownerRequirements(input({ author: 'carol@example.com', approvals: [approval('carol@example.com', 'data-team')] }));
    expect(missingOwners(requirements)).toHaveLength(1);
  });

  it('counts an approval recorded without groups (before ownership) towards no owner', () => {
    const request = { approvals: ['bob@example.com', 'carol@example.com'], approverGroups: { 'carol@example.com': ['data-team'] } };
    expect(recordedApprovals(request)).toEqual([approval('bob@example.com'), approval('carol@example.com', 'data-team')]);
    expect(recordedApprovals({ approvals: ['carol@example.com'], approverGroups: {} })).toEqual([approval('carol@example.com')]);
  });

  it('tells which missing requirements an approver would meet, and meets them with one more approval', () => {
    const rules = [
      { match: 'prod:aurora-postgres/*', groups: ['data-team'] },
      { match: 'prod:ecs-cluster/*', groups: ['platform'] },
    ];
    const requirements = ownerRequirements(input({ rules }));
    expect(ownersMetBy(requirements, ['data-team', 'sre']).map((r) => r.groups)).toEqual([['data-team']]);
    expect(ownersMetBy(requirements, ['sre'])).toEqual([]);
    const after = withApproval(requirements, approval('carol@example.com', 'data-team'));
    expect(after.map((r) => r.metBy)).toEqual([{ approver: 'carol@example.com', group: 'data-team' }, null]);
    expect(withApproval(after, approval('dana@example.com', 'data-team'))[0].metBy).toEqual({ approver: 'carol@example.com', group: 'data-team' });
    expect(missingOwnersText(missingOwners(after))).toBe('an approval from platform (platform owns prod:ecs-cluster/core, which depends on prod:vpc/main)');
  });
});

describe('a request’s owner requirements', () => {
  const impact = {
    blastRadius: {
      total: 1,
      components: [dependent('prod:aurora-postgres/orders', 'prod:vpc/main')],
      groups: [{ env: 'prod', type: 'aurora-postgres', count: 1 }],
      isTruncated: false,
    },
  };
  const request = {
    author: 'alice@example.com',
    members: [key('prod:vpc/main')] as never,
    impact,
    approvals: ['carol@example.com'],
    approverGroups: { 'carol@example.com': ['data-team'] },
  };

  it('reads the blast radius stored at submission and the groups recorded with each approval', () => {
    const [requirement] = requestOwnerRequirements(request, [{ match: 'prod:aurora-postgres/*', groups: ['data-team'] }]);
    expect(requirement).toMatchObject({ owns: [{ componentId: 'prod:aurora-postgres/orders' }], metBy: { approver: 'carol@example.com', group: 'data-team' } });
  });

  it('owns only the members when the stored impact has no blast radius that reads', () => {
    expect(storedBlastRadius({ risk: 'low' })).toBeNull();
    expect(storedBlastRadius({ blastRadius: { components: [{ id: 1 }], groups: [], isTruncated: false } })).toBeNull();
    expect(requestOwnerRequirements({ ...request, impact: null }, [{ match: 'prod:aurora-postgres/*', groups: ['data-team'] }])).toEqual([]);
    expect(requestOwnerRequirements({ ...request, impact: null }, [{ match: 'prod:vpc/*', groups: ['network'] }])[0].owns[0].reach).toBe('changed');
  });
});

describe('group lists in words', () => {
  it.each([
    [['data-team'], 'data-team'],
    [['data-team', 'dba'], 'data-team or dba'],
    [['a', 'b', 'c'], 'a, b or c'],
  ])('%j', (groups, text) => {
    expect(groupsText(groups)).toBe(text);
  });
});
