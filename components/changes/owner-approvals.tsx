import Link from 'next/link';
import type { OwnerApprovalsView } from '@/lib/changes/review-model';
import { groupsText } from '@/lib/changes/ownership';
import { componentHref } from './format';
import { ownerStatusText } from './owner-approvals-text';

/**
 * The owner approvals a request needs (settings `owners`), beside its
 * approval count: for each, the group(s) whose approval it needs, whether it
 * is met and by whom, and why — which owned component the change reaches and
 * how. Nothing when the change reaches nothing anyone owns.
 */
export function OwnerApprovals({ view }: { view: OwnerApprovalsView }) {
  if (view.requirements.length === 0) return null;
  return (
    <ul className="space-y-1.5 text-sm" aria-label="Owner approvals" data-testid="owner-approvals" data-met={view.isMet}>
      {view.requirements.map((requirement) => {
        const isMet = requirement.metBy !== null;
        return (
          <li
            key={requirement.groups.join('\n')}
            className={`rounded-md border px-3 py-2 ${isMet ? 'border-green-200 bg-green-50' : 'border-amber-200 bg-amber-50'}`}
            data-testid="owner-approval"
            data-groups={requirement.groups.join(',')}
            data-status={isMet ? 'met' : 'missing'}
          >
            <p className="flex flex-wrap items-center gap-x-2">
              <span className="font-medium text-slate-800">{groupsText(requirement.groups)}</span>
              <span className={isMet ? 'text-green-800' : 'font-medium text-amber-900'} data-testid="owner-approval-status">
                {ownerStatusText(requirement)}
              </span>
            </p>
            <ul className="mt-0.5 text-slate-600">
              {requirement.owns.map((owned) => (
                <li key={owned.componentId} data-testid="owner-approval-why" data-component-id={owned.componentId} data-reach={owned.reach}>
                  <Reason reason={owned.reason} componentId={owned.reach === 'unlisted' ? null : owned.componentId} />{' '}
                  <span className="text-xs text-slate-400" title="The settings rule that names it">
                    ({owned.match})
                  </span>
                </li>
              ))}
            </ul>
          </li>
        );
      })}
    </ul>
  );
}

/** The reason, with the owned component's id in it as a link to the component. */
function Reason({ reason, componentId }: { reason: string; componentId: string | null }) {
  const at = componentId === null ? -1 : reason.indexOf(componentId);
  if (componentId === null || at < 0) return <>{reason}</>;
  return (
    <>
      {reason.slice(0, at)}
      <Link href={componentHref(componentId)} className="font-medium text-indigo-700 hover:underline">
        {componentId}
      </Link>
      {reason.slice(at + componentId.length)}
    </>
  );
}
