import { describe, expect, it } from 'vitest';
import type { DriftRow } from '@/lib/model/drift';
import { sortRows } from './sort-rows';

const row = (id: string, status: DriftRow['status'], since: string | null, changedBy: string | null = null): DriftRow => ({
  id,
  env: id.split(':')[0],
  type: 't',
  nickname: 'n',
  status,
  since,
  changedBy,
  reason: '',
  reasonCount: 1,
  deployedConfigVersion: null,
  configVersion: null,
  runtimeVersion: null,
});

const rows = [row('prod:a/a', 'in_sync', '2026-01-03T00:00:00Z'), row('dev:b/b', 'invalid', null, 'bob'), row('dev:c/c', 'pending', '2026-01-05T00:00:00Z', 'alice')];

describe('sortRows', () => {
  it('orders statuses by precedence, worst first', () => {
    expect(sortRows(rows, 'status', 'asc').map((r) => r.status)).toEqual(['invalid', 'pending', 'in_sync']);
  });

  it('orders times newest first when descending, with missing times last either way', () => {
    expect(sortRows(rows, 'since', 'desc').map((r) => r.id)).toEqual(['dev:c/c', 'prod:a/a', 'dev:b/b']);
    expect(sortRows(rows, 'since', 'asc').map((r) => r.id)).toEqual(['prod:a/a', 'dev:c/c', 'dev:b/b']);
    expect(sortRows(rows, 'changedBy', 'desc').map((r) => r.id)).toEqual(['dev:b/b', 'dev:c/c', 'prod:a/a']);
  });
});
