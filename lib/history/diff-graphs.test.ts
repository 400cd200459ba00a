import { describe, expect, it } from 'vitest';
import { inMemoryHistory, recorded } from '@/lib/history/history-fixtures';
import { settingsFileSchema } from '@/lib/model/settings';
import { graphAsOf } from '@/lib/server/graph-as-of';
import { diffGraphs, unionForDiff } from './diff-graphs';

const history = [
  recorded('prod:vpc/main', 'config', 1, '2026-06-01T10:00:00Z', { cidr: '10.0.0.0/16' }),
  recorded('prod:s3-bucket/media', 'config', 1, '2026-06-02T09:00:00Z', { versioning: true }),
  recorded('prod:s3-bucket/media', 'config', 1, '2026-10-01T00:00:00Z', null),
  recorded('prod:ecs-service/web', 'config', 1, '2026-07-01T12:00:00Z', { vpc_nickname: 'main', cpu: 256, s3_bucket_nickname: 'media' }),
  recorded('prod:ecs-service/web', 'config', 2, '2026-11-01T12:00:00Z', { vpc_nickname: 'main', cpu: 512 }),
  recorded('prod:vpc/main', 'config', 2, '2026-11-02T10:00:00Z', { cidr: '10.1.0.0/16' }),
  recorded('prod:lambda/new', 'config', 1, '2026-11-03T10:00:00Z', { vpc_nickname: 'main' }),
];
const { index, load } = inMemoryHistory(history);
const graphAt = async (at: string) => (await graphAsOf({ index, at, environments: [{ env: 'prod', prefix: '/iac' }], file: settingsFileSchema.parse({}), load })).graph;

describe('diffGraphs', () => {
  it('lists what was added, removed and changed between two moments', async () => {
    const [before, after] = await Promise.all([graphAt('2026-08-01T00:00:00Z'), graphAt('2026-11-05T00:00:00Z')]);
    const diff = diffGraphs(before, after, { before: '2026-08-01T00:00:00.000Z', after: null });
    expect(diff.added).toEqual(['prod:lambda/new']);
    expect(diff.removed).toEqual(['prod:s3-bucket/media']);
    const web = diff.changed.find((c) => c.id === 'prod:ecs-service/web')!;
    expect(web.config).toEqual({
      before: 1,
      after: 2,
      fields: [
        { kind: 'changed', path: 'cpu', before: 256, after: 512 },
        { kind: 'removed', path: 's3_bucket_nickname', before: 'media' },
      ],
    });
    expect(diff.changed.find((c) => c.id === 'prod:vpc/main')!.config?.fields).toEqual([{ kind: 'changed', path: 'cidr', before: '10.0.0.0/16', after: '10.1.0.0/16' }]);
    expect(diff.edgesAdded.map((e) => e.id)).toEqual(['prod:lambda/new->prod:vpc/main#vpc_nickname']);
    expect(diff.edgesRemoved.map((e) => e.id)).toEqual(['prod:ecs-service/web->prod:s3-bucket/media#s3_bucket_nickname']);
  });

  it('says nothing changed between two moments with no version between them', async () => {
    const diff = diffGraphs(await graphAt('2026-07-02T00:00:00Z'), await graphAt('2026-07-20T00:00:00Z'), { before: 'a', after: 'b' });
    expect(diff).toMatchObject({ added: [], removed: [], changed: [], edgesAdded: [], edgesRemoved: [] });
  });

  it('draws the later graph with what only the earlier had', async () => {
    const union = unionForDiff(await graphAt('2026-08-01T00:00:00Z'), await graphAt('2026-11-05T00:00:00Z'));
    expect(union.components.map((c) => c.id)).toEqual(['prod:ecs-service/web', 'prod:lambda/new', 'prod:s3-bucket/media', 'prod:vpc/main']);
    expect(union.edges.map((e) => e.path).sort()).toEqual(['s3_bucket_nickname', 'vpc_nickname', 'vpc_nickname']);
  });
});
