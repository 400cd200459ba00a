/** The sync button's words for a sync under way and for its outcome. Pure. */
import type { SyncProgress, SyncReportDetails } from '@/lib/model/sync';

const count = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** `0.4 s`, `12 s`. */
export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
}

export function isSyncRunning(progress: SyncProgress | null | undefined): boolean {
  return !!progress && progress.phase !== 'done' && progress.phase !== 'failed';
}

/** What a sync under way is doing, e.g. `Reading parameters: 2 of 3 environments, 1,204 parameters`. */
export function describeProgress(progress: SyncProgress): string {
  const again = progress.run > 1 ? ` (run ${progress.run}, asked again by another instance)` : '';
  switch (progress.phase) {
    case 'waiting':
      return progress.leaseHolder ? `Waiting for the sync of ${progress.leaseHolder} to finish` : 'Waiting for the sync lease';
    case 'reading':
      return `Reading parameters: ${progress.environments.read} of ${count(progress.environments.total, 'environment')}, ${count(progress.parameters, 'parameter')}${again}`;
    case 'building':
      return `Building the graph from ${count(progress.parameters, 'parameter')}${again}`;
    case 'writing':
      return `Writing the graph: ${count(progress.components ?? 0, 'component')}${again}`;
    case 'done':
      return progress.isDelegated ? 'Another instance was syncing; it synced once more for this request' : `Synced: ${count(progress.components ?? 0, 'component')}`;
    case 'failed':
      return `Sync failed: ${progress.error ?? 'no reason given'}`;
  }
}

/** The outcome of `POST /api/graph/sync`: `Synced: 812 components, 3 written, in 1.2 s`. */
export function describeReport(report: Pick<SyncReportDetails, 'components' | 'written' | 'removed' | 'durationMs' | 'delegatedTo'>): string {
  if (report.delegatedTo !== null) return `Another instance (${report.delegatedTo}) was syncing; it synced once more for this request, in ${seconds(report.durationMs)}`;
  const removed = report.removed > 0 ? `, ${report.removed.toLocaleString('en-US')} removed` : '';
  return `Synced: ${count(report.components, 'component')}, ${report.written.toLocaleString('en-US')} written${removed}, in ${seconds(report.durationMs)}`;
}
