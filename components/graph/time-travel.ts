/**
 * Time travel's arithmetic, for the explorer and the drift page: moments as
 * the URL holds them (ISO, UTC, to the second), as a datetime-local picker
 * shows them (the browser's local time), and as positions of the slider
 * over the estate's change moments (each a stop; one past the last is
 * "now"). Pure; local time is the runtime's time zone.
 */
import type { HistoryMoment } from '@/lib/model/history';

/** A moment for the URL: `2026-07-01T09:30:00Z` (no milliseconds when there are none); null when the text is no date-time. */
export function urlMoment(value: string | number | Date): string | null {
  const date = new Date(value);
  if (!Number.isFinite(date.getTime())) return null;
  return date.toISOString().replace('.000Z', 'Z');
}

const pad = (n: number) => String(n).padStart(2, '0');

/** What a datetime-local input shows for a moment (local time, to the minute); '' for none or an invalid one. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (!Number.isFinite(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local input's value (local time) as a URL moment; null when empty or incomplete. */
export function fromLocalInput(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return urlMoment(new Date(y, mo - 1, d, h, mi, s || 0));
}

/**
 * The slider position for a moment: the last change at or before it (what
 * the view as of `at` includes), 0 before the first; `moments.length`
 * (the stop after the last) for now.
 */
export function positionOf(moments: readonly HistoryMoment[], at: string | null): number {
  if (at === null) return moments.length;
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) return moments.length;
  let position = 0;
  for (let i = 0; i < moments.length; i++) if (Date.parse(moments[i].at) <= ms) position = i;
  return position;
}

/** The moment a slider position stands for; null for now. */
export function momentAt(moments: readonly HistoryMoment[], position: number): string | null {
  if (position >= moments.length || position < 0) return null;
  return urlMoment(moments[position].at);
}

/** `Jul 1, 2026, 11:30 AM GMT+2`, in the reader's locale and time zone; the text itself when it is no date-time. */
export function localLabel(iso: string, locale?: string, timeZone?: string): string {
  const date = new Date(iso);
  if (!Number.isFinite(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short', timeZone }).format(date);
}

/** What a slider stop says: its date and what changed then (for aria-valuetext and the label beside it). */
export function positionLabel(moments: readonly HistoryMoment[], position: number, locale?: string, timeZone?: string): string {
  const moment = moments[position];
  if (!moment) return 'Now';
  const what = moment.components.length === 1 ? moment.components[0] : `${moment.versions} versions`;
  return `${localLabel(moment.at, locale, timeZone)} · ${what}`;
}

/** The URL's view of time: a past moment to show (`at`) and one to compare with (`compare`), each as given (the API says what is wrong with one). */
export type TimeView = { at: string | null; compare: string | null };

/** `at=`/`compare=` as the address bar has them: trimmed, empty is none. */
export function timeParams(params: { get(name: string): string | null }): TimeView {
  return { at: params.get('at')?.trim() || null, compare: params.get('compare')?.trim() || null };
}

/** Which way a comparison goes: the earlier of the two moments first (now is the latest). */
export function comparisonEnds({ at, compare }: TimeView): { before: string; after: string | null } | null {
  if (compare === null) return null;
  if (at === null) return { before: compare, after: null };
  return Date.parse(at) >= Date.parse(compare) ? { before: compare, after: at } : { before: at, after: compare };
}
