'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, type ButtonVariant } from '@/components/ui/button';
import type { ActionDecision } from '@/lib/changes/policy';
import type { ChangeView } from '@/lib/changes/review-model';
import { useDecision, type Decision } from '@/lib/client/use-changes';
import { queryKeys } from '@/lib/client/query-keys';
import { UNDECIDED } from '@/lib/model/change-request';
import { TEXT_FIELD_CLASS } from '@/components/ui/text-field';
import { applyReportText, reviewMembers } from './review-members';

const DECISIONS: Array<{ decision: Decision; label: string; busy: string; variant: ButtonVariant }> = [
  { decision: 'approve', label: 'Approve', busy: 'Approving…', variant: 'primary' },
  { decision: 'apply', label: 'Apply', busy: 'Applying…', variant: 'primary' },
  { decision: 'reject', label: 'Reject', busy: 'Rejecting…', variant: 'danger' },
  { decision: 'withdraw', label: 'Withdraw', busy: 'Withdrawing…', variant: 'secondary' },
];

/** Shown as a disabled button with its reason: the user could take it, but not now. Who-you-are refusals hide the button instead. */
const isBlockedNow = (d: ActionDecision) => !d.allowed && d.code !== 'forbidden';

/** Why approving or applying is not on offer for this person (the author, a proposer, a viewer), said once. */
function forbiddenNotes(actions: ChangeView['allowedActions']): string[] {
  const [approve, apply] = [actions.approve, actions.apply];
  const roleOnly = /^\w+ needs the (\w+) role; you are an? (\w+)$/;
  const both = !approve.allowed && !apply.allowed ? [roleOnly.exec(approve.reason), roleOnly.exec(apply.reason)] : [null, null];
  if (both[0] && both[1] && both[0][1] === both[1][1]) return [`Approving and applying need the ${both[0][1]} role; you are a ${both[0][2]}.`];
  return [approve, apply].flatMap((d) => (!d.allowed && d.code === 'forbidden' ? [`${d.reason}.`] : []));
}

/**
 * The decisions this user may take, exactly as the server's policy computed
 * them (`allowedActions`): a button for each one they could take, disabled
 * with the reason when the request's state forbids it now. Reject needs a
 * comment; the others take one for the audit trail.
 */
export function ReviewActions({ change }: { change: ChangeView }) {
  const [comment, setComment] = useState('');
  const decide = useDecision(change);
  const client = useQueryClient();
  const members = reviewMembers(change);
  // The hook refreshes the first component; a set's other members changed too.
  const refreshMembers = () => {
    for (const member of members.slice(1)) void client.invalidateQueries({ queryKey: queryKeys.component(member.componentId) });
  };
  const report = decide.data?.apply ? (
    <p
      role="status"
      className={UNDECIDED.has(change.status) ? 'text-sm text-slate-600' : 'rounded-md border border-slate-200 bg-white px-3 py-2 text-sm text-slate-700'}
      data-testid="apply-report"
    >
      {applyReportText(decide.data.apply)}
    </p>
  ) : null;
  // Once applied the decisions are over, but what the apply wrote stays in view.
  if (!UNDECIDED.has(change.status)) return report;

  const actions = change.allowedActions;
  // Once approved, "approve" is done with: no point showing it greyed out.
  const shown = DECISIONS.filter(({ decision }) => actions[decision].allowed || (isBlockedNow(actions[decision]) && !(decision === 'approve' && change.status !== 'open')));
  const notes = forbiddenNotes(actions);
  const isRejectMissingComment = comment.trim() === '';

  return (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label="Review" data-testid="review-actions">
      <h2 className="text-sm font-semibold text-slate-900">Review</h2>
      {shown.length > 0 && (
        <>
          <label className="block space-y-1">
            <span className="text-xs font-medium text-slate-600">Comment {actions.reject.allowed ? '(required to reject)' : '(optional)'}</span>
            <textarea
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              rows={2}
              maxLength={5000}
              className={`w-full px-2 py-1.5 ${TEXT_FIELD_CLASS}`}
              placeholder="What you checked, or why not"
              data-testid="decision-comment"
            />
          </label>
          <div className="flex flex-wrap items-center gap-2">
            {shown.map(({ decision, label, busy, variant }) => {
              const verdict = actions[decision];
              const needsComment = decision === 'reject' && isRejectMissingComment;
              const isBusy = decide.isPending && decide.variables?.decision === decision;
              return (
                <Button
                  key={decision}
                  variant={variant}
                  disabled={!verdict.allowed || needsComment || decide.isPending}
                  title={!verdict.allowed ? verdict.reason : needsComment ? 'Write in the comment why you reject it' : undefined}
                  onClick={() => decide.mutate({ decision, comment: comment.trim() }, { onSuccess: () => setComment(''), onSettled: refreshMembers })}
                  data-testid={`action-${decision}`}
                >
                  {isBusy ? busy : label}
                </Button>
              );
            })}
          </div>
          <ul className="space-y-0.5 text-xs text-slate-600">
            {shown.flatMap(({ decision, label }) => {
              const verdict = actions[decision];
              return verdict.allowed
                ? []
                : [
                    <li key={decision} data-testid={`action-reason-${decision}`}>
                      <span className="font-medium text-slate-700">{label}:</span> {verdict.reason}
                    </li>,
                  ];
            })}
          </ul>
        </>
      )}
      {notes.length > 0 && (
        <ul className="space-y-0.5 text-sm text-slate-600" data-testid="review-notes">
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {decide.error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900" data-testid="decision-error">
          {decide.error.message}
        </p>
      )}
      {report}
    </section>
  );
}
