'use client';

import Link from 'next/link';
import { useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { formatUtc, shortUser } from '@/components/ui/format-time';
import { TIMELINE_KIND_LABEL, TIMELINE_KINDS, type TimelineEntry, type TimelineKind } from '@/lib/model/component-lineage';

/**
 * Everything recorded about the component, newest first, filterable by kind
 * (config versions, runtime writes, commits, change requests, rollouts,
 * drift). Each entry links where it is explained: the change request, the
 * rollout, the commit on the forge, the version's diff.
 */

const DOT: Record<TimelineKind, string> = {
  config: 'bg-indigo-600',
  runtime: 'bg-emerald-500',
  commit: 'bg-slate-700',
  change: 'bg-fuchsia-600',
  rollout: 'bg-sky-500',
  drift: 'bg-amber-500',
};

/** Entries shown before "Show all": a long-lived component has hundreds. */
const FIRST = 40;

function EntryLink({ link }: { link: NonNullable<TimelineEntry['link']> }) {
  const className = 'text-xs font-medium text-indigo-700 hover:underline';
  if (link.isExternal) {
    return (
      <a href={link.href} target="_blank" rel="noopener noreferrer" className={className}>
        {link.label} ↗
      </a>
    );
  }
  return (
    <Link href={link.href} className={className}>
      {link.label}
    </Link>
  );
}

export function LineageTimeline({ entries }: { entries: TimelineEntry[] }) {
  // Every kind shown until someone narrows it; an empty set would show nothing, so it means "all".
  const [shown, setShown] = useState<ReadonlySet<TimelineKind>>(new Set());
  const [isAll, setAll] = useState(false);
  const counts = useMemo(() => {
    const byKind = new Map<TimelineKind, number>();
    for (const e of entries) byKind.set(e.kind, (byKind.get(e.kind) ?? 0) + 1);
    return byKind;
  }, [entries]);
  const filtered = shown.size === 0 ? entries : entries.filter((e) => shown.has(e.kind));
  const visible = isAll ? filtered : filtered.slice(0, FIRST);
  const toggle = (kind: TimelineKind) =>
    setShown((before) => {
      const next = new Set(before);
      if (next.has(kind)) next.delete(kind);
      else next.add(kind);
      return next;
    });

  return (
    <div className="space-y-3" data-testid="lineage-timeline">
      <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label="Show only these kinds">
        <button
          type="button"
          aria-pressed={shown.size === 0}
          onClick={() => setShown(new Set())}
          className={`rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${shown.size === 0 ? 'bg-slate-800 text-white ring-slate-800' : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50'}`}
          data-testid="timeline-filter-all"
        >
          All {entries.length}
        </button>
        {TIMELINE_KINDS.filter((kind) => counts.has(kind)).map((kind) => {
          const isOn = shown.has(kind);
          return (
            <button
              key={kind}
              type="button"
              aria-pressed={isOn}
              onClick={() => toggle(kind)}
              className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${isOn ? 'bg-slate-800 text-white ring-slate-800' : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50'}`}
              data-testid={`timeline-filter-${kind}`}
            >
              <span aria-hidden className={`h-2 w-2 rounded-full ${DOT[kind]}`} />
              {TIMELINE_KIND_LABEL[kind]} {counts.get(kind)}
            </button>
          );
        })}
      </div>
      {filtered.length === 0 ? (
        <p className="text-sm text-slate-500">Nothing recorded yet.</p>
      ) : (
        <ol className="relative space-y-3 border-l border-slate-200 pl-4">
          {visible.map((entry) => (
            <li key={entry.id} className="relative" data-testid="timeline-entry" data-kind={entry.kind} data-version={entry.version ?? undefined}>
              <span aria-hidden className={`absolute top-1.5 -left-[21px] h-2.5 w-2.5 rounded-full ring-2 ring-white ${DOT[entry.kind]}`} />
              <p className="text-sm">
                <span className="font-medium text-slate-900">{entry.title}</span>
                <span className="sr-only"> ({TIMELINE_KIND_LABEL[entry.kind]})</span>
              </p>
              <p className="text-xs text-slate-500">
                <time dateTime={entry.at}>{formatUtc(entry.at)}</time>
                {entry.actor && (
                  <>
                    {' · '}
                    <span title={entry.actor}>{shortUser(entry.actor)}</span>
                  </>
                )}
              </p>
              {entry.detail && <p className="mt-0.5 text-xs break-words text-slate-700">{entry.detail}</p>}
              {entry.link && (
                <p className="mt-0.5">
                  <EntryLink link={entry.link} />
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      {!isAll && filtered.length > FIRST && (
        <Button size="sm" variant="ghost" onClick={() => setAll(true)} data-testid="timeline-show-all">
          Show all {filtered.length}
        </Button>
      )}
    </div>
  );
}
