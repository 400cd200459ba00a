'use client';

import Link from 'next/link';
import { Banner } from '@/components/ui/banner';
import { Skeleton, SkeletonLines } from '@/components/ui/skeleton';
import { useNow } from '@/components/ui/use-now';
import { ApiError } from '@/lib/client/api-fetch';
import { useChange } from '@/lib/client/use-changes';
import { AuditTrail } from './audit-trail';
import { ConfigComparison } from './config-comparison';
import { CurrentImpact } from './current-impact';
import { GitNotice, GitSection } from './git-section';
import { ownersStillNeeded } from './owner-approvals-text';
import { ReviewActions } from './review-actions';
import { ReviewHeader } from './review-header';
import { ReviewNotices } from './review-notices';
import { RevertChange, RevertNotice } from './revert-change';
import { RolloutSection } from './rollout-section';

type Props = { id: string; isJustSubmitted: boolean; mayPropose: boolean };

/**
 * A change request under review (ARCHITECTURE.md §6): what it changes, what
 * it would affect today, what this user may decide, and everything that
 * happened to it. The server sends what the user may do; this page only draws it.
 */
export function ChangeReview({ id, isJustSubmitted, mayPropose }: Props) {
  const { data: change, error, isPending } = useChange(id);
  // Ages move on while the page is open ("approved by carol just now" becomes "1 min ago"); live events bring the approvals themselves.
  const now = useNow();
  if (isPending) {
    return (
      <div className="mx-auto w-full max-w-7xl space-y-4 px-6 py-6" aria-busy="true">
        <Skeleton className="h-7 w-96" />
        <SkeletonLines lines={3} />
        <Skeleton className="h-64" />
      </div>
    );
  }
  if (error) {
    const isMissing = error instanceof ApiError && error.status === 404;
    return (
      <div className="mx-auto w-full max-w-7xl px-6 py-6">
        <Banner
          tone="error"
          title={isMissing ? 'There is no such change request' : 'Could not load the change request'}
          action={
            <Link href="/changes" className="text-sm underline">
              All change requests
            </Link>
          }
        >
          {!isMissing && error.message}
        </Banner>
      </div>
    );
  }
  const needed = change.requiredApprovals;
  const ownersNeeded = ownersStillNeeded(change.ownerApprovals);
  return (
    <div className="mx-auto w-full max-w-7xl space-y-5 px-6 py-6">
      <ReviewHeader change={change} now={now} />
      {isJustSubmitted && change.status === 'open' && (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-900" data-testid="submitted-note">
          Submitted. It needs {needed} approval{needed === 1 ? '' : 's'} from someone other than you
          {ownersNeeded && `, and ${ownersNeeded}`} before it can be applied.
        </p>
      )}
      <ReviewNotices change={change} />
      <RevertNotice change={change} />
      <GitNotice change={change} />
      <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <div className="min-w-0 space-y-6">
          <ReviewActions change={change} />
          <RevertChange change={change} mayPropose={mayPropose} />
          {change.description && (
            <section className="space-y-1">
              <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Why</h2>
              <p className="whitespace-pre-wrap rounded-md border border-slate-200 bg-white px-3 py-2 text-sm text-slate-800" data-testid="change-description">
                {change.description}
              </p>
            </section>
          )}
          <ConfigComparison change={change} />
          <RolloutSection change={change} now={now} />
          <GitSection change={change} />
          <AuditTrail change={change} now={now} />
        </div>
        <aside className="min-w-0" aria-label="Impact">
          <CurrentImpact change={change} now={now} />
        </aside>
      </div>
    </div>
  );
}
