'use client';

import Link from 'next/link';
import { ROLLOUT_STATUS_STYLE } from '@/components/rollouts/rollout-style';
import { waveProgressText } from '@/components/rollouts/rollout-view';
import { StateCounts } from '@/components/rollouts/state-counts';
import { Button } from '@/components/ui/button';
import { rolloutSegment } from '@/lib/changes/rollout-id';
import { ApiError } from '@/lib/client/api-fetch';
import type { RolloutView } from '@/lib/model/rollout';
import { plural } from './view-bar';

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/**
 * Shown while the view names a rollout (`?rollout=<uuid>`): which one, where
 * it stands, its members by state (the legend of the highlight), how many of
 * them the filters leave out, a link to the rollout and a way out.
 */
export function RolloutBar({
  id,
  view,
  error,
  hiddenCount,
  onClear,
}: {
  id: string;
  view: RolloutView | undefined;
  error: Error | null;
  /** Members not in the graph as filtered. */
  hiddenCount: number;
  onClear: () => void;
}) {
  const href = `/rollouts/${rolloutSegment(view?.rollout.id ?? id)}`;
  if (error && !view) {
    const isMissing = error instanceof ApiError && error.status === 404;
    return (
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-slate-200 bg-red-50 px-4 py-1.5 text-sm text-red-900" data-testid="rollout-bar" role="alert">
        <p>{isMissing ? `There is no rollout ${id}.` : `Could not load rollout ${id}: ${error.message}`}</p>
        <Button size="sm" variant="ghost" onClick={onClear} className="ml-auto">
          Show the graph without it
        </Button>
      </div>
    );
  }
  const rollout = view?.rollout;
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-slate-200 bg-sky-50/70 px-4 py-1.5 text-sm" data-testid="rollout-bar" data-status={rollout?.status}>
      {rollout ? (
        <>
          <p className="min-w-0">
            <span className="text-slate-600">Showing rollout </span>
            <span className="font-medium text-slate-900" data-testid="rollout-bar-title">
              {rollout.title}
            </span>
            <span className="text-slate-600">: </span>
            <span className="font-medium text-slate-900" data-testid="rollout-bar-wave">
              {lowerFirst(waveProgressText(rollout))}
            </span>{' '}
            <span className={`ml-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${ROLLOUT_STATUS_STYLE[rollout.status].badge}`}>
              {ROLLOUT_STATUS_STYLE[rollout.status].label}
            </span>
            <span className="text-slate-600"> — </span>
            <Link href={href} className="font-medium text-indigo-700 hover:underline" data-testid="rollout-bar-link">
              open rollout
            </Link>
          </p>
          <StateCounts members={rollout.members} testId="rollout-bar-counts" />
          {hiddenCount > 0 && <p className="text-xs text-slate-600">{plural(hiddenCount, 'member')} not in this view (filters)</p>}
        </>
      ) : (
        <p className="text-slate-600">Loading rollout {id}…</p>
      )}
      <Button size="sm" variant="ghost" onClick={onClear} className="ml-auto">
        Stop showing the rollout
      </Button>
    </div>
  );
}
