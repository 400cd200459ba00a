'use client';

import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useCloseOnOutsidePointer } from '@/components/ui/use-close-on-outside-pointer';
import type { SearchMatch, SearchResponse } from '@/lib/model/api';
import { steppedOption } from '@/components/ui/listbox-keys';

/**
 * The search box: finds components by name, type or any config/runtime
 * value (server-side), lists the best matches, and hands the text to the
 * view (which highlights and centres matches on the graph). A combobox:
 * arrows move through results, Enter picks, Escape closes the list.
 */

const DEBOUNCE_MS = 200;
const SHOWN = 8;

export function GraphSearch({
  value,
  onChange,
  result,
  isSearching,
  inView,
  onPick,
}: {
  value: string;
  /** Called (debounced) as the text changes. */
  onChange: (text: string) => void;
  result: SearchResponse | undefined;
  isSearching: boolean;
  inView: ReadonlySet<string>;
  onPick: (match: SearchMatch) => void;
}) {
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  const [isOpen, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  const [active, setActive] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const root = useRef<HTMLDivElement>(null);
  const listId = useId();

  // The URL changed under us (back/forward): show its text.
  if (value !== seen) {
    setSeen(value);
    setText(value);
  }

  useEffect(() => () => clearTimeout(timer.current), []);
  useCloseOnOutsidePointer(root, isOpen, close);

  const update = (next: string) => {
    setText(next);
    setOpen(next.trim().length > 0);
    setActive(0);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => onChange(next), DEBOUNCE_MS);
  };

  const isCurrent = result !== undefined && result.query === text.trim();
  const matches = isCurrent ? result.matches.slice(0, SHOWN) : [];
  const shownInView = isCurrent ? result.matches.filter((m) => inView.has(m.id)).length : 0;
  const pick = (match: SearchMatch | undefined) => {
    if (!match) return;
    setOpen(false);
    onPick(match);
  };

  return (
    <div ref={root} className="relative w-80 max-w-full" data-testid="graph-search">
      <label htmlFor={`${listId}-input`} className="sr-only">
        Search components
      </label>
      <span aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-slate-400">
        ⌕
      </span>
      <input
        id={`${listId}-input`}
        type="search"
        role="combobox"
        aria-expanded={isOpen && text.trim().length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={isOpen && matches[active] ? `${listId}-${active}` : undefined}
        // Short enough to show whole in the toolbar at 1280 px and up; the title says the rest.
        placeholder="Search name, type, config value"
        title="Search by name, type or any config or runtime value"
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(event) => update(event.target.value)}
        onFocus={() => setOpen(text.trim().length > 0)}
        onKeyDown={(event) => {
          const stepped = steppedOption(event.key, active, matches.length);
          if (stepped !== null) {
            event.preventDefault();
            if (event.key === 'ArrowDown') setOpen(true);
            setActive(stepped);
          } else if (event.key === 'Enter') {
            event.preventDefault();
            clearTimeout(timer.current);
            onChange(text);
            pick(matches[active]);
          } else if (event.key === 'Escape' && isOpen) {
            event.stopPropagation();
            setOpen(false);
          }
        }}
        className="h-9 w-full rounded-md border-0 bg-white pr-2 pl-7 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none"
      />
      {isOpen && text.trim() && (
        <div className="absolute left-0 z-40 mt-1 w-[28rem] max-w-[90vw] overflow-hidden rounded-md border border-slate-200 bg-white shadow-lg">
          <p className="border-b border-slate-100 px-3 py-1.5 text-xs text-slate-500" data-testid="search-summary" aria-live="polite">
            {!isCurrent || isSearching
              ? 'Searching…'
              : result.total === 0
                ? 'No component matches'
                : `${result.total} match${result.total === 1 ? '' : 'es'}, ${shownInView} in this view${result.total > SHOWN ? ` · first ${SHOWN} listed` : ''}`}
          </p>
          <ul id={listId} role="listbox" aria-label="Search results" className="max-h-80 overflow-auto py-1">
            {matches.map((match, index) => (
              <li
                key={match.id}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                onPointerDown={(event) => event.preventDefault()}
                onClick={() => pick(match)}
                onPointerEnter={() => setActive(index)}
                className={`cursor-pointer px-3 py-1.5 text-sm ${index === active ? 'bg-indigo-50' : ''}`}
              >
                <div className="flex items-baseline gap-2">
                  <span className="font-medium text-slate-900">{match.nickname}</span>
                  <span className="text-xs text-slate-500">
                    {match.env} · {match.type}
                  </span>
                  {!inView.has(match.id) && <span className="ml-auto text-[11px] text-amber-700">not in view · Enter focuses it</span>}
                </div>
                {match.field !== 'nickname' && (
                  <div className="truncate font-mono text-[11px] text-slate-600">
                    {match.field} = {match.value}
                  </div>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
