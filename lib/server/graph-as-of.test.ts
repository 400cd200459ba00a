import { describe, expect, it } from 'vitest';
import { inMemoryHistory, recorded } from '@/lib/history/history-fixtures';
import { settingsFileSchema } from '@/lib/model/settings';
import { graphAsOf } from './graph-as-of';

// A small estate over five months: a vpc from June, a service created in July that gains a bucket reference in its
// third version (September), a bucket deleted in October, and a cluster whose config v2 (August) was deployed in August.
const history = [
  recorded('prod:vpc/main', 'config', 1, '2026-06-01T10:00:00Z', { cidr: '10.0.0.0/16' }),
  recorded('prod:vpc/main', 'runtime', 1, '2026-06-01T10:20:00Z', { vpc_id: 'vpc-1', vpc_cidr: '10.0.0.0/16' }),
  recorded('prod:s3-bucket/media', 'config', 1, '2026-06-02T09:00:00Z', { versioning: true }),
  recorded('prod:s3-bucket/media', 'runtime', 1, '2026-06-02T09:10:00Z', { bucket_arn: 'arn:aws:s3:::media' }),
  recorded('prod:s3-bucket/media', 'config', 1, '2026-10-01T00:00:00Z', null),
  recorded('prod:s3-bucket/media', 'runtime', 1, '2026-10-01T00:00:00Z', null),
  recorded('prod:ecs-service/web', 'config', 1, '2026-07-01T12:00:00Z', { vpc_nickname: 'main', cpu: 256 }),
  recorded('prod:ecs-service/web', 'runtime', 1, '2026-07-01T12:30:00Z', { service_arn: 'arn:web' }),
  recorded('prod:ecs-service/web', 'config', 2, '2026-08-01T12:00:00Z', { vpc_nickname: 'main', cpu: 512 }),
  recorded('prod:ecs-service/web', 'runtime', 2, '2026-08-01T12:30:00Z', { service_arn: 'arn:web' }),
  recorded('prod:ecs-service/web', 'config', 3, '2026-09-01T12:00:00Z', { vpc_nickname: 'main', cpu: 512, s3_bucket_nickname: 'media' }),
  recorded('prod:ecs-service/web', 'runtime', 3, '2026-09-02T08:00:00Z', { service_arn: 'arn:web' }),
];

const file = settingsFileSchema.parse({});
const environments = [{ env: 'prod', prefix: '/iac' }];

async function at(moment: string) {
  const { index, load } = inMemoryHistory(history);
  return (await graphAsOf({ index, at: moment, environments, file, load })).graph;
}

describe('the graph as of a moment, from recorded versions', () => {
  it('holds only the components that existed then, at their versions then', async () => {
    const june = await at('2026-06-15T00:00:00Z');
    expect(june.components.map((c) => c.id)).toEqual(['prod:s3-bucket/media', 'prod:vpc/main']);
    const august = await at('2026-08-15T00:00:00Z');
    const web = august.components.find((c) => c.id === 'prod:ecs-service/web')!;
    expect(web.configVersion).toBe(2);
    expect(web.config).toEqual({ vpc_nickname: 'main', cpu: 512 });
  });

  it('draws an edge only from the version that made the reference', async () => {
    const before = await at('2026-08-31T23:59:59Z');
    expect(before.edges.map((e) => e.id)).toEqual(['prod:ecs-service/web->prod:vpc/main#vpc_nickname']);
    const after = await at('2026-09-15T00:00:00Z');
    expect(after.edges.map((e) => e.id)).toEqual(['prod:ecs-service/web->prod:s3-bucket/media#s3_bucket_nickname', 'prod:ecs-service/web->prod:vpc/main#vpc_nickname']);
  });

  it('leaves out a component deleted before the moment, and its reference dangles', async () => {
    const november = await at('2026-11-01T00:00:00Z');
    expect(november.components.map((c) => c.id)).not.toContain('prod:s3-bucket/media');
    const edge = november.edges.find((e) => e.path === 's3_bucket_nickname')!;
    expect(edge.dangling).toBe(true);
  });

  it('gives drift as it was: pending between a publish and its deploy, in sync after', async () => {
    const between = await at('2026-09-01T18:00:00Z');
    const web = between.components.find((c) => c.id === 'prod:ecs-service/web')!;
    expect(web.drift?.status).toBe('pending');
    expect(web.drift?.deployedConfigVersion).toBe(2);
    const deployed = await at('2026-09-03T00:00:00Z');
    expect(deployed.components.find((c) => c.id === 'prod:ecs-service/web')!.drift?.status).toBe('in_sync');
  });

  it('is empty before the first version', async () => {
    expect((await at('2026-01-01T00:00:00Z')).components).toEqual([]);
  });
  it('says null, not an empty name, for an author the history does not know yet', async () => {
    const unknown = { ...recorded('prod:vpc/main', 'config', 2, '2026-07-01T00:00:00Z', { cidr: '10.1.0.0/16' }), modifiedBy: null };
    const { index, load } = inMemoryHistory([...history, unknown]);
    const { graph } = await graphAsOf({ index, at: '2026-07-02T00:00:00Z', environments, file, load });
    const vpc = graph.components.find((c) => c.id === 'prod:vpc/main')!;
    expect(vpc.drift?.status).toBe('pending');
    expect(vpc.configModifiedBy).toBeNull();
    expect(vpc.drift?.changedBy ?? null).toBeNull();
  });
});
