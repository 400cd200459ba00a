'use client';

import Link from 'next/link';
import { useState } from 'react';
import { componentHref } from '@/components/changes/format';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { formatUtc, shortUser, timeAgo } from '@/components/ui/format-time';
import { TEXT_FIELD_CLASS } from '@/components/ui/text-field';
import type { useRolloutAction } from '@/lib/client/use-rollouts';
import type { RolloutMember, RolloutView } from '@/lib/model/rollout';
import { MemberStateBadge } from './member-state';
import { REASON_TEXT } from './rollout-style';
import { countsText, memberActionDecision, timeUntil, type WaveGroup } from './rollout-view';

type Act = ReturnType<typeof useRolloutAction>;

function When({ at, now }: { at: string; now: number }) {
  return (
    <time dateTime={at} title={formatUtc(at)} className="underline decoration-slate-300 decoration-dotted underline-offset-2">
      {timeAgo(at, now)}
    </time>
  );
}

/** What the member is asked to deploy and what was seen of it: versions, times, the deadline, the pipeline's word, an error, a skip. */
function MemberFacts({ member, now }: { member: RolloutMember; now: number }) {
  const facts: React.ReactNode[] = [];
  if (member.action === 'remove') facts.push(<>removed by the change: nothing to deploy but its teardown</>);
  if (member.configVersion !== null)
    facts.push(
      <span data-testid="member-config-version" data-version={member.configVersion}>
        {member.state === 'deployed' ? 'deployed' : member.state === 'waiting' ? 'to deploy' : 'deploying'} config <span className="font-semibold">v{member.configVersion}</span>
        {member.attempts > 1 && <> (attempt {member.attempts})</>}
      </span>,
    );
  if (member.observedRuntimeVersion !== null && member.observedAt)
    facts.push(
      <span data-testid="member-observed" data-version={member.observedRuntimeVersion}>
        runtime <span className="font-semibold">v{member.observedRuntimeVersion}</span> written <When at={member.observedAt} now={now} />
      </span>,
    );
  else if (member.requestedAt && member.state !== 'waiting')
    facts.push(
      <span>
        deploy asked for <When at={member.requestedAt} now={now} />
      </span>,
    );
  if (member.state === 'deploying' && member.deadline)
    facts.push(
      <span data-testid="member-deadline">
        deadline{' '}
        <time dateTime={member.deadline} title={formatUtc(member.deadline)} className="underline decoration-slate-300 decoration-dotted underline-offset-2">
          {timeUntil(member.deadline, now)}
        </time>
      </span>,
    );
  return (
    <>
      {facts.length > 0 && (
        <ul className="space-y-0.5 text-xs text-slate-600">
          {facts.map((fact, i) => (
            <li key={i}>{fact}</li>
          ))}
        </ul>
      )}
      {member.error && (
        <p className="rounded border border-red-200 bg-red-50 px-2 py-1 text-xs text-red-900" data-testid="member-error">
          {member.error}
        </p>
      )}
      {member.report && (
        <p className={`text-xs ${member.report.status === 'failed' ? 'text-red-800' : 'text-slate-600'}`} data-testid="member-report" data-status={member.report.status}>
          Pipeline: {member.report.status}
          {member.report.message && <> — {member.report.message}</>} (<When at={member.report.at} now={now} />)
        </p>
      )}
      {member.skipped && (
        <p className="rounded border border-stone-200 bg-stone-50 px-2 py-1 text-xs text-stone-800" data-testid="member-skipped">
          Skipped by {shortUser(member.skipped.by)} <When at={member.skipped.at} now={now} />: “{member.skipped.comment}”
        </p>
      )}
    </>
  );
}

/** Retry and skip where the server would take them; skip asks why. A refusal shows under the buttons. */
function MemberActions({
  view,
  member,
  act,
  isSkipping,
  onSkipping,
  error,
}: {
  view: RolloutView;
  member: RolloutMember;
  act: Act;
  isSkipping: boolean;
  onSkipping: (id: string | null) => void;
  error: string | null;
}) {
  const [comment, setComment] = useState('');
  const retry = memberActionDecision(view, member, 'retry');
  const skip = memberActionDecision(view, member, 'skip');
  const isBusy = (action: 'retry' | 'skip') => act.isPending && act.variables?.componentId === member.componentId && act.variables.action === action;
  if (!retry.allowed && !skip.allowed && !error) return null;
  return (
    <div className="space-y-1.5 border-t border-slate-100 pt-1.5">
      {!isSkipping && (
        <div className="flex gap-1.5">
          {retry.allowed && (
            <Button
              size="sm"
              disabled={act.isPending}
              onClick={() => act.mutate({ id: view.rollout.id, action: 'retry', componentId: member.componentId })}
              data-testid="member-retry"
            >
              {isBusy('retry') ? 'Retrying…' : 'Retry'}
            </Button>
          )}
          {skip.allowed && (
            <Button size="sm" variant="ghost" disabled={act.isPending} onClick={() => onSkipping(member.componentId)} data-testid="member-skip">
              Skip…
            </Button>
          )}
        </div>
      )}
      {isSkipping && (
        <form
          className="space-y-1.5"
          data-testid="skip-form"
          onSubmit={(e) => {
            e.preventDefault();
            act.mutate(
              { id: view.rollout.id, action: 'skip', componentId: member.componentId, comment: comment.trim() },
              {
                onSuccess: () => {
                  setComment('');
                  onSkipping(null);
                },
              },
            );
          }}
        >
          <label className="block space-y-0.5">
            <span className="text-xs font-medium text-slate-700">Why go on without it? (required)</span>
            <textarea
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              rows={2}
              maxLength={2000}
              autoFocus
              className={`w-full px-2 py-1 ${TEXT_FIELD_CLASS}`}
              data-testid="skip-comment"
            />
          </label>
          <div className="flex gap-1.5">
            <Button
              type="submit"
              size="sm"
              variant="danger"
              disabled={comment.trim() === '' || act.isPending}
              title={comment.trim() === '' ? 'Say why it is skipped' : undefined}
              data-testid="skip-confirm"
            >
              {isBusy('skip') ? 'Skipping…' : 'Skip it'}
            </Button>
            <Button size="sm" onClick={() => onSkipping(null)}>
              Cancel
            </Button>
          </div>
        </form>
      )}
      {error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-2 py-1 text-xs text-red-900" data-testid="rollout-action-error">
          {error}
        </p>
      )}
    </div>
  );
}

