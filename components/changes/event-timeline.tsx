import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatUtc, shortUser, timeAgo } from '@/components/ui/format-time';
import type { AuditEvent, EventKind } from '@/lib/model/change-request';
import { WithChangeLinks } from './change-links';
import { componentHref } from './format';
import { EVENT_LABEL, EVENT_TONE, eventWave, isRolloutEvent } from './review-events';

/** A rollout's events about the rollout as a whole: their componentId is the request's, not a member concerned. */
const WHOLE_ROLLOUT_KINDS: ReadonlySet<EventKind> = new Set([
  'rollout_started',
  'rollout_wave_started',
  'rollout_paused',
  'rollout_resumed',
  'rollout_aborted',
  'rollout_completed',
]);

/** What a rollout's event is about: its wave and the member concerned (none for the rollout as a whole). */
export function RolloutEventDetail({ event }: { event: AuditEvent }) {
  if (!isRolloutEvent(event)) return null;
  const wave = eventWave(event);
  return (
    <>
      {event.componentId && !WHOLE_ROLLOUT_KINDS.has(event.kind) && (
        <Link href={componentHref(event.componentId)} className="font-mono text-[13px] text-indigo-700 hover:underline" data-testid="event-component">
          {event.componentId}
        </Link>
      )}
      {wave !== null && <span className="text-xs text-slate-500">wave {wave}</span>}
    </>
  );
}

/**
 * Audit events as a timeline, oldest first: a dot per kind, what happened,
 * who and when (absolute and relative), and the event's note. `detail` adds
 * what a page knows more about an event (a commit, a rollout member).
 */
export function EventTimeline({
  events,
  now,
  detail = (event) => <RolloutEventDetail event={event} />,
  testId = 'audit-trail',
}: {
  events: readonly AuditEvent[];
  now: number;
  detail?: (event: AuditEvent) => ReactNode;
  testId?: string;
}) {
  return (
    <ol className="space-y-3 border-l border-slate-200 pl-4" data-testid={testId}>
      {events.map((event) => (
        <li
          key={event.id}
          className="relative text-sm"
          data-testid="audit-event"
          data-kind={event.kind}
          data-actor={event.actor}
          data-component-id={event.componentId ?? undefined}
        >
          <span aria-hidden className={`absolute -left-[21px] top-1.5 h-2.5 w-2.5 rounded-full ring-2 ring-white ${EVENT_TONE[event.kind] ?? 'bg-slate-300'}`} />
          <p className="flex flex-wrap items-baseline gap-x-1.5">
            <span className="font-medium text-slate-900">{EVENT_LABEL[event.kind] ?? event.kind}</span>
            {detail(event)}
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
      ))}
    </ol>
  );
}
