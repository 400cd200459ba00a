'use client';

import { useCallback, useId, useRef, useState, type ReactNode } from 'react';
import { useCloseOnOutsidePointer } from './use-close-on-outside-pointer';

/**
 * A button that opens a checklist, for multi-value filters (environments,
 * types, statuses). Keyboard: Enter/Space opens, Tab walks the boxes,
 * Escape closes and returns focus to the button. Clicking outside closes.
 * An option's `hint` (a count, say) sits at the end of its row.
 */
export type FilterOption = { value: string; label: ReactNode; hint?: ReactNode };

export function FilterMenu({
  label,
  options,
  selected,
  onChange,
  testId,
  footnote,
}: {
  label: string;
  options: FilterOption[];
  selected: string[];
  onChange: (next: string[]) => void;
  testId?: string;
  /** A line under the options, e.g. what the hints count. */
  footnote?: ReactNode;
}) {
  const [isOpen, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useCloseOnOutsidePointer(root, isOpen, close);

  const toggle = (value: string) => onChange(selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value].sort());
  const summary =
    selected.length === 0 ? 'all' : selected.length === 1 ? String(options.find((o) => o.value === selected[0])?.value ?? selected[0]) : `${selected.length} selected`;

  return (
    <div
      ref={root}
      className="relative"
      data-testid={testId}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && isOpen) {
          event.stopPropagation();
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        aria-expanded={isOpen}
        aria-controls={panelId}
        onClick={() => setOpen(!isOpen)}
        className={`inline-flex h-9 items-center gap-1.5 rounded-md px-2.5 text-sm shadow-sm ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 ${selected.length ? 'bg-indigo-50 text-indigo-900 ring-indigo-300' : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50'}`}
      >
        <span className="text-slate-500">{label}:</span>
        <span className="max-w-32 truncate font-medium">{summary}</span>
        <span aria-hidden className="text-[10px] text-slate-500">
          ▾
        </span>
      </button>
      {isOpen && (
        <div
          id={panelId}
          role="group"
          aria-label={`${label} filter`}
          className="absolute left-0 z-40 mt-1 max-h-80 w-64 overflow-auto rounded-md border border-slate-200 bg-white p-1 shadow-lg"
        >
          {options.length === 0 && <p className="px-2 py-1.5 text-sm text-slate-500">Nothing to choose from yet</p>}
          {options.map((option) => (
            <label key={option.value} className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm hover:bg-slate-50">
              <input type="checkbox" className="h-4 w-4 accent-indigo-600" checked={selected.includes(option.value)} onChange={() => toggle(option.value)} />
              <span className="min-w-0 flex-1 truncate">{option.label}</span>
              {option.hint != null && option.hint !== false && <span className="text-xs text-slate-500 tabular-nums">{option.hint}</span>}
            </label>
          ))}
          {selected.length > 0 && (
            <button type="button" className="mt-1 w-full rounded px-2 py-1.5 text-left text-sm text-indigo-700 hover:bg-indigo-50" onClick={() => onChange([])}>
              Clear {label.toLowerCase()} filter
            </button>
          )}
          {footnote && <p className="border-t border-slate-100 px-2 pt-1.5 pb-1 text-[11px] text-slate-500">{footnote}</p>}
        </div>
      )}
    </div>
  );
}
