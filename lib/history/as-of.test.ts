import { describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/model/errors';
import { versionKeyOf } from '@/lib/model/history';
import { historicalSources, selectAsOf, slotUpTo } from './as-of';
import { inMemoryHistory, recorded } from './history-fixtures';

// A bucket written twice, deleted in October and created again (numbered from 1) in November; a vpc in another environment.
const history = [
  recorded('prod:s3-bucket/media', 'config', 1, '2026-06-02T09:00:00Z', { versioning: true }),
  recorded('prod:s3-bucket/media', 'runtime', 1, '2026-06-02T09:10:00Z', { bucket_arn: 'arn:aws:s3:::media' }),
  recorded('prod:s3-bucket/media', 'config', 2, '2026-07-01T00:00:00Z', { versioning: false }),
  recorded('prod:s3-bucket/media', 'config', 2, '2026-10-01T00:00:00Z', null),
  recorded('prod:s3-bucket/media', 'runtime', 1, '2026-10-01T00:00:00Z', null),
  recorded('prod:s3-bucket/media', 'config', 1, '2026-11-01T00:00:00Z', { versioning: true, lifecycle: 'short' }),
  recorded('staging:vpc/main', 'config', 1, '2026-06-01T10:00:00Z', { cidr: '10.9.0.0/16' }),
];
const environments = [
  { env: 'prod', prefix: '/iac' },
  { env: 'staging', prefix: '/' },
];
const label = (k: { componentId: string; document: string; version: number }) => `${k.componentId} ${k.document} v${k.version}`;

describe('selectAsOf', () => {
  it('picks the newest record of each document not after the moment', () => {
    const { index } = inMemoryHistory(history);
    expect(selectAsOf(index, '2026-08-01T00:00:00Z').map(label).sort()).toEqual([
      'prod:s3-bucket/media config v2',
      'prod:s3-bucket/media runtime v1',
      'staging:vpc/main config v1',
    ]);
  });

  it('includes a version written at the very moment asked for', () => {
    const { index } = inMemoryHistory(history);
    expect(selectAsOf(index, '2026-07-01T00:00:00Z').map(label)).toContain('prod:s3-bucket/media config v2');
    expect(selectAsOf(index, '2026-06-30T23:59:59.999Z').map(label)).toContain('prod:s3-bucket/media config v1');
  });

  it('leaves out a document whose newest record is its removal, until it is created again', () => {
    const { index } = inMemoryHistory(history);
    expect(selectAsOf(index, '2026-10-15T00:00:00Z').map(label)).toEqual(['staging:vpc/main config v1']);
    expect(selectAsOf(index, '2026-11-15T00:00:00Z').map(label).sort()).toEqual(['prod:s3-bucket/media config v1', 'staging:vpc/main config v1']);
  });

  it('compares times as times, whatever their ISO spelling', () => {
    const index = [
      versionKeyOf(recorded('prod:vpc/main', 'config', 1, '2026-06-01T10:00:00Z', { a: 1 })),
      versionKeyOf(recorded('prod:vpc/main', 'config', 2, '2026-06-01T12:00:00.000+02:00', { a: 2 })),
    ];
    // 12:00+02:00 is 10:00Z: the same instant, where the higher version is the newer.
    expect(selectAsOf(index, '2026-06-01T10:00:00.000Z').map((k) => k.version)).toEqual([2]);
  });

  it('takes a removal at the same instant as a write as coming after it', () => {
    const index = [
      versionKeyOf(recorded('prod:vpc/main', 'config', 3, '2026-06-01T10:00:00Z', { a: 3 })),
      versionKeyOf(recorded('prod:vpc/main', 'config', 3, '2026-06-01T10:00:00Z', null)),
    ];
    expect(selectAsOf(index, '2026-06-02T00:00:00Z')).toEqual([]);
  });
});

describe('slotUpTo', () => {
  it("gives one document's records up to the moment, oldest first, removals included", () => {
    const { index } = inMemoryHistory([...history].reverse());
    const records = slotUpTo(index, 'prod:s3-bucket/media', 'config', '2026-11-01T00:00:00Z');
    expect(records.map((k) => [k.version, k.removed])).toEqual([
      [1, false],
      [2, false],
      [2, true],
      [1, false],
    ]);
    expect(slotUpTo(index, 'prod:s3-bucket/media', 'config', '2026-06-01T00:00:00Z')).toEqual([]);
  });
});

describe('historicalSources', () => {
  it("reads each environment's documents as they were, under its prefix, in one load", async () => {
    const { index, load, loaded } = inMemoryHistory(history);
    const sources = historicalSources({ index, at: '2026-08-01T00:00:00Z', environments, load });
    const prod = sources.forEnv('prod')!;
    expect(await prod.readAll()).toEqual([
      { name: '/iac/s3-bucket/media/config', value: '{"versioning":false}', version: 2, modifiedAt: '2026-07-01T00:00:00Z', modifiedBy: 'alice@example.com' },
      { name: '/iac/s3-bucket/media/runtime', value: '{"bucket_arn":"arn:aws:s3:::media"}', version: 1, modifiedAt: '2026-06-02T09:10:00Z', modifiedBy: 'alice@example.com' },
    ]);
    expect(loaded).toHaveLength(1);
    expect((await sources.forEnv('staging')!.readAll()).map((p) => p.name)).toEqual(['/vpc/main/config']);
    expect(sources.stores.map((s) => [s.env, s.prefix])).toEqual([
      ['prod', '/iac'],
      ['staging', '/'],
    ]);
  });

  it('answers get and getMany from the same moment, absent ones left out', async () => {
    const { index, load } = inMemoryHistory(history);
    const prod = historicalSources({ index, at: '2026-10-15T00:00:00Z', environments, load }).forEnv('prod')!;
    expect(await prod.get('/iac/s3-bucket/media/config')).toBeNull();
    const later = historicalSources({ index, at: '2026-11-15T00:00:00Z', environments, load }).forEnv('prod')!;
    expect(await later.get('/iac/s3-bucket/media/config')).toMatchObject({ version: 1, value: '{"versioning":true,"lifecycle":"short"}' });
    const many = await later.getMany(['/iac/s3-bucket/media/config', '/iac/s3-bucket/media/runtime', '/iac/nothing/here/config']);
    expect([...many.keys()]).toEqual(['/iac/s3-bucket/media/config']);
  });

  it("gives a parameter's history up to the moment, only since it was last created, as SSM would", async () => {
    const { index, load } = inMemoryHistory(history);
    const august = historicalSources({ index, at: '2026-08-01T00:00:00Z', environments, load }).forEnv('prod')!;
    expect((await august.history('/iac/s3-bucket/media/config')).map((v) => [v.version, v.value])).toEqual([
      [1, '{"versioning":true}'],
      [2, '{"versioning":false}'],
    ]);
    const november = historicalSources({ index, at: '2026-11-15T00:00:00Z', environments, load }).forEnv('prod')!;
    expect((await november.history('/iac/s3-bucket/media/config')).map((v) => v.version)).toEqual([1]);
    expect(await november.history('/iac/s3-bucket/media/runtime')).toEqual([]);
  });

  it('refuses every write: the past is read only', async () => {
    const { index, load } = inMemoryHistory(history);
    const prod = historicalSources({ index, at: '2026-08-01T00:00:00Z', environments, load }).forEnv('prod')!;
    const put = prod.put({ name: '/iac/s3-bucket/media/config', value: '{}', expectedVersion: 2, user: 'bob' }).catch((e: unknown) => e);
    const remove = prod.remove({ name: '/iac/s3-bucket/media/config', expectedVersion: 2 }).catch((e: unknown) => e);
    for (const error of [await put, await remove]) {
      expect(isAppError(error) && error.code).toBe('forbidden');
      expect((error as Error).message).toMatch(/read only/);
    }
    await expect(prod.ping()).resolves.toBeUndefined();
  });
});
