import type { ChangeStatus } from '@/lib/model/change-request';
import { MemberName } from './member-action';
import { versionStep, type ReviewMember } from './review-members';

/** Every component a request changes: what it does to each, and the version it was based on and, once written, became. */
export function ChangeMembers({ members, status }: { members: ReviewMember[]; status: ChangeStatus }) {
  return (
    <ol className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white text-sm" aria-label="Components in this change" data-testid="review-members">
      {members.map((member, index) => (
        <li
          key={member.componentId}
          className="flex flex-wrap items-center gap-2 px-3 py-1.5"
          data-testid="review-member"
          data-component-id={member.componentId}
          data-action={member.action}
          data-applied={member.isApplied}
        >
          <span className="w-4 text-right text-xs font-semibold text-slate-500" aria-hidden>
            {index + 1}
          </span>
          <MemberName action={member.action} componentId={member.componentId} />
          <span
            className={`ml-auto text-xs tabular-nums ${member.isApplied ? 'font-medium text-green-800' : status === 'apply_failed' ? 'font-medium text-red-700' : 'text-slate-500'}`}
            data-testid="member-versions"
          >
            {versionStep(member, status)}
          </span>
        </li>
      ))}
    </ol>
  );
}
