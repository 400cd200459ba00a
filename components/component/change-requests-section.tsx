'use client';

import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { ButtonLink } from '@/components/ui/button';
import { timeAgo, shortUser } from '@/components/ui/format-time';
import { SkeletonLines } from '@/components/ui/skeleton';
import { CHANGE_STYLE, RISK_STYLE } from '@/components/ui/status-style';
import { useChanges } from '@/lib/client/use-changes';
import { hasRole, type Role } from '@/lib/auth/roles';
import { changeSegment } from '@/lib/changes/change-id';
import { Section } from './section';

/** Open and approved change requests touching this component. */
export function ChangeRequestsSection({ id, now }: { id: string; now: number }) {
  const changes = useChanges({ component: id, status: ['open', 'approved'] });
  const rows = changes.data?.changes ?? [];
  return (
    <Section title="Open change requests" count={changes.data ? rows.length : undefined} testId="component-changes">
      {changes.isPending && <SkeletonLines lines={2} />}
      {changes.error && <p className="text-sm text-red-700">Could not load change requests: {changes.error.message}</p>}
      {changes.data && rows.length === 0 && <p className="text-sm text-slate-500">None open.</p>}
      {rows.length > 0 && (
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white">
          {rows.map((change) => (
            <li key={change.id} className="px-3 py-2 text-sm">
              <div className="flex items-center gap-2">
                <Link href={`/changes/${changeSegment(change.id)}`} className="min-w-0 truncate font-medium text-indigo-700 hover:underline">
                  {change.title}
                </Link>
                <span className="ml-auto shrink-0">
                  <Badge tone={CHANGE_STYLE[change.status].badge}>{CHANGE_STYLE[change.status].label}</Badge>
                </span>
              </div>
              <p className="mt-0.5 text-xs text-slate-500">
                {shortUser(change.author)} · {timeAgo(change.updatedAt, now)}
                {change.risk && <span className="ml-2">{RISK_STYLE[change.risk].label}</span>}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

/** "Propose change" for proposers and up; viewers see why they cannot. */
export function ProposeChange({ id, role }: { id: string; role: Role }) {
  if (!hasRole(role, 'proposer')) {
    return (
      <span className="text-xs text-slate-500" data-testid="propose-disabled">
        Proposing needs the proposer role (you are a {role})
      </span>
    );
  }
  return (
    <ButtonLink href={`/changes/new?component=${encodeURIComponent(id)}`} size="sm" variant="primary" data-testid="propose-change">
      Propose change
    </ButtonLink>
  );
}
