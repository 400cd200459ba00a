'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { useHistory } from '@/lib/client/use-history';
import { fromLocalInput, localLabel, momentAt, positionLabel, positionOf, toLocalInput, type TimeView } from './time-travel';

/** How long the slider or a picker rests before the view follows (a drag across many stops asks the server once). */
const SETTLE_MS = 300;

export type SetTime = (next: TimeView, options?: { replace?: boolean }) => void;

/**
 * Time travel's controls, for the explorer and the drift page: a slider
 * whose stops are the moments the estate changed (from /api/history; the
 * last stop is now), a date-time picker in the reader's local time (the
 * URL holds UTC), and, where the view can draw differences, a second
 * picker for the moment to compare with. Arrow keys, Page Up/Down, Home and
 * End move the slider a stop at a time; each stop is labelled with its date
 * and what changed then.
 */
export function TimeTravelBar({ time, onTime, canCompare, onClose }: { time: TimeView; onTime: SetTime; canCompare: boolean; onClose?: () => void }) {
  const history = useHistory();
  const moments = history.data?.moments ?? [];
  const state = history.data?.state;
  const ticks = useId();
  const isValidAt = time.at === null || fromIso(time.at) !== null;
  const committed = positionOf(moments, isValidAt ? time.at : null);
  const [moving, setMoving] = useState<number | null>(null);
  const position = moving ?? committed;

  // Moves within the past replace the history entry; leaving the present adds one (Back returns to it).
  const latest = useRef({ time, onTime, moments });
  useEffect(() => {
    latest.current = { time, onTime, moments };
  });
  useEffect(() => {
    if (moving === null) return;
    const timer = setTimeout(() => {
      const { time: current, onTime: set, moments: stops } = latest.current;
      set({ ...current, at: momentAt(stops, moving) }, { replace: current.at !== null });
      setMoving(null);
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [moving]);

  const shownLabel = moving !== null ? positionLabel(moments, moving) : time.at === null ? 'Now' : isValidAt ? localLabel(time.at) : time.at;
  const isEmpty = history.data !== undefined && moments.length === 0;

  return (
    <div
      className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-slate-200 bg-white px-4 py-1.5 text-sm"
      data-testid="time-travel-bar"
      role="group"
      aria-label="Time travel"
    >
      <span className="text-xs font-medium tracking-wide text-slate-500 uppercase">Time travel</span>
      {history.error ? (
        <p className="text-xs text-red-700">The history could not be read: {history.error.message}</p>
      ) : isEmpty ? (
        <p className="text-xs text-slate-600" data-testid="history-empty">
          No history recorded yet: Karma records each version it sees as it syncs (and reads SSM&apos;s history of what it finds first).
        </p>
      ) : (
        <div className="flex min-w-[16rem] flex-1 items-center gap-2">
          <span className="hidden text-[11px] whitespace-nowrap text-slate-500 lg:inline" aria-hidden>
            {moments[0] ? localLabel(moments[0].at).split(',').slice(0, 2).join(',') : ''}
          </span>
          <input
            type="range"
            className="h-1.5 min-w-[8rem] flex-1 cursor-pointer accent-indigo-600"
            min={0}
            max={moments.length}
            step={1}
            value={position}
            disabled={!history.data}
            list={ticks}
            aria-label="Moment to view (the estate's change moments; the last is now)"
            aria-valuetext={positionLabel(moments, position)}
            data-testid="time-slider"
            onChange={(event) => setMoving(Number(event.target.value))}
          />
          <datalist id={ticks}>
            {moments.map((m, i) => (
              <option key={m.at} value={i} label={localLabel(m.at)} />
            ))}
            <option value={moments.length} label="Now" />
          </datalist>
          <output className="max-w-[18rem] shrink-0 truncate text-xs whitespace-nowrap text-slate-800" aria-live="polite" data-testid="time-position" title={time.at ?? 'now'}>
            {shownLabel}
          </output>
        </div>
      )}
      <MomentPicker label="As of" value={time.at} testId="time-at" onPick={(at) => onTime({ ...time, at })} />
      {canCompare && (
        <div className="flex items-center gap-1.5">
          <MomentPicker label="Compare with" value={time.compare} testId="time-compare" onPick={(compare) => onTime({ ...time, compare })} />
          {time.at !== null && isValidAt && time.compare === null && (
            <Button size="sm" onClick={() => onTime({ at: null, compare: time.at })} data-testid="compare-with-now" title="What changed between this moment and now">
              Compare with now
            </Button>
          )}
          {time.compare !== null && (
            <Button size="sm" variant="ghost" onClick={() => onTime({ ...time, compare: null })} data-testid="stop-comparing">
              Stop comparing
            </Button>
          )}
        </div>
      )}
      {state && state.pendingComponents > 0 && (
        <p className="text-xs text-amber-800" data-testid="history-pending">
          Still reading the history of {state.pendingComponents} component{state.pendingComponents === 1 ? '' : 's'}: earlier moments may fill in.
        </p>
      )}
      {onClose && time.at === null && time.compare === null && (
        <Button size="sm" variant="ghost" onClick={onClose} aria-label="Close time travel" className="ml-auto">
          ✕
        </Button>
      )}
    </div>
  );
}

function fromIso(value: string): string | null {
  return Number.isFinite(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}/.test(value) ? value : null;
}

/** A datetime-local picker over a URL moment: shown in local time; a complete value is taken once typing rests. */
function MomentPicker({ label, value, testId, onPick }: { label: string; value: string | null; testId: string; onPick: (moment: string | null) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? toLocalInput(value);
  const latest = useRef(onPick);
  useEffect(() => {
    latest.current = onPick;
  });
  useEffect(() => {
    if (draft === null) return;
    const moment = draft === '' ? null : fromLocalInput(draft);
    if (draft !== '' && moment === null) return;
    const timer = setTimeout(() => {
      latest.current(moment);
      setDraft(null);
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [draft]);
  return (
    <label className="flex items-center gap-1.5 text-xs text-slate-700">
      {label}
      <input
        type="datetime-local"
        className="h-7 rounded-md border border-slate-300 px-1.5 text-xs text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
        value={shown}
        onChange={(event) => setDraft(event.target.value)}
        data-testid={testId}
        title={value ? `${value} (UTC)` : 'Now'}
      />
    </label>
  );
}