function MemberCard({
  member,
  view,
  now,
  act,
  skipping,
  onSkipping,
  memberError,
}: {
  member: RolloutMember;
  view: RolloutView;
  now: number;
  act: Act;
  skipping: string | null;
  onSkipping: (id: string | null) => void;
  memberError: { componentId: string; message: string } | null;
}) {
  const error = memberError?.componentId === member.componentId ? memberError.message : null;
  return (
    <li
      className={`space-y-1.5 rounded-md border bg-white px-3 py-2 shadow-xs ${member.state === 'failed' ? 'border-red-300' : member.state === 'deploying' ? 'border-sky-300' : 'border-slate-200'}`}
      data-testid="rollout-member"
      data-component-id={member.componentId}
      data-state={member.state}
      data-wave={member.wave}
    >
      <div className="flex items-start justify-between gap-2">
        <Link href={componentHref(member.componentId)} className="min-w-0 font-mono text-[13px] font-medium break-words text-indigo-700 hover:underline" title={member.componentId}>
          {member.type}/<wbr />
          {member.nickname}
        </Link>
        <MemberStateBadge state={member.state} />
      </div>
      <p className="flex flex-wrap items-center gap-1 text-xs text-slate-500">
        <span>{member.env}</span>
        <span aria-hidden>·</span>
        <span data-testid="member-reason" data-reason={member.reason}>
          {member.reason === 'changed' ? (member.action === 'create' ? 'new' : member.action === 'remove' ? 'removed' : 'changed') : REASON_TEXT[member.reason]}
        </span>
        {member.inCycle && <Badge tone="bg-orange-50 text-orange-900 ring-orange-600/30">on a cycle</Badge>}
      </p>
      <MemberFacts member={member} now={now} />
      {member.waitsFor.length > 0 && member.state === 'waiting' && (
        <p className="text-xs text-slate-500" data-testid="member-waits-for">
          after {member.waitsFor.map((id) => (id.startsWith(`${member.env}:`) ? id.slice(member.env.length + 1) : id)).join(', ')}
        </p>
      )}
      <MemberActions view={view} member={member} act={act} isSkipping={skipping === member.componentId} onSkipping={onSkipping} error={error} />
    </li>
  );
}

/** One wave: its number, where it stands, its members. The wave being deployed is outlined. */
export function WaveColumn({
  wave,
  view,
  now,
  act,
  skipping,
  onSkipping,
  memberError,
}: {
  wave: WaveGroup;
  view: RolloutView;
  now: number;
  act: Act;
  skipping: string | null;
  onSkipping: (id: string | null) => void;
  memberError: { componentId: string; message: string } | null;
}) {
  const { rollout } = view;
  const isCurrent = wave.wave === rollout.currentWave && (rollout.status === 'running' || rollout.status === 'paused');
  const isDone = wave.members.length > 0 && wave.members.every((m) => m.state === 'deployed' || m.state === 'skipped');
  return (
    <section
      className={`w-80 shrink-0 space-y-2 rounded-lg border p-3 ${isCurrent ? 'border-sky-400 bg-sky-50/40 ring-1 ring-sky-400' : 'border-slate-200 bg-slate-50'}`}
      aria-label={`Wave ${wave.wave}`}
      data-testid="rollout-wave-block"
      data-wave={wave.wave}
      data-current={isCurrent}
      data-done={isDone}
    >
      <header className="space-y-0.5">
        <h3 className="flex items-center gap-2 text-sm font-semibold text-slate-900">
          Wave {wave.wave}
          {isCurrent && <span className="rounded bg-sky-100 px-1.5 py-0.5 text-[11px] font-medium text-sky-900">{rollout.status === 'paused' ? 'paused here' : 'now'}</span>}
          {isDone && <span className="text-[11px] font-medium text-emerald-800">done</span>}
        </h3>
        <p className="text-xs text-slate-500">
          {wave.envs.join(', ') || 'no components'}
          {wave.members.length > 0 && <> · {countsText(wave.counts)}</>}
        </p>
      </header>
      <ol className="space-y-2">
        {wave.members.map((member) => (
          <MemberCard key={member.componentId} member={member} view={view} now={now} act={act} skipping={skipping} onSkipping={onSkipping} memberError={memberError} />
        ))}
      </ol>
    </section>
  );
}
