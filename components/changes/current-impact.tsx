'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Banner } from '@/components/ui/banner';
import { SkeletonLines } from '@/components/ui/skeleton';
import { RISK_STYLE } from '@/components/ui/status-style';
import { changeSegment } from '@/lib/changes/change-id';
import type { ChangeView, ImpactDifference } from '@/lib/changes/review-model';
import { useChangeImpact } from '@/lib/client/use-changes';
import { UNDECIDED } from '@/lib/model/change-request';
import { storedImpact } from '@/lib/model/simulation';
import { age, componentHref } from './format';
import { ImpactReport } from './impact-report';

function Difference({ difference }: { difference: ImpactDifference }) {
  const links = (ids: string[], href: (id: string) => string) =>
    ids.map((id, i) => (
      <span key={id}>
        {i > 0 && ', '}
        <Link href={href(id)} className="underline">
          {id}
        </Link>
      </span>
    ));
  return (
    <li data-kind={difference.kind}>
      {difference.message}
      {difference.kind === 'blast_radius' && difference.added.length > 0 && <> — now also {links(difference.added, componentHref)}</>}
      {difference.kind === 'blast_radius' && difference.removed.length > 0 && <> — no longer {links(difference.removed, componentHref)}</>}
      {difference.kind === 'conflicts' && <>: {links(difference.added, (id) => `/changes/${changeSegment(id)}`)}</>}
      {difference.kind === 'rollout' && difference.added.length > 0 && <> — joined: {links(difference.added, componentHref)}</>}
      {difference.kind === 'rollout' && difference.removed.length > 0 && <> — left: {links(difference.removed, componentHref)}</>}
      {difference.kind === 'rollout' && difference.moved.length > 0 && <> — another wave: {links(difference.moved, componentHref)}</>}
    </li>
  );
}

function Submitted({ change, now, isInitiallyOpen }: { change: ChangeView; now: number; isInitiallyOpen: boolean }) {
  // The report (with its graph) is drawn only once opened: a closed one would lay out a canvas nobody sees.
  const [isOpen, setOpen] = useState(isInitiallyOpen);
  const impact = storedImpact(change.impact);
  if (!impact) return <pre className="overflow-auto rounded-md bg-slate-50 p-3 text-xs">{JSON.stringify(change.impact, null, 2)}</pre>;
  return (
    <details open={isOpen} onToggle={(e) => setOpen(e.currentTarget.open)} className="group space-y-3" data-testid="impact-at-submission">
      <summary className="cursor-pointer text-sm font-medium text-slate-700 hover:text-slate-900">
        Impact at submission ({age(impact.simulatedAt, now)}):{' '}
        <span className={`rounded-full px-2 py-0.5 text-xs ring-1 ring-inset ${RISK_STYLE[impact.risk.level].badge}`}>{RISK_STYLE[impact.risk.level].label}</span>, blast radius{' '}
        {impact.blastRadius.total}
        {impact.consequences && `, ${impact.consequences.counts.must_redeploy} must redeploy`}
      </summary>
      {/* The review page shows the submitted plan in full on its own (rollout-section.tsx). */}
      {isOpen && <ImpactReport result={impact} isStored showRolloutPlan={false} />}
    </details>
  );
}

/**
 * The impact a reviewer should judge: the proposal simulated again against
 * today's graph (the graph, other requests or the config itself may have
 * moved since submission), with a notice of what differs from the impact the
 * author saw. Decided requests show their impact at submission.
 */
export function CurrentImpact({ change, now }: { change: ChangeView; now: number }) {
  const isUndecided = UNDECIDED.has(change.status);
  const current = useChangeImpact(change.id, { enabled: isUndecided });
  if (!isUndecided || current.data?.status === 'unavailable') {
    return (
      <div className="space-y-3">
        <h2 className="text-base font-semibold text-slate-900">Impact</h2>
        {current.data?.status === 'unavailable' && <p className="text-sm text-slate-600">{current.data.reason}</p>}
        <Submitted change={change} now={now} isInitiallyOpen />
      </div>
    );
  }
  return (
    <div className="space-y-3" data-testid="impact-now">
      <h2 className="text-base font-semibold text-slate-900">Impact now</h2>
      {current.isPending && <SkeletonLines lines={6} />}
      {current.error && (
        <Banner tone="error" title="Could not simulate the proposal again">
          {current.error.message}
        </Banner>
      )}
      {current.data?.status === 'current' && (
        <>
          {current.data.isChanged ? (
            <Banner tone="warning" title="The impact changed since submission" testId="impact-changed">
              <ul className="list-disc space-y-0.5 pl-4">
                {current.data.differences.map((d, i) => (
                  <Difference key={i} difference={d} />
                ))}
              </ul>
            </Banner>
          ) : (
            <p className="text-sm text-slate-600" data-testid="impact-unchanged">
              Simulated again against the current graph: the same as at submission.
            </p>
          )}
          <ImpactReport result={current.data.impact} />
          <Submitted change={change} now={now} isInitiallyOpen={false} />
        </>
      )}
    </div>
  );
}
