'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import type { ChangeView } from '@/lib/changes/review-model';
import { rolloutSegment } from '@/lib/changes/rollout-id';
import type { AuditEvent, EventKind } from '@/lib/model/change-request';
import { isJsonObject } from '@/lib/model/json';
import { rolloutIdOf } from '@/lib/model/rollout';
import { useAddComment } from '@/lib/client/use-changes';
import { EventTimeline, RolloutEventDetail } from './event-timeline';
import { CommitId } from './git-section';
import { TEXT_FIELD_CLASS } from '@/components/ui/text-field';

function CommentForm({ change }: { change: ChangeView }) {
  const [text, setText] = useState('');
  const add = useAddComment(change);
  return (
    <form
      className="space-y-2"
      data-testid="comment-form"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate(text.trim(), { onSuccess: () => setText('') });
      }}
    >
      <label className="block">
        <span className="sr-only">Add a comment</span>
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={2}
          maxLength={5000}
          placeholder="Add a comment"
          className={`w-full px-2 py-1.5 ${TEXT_FIELD_CLASS}`}
        />
      </label>
      <div className="flex items-center gap-2">
        <Button type="submit" size="sm" disabled={text.trim() === '' || add.isPending}>
          {add.isPending ? 'Commenting…' : 'Comment'}
        </Button>
        {add.error && (
          <span role="alert" className="text-sm text-red-700">
            {add.error.message}
          </span>
        )}
      </div>
    </form>
  );
}

/** The commit an event names: the one pushed (`git_committed`), or the one an apply recorded. */
function eventCommit(event: AuditEvent): string | null {
  if (!isJsonObject(event.data)) return null;
  const sha = event.kind === 'git_committed' ? event.data.commit : event.kind === 'applied' || event.kind === 'apply_failed' ? event.data.gitCommit : null;
  return typeof sha === 'string' && sha !== '' ? sha : null;
}

/** A rollout's routine steps (a wave starting, each deploy asked for and seen): the rollout page lists them; the request's trail keeps the decisions and outcomes. */
const ROUTINE_ROLLOUT_KINDS: ReadonlySet<EventKind> = new Set(['rollout_wave_started', 'rollout_deploy_requested', 'rollout_member_deployed', 'rollout_reported']);

/**
 * Everything that happened to the request, oldest first: proposal,
 * approvals, comments, the apply and its webhook, going stale, its
 * rollout's milestones — each with who and when. Comments are written here too.
 */
export function AuditTrail({ change, now }: { change: ChangeView; now: number }) {
  const events = change.events.filter((e) => !ROUTINE_ROLLOUT_KINDS.has(e.kind));
  const routine = change.events.length - events.length;
  return (
    <section className="space-y-3" aria-labelledby="audit-trail-title">
      <h2 id="audit-trail-title" className="text-xs font-semibold uppercase tracking-wide text-slate-500">
        Conversation and audit trail ({events.length})
      </h2>
      <EventTimeline
        events={events}
        now={now}
        detail={(event) => {
          const commit = eventCommit(event);
          return commit ? (
            <span className="text-slate-600" data-testid="event-commit">
              {event.kind === 'git_committed' ? '' : 'commit '}
              <CommitId change={change} sha={commit} />
            </span>
          ) : (
            <RolloutEventDetail event={event} />
          );
        }}
      />
      {routine > 0 && (
        <p className="text-xs text-slate-500" data-testid="rollout-steps-note">
          And {routine} rollout step{routine === 1 ? '' : 's'} (waves started, deploys requested and seen):{' '}
          <Link href={`/rollouts/${rolloutSegment(rolloutIdOf(change.id))}`} className="text-indigo-700 hover:underline">
            see the rollout
          </Link>
          .
        </p>
      )}
      {change.allowedActions.comment.allowed && <CommentForm change={change} />}
    </section>
  );
}
