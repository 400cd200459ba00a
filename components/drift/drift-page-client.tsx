'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { TimeBanner } from '@/components/graph/time-banner';
import { TimeTravelBar } from '@/components/graph/time-travel-bar';
import { Button } from '@/components/ui/button';
import { ApiError } from '@/lib/client/api-fetch';
import { useDriftList } from '@/lib/client/use-drift';
import { formatTime } from '@/lib/drift/format';
import { DriftErrorBanner, StaleBanner } from './drift-banner';
import { DriftFilters } from './drift-filters';
import { DriftSummary } from './drift-summary';
import { DriftTable } from './drift-table';
import { DriftTableSkeleton } from './drift-skeleton';
import { sortRows } from './sort-rows';
import { useDriftUrlState } from './use-drift-url-state';

export function DriftPageClient() {
  const { query, sort, dir, at, hasFilters, setFilter, toggle, setSort, setAt, clearFilters } = useDriftUrlState();
  const listQuery = useMemo(() => (at ? { ...query, at } : query), [query, at]);
  const { data, error, isPending, isFetching, refetch } = useDriftList(listQuery);
  const rows = useMemo(() => (data ? sortRows(data.rows, sort, dir) : []), [data, sort, dir]);
  // Time travel: the bar opens from the header, and stays while the page shows the past.
  const [isTimeOpen, setTimeOpen] = useState(at !== null);
  const params = useSearchParams();
  const pathname = usePathname();
  const nowParams = new URLSearchParams(params.toString());
  nowParams.delete('at');
  const nowHref = nowParams.size ? `${pathname}?${nowParams}` : pathname;
  const timeError = at && error instanceof ApiError && error.status === 400 ? error.message : null;

  return (
    <div className="mx-auto w-full max-w-7xl space-y-4 px-6 py-6">
      <header className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold text-slate-900">Drift</h1>
          <p className="text-sm text-slate-600">Desired config against what is deployed: every component&apos;s status, why, and since when.</p>
        </div>
        <div className="flex items-center gap-3">
          {data && (
            <p className="text-xs text-slate-500" aria-live="polite">
              {isFetching ? 'Updating…' : data.asOf ? 'Drift as it was then' : data.syncedAt ? `Graph synced ${formatTime(data.syncedAt)}` : 'Graph not synced by this server yet'}
            </p>
          )}
          {!at && (
            <Button
              size="sm"
              variant={isTimeOpen ? 'primary' : 'secondary'}
              aria-pressed={isTimeOpen}
              onClick={() => setTimeOpen((open) => !open)}
              data-testid="time-travel-toggle"
            >
              Time travel
            </Button>
          )}
        </div>
      </header>

      {(isTimeOpen || at) && (
        <div className="overflow-hidden rounded-md border border-slate-200">
          <TimeTravelBar
            time={{ at, compare: null }}
            onTime={(next) => {
              setTimeOpen(true);
              setAt(next.at);
            }}
            canCompare={false}
            onClose={() => setTimeOpen(false)}
          />
        </div>
      )}
      {at && <TimeBanner time={{ at: data?.asOf ?? at, compare: null }} backHref={nowHref} onBack={() => setAt(null)} error={timeError} what="Each component’s drift" />}
      {error && !timeError && <DriftErrorBanner error={error} onRetry={() => void refetch()} />}
      {data?.stale && <StaleBanner syncedAt={data.syncedAt} />}

      {isPending && !error && <DriftTableSkeleton />}

      {data && (
        <>
          <DriftSummary byStatus={data.counts.byStatus} selected={query.status ?? []} onToggle={(status) => toggle('status', status)} />
          <DriftFilters
            environments={data.environments}
            types={data.types}
            byEnv={data.counts.byEnv}
            env={query.env ?? []}
            type={query.type ?? []}
            hasFilters={hasFilters}
            onToggleEnv={(env) => toggle('env', env)}
            onType={(types) => setFilter('type', types)}
            onClear={clearFilters}
          />
          {rows.length > 0 ? (
            <>
              <DriftTable rows={rows} sort={sort} dir={dir} onSort={setSort} />
              <p className="text-xs text-slate-500" data-testid="drift-row-count">
                {rows.length} component{rows.length === 1 ? '' : 's'} shown
              </p>
            </>
          ) : (
            <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-600" data-testid="drift-empty">
              {data.environments.length === 0 ? (
                <p>The graph has no components yet. Check the parameter settings, then sync the graph (Graph page or `karma graph build --sync`).</p>
              ) : (
                <>
                  <p>No component matches these filters.</p>
                  {hasFilters && (
                    <button type="button" onClick={clearFilters} className="mt-2 font-medium text-blue-700 hover:underline">
                      Clear filters
                    </button>
                  )}
                </>
              )}
            </div>
          )}
        </>
      )}
    </div>
  );
}
