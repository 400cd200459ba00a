'use client';

import Link from 'next/link';
import { ApiError } from '@/lib/client/api-fetch';
import { formatTime } from '@/lib/drift/format';

/** Why drift cannot be shown, in words a reader can act on. */
export function DriftErrorBanner({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const status = error instanceof ApiError ? error.status : 0;
  let title = 'Drift could not be loaded';
  let body = error.message;
  if (status === 503 || status === 504) {
    title = 'The graph store is unreachable';
    body = `${error.message}. Drift is read from the graph the last sync stored; it shows again once the store answers.`;
  } else if (status === 0) {
    title = 'The Karma server cannot be reached';
  } else if (status === 401) {
    title = 'Your session has ended';
    body = 'Sign in again to see drift.';
  }
  return (
    <div role="alert" className="flex items-start gap-3 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
      <div className="flex-1">
        <p className="font-semibold">{title}</p>
        <p className="mt-0.5">{body}</p>
      </div>
      {status === 401 ? (
        <Link href="/signin" className="rounded-md bg-white px-3 py-1.5 font-medium text-red-900 ring-1 ring-red-300 hover:bg-red-100">
          Sign in
        </Link>
      ) : (
        onRetry && (
          <button type="button" onClick={onRetry} className="rounded-md bg-white px-3 py-1.5 font-medium text-red-900 ring-1 ring-red-300 hover:bg-red-100">
            Try again
          </button>
        )
      )}
    </div>
  );
}

/** The graph store is down but this server still has the graph it last built. */
export function StaleBanner({ syncedAt }: { syncedAt: string | null }) {
  return (
    <div role="status" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
      <span className="font-semibold">The graph store is unreachable.</span> Showing the last graph this server built
      {syncedAt ? ` (synced ${formatTime(syncedAt)})` : ''}; it may be out of date.
    </div>
  );
}
