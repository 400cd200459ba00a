'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { age } from '@/components/changes/format';
import { changeSegment } from '@/lib/changes/change-id';
import { rolloutSegment } from '@/lib/changes/rollout-id';
import { useRollouts } from '@/lib/client/use-rollouts';
import { ROLLOUT_STATUSES, type RolloutStatus, type RolloutSummary } from '@/lib/model/rollout';
import { ROLLOUT_STATUS_STYLE } from './rollout-style';
import { waveProgressText } from './rollout-view';
import { StateCounts } from './state-counts';

/** `?status=running,paused` (or repeated): the statuses asked for, in their order; none is every rollout. */
function useStatusFilter(): [RolloutStatus[], (next: RolloutStatus[]) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const statuses = useMemo(() => {
    const asked = new Set(params.getAll('status').flatMap((v) => v.split(',')));
    return ROLLOUT_STATUSES.filter((s) => asked.has(s));
  }, [params]);
  const set = (next: RolloutStatus[]) => {
    const search = new URLSearchParams(params.toString());
    search.delete('status');
    if (next.length) search.set('status', ROLLOUT_STATUSES.filter((s) => next.includes(s)).join(','));
    const text = search.toString().replace(/%2C/gi, ',');
    router.replace(text ? `${pathname}?${text}` : pathname, { scroll: false });
  };
  return [statuses, set];
}

/** How far it got: the done waves of all, as a bar and in words. */
function Progress({ rollout }: { rollout: RolloutSummary }) {
  const done = rollout.status === 'completed' ? rollout.waves : Math.max(0, Math.min(rollout.currentWave - 1, rollout.waves));
  const settled = rollout.counts.deployed + rollout.counts.skipped;
  return (
    <div className="min-w-40 space-y-1">
      <p className="text-sm text-slate-800" data-testid="rollout-row-wave">
        {waveProgressText(rollout)}
      </p>
      <div
        className="h-1.5 w-full overflow-hidden rounded-full bg-slate-200"
        role="progressbar"
        aria-label="Members deployed or skipped"
        aria-valuemin={0}
        aria-valuemax={rollout.total}
        aria-valuenow={settled}
        title={`${done} of ${rollout.waves} waves done; ${settled} of ${rollout.total} members deployed or skipped`}
      >
        <div className="h-full rounded-full bg-emerald-600" style={{ width: `${rollout.total === 0 ? 0 : (settled / rollout.total) * 100}%` }} />
      </div>
    </div>
  );
}

/** Every rollout, newest first, with where it stands; filtered by status in the URL. */
export function RolloutsList() {
  const [statuses, setStatuses] = useStatusFilter();
  const query = useMemo(() => (statuses.length ? { status: statuses } : {}), [statuses]);
  const { data, error, isPending, isFetching } = useRollouts(query);
  // Ages are relative to when the list was loaded, not re-rendered every second.
  const [now] = useState(() => Date.now());
  const rollouts = data?.rollouts ?? [];
  const toggle = (status: RolloutStatus) => setStatuses(statuses.includes(status) ? statuses.filter((s) => s !== status) : [...statuses, status]);
  return (
    <div className="mx-auto w-full max-w-7xl space-y-4 px-6 py-6">
      <div className="space-y-1">
        <h1 className="text-xl font-semibold text-slate-900">Rollouts</h1>
        <p className="text-sm text-slate-600">
          An applied change carried through the dependents that must redeploy after it, wave by wave: Karma asks the deploy pipeline for each member and watches SSM for the runtime
          it writes.
        </p>
      </div>
      <div className="flex flex-wrap gap-1" role="group" aria-label="Status">
        {ROLLOUT_STATUSES.map((status) => {
          const isOn = statuses.includes(status);
          return (
            <button
              key={status}
              type="button"
              aria-pressed={isOn}
              onClick={() => toggle(status)}
              className={`rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${isOn ? ROLLOUT_STATUS_STYLE[status].badge : 'bg-white text-slate-600 ring-slate-300 hover:bg-slate-50'}`}
              data-testid="rollout-status-filter"
              data-status={status}
            >
              {ROLLOUT_STATUS_STYLE[status].label}
            </button>
          );
        })}
      </div>
      {error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
          {error.message}
        </p>
      )}
      <div className={`overflow-x-auto rounded-lg border border-slate-200 bg-white ${isFetching && !isPending ? 'opacity-70' : ''}`}>
        <table className="w-full text-left text-sm" data-testid="rollouts-table">
          <thead className="bg-slate-50 text-xs text-slate-600">
            <tr>
              <th className="px-3 py-2 font-medium">Rollout</th>
              <th className="px-3 py-2 font-medium">Status</th>
              <th className="px-3 py-2 font-medium">Progress</th>
              <th className="px-3 py-2 font-medium">Members</th>
              <th className="px-3 py-2 font-medium">Started</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {isPending &&
              Array.from({ length: 3 }, (_, i) => (
                <tr key={i}>
                  <td colSpan={5} className="px-3 py-2">
                    <div className="h-4 animate-pulse rounded bg-slate-100" />
                  </td>
                </tr>
              ))}
            {!isPending && !error && rollouts.length === 0 && (
              <tr>
                <td colSpan={5} className="px-3 py-8 text-center text-slate-500" data-testid="rollouts-empty">
                  {statuses.length
                    ? 'No rollout has this status.'
                    : 'No rollouts yet. A change request starts one when it is applied and has dependents that must redeploy after it.'}
                </td>
              </tr>
            )}
            {rollouts.map((r) => (
              <tr key={r.id} data-testid="rollout-row" data-rollout-id={r.id} data-status={r.status} className="hover:bg-slate-50">
                <td className="max-w-sm px-3 py-2">
                  <Link href={`/rollouts/${rolloutSegment(r.id)}`} className="font-medium text-indigo-700 hover:underline">
                    {r.title}
                  </Link>
                  <p className="text-xs text-slate-500">
                    <Link href={`/changes/${changeSegment(r.changeRequestId)}`} className="hover:underline">
                      its change request
                    </Link>{' '}
                    by {r.author}
                  </p>
                </td>
                <td className="px-3 py-2">
                  <span
                    className={`rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${ROLLOUT_STATUS_STYLE[r.status].badge}`}
                    title={r.reason ?? undefined}
                  >
                    {ROLLOUT_STATUS_STYLE[r.status].label}
                  </span>
                  {r.reason && (
                    <p className="mt-1 max-w-56 truncate text-xs text-slate-500" title={r.reason}>
                      {r.reason}
                    </p>
                  )}
                </td>
                <td className="px-3 py-2">
                  <Progress rollout={r} />
                </td>
                <td className="px-3 py-2">
                  <StateCounts counts={r.counts} testId="rollout-row-counts" />
                </td>
                <td className="whitespace-nowrap px-3 py-2 text-slate-600" title={r.createdAt}>
                  {age(r.createdAt, now)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
