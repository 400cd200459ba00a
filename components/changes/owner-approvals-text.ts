/**
 * The words of the review page's owner approvals (lib/changes/ownership.ts):
 * where each requirement stands, and what a request still needs from
 * owners. Pure.
 */
import { groupsText, type OwnerRequirement } from '@/lib/changes/ownership';
import type { OwnerApprovalsView } from '@/lib/changes/review-model';

/** `approved by carol@example.com (data-team)` or `approval missing` */
export function ownerStatusText(requirement: Pick<OwnerRequirement, 'metBy'>): string {
  const { metBy } = requirement;
  return metBy ? `approved by ${metBy.approver} (${metBy.group})` : 'approval missing';
}

/** `an approval from data-team and one from dba or sre`; empty when no owner approval is missing. */
export function ownersStillNeeded(view: Pick<OwnerApprovalsView, 'missing'>): string {
  return view.missing.map((groups, i) => `${i === 0 ? 'an approval' : 'one'} from ${groupsText(groups)}`).join(' and ');
}
