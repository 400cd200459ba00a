import { describe, expect, it } from 'vitest';
import { recorded } from '@/lib/history/history-fixtures';
import { changeRequest } from '@/lib/store/contract/fixtures';
import { changeMember } from '@/lib/testing/builders';
import { isAppError } from '@/lib/model/errors';
import type { DocumentVersion } from '@/lib/model/history';
import { planChangeRevert, planVersionRevert, versionRevertAvailability, type LiveConfig } from './plan-revert';

const VPC = 'prod:vpc/main';
const QUEUE = 'prod:sqs-queue/jobs';
const SITE = 'prod:serverless-site/www';

const day = (d: number) => `2026-06-${String(d).padStart(2, '0')}T10:00:00.000Z`;
/** Config version n of `id`, written on day n + offset, holding { v: n }. */
const v = (id: string, n: number, offset = 0, value: unknown = { v: n }) => recorded(id, 'config', n, day(n + offset), value);
const removal = (id: string, n: number, d: number) => recorded(id, 'config', n, day(d), null);
const live = (record: DocumentVersion): LiveConfig => ({ version: record.version, raw: record.raw! });

function refusal(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('planVersionRevert', () => {
  const records = [v(VPC, 1), v(VPC, 2), v(VPC, 3)];

  it("proposes the version's recorded text, based on the current version, and says what it puts back", () => {
    const plan = planVersionRevert({ componentId: VPC, version: 1, records, live: live(records[2]) });
    expect(plan.body.members).toEqual([{ target: { componentId: VPC }, proposedConfig: '{"v":1}' }]);
    expect(plan.body.baseVersions).toEqual([3]);
    expect(plan.body.title).toBe('Revert prod:vpc/main to config version 1');
    expect(plan.body.description).toBe('Puts back config version 1 of prod:vpc/main, written by alice@example.com at 2026-06-01 10:00 UTC, in place of the current version 3.');
    expect(plan.revertOf).toEqual({ kind: 'version', componentId: VPC, version: 1, versionId: records[0].id, hash: records[0].hash, fromVersion: 3 });
  });

  it('names the change request that wrote the version', () => {
    const written = [{ ...v(VPC, 1), changeRequestId: 'cr:abc' }, v(VPC, 2)];
    expect(planVersionRevert({ componentId: VPC, version: 1, records: written, live: live(written[1]) }).body.description).toContain('It was written by change request cr:abc.');
  });

  it('looks version numbers up in the current life only: after a removal, SSM numbered from 1 again', () => {
    const lives = [v(VPC, 1, 0, { old: 1 }), v(VPC, 2, 0, { old: 2 }), removal(VPC, 2, 5), v(VPC, 1, 9, { fresh: 1 }), v(VPC, 2, 9, { fresh: 2 })];
    const plan = planVersionRevert({ componentId: VPC, version: 1, records: lives, live: live(lives[4]) });
    expect(plan.body.members[0].proposedConfig).toBe('{"fresh":1}');
  });

  const refusals: Array<{ name: string; version: number; records: DocumentVersion[]; live: LiveConfig; code: string; message: string }> = [
    { name: 'the current version', version: 3, records, live: live(records[2]), code: 'conflict', message: 'Version 3 is the current config of prod:vpc/main' },
    {
      name: 'a version not recorded',
      version: 7,
      records,
      live: live(records[2]),
      code: 'not_found',
      message: 'Config version 7 of prod:vpc/main is not in the recorded history (recorded: versions 1–3)',
    },
    {
      name: 'a version that is not JSON',
      version: 1,
      records: [{ ...v(VPC, 1), raw: 'cidr = 10.0.0.0/16' }, v(VPC, 2)],
      live: live(v(VPC, 2)),
      code: 'conflict',
      message: 'Version 1 of prod:vpc/main is not a JSON object, so it cannot be proposed as a config',
    },
    {
      name: 'a version holding what the current one holds',
      version: 1,
      records: [v(VPC, 1, 0, { same: true }), v(VPC, 2), v(VPC, 3, 0, { same: true })],
      live: { version: 3, raw: '{"same":true}' },
      code: 'conflict',
      message: 'Version 1 of prod:vpc/main holds exactly what the current version 3 holds',
    },
    {
      name: 'a component whose config is gone',
      version: 1,
      records: [...records, removal(VPC, 3, 8)],
      live: null,
      code: 'conflict',
      message: 'prod:vpc/main has no config now, so there is nothing to revert; propose it as a new component instead',
    },
    {
      name: 'a version of an earlier life',
      version: 3,
      records: [...records, removal(VPC, 3, 8), v(VPC, 1, 9)],
      live: live(v(VPC, 1, 9)),
      code: 'not_found',
      message: 'Config version 3 of prod:vpc/main is not in the recorded history (recorded: version 1)',
    },
  ];
  for (const c of refusals) {
    it(`refuses ${c.name}, and the availability says the same`, () => {
      expect(refusal(() => planVersionRevert({ componentId: VPC, version: c.version, records: c.records, live: c.live }))).toEqual({ code: c.code, message: c.message });
      expect(versionRevertAvailability(VPC, c.version, c.records, c.live)).toEqual({ allowed: false, reason: c.message });
    });
  }

  it('offers an older JSON version', () => {
    expect(versionRevertAvailability(VPC, 2, records, live(records[2]))).toEqual({ allowed: true });
  });
});

describe('planChangeRevert', () => {
  const vpc = [v(VPC, 1), v(VPC, 2), v(VPC, 3)];
  const queue = [v(QUEUE, 1), v(QUEUE, 2)];
  const site = [v(SITE, 1), v(SITE, 2), removal(SITE, 2, 6)];
  const applied = changeRequest(VPC, {
    title: 'Widen the VPC and tidy up',
    status: 'applied',
    members: [
      changeMember(VPC, { baseVersion: 2, appliedVersion: 3, isApplied: true, proposedConfig: '{"v":3}' }),
      changeMember(QUEUE, { action: 'create', baseVersion: null, appliedVersion: 1, isApplied: true, proposedConfig: '{"v":1}' }),
      changeMember(SITE, { action: 'remove', baseVersion: 2, appliedVersion: null, isApplied: true, proposedConfig: null }),
    ],
  });
  const records = new Map([
    [VPC, vpc],
    [QUEUE, queue.slice(0, 1)],
    [SITE, site],
  ]);
  const now = new Map<string, LiveConfig>([
    [VPC, live(vpc[2])],
    [QUEUE, live(queue[0])],
    [SITE, null],
  ]);

  it('undoes every member: an update back to its base text, a created component removed, a removed one created again with its last text', () => {
    const plan = planChangeRevert({ request: applied, appliedAt: day(5), records, live: now });
    expect(plan.body.members).toEqual([
      { target: { componentId: VPC }, proposedConfig: '{"v":2}' },
      { target: { componentId: QUEUE }, proposedConfig: null },
      { target: { env: 'prod', type: 'serverless-site', nickname: 'www' }, proposedConfig: '{"v":2}' },
    ]);
    expect(plan.body.baseVersions).toEqual([3, 1, null]);
    expect(plan.body.title).toBe('Revert "Widen the VPC and tidy up"');
    expect(plan.body.description).toBe(
      [
        `Undoes change request ${applied.id} ("Widen the VPC and tidy up", applied 2026-06-05 10:00 UTC):`,
        '- prod:vpc/main back to config version 2 (from version 3)',
        '- prod:sqs-queue/jobs removed (the change created it)',
        '- prod:serverless-site/www created again with its config version 2 (the change removed it)',
      ].join('\n'),
    );
    expect(plan.revertOf).toMatchObject({ kind: 'change', changeRequestId: applied.id });
  });

  it('refuses a request that is not applied', () => {
    expect(refusal(() => planChangeRevert({ request: { ...applied, status: 'approved' }, appliedAt: null, records, live: now }))).toEqual({
      code: 'conflict',
      message: `${applied.id} is approved: only an applied change can be reverted`,
    });
  });

  const moved: Array<{ name: string; live: Array<[string, LiveConfig]>; records?: Array<[string, DocumentVersion[]]>; says: string }> = [
    {
      name: 'an updated member written again since',
      live: [[VPC, { version: 4, raw: '{"v":4}' }]],
      says: 'prod:vpc/main has moved since: {id} wrote config version 3, and it is now at version 4',
    },
    { name: 'an updated member removed since', live: [[VPC, null]], says: 'prod:vpc/main has no config now, but {id} wrote its config version 3' },
    {
      name: 'a created member changed since',
      live: [[QUEUE, { version: 2, raw: '{"v":2}' }]],
      says: 'prod:sqs-queue/jobs has moved since: {id} wrote config version 1, and it is now at version 2',
    },
    {
      name: 'a removed member that exists again',
      live: [[SITE, { version: 1, raw: '{"back":1}' }]],
      says: 'prod:serverless-site/www exists again (config version 1) since {id} removed it',
    },
    {
      name: 'an update whose base text is not recorded',
      live: [],
      records: [[VPC, [v(VPC, 3)]]],
      says: 'the config prod:vpc/main had before {id} (version 2) is not in the recorded history',
    },
    {
      name: 'a removal whose last text is not recorded',
      live: [],
      records: [[SITE, [removal(SITE, 2, 6)]]],
      says: 'the config prod:serverless-site/www had before {id} removed it (version 2) is not in the recorded history',
    },
  ];
  for (const c of moved) {
    it(`refuses ${c.name}, naming the member and its versions`, () => {
      const failed = refusal(() =>
        planChangeRevert({ request: applied, appliedAt: null, records: new Map([...records, ...(c.records ?? [])]), live: new Map([...now, ...c.live]) }),
      );
      expect(failed).toEqual({ code: 'conflict', message: `${applied.id} cannot be reverted: ${c.says.replace('{id}', applied.id)}` });
    });
  }

  it('names every member that stands in the way at once', () => {
    const failed = refusal(() =>
      planChangeRevert({ request: applied, appliedAt: null, records, live: new Map([...now, [VPC, { version: 5, raw: '{}' }], [SITE, { version: 1, raw: '{}' }]]) }),
    );
    expect(failed.message).toContain('prod:vpc/main has moved since');
    expect(failed.message).toContain('prod:serverless-site/www exists again');
  });

  it('refuses while a member is still to be written at its rollout wave', () => {
    const deferred = { ...applied, members: [applied.members[0], changeMember(QUEUE, { baseVersion: 1, appliedVersion: null, isApplied: false })] };
    expect(refusal(() => planChangeRevert({ request: deferred, appliedAt: null, records, live: now })).message).toBe(
      `${applied.id} cannot be reverted: prod:sqs-queue/jobs is not written yet (its rollout wave writes it later), so there is nothing of it to revert`,
    );
  });
});
