'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { formatUtc, shortUser, timeAgo } from '@/components/ui/format-time';
import type { ChangeView } from '@/lib/changes/review-model';
import type { AuditEvent } from '@/lib/model/change-request';
import { isJsonObject } from '@/lib/model/json';
import { useAddComment } from '@/lib/client/use-changes';
import { WithChangeLinks } from './change-links';
import { CommitId } from './git-section';
import { EVENT_LABEL, EVENT_TONE } from './review-events';
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

/**
 * Everything that happened to the request, oldest first: proposal,
 * approvals, comments, the apply and its webhook, going stale — each with
 * who and when. Comments are written here too.
 */
export function AuditTrail({ change, now }: { change: ChangeView; now: number }) {
  const { events } = change;
  return (
    <section className="space-y-3" aria-labelledby="audit-trail-title">
      <h2 id="audit-trail-title" className="text-xs font-semibold uppercase tracking-wide text-slate-500">
        Conversation and audit trail ({events.length})
      </h2>
      <ol className="space-y-3 border-l border-slate-200 pl-4" data-testid="audit-trail">
        {events.map((event) => {
          const commit = eventCommit(event);
          return (
            <li key={event.id} className="relative text-sm" data-testid="audit-event" data-kind={event.kind} data-actor={event.actor}>
              <span aria-hidden className={`absolute -left-[21px] top-1.5 h-2.5 w-2.5 rounded-full ring-2 ring-white ${EVENT_TONE[event.kind]}`} />
              <p className="flex flex-wrap items-baseline gap-x-1.5">
                <span className="font-medium text-slate-900">{EVENT_LABEL[event.kind]}</span>
                {commit && (
                  <span className="text-slate-600" data-testid="event-commit">
                    {event.kind === 'git_committed' ? '' : 'commit '}
                    <CommitId change={change} sha={commit} />
                  </span>
                )}
                <span className="text-slate-600">by {shortUser(event.actor)}</span>
                <time dateTime={event.at} title={formatUtc(event.at)} className="text-xs text-slate-500">
                  {formatUtc(event.at)} · {timeAgo(event.at, now)}
                </time>
              </p>
              {event.note &&
                (event.kind === 'commented' ? (
                  <p className="mt-1 whitespace-pre-wrap rounded-md border border-slate-200 bg-white px-3 py-2 text-slate-800">{event.note}</p>
                ) : (
                  <p className="mt-0.5 whitespace-pre-wrap text-slate-600">
                    <WithChangeLinks text={event.note} />
                  </p>
                ))}
            </li>
          );
        })}
      </ol>
      {change.allowedActions.comment.allowed && <CommentForm change={change} />}
    </section>
  );
}
