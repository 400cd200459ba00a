'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { TEXT_FIELD_CLASS } from '@/components/ui/text-field';
import { useSearch } from '@/lib/client/use-search';
import { steppedOption } from '@/components/ui/listbox-keys';

const DEBOUNCE_MS = 200;
const SHOWN = 8;

/**
 * "Show path to…": pick the other end of a path view by searching (the
 * search API: names, types, config values), then the graph shows the
 * shortest dependency paths between the two. Arrows move, Enter picks,
 * Escape closes (and stops there, so the panel stays open).
 */
export function PathPicker({ from, onPick, onClose }: { from: string; onPick: (to: string) => void; onClose: () => void }) {
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const search = useSearch(query, { enabled: query !== '' });
  const isCurrent = search.data !== undefined && search.data.query === query && query !== '';
  const matches = isCurrent ? search.data.matches.filter((m) => m.id !== from).slice(0, SHOWN) : [];

  return (
    <div className="space-y-1.5 rounded-md border border-slate-200 bg-slate-50 p-2" data-testid="path-picker">
      <label htmlFor={`${listId}-input`} className="block text-xs font-medium text-slate-700">
        Show the dependency path from <code className="font-mono">{from}</code> to…
      </label>
      <input
        ref={input}
        id={`${listId}-input`}
        type="search"
        role="combobox"
        aria-expanded={matches.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={matches[active] ? `${listId}-${active}` : undefined}
        placeholder="Search a component"
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
        }}
        onKeyDown={(event) => {
          const stepped = steppedOption(event.key, active, matches.length);
          if (stepped !== null) {
            event.preventDefault();
            setActive(stepped);
          } else if (event.key === 'Enter' && matches[active]) {
            event.preventDefault();
            onPick(matches[active].id);
          } else if (event.key === 'Escape') {
            // The explorer closes the panel on an Escape nobody handled.
            event.preventDefault();
            onClose();
          }
        }}
        className={`${TEXT_FIELD_CLASS} h-8 w-full bg-white px-2`}
      />
      {query !== '' && (
        <p className="text-[11px] text-slate-500" aria-live="polite">
          {!isCurrent ? 'Searching…' : matches.length === 0 ? 'No other component matches' : `${matches.length} shown`}
        </p>
      )}
      {matches.length > 0 && (
        <ul id={listId} role="listbox" aria-label="Components to show the path to" className="max-h-56 overflow-auto rounded border border-slate-200 bg-white">
          {matches.map((match, index) => (
            <li
              key={match.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              onClick={() => onPick(match.id)}
              onPointerEnter={() => setActive(index)}
              className={`cursor-pointer px-2 py-1 text-sm ${index === active ? 'bg-indigo-50' : ''}`}
            >
              <span className="font-medium text-slate-900">{match.nickname}</span>{' '}
              <span className="text-xs text-slate-500">
                {match.env} · {match.type}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
