import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { formatUtc, shortUser, timeAgo } from '@/components/ui/format-time';
import { CHANGE_STYLE } from '@/components/ui/status-style';
import type { ChangeView } from '@/lib/changes/review-model';
import { ChangeMembers } from './change-members';
import { componentHref } from './format';
import { OwnerApprovals } from './owner-approvals';
import { latestApproval, statusHistory } from './review-events';
import { envList, reviewMembers } from './review-members';

/** Who proposed what (every component of a set, with its versions), where it stands, and every status it went through. */
export function ReviewHeader({ change, now }: { change: ChangeView; now: number }) {
  const style = CHANGE_STYLE[change.status];
  const members = reviewMembers(change);
  const isSet = members.length > 1;
  const first = members[0];
  const steps = statusHistory(change.events);
  const needed = change.requiredApprovals;
  const latest = latestApproval(change.events, change.approvals);
  return (
    <header className="space-y-3">
      <p className="text-sm text-slate-500">
        <Link href="/changes" className="hover:underline">
          Changes
        </Link>{' '}
        / <span className="font-mono text-xs">{change.id}</span>
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={style.badge} testId="change-status">
          {style.label}
        </Badge>
        {change.kind === 'publish' && (
          <Badge tone="bg-teal-50 text-teal-800 ring-teal-600/30" title="Publishes the config repo's file to SSM as it is" testId="publish-badge">
            Publish from Git
          </Badge>
        )}
        <h1 className="text-xl font-semibold text-slate-900" data-testid="change-title">
          {change.title}
        </h1>
      </div>
      <p className="text-sm text-slate-600" data-testid="proposed-by">
        <span className="font-medium text-slate-800">{change.author}</span> proposed{' '}
        {isSet ? (
          <>a change set of {members.length} components </>
        ) : (
          <>
            {change.kind === 'publish'
              ? `publishing the config repo's file ${change.baseVersion === null ? 'as the first config of' : `over version ${change.baseVersion} of`}`
              : first.action === 'remove'
                ? `removing${change.baseVersion === null ? '' : ` version ${change.baseVersion} of`}`
                : change.baseVersion === null
                  ? 'a new config for'
                  : `a change to version ${change.baseVersion} of`}{' '}
            <Link href={componentHref(change.componentId)} className="font-medium text-indigo-700 hover:underline">
              {change.componentId}
            </Link>{' '}
          </>
        )}
        <span title={formatUtc(change.createdAt)}>{timeAgo(change.createdAt, now)}</span>
      </p>
      {isSet && <ChangeMembers members={members} status={change.status} />}
      <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600" data-testid="approvals">
        <span className="flex gap-0.5" aria-hidden>
          {Array.from({ length: Math.max(needed, change.approvals.length) }, (_, i) => (
            <span key={i} className={`h-2.5 w-2.5 rounded-full ${i < change.approvals.length ? 'bg-violet-500' : 'bg-slate-200 ring-1 ring-inset ring-slate-300'}`} />
          ))}
        </span>
        <span>
          {change.approvals.length > needed
            ? // Past the count only for an owner's approval (lib/changes/ownership.ts): "3 of 2" would read as a mistake.
              `${change.approvals.length} approvals, ${needed} needed in ${envList(members) || change.env}`
            : `${change.approvals.length} of ${needed} approval${needed === 1 ? '' : 's'} needed in ${envList(members) || change.env}`}
          {isSet && ', one decision for the whole set'}
          {change.approvals.length > 0 && <span className="text-slate-500"> · {change.approvals.map((a) => shortUser(a)).join(', ')}</span>}
        </span>
        {latest && (
          <span className="text-slate-500" data-testid="latest-approval" title={formatUtc(latest.at)}>
            · approved by <span className="font-medium text-slate-700">{shortUser(latest.actor)}</span> {timeAgo(latest.at, now)}
          </span>
        )}
      </div>
      <OwnerApprovals view={change.ownerApprovals} />
      {steps.length > 0 && (
        <ol className="flex flex-wrap items-center gap-x-1 gap-y-2 text-xs" aria-label="Status history" data-testid="status-history">
          {steps.map((step, i) => (
            <li key={step.eventId} className="flex items-center gap-1" data-status={step.status}>
              {i > 0 && (
                <span aria-hidden className="px-0.5 text-slate-400">
                  →
                </span>
              )}
              <span className={`rounded-full px-2 py-0.5 font-medium ring-1 ring-inset ${CHANGE_STYLE[step.status].badge}`}>{step.label}</span>
              <span className="text-slate-500" title={formatUtc(step.at)}>
                {shortUser(step.actor)} · {timeAgo(step.at, now)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </header>
  );
}
