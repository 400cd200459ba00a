'use client';

import Link from 'next/link';
import { useState } from 'react';
import { CHANGE_STYLE, RISK_STYLE } from '@/components/ui/status-style';
import { changeSegment } from '@/lib/changes/change-id';
import { useChanges } from '@/lib/client/use-changes';
import type { ChangeSummary } from '@/lib/model/simulation';
import { ChangesFilters } from './changes-filters';
import { age, componentHref } from './format';
import { useChangesUrlState } from './use-changes-url-state';

type Props = { envs: string[]; userId: string; canPropose: boolean };

/** The component a request changes; for a set, how many, the first one, and the others on a second line (all of them on hover). */
function ComponentCell({ change }: { change: ChangeSummary }) {
  const members = Array.isArray(change.members) && change.members.length > 0 ? change.members : [{ componentId: change.componentId, action: 'update' as const, isApplied: false }];
  const first = (
    <Link href={componentHref(change.componentId)} className="text-slate-800 hover:underline">
      {change.componentId}
    </Link>
  );
  if (members.length === 1)
    return members[0].action === 'remove' ? (
      <>
        {first} <span className="text-xs text-red-700">(remove)</span>
      </>
    ) : (
      first
    );
  const others = members.filter((m) => m.componentId !== change.componentId);
  return (
    <div title={members.map((m) => `${m.componentId} (${m.action})`).join('\n')} data-testid="set-members" data-count={members.length}>
      <span className="mr-1.5 rounded bg-indigo-50 px-1.5 py-0.5 text-xs font-medium text-indigo-800 ring-1 ring-inset ring-indigo-600/20">{members.length} components</span>
      {first}
      <p className="max-w-xs truncate text-xs text-slate-500">and {others.map((m) => m.componentId).join(', ')}</p>
    </div>
  );
}

/** Change requests with their status, component, author, age and risk; filters in the URL. */
export function ChangesList({ envs, userId, canPropose }: Props) {
  const { query, set } = useChangesUrlState();
  const { data, error, isPending, isFetching } = useChanges(query);
  // Ages are relative to when the list was loaded, not re-rendered every second.
  const [now] = useState(() => Date.now());
  const changes = data?.changes ?? [];
  return (
    <div className="mx-auto w-full max-w-7xl space-y-4 px-6 py-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold text-slate-900">Change requests</h1>
        {canPropose && (
          <Link href="/changes/new" className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500">
            Propose a new component
          </Link>
        )}
      </div>
      <ChangesFilters query={query} set={set} envs={envs} userId={userId} />
      {error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
          {error.message}
        </p>
      )}
      <div className={`overflow-x-auto rounded-lg border border-slate-200 bg-white ${isFetching && !isPending ? 'opacity-70' : ''}`}>
        <table className="w-full text-left text-sm" data-testid="changes-table">
          <thead className="bg-slate-50 text-xs text-slate-600">
            <tr>
              <th className="px-3 py-2 font-medium">Request</th>
              <th className="px-3 py-2 font-medium">Status</th>
              <th className="px-3 py-2 font-medium">Component</th>
              <th className="px-3 py-2 font-medium">Author</th>
              <th className="px-3 py-2 font-medium">Age</th>
              <th className="px-3 py-2 font-medium">Risk</th>
              <th className="px-3 py-2 text-right font-medium">Dependents</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {isPending &&
              Array.from({ length: 4 }, (_, i) => (
                <tr key={i}>
                  <td colSpan={7} className="px-3 py-2">
                    <div className="h-4 animate-pulse rounded bg-slate-100" />
                  </td>
                </tr>
              ))}
            {!isPending && changes.length === 0 && (
              <tr>
                <td colSpan={7} className="px-3 py-8 text-center text-slate-500">
                  No change requests match these filters. {canPropose && 'Open a component in the graph and choose “Propose change” to start one.'}
                </td>
              </tr>
            )}
            {changes.map((c) => (
              <tr key={c.id} data-testid="change-row" data-change-id={c.id} className="hover:bg-slate-50">
                <td className="max-w-xs px-3 py-2">
                  <Link href={`/changes/${changeSegment(c.id)}`} className="font-medium text-indigo-700 hover:underline">
                    {c.title}
                  </Link>
                </td>
                <td className="px-3 py-2">
                  <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${CHANGE_STYLE[c.status].badge}`}>{CHANGE_STYLE[c.status].label}</span>
                </td>
                <td className="px-3 py-2">
                  <ComponentCell change={c} />
                </td>
                <td className="px-3 py-2 text-slate-700">{c.author}</td>
                <td className="whitespace-nowrap px-3 py-2 text-slate-600" title={c.createdAt}>
                  {age(c.createdAt, now)}
                </td>
                <td className="px-3 py-2">
                  {c.risk ? <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${RISK_STYLE[c.risk].badge}`}>{RISK_STYLE[c.risk].label}</span> : '—'}
                </td>
                <td className="px-3 py-2 text-right tabular-nums text-slate-700">{c.blastRadius ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
