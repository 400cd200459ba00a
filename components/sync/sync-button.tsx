'use client';

import { useId } from 'react';
import { Button } from '@/components/ui/button';
import { useSyncNow, useSyncStatus } from '@/lib/client/use-sync';
import { describeProgress, describeReport, isSyncRunning } from './sync-text';

/**
 * "Sync now" for admins (the header mounts it for them only; the server
 * refuses anyone else). While the sync runs it shows what the sync is doing,
 * read from `GET /api/graph/sync`; then what it did, or why it failed. A sync
 * already under way on this instance (a background one) shows as well.
 */
export function SyncButton() {
  const statusId = useId();
  const syncNow = useSyncNow();
  const { data: status } = useSyncStatus({ isWatching: syncNow.isPending });
  const progress = status?.progress;
  const isRunning = syncNow.isPending || isSyncRunning(progress);

  let text = '';
  let tone = 'text-slate-600';
  if (isSyncRunning(progress)) text = describeProgress(progress!);
  else if (syncNow.isPending) text = 'Starting the sync…';
  else if (syncNow.isSuccess) text = describeReport(syncNow.data);
  else if (syncNow.isError) {
    text = syncNow.error.message;
    tone = 'text-red-700';
  }

  return (
    <div className="flex min-w-0 items-center gap-2">
      <Button size="sm" onClick={() => syncNow.mutate()} disabled={isRunning} aria-describedby={statusId} title="Read every environment's parameters now and update the graph">
        {isRunning ? 'Syncing…' : 'Sync now'}
      </Button>
      <span
        id={statusId}
        role="status"
        aria-live="polite"
        aria-atomic="true"
        data-testid="sync-status"
        className={`max-w-[28rem] truncate text-xs ${tone}`}
        title={text || undefined}
      >
        {text}
      </span>
    </div>
  );
}
