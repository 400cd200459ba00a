import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/model/errors';
import { historyVersionId, type HistoryHead, type SlotHead } from '@/lib/model/history';
import type { ParameterVersion } from '@/lib/model/parameters';
import { contentHash } from './content-hash';
import { backfillEstimate, callsForSlot, isSettled, isThrottled, newestOf, pendingHeads, settleHead, throttleBackoffMs, versionsFromHistory } from './read-history';

const REQUEST = 'cr:0b7c3f4e-2a51-4c43-9d8e-6f1a2b3c4d5e';

function head(componentId: string, over: Partial<HistoryHead> = {}): HistoryHead {
  const [env, rest] = componentId.split(':');
  const [type, nickname] = rest.split('/');
  return { componentId, env, type, nickname, config: null, runtime: null, drift: 'in_sync', pending: ['config', 'runtime'], ...over };
}

function slot(version: number, modifiedAt: string, over: Partial<SlotHead> = {}): SlotHead {
  return { id: `hv:x:config:${version}:${Date.parse(modifiedAt)}`, version, modifiedAt, hash: 'h', removed: false, ...over };
}

const version = (n: number, modifiedAt: string, over: Partial<ParameterVersion> = {}): ParameterVersion => ({
  version: n,
  value: `{"v":${n}}`,
  modifiedAt,
  modifiedBy: 'arn:aws:iam::1:user/terraform',
  ...over,
});

describe('versions from a history read', () => {
  it('gives every version the id a sync gives it, with its author, Description and the change request the Description names', () => {
    const h = head('prod:vpc/main');
    const history = [
      version(1, '2026-01-01T10:00:00.000Z'),
      version(2, '2026-02-01T10:00:00.000Z', { modifiedBy: 'arn:aws:iam::1:role/karma', description: `Karma change request ${REQUEST}: wider CIDR (by bob)` }),
    ];

    const versions = versionsFromHistory(h, 'config', history, '2026-03-01T00:00:00.000Z');

    expect(versions.map((v) => v.id)).toEqual([
      historyVersionId('prod:vpc/main', 'config', 1, '2026-01-01T10:00:00.000Z'),
      historyVersionId('prod:vpc/main', 'config', 2, '2026-02-01T10:00:00.000Z'),
    ]);
    expect(versions[0]).toEqual({
      id: versions[0].id,
      componentId: 'prod:vpc/main',
      env: 'prod',
      type: 'vpc',
      nickname: 'main',
      document: 'config',
      version: 1,
      raw: '{"v":1}',
      hash: contentHash('{"v":1}'),
      modifiedAt: '2026-01-01T10:00:00.000Z',
      modifiedBy: 'arn:aws:iam::1:user/terraform',
      description: null,
      changeRequestId: null,
      gitCommit: null,
      source: 'history',
      recordedAt: '2026-03-01T00:00:00.000Z',
    });
    expect(versions[1]).toMatchObject({ modifiedBy: 'arn:aws:iam::1:role/karma', description: `Karma change request ${REQUEST}: wider CIDR (by bob)`, changeRequestId: REQUEST });
  });

  it('keeps both lives of a parameter deleted and created again: same numbers, different ids', () => {
    const versions = versionsFromHistory(head('dev:sqs-queue/jobs'), 'runtime', [version(1, '2026-01-01T00:00:00.000Z'), version(1, '2026-05-01T00:00:00.000Z')], 'now');
    expect(new Set(versions.map((v) => v.id)).size).toBe(2);
    expect(newestOf([version(3, '2026-01-01T00:00:00.000Z'), version(1, '2026-05-01T00:00:00.000Z')])).toEqual({ version: 1, modifiedAt: '2026-05-01T00:00:00.000Z' });
  });
});

describe('settling a pending slot', () => {
  const read = { version: 7, modifiedAt: '2026-02-01T00:00:00.000Z' };

  it('settles when the head records nothing newer than the read found', () => {
    expect(isSettled(slot(7, read.modifiedAt), read)).toBe(true);
    expect(isSettled(slot(5, '2026-01-01T00:00:00.000Z'), read)).toBe(true);
    expect(isSettled(null, read)).toBe(true);
  });

  it('leaves it pending when a sync recorded a newer version meanwhile (its author is unknown again)', () => {
    expect(isSettled(slot(8, '2026-02-02T00:00:00.000Z'), read)).toBe(false);
    // Recreated: a lower number, but later.
    expect(isSettled(slot(1, '2026-03-01T00:00:00.000Z'), read)).toBe(false);
  });

  it('settles an empty history: the parameter is gone, there is nothing to read', () => {
    expect(isSettled(slot(8, '2026-02-02T00:00:00.000Z'), null)).toBe(true);
  });

  it('takes the settled slots out of the re-read head, and says when nothing changes', () => {
    const fresh = head('prod:vpc/main', { config: slot(7, read.modifiedAt), runtime: slot(3, '2026-04-01T00:00:00.000Z') });
    const reads = new Map([
      ['config', read],
      ['runtime', { version: 2, modifiedAt: '2026-03-01T00:00:00.000Z' }],
    ] as const);

    expect(settleHead(fresh, reads)).toEqual({ ...fresh, pending: ['runtime'] });
    expect(settleHead({ ...fresh, pending: ['runtime'] }, reads)).toBeNull();
    // A slot the worker did not read stays as it is.
    expect(settleHead(fresh, new Map([['config', read]]))).toEqual({ ...fresh, pending: ['runtime'] });
  });

  it('lists the pending heads in id order, so a restart resumes with the same rest', () => {
    const heads = [head('prod:vpc/b'), head('dev:vpc/a', { pending: [] }), head('dev:vpc/c'), head('dev:ecs-cluster/x')];
    expect(pendingHeads(heads).map((h) => h.componentId)).toEqual(['dev:ecs-cluster/x', 'dev:vpc/c', 'prod:vpc/b']);
  });
});

describe('throttling and the pace', () => {
  it('recognises the adapter’s throttled refusal and nothing else', () => {
    expect(isThrottled(new AppError('unavailable', 'SSM is throttling Karma', { details: { isThrottled: true } }))).toBe(true);
    expect(isThrottled(new AppError('unavailable', 'SSM for environment "dev" is unreachable'))).toBe(false);
    expect(isThrottled(new Error('ThrottlingException'))).toBe(false);
  });

  it('backs off doubling from about a second up to half a minute', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 10].map((attempt) => throttleBackoffMs(attempt, middle))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(throttleBackoffMs(1, () => 0)).toBe(750);
    expect(throttleBackoffMs(1, () => 1)).toBe(1_250);
  });

  it('costs a call per page of 50 versions, at most two (SSM keeps 100), and one for an empty history', () => {
    expect([0, 1, 50, 51, 100, 120].map(callsForSlot)).toEqual([1, 1, 1, 2, 2, 2]);
  });

  it('computes a 10,000-component backfill at 5 calls a second: 20,000 to 40,000 calls, 67 minutes to 2 h 13 min', () => {
    const estimate = backfillEstimate({ components: 10_000, callsPerSecond: 5 });
    expect(estimate.calls).toEqual({ least: 20_000, most: 40_000 });
    expect(estimate.seconds).toEqual({ least: 4_000, most: 8_000 });
  });
});
