import { describe, expect, it } from 'vitest';
import { versionKeyOf } from '@/lib/model/history';
import { recorded } from './history-fixtures';
import { historyMoments } from './moments';

const history = [
  recorded('prod:vpc/main', 'config', 1, '2026-06-01T10:00:00Z', { cidr: '10.0.0.0/16' }),
  recorded('prod:vpc/main', 'runtime', 1, '2026-06-01T10:00:00Z', { vpc_id: 'vpc-1' }),
  recorded('prod:s3-bucket/media', 'config', 1, '2026-06-02T09:00:00Z', { versioning: true }),
  recorded('prod:s3-bucket/media', 'config', 1, '2026-10-01T00:00:00Z', null),
  recorded('prod:ecs-service/web', 'config', 1, '2026-07-01T12:00:00Z', { vpc_nickname: 'main' }),
  recorded('prod:ecs-service/web', 'config', 2, '2026-11-01T12:00:00Z', { vpc_nickname: 'main', cpu: 512 }),
  recorded('prod:lambda/new', 'config', 1, '2026-11-03T10:00:00Z', { vpc_nickname: 'main' }),
];
const index = history.map(versionKeyOf);

describe('historyMoments', () => {
  it('gives each instant once, oldest first, with how many records and which components', () => {
    const moments = historyMoments([...index].reverse(), 100);
    expect(moments.map((m) => m.at)).toEqual([
      '2026-06-01T10:00:00.000Z',
      '2026-06-02T09:00:00.000Z',
      '2026-07-01T12:00:00.000Z',
      '2026-10-01T00:00:00.000Z',
      '2026-11-01T12:00:00.000Z',
      '2026-11-03T10:00:00.000Z',
    ]);
    expect(moments[0]).toEqual({ at: '2026-06-01T10:00:00.000Z', versions: 2, components: ['prod:vpc/main'] });
    // A removal is a change too.
    expect(moments[3]).toEqual({ at: '2026-10-01T00:00:00.000Z', versions: 1, components: ['prod:s3-bucket/media'] });
  });

  it('merges adjacent moments into at most `max` buckets, each at its newest instant', () => {
    const moments = historyMoments(index, 3);
    expect(moments).toEqual([
      { at: '2026-06-02T09:00:00.000Z', versions: 3, components: ['prod:s3-bucket/media', 'prod:vpc/main'] },
      { at: '2026-10-01T00:00:00.000Z', versions: 2, components: ['prod:ecs-service/web', 'prod:s3-bucket/media'] },
      { at: '2026-11-03T10:00:00.000Z', versions: 2, components: ['prod:ecs-service/web', 'prod:lambda/new'] },
    ]);
  });

  it('lists at most 20 components a moment, the first by id, while counting every record', () => {
    const burst = Array.from({ length: 30 }, (_, i) => versionKeyOf(recorded(`prod:lambda/f${String(29 - i).padStart(2, '0')}`, 'config', 1, '2026-06-01T00:00:00Z', { i })));
    const [moment] = historyMoments(burst, 10);
    expect(moment.versions).toBe(30);
    expect(moment.components).toEqual(Array.from({ length: 20 }, (_, i) => `prod:lambda/f${String(i).padStart(2, '0')}`));
  });

  it('has no moments without a history', () => {
    expect(historyMoments([], 10)).toEqual([]);
  });
});
