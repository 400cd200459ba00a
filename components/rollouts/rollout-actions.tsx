'use client';

import { useState } from 'react';
import { Button, type ButtonVariant } from '@/components/ui/button';
import { TEXT_FIELD_CLASS } from '@/components/ui/text-field';
import type { useRolloutAction } from '@/lib/client/use-rollouts';
import type { RolloutDecision, RolloutView } from '@/lib/model/rollout';

type Act = ReturnType<typeof useRolloutAction>;
type WholeAction = 'pause' | 'resume' | 'abort';

const ACTIONS: Array<{ action: WholeAction; label: string; busy: string; variant: ButtonVariant }> = [
  { action: 'pause', label: 'Pause', busy: 'Pausing…', variant: 'secondary' },
  { action: 'resume', label: 'Resume', busy: 'Resuming…', variant: 'primary' },
  { action: 'abort', label: 'Abort…', busy: 'Aborting…', variant: 'danger' },
];

/** Shown disabled with its reason: the user could take it, but not now. Who-you-are refusals hide the button and say so once. */
const isBlockedNow = (d: RolloutDecision) => !d.allowed && d.code !== 'forbidden';

/**
 * Pause, resume and abort, as the server's policy allows them for this user
 * (`allowed`); abort asks first. A comment goes with each into the events.
 * The answer redraws the page; a refusal shows here, as the review page
 * shows a refused decision.
 */
export function RolloutActions({ view, act }: { view: RolloutView; act: Act }) {
  const [comment, setComment] = useState('');
  const [isConfirmingAbort, setConfirmingAbort] = useState(false);
  const { rollout, allowed } = view;
  if (rollout.status === 'completed' || rollout.status === 'aborted') return null;
  const shown = ACTIONS.filter(
    ({ action }) =>
      allowed[action].allowed || (isBlockedNow(allowed[action]) && !(action === 'pause' && rollout.status === 'paused') && !(action === 'resume' && rollout.status === 'running')),
  );
  const forbidden = [...new Set(ACTIONS.flatMap(({ action }) => (!allowed[action].allowed && allowed[action].code === 'forbidden' ? [allowed[action].reason] : [])))];
  const run = (action: WholeAction) =>
    act.mutate(
      { id: rollout.id, action, comment: comment.trim() || undefined },
      {
        onSuccess: () => {
          setComment('');
          setConfirmingAbort(false);
        },
      },
    );
  const wholeError = act.error && !act.variables?.componentId ? act.error.message : null;
  if (shown.length === 0 && forbidden.length === 0 && !wholeError) return null;
  return (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label="Operate the rollout" data-testid="rollout-actions">
      {shown.length > 0 && (
        <>
          <label className="block space-y-1">
            <span className="text-xs font-medium text-slate-600">Comment (optional, goes into the events)</span>
            <textarea
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              rows={1}
              maxLength={2000}
              className={`w-full px-2 py-1.5 ${TEXT_FIELD_CLASS}`}
              placeholder="Why you pause, resume or abort it"
              data-testid="rollout-comment"
            />
          </label>
          <div className="flex flex-wrap items-center gap-2">
            {shown.map(({ action, label, busy, variant }) => {
              const verdict = allowed[action];
              const isBusy = act.isPending && act.variables?.action === action && !act.variables.componentId;
              return (
                <Button
                  key={action}
                  variant={variant}
                  disabled={!verdict.allowed || act.isPending}
                  title={verdict.allowed ? undefined : verdict.reason}
                  onClick={() => (action === 'abort' ? setConfirmingAbort(true) : run(action))}
                  data-testid={`rollout-action-${action}`}
                >
                  {isBusy ? busy : label}
                </Button>
              );
            })}
          </div>
          <ul className="space-y-0.5 text-xs text-slate-600">
            {shown.flatMap(({ action, label }) => {
              const verdict = allowed[action];
              return verdict.allowed
                ? []
                : [
                    <li key={action} data-testid={`rollout-action-reason-${action}`}>
                      <span className="font-medium text-slate-700">{label.replace('…', '')}:</span> {verdict.reason}
                    </li>,
                  ];
            })}
          </ul>
        </>
      )}
      {isConfirmingAbort && (
        <div
          role="alertdialog"
          aria-labelledby="abort-title"
          className="space-y-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-950"
          data-testid="abort-confirm"
        >
          <p id="abort-title" className="font-medium">
            Abort this rollout?
          </p>
          <p className="text-[13px]">
            Nothing more is deployed: members still waiting or deploying stay as they are, and what was deployed stays deployed. An aborted rollout cannot be resumed.
          </p>
          <div className="flex gap-2">
            <Button variant="danger" size="sm" disabled={act.isPending} onClick={() => run('abort')} data-testid="abort-confirm-button">
              {act.isPending && act.variables?.action === 'abort' ? 'Aborting…' : 'Abort the rollout'}
            </Button>
            <Button size="sm" onClick={() => setConfirmingAbort(false)} data-testid="abort-cancel">
              Keep it
            </Button>
          </div>
        </div>
      )}
      {forbidden.length > 0 && (
        <ul className="space-y-0.5 text-sm text-slate-600" data-testid="rollout-notes">
          {forbidden.map((reason) => (
            <li key={reason}>{reason}.</li>
          ))}
        </ul>
      )}
      {wholeError && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900" data-testid="rollout-action-error">
          {wholeError}
        </p>
      )}
    </section>
  );
}
