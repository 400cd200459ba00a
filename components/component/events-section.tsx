'use client';

import { formatUtc, shortUser } from '@/components/ui/format-time';
import { SkeletonLines } from '@/components/ui/skeleton';
import { useComponentEvents } from '@/lib/client/use-component';
import { EVENT_LABEL } from '@/components/changes/review-events';
import { Section } from './section';

/** The component's audit trail, newest first. */
export function EventsSection({ id }: { id: string }) {
  const events = useComponentEvents(id);
  const rows = events.data ? [...events.data].reverse() : [];
  return (
    <Section title="Events" count={events.data ? rows.length : undefined} testId="component-events">
      {events.isPending && <SkeletonLines lines={2} />}
      {events.error && <p className="text-sm text-red-700">Could not load events: {events.error.message}</p>}
      {events.data && rows.length === 0 && <p className="text-sm text-slate-500">Nothing has happened through Karma yet.</p>}
      {rows.length > 0 && (
        <ol className="space-y-2 border-l border-slate-200 pl-3">
          {rows.map((event) => (
            <li key={event.id} className="text-sm">
              <p>
                <span className="font-medium text-slate-800">{EVENT_LABEL[event.kind] ?? event.kind}</span>
                <span className="text-slate-500">
                  {' '}
                  · {shortUser(event.actor)} · {formatUtc(event.at)}
                </span>
              </p>
              {event.note && <p className="text-xs text-slate-600">{event.note}</p>}
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}
