'use client';

import Link from 'next/link';
import { MemberStateIcon } from '@/components/rollouts/member-state';
import { RolloutPlanView } from '@/components/rollouts/rollout-plan';
import { ROLLOUT_STATUS_STYLE } from '@/components/rollouts/rollout-style';
import { waveProgressText } from '@/components/rollouts/rollout-view';
import { StateCounts } from '@/components/rollouts/state-counts';
import { formatUtc } from '@/components/ui/format-time';
import type { ChangeView } from '@/lib/changes/review-model';
import { rolloutSegment } from '@/lib/changes/rollout-id';
import { useRollouts } from '@/lib/client/use-rollouts';
import { UNDECIDED } from '@/lib/model/change-request';
import type { RolloutSummary } from '@/lib/model/rollout';
import { storedImpact } from '@/lib/model/simulation';
import { age } from './format';

function RolloutCard({ rollout, now }: { rollout: RolloutSummary; now: number }) {
  const style = ROLLOUT_STATUS_STYLE[rollout.status];
  return (
    <div className="space-y-1.5 rounded-md border border-slate-200 bg-white px-3 py-2" data-testid="change-rollout" data-status={rollout.status}>
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <MemberStateIcon state={rollout.status === 'completed' ? 'deployed' : rollout.status === 'aborted' ? 'failed' : rollout.status === 'paused' ? 'waiting' : 'deploying'} />
        <span className="font-medium text-slate-900">Its rollout is</span>
        <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style.badge}`} data-testid="change-rollout-status">
          {style.label}
        </span>
        <span className="text-slate-700">{waveProgressText(rollout)}</span>
        <span className="text-xs text-slate-500" title={formatUtc(rollout.createdAt)}>
          started {age(rollout.createdAt, now)}
        </span>
        <Link href={`/rollouts/${rolloutSegment(rollout.id)}`} className="ml-auto text-sm font-medium text-indigo-700 hover:underline" data-testid="change-rollout-link">
          Open the rollout
        </Link>
      </p>
      {rollout.reason && <p className="text-xs text-slate-600">{rollout.reason}</p>}
      <StateCounts counts={rollout.counts} />
    </div>
  );
}

/**
 * The request's rollout plan (as simulated at submission: the plan approvers
 * approve) and, once applied, its rollout's state with a link to it.
 */
export function RolloutSection({ change, now }: { change: ChangeView; now: number }) {
  const impact = storedImpact(change.impact);
  const plan = impact?.rollout ?? null;
  const isUndecided = UNDECIDED.has(change.status);
  // Only an apply starts one; live events bring it in as it starts.
  const rollouts = useRollouts({ change: change.id }, { enabled: !isUndecided && change.status !== 'rejected' && change.status !== 'withdrawn' });
  const rollout = rollouts.data?.rollouts.find((r) => r.changeRequestId === change.id) ?? null;
  return (
    <section className="space-y-2" aria-labelledby="rollout-plan-title" data-testid="rollout-section">
      <h2 id="rollout-plan-title" className="text-xs font-semibold uppercase tracking-wide text-slate-500">
        Rollout plan
      </h2>
      {rollout && <RolloutCard rollout={rollout} now={now} />}
      {isUndecided && plan && (
        <p className="text-sm text-slate-600" data-testid="rollout-plan-approval">
          Approving this request approves this plan: once it is applied, Karma asks the deploy pipeline to deploy wave 1, then each next wave once every component of the one before
          is deployed, watching SSM for the runtimes they write.
        </p>
      )}
      {change.status === 'applied' && rollouts.isSuccess && !rollout && plan && (
        <p className="text-sm text-slate-600" data-testid="rollout-none">
          No rollout was started for it: rollouts are off on this Karma, so the components below are for someone to deploy in this order.
        </p>
      )}
      {rollout ? (
        <details className="group">
          <summary className="cursor-pointer text-sm font-medium text-slate-700 hover:text-slate-900">The plan it follows</summary>
          <div className="mt-2">
            <RolloutPlanView plan={plan} isStored />
          </div>
        </details>
      ) : (
        <RolloutPlanView plan={plan} isStored />
      )}
    </section>
  );
}
