import { describe, expect, it } from 'vitest';
import type { SyncProgress } from '@/lib/model/sync';
import { describeProgress, describeReport, isSyncRunning, seconds } from './sync-text';

const progress = (patch: Partial<SyncProgress>): SyncProgress => ({
  phase: 'reading',
  trigger: 'manual',
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: null,
  durationMs: null,
  run: 1,
  environments: { read: 0, total: 3 },
  parameters: 0,
  components: null,
  edges: null,
  written: null,
  removed: null,
  isDelegated: false,
  error: null,
  ...patch,
});

describe('the sync button’s words', () => {
  it.each<[Partial<SyncProgress>, string]>([
    [{ phase: 'waiting' }, 'Waiting for the sync lease'],
    [{ phase: 'waiting', leaseHolder: 'web-2:41' }, 'Waiting for the sync of web-2:41 to finish'],
    [{ phase: 'reading', environments: { read: 2, total: 3 }, parameters: 1204 }, 'Reading parameters: 2 of 3 environments, 1,204 parameters'],
    [{ phase: 'building', environments: { read: 1, total: 1 }, parameters: 1 }, 'Building the graph from 1 parameter'],
    [{ phase: 'writing', components: 812, run: 2 }, 'Writing the graph: 812 components (run 2, asked again by another instance)'],
    [{ phase: 'failed', error: 'SSM for environment "prod" is unreachable' }, 'Sync failed: SSM for environment "prod" is unreachable'],
  ])('says %o as “%s”', (patch, text) => {
    expect(describeProgress(progress(patch))).toBe(text);
  });

  it('counts a sync as running until it is done or failed', () => {
    expect([undefined, null].map(isSyncRunning)).toEqual([false, false]);
    expect((['waiting', 'reading', 'building', 'writing', 'done', 'failed'] as const).map((phase) => isSyncRunning(progress({ phase })))).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('ends with what the sync did, in seconds', () => {
    expect(describeReport({ components: 812, written: 3, removed: 0, durationMs: 1234, delegatedTo: null })).toBe('Synced: 812 components, 3 written, in 1.2 s');
    expect(describeReport({ components: 5000, written: 0, removed: 2, durationMs: 12_600, delegatedTo: null })).toBe('Synced: 5,000 components, 0 written, 2 removed, in 13 s');
    expect(describeReport({ components: 0, written: 0, removed: 0, durationMs: 40, delegatedTo: 'web-2:41/ab12cd34' })).toBe(
      'Another instance (web-2:41/ab12cd34) was syncing; it synced once more for this request, in 0.0 s',
    );
    expect(seconds(9_960)).toBe('10.0 s');
  });
});
