'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { TEXT_FIELD_CLASS } from '@/components/ui/text-field';
import { useSearch } from '@/lib/client/use-search';
import type { SearchMatch } from '@/lib/model/api';
import { steppedOption } from '@/components/ui/listbox-keys';

const DEBOUNCE_MS = 200;
const SHOWN = 8;

type Props = {
  /** Components already in the change set: listed, but not pickable again. */
  taken: ReadonlySet<string>;
  onPick: (match: SearchMatch) => void;
  isDisabled?: boolean;
};

/**
 * Finds an existing component to add to a change set, by name, type or any
 * config value (the same search as the graph's, GET /api/search). A
 * combobox: arrows move through the matches, Enter picks, Escape clears.
 */
export function ComponentPicker({ taken, onPick, isDisabled = false }: Props) {
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const listId = useId();
  const search = useSearch(query, { enabled: query.trim() !== '' });
  useEffect(() => () => clearTimeout(timer.current), []);

  const update = (next: string) => {
    setText(next);
    setActive(0);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setQuery(next), DEBOUNCE_MS);
  };

  const isCurrent = search.data !== undefined && search.data.query === text.trim();
  // One row per component (a component can match on several fields); the best match first.
  const matches = isCurrent ? [...new Map(search.data.matches.map((m) => [m.id, m] as const)).values()].slice(0, SHOWN) : [];
  const pick = (match: SearchMatch | undefined) => {
    if (!match || taken.has(match.id)) return;
    setText('');
    setQuery('');
    onPick(match);
  };
  const isOpen = text.trim() !== '';

  return (
    <div className="space-y-1" data-testid="component-picker">
      <label htmlFor={`${listId}-input`} className="text-sm font-medium text-slate-700">
        An existing component
      </label>
      <input
        id={`${listId}-input`}
        type="search"
        role="combobox"
        aria-expanded={isOpen}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={isOpen && matches[active] ? `${listId}-${active}` : undefined}
        placeholder="Search by id, name, type or config value"
        autoComplete="off"
        spellCheck={false}
        disabled={isDisabled}
        value={text}
        onChange={(event) => update(event.target.value)}
        onKeyDown={(event) => {
          const stepped = steppedOption(event.key, active, matches.length);
          if (stepped !== null) {
            event.preventDefault();
            setActive(stepped);
          } else if (event.key === 'Enter') {
            event.preventDefault();
            pick(matches[active]);
          } else if (event.key === 'Escape') {
            update('');
          }
        }}
        className={`w-full px-3 py-1.5 ${TEXT_FIELD_CLASS}`}
      />
      {isOpen && (
        <div className="overflow-hidden rounded-md border border-slate-200 bg-white shadow-sm">
          <p className="border-b border-slate-100 px-3 py-1.5 text-xs text-slate-500" aria-live="polite">
            {!isCurrent || search.isFetching
              ? 'Searching…'
              : search.data.total === 0
                ? 'No component matches'
                : `${search.data.total} match${search.data.total === 1 ? '' : 'es'}${matches.length < search.data.total ? ` · the first ${matches.length} components` : ''}`}
          </p>
          <ul id={listId} role="listbox" aria-label="Matching components" className="max-h-72 overflow-auto py-1">
            {matches.map((match, index) => {
              const isTaken = taken.has(match.id);
              return (
                <li
                  key={match.id}
                  id={`${listId}-${index}`}
                  role="option"
                  aria-selected={index === active}
                  aria-disabled={isTaken}
                  data-component-id={match.id}
                  onPointerDown={(event) => event.preventDefault()}
                  onClick={() => pick(match)}
                  onPointerEnter={() => setActive(index)}
                  className={`px-3 py-1.5 text-sm ${isTaken ? 'cursor-not-allowed text-slate-400' : 'cursor-pointer'} ${index === active && !isTaken ? 'bg-indigo-50' : ''}`}
                >
                  <div className="flex items-baseline gap-2">
                    <span className="font-mono text-[13px] text-slate-900">{match.id}</span>
                    {isTaken && <span className="ml-auto text-[11px]">already in this change</span>}
                  </div>
                  {match.field !== 'nickname' && match.field !== 'id' && (
                    <div className="truncate font-mono text-[11px] text-slate-600">
                      {match.field} = {match.value}
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </div>
  );
}
