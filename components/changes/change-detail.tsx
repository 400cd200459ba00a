'use client';

import Link from 'next/link';
import { useState } from 'react';
import { CHANGE_STYLE } from '@/components/ui/status-style';
import { requiredApprovals } from '@/lib/changes/policy';
import { ApiError } from '@/lib/client/api-fetch';
import { useChange } from '@/lib/client/use-changes';
import { isJsonObject, type JsonValue } from '@/lib/model/json';
import type { SettingsFile } from '@/lib/model/settings';
import type { SimulationResult } from '@/lib/model/simulation';
import { age, componentHref } from './format';
import { ImpactReport } from './impact-report';

type Props = { id: string; approvals: SettingsFile['approvals']; isJustSubmitted: boolean };

/** Stored impacts are the SimulationResult of their day; anything without its core fields is shown raw. */
function asSimulation(impact: JsonValue): SimulationResult | null {
  return isJsonObject(impact) && isJsonObject(impact.risk) && isJsonObject(impact.blastRadius) && Array.isArray(impact.diff) ? (impact as unknown as SimulationResult) : null;
}

function pretty(config: string): string {
  try {
    return JSON.stringify(JSON.parse(config), null, 2);
  } catch {
    return config;
  }
}

/** A change request as submitted: what, who, why, and its impact at submission (review actions come later). */
export function ChangeDetail({ id, approvals, isJustSubmitted }: Props) {
  const { data: request, error, isPending } = useChange(id);
  const [now] = useState(() => Date.now());
  if (isPending) return <div className="mx-auto w-full max-w-7xl px-6 py-6"><div className="h-40 animate-pulse rounded-lg bg-slate-100" /></div>;
  if (error) {
    const isMissing = error instanceof ApiError && error.status === 404;
    return (
      <div className="mx-auto w-full max-w-7xl px-6 py-6">
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
          {isMissing ? 'There is no such change request.' : error.message}{' '}
          <Link href="/changes" className="underline">
            All change requests
          </Link>
        </p>
      </div>
    );
  }
  const impact = asSimulation(request.impact);
  const needed = requiredApprovals(request.env, approvals);
  return (
    <div className="mx-auto grid w-full max-w-7xl gap-6 px-6 py-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <div className="min-w-0 space-y-4">
        <p className="text-sm text-slate-500">
          <Link href="/changes" className="hover:underline">
            Changes
          </Link>{' '}
          / {request.id}
        </p>
        {isJustSubmitted && (
          <p role="status" className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-900" data-testid="submitted-note">
            Submitted. It needs {needed} approval{needed === 1 ? '' : 's'} from someone other than you before it can be applied.
          </p>
        )}
        <header className="space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${CHANGE_STYLE[request.status].badge}`} data-testid="change-status">
              {CHANGE_STYLE[request.status].label}
            </span>
            <h1 className="text-xl font-semibold text-slate-900" data-testid="change-title">
              {request.title}
            </h1>
          </div>
          <p className="text-sm text-slate-600">
            {request.author} proposed {request.baseVersion === null ? 'a new config for' : `a change to version ${request.baseVersion} of`}{' '}
            <Link href={componentHref(request.componentId)} className="font-medium text-indigo-700 hover:underline">
              {request.componentId}
            </Link>{' '}
            <span title={request.createdAt}>{age(request.createdAt, now)}</span>
          </p>
          <p className="text-sm text-slate-600">
            Approvals: {request.approvals.length} of {needed} needed in {request.env}
            {request.approvals.length > 0 && ` (${request.approvals.join(', ')})`}
          </p>
        </header>
        {request.description && <p className="whitespace-pre-wrap rounded-md border border-slate-200 bg-white px-3 py-2 text-sm text-slate-800" data-testid="change-description">{request.description}</p>}
        {request.error && <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">{request.error}</p>}
        <section className="space-y-1">
          <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Proposed config</h2>
          <pre className="max-h-[520px] overflow-auto rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-[13px] text-slate-900" data-testid="proposed-config">
            {pretty(request.proposedConfig)}
          </pre>
        </section>
      </div>
      <aside className="min-w-0 space-y-3" aria-label="Impact at submission">
        <h2 className="text-base font-semibold text-slate-900">
          Impact at submission <span className="text-sm font-normal text-slate-500">({age(impact?.simulatedAt ?? request.createdAt, now)})</span>
        </h2>
        {impact ? <ImpactReport result={impact} /> : <pre className="overflow-auto rounded-md bg-slate-50 p-3 text-xs">{JSON.stringify(request.impact, null, 2)}</pre>}
      </aside>
    </div>
  );
}
