'use client';

import { useState } from 'react';
import { CHANGE_STYLE } from '@/components/ui/status-style';
import { TEXT_FIELD_CLASS } from '@/components/ui/text-field';
import { CHANGE_STATUSES } from '@/lib/model/change-request';
import type { ChangesQuery } from '@/lib/model/simulation';

type Props = { query: ChangesQuery; set: (key: keyof ChangesQuery, value: string | string[] | undefined) => void; envs: string[]; userId: string };

const fieldClass = `px-2 py-1 ${TEXT_FIELD_CLASS}`;

/** A text filter applied on Enter or when leaving the field, not per keystroke. */
function TextFilter({ label, value, onApply, placeholder }: { label: string; value: string | undefined; onApply: (v: string | undefined) => void; placeholder: string }) {
  const [draft, setDraft] = useState(value ?? '');
  const apply = () => onApply(draft.trim() || undefined);
  return (
    <label className="flex items-center gap-1.5 text-sm text-slate-600">
      {label}
      <input
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => e.key === 'Enter' && apply()}
        placeholder={placeholder}
        className={`${fieldClass} w-44`}
      />
    </label>
  );
}

export function ChangesFilters({ query, set, envs, userId }: Props) {
  const statuses = query.status ?? [];
  const toggle = (status: (typeof CHANGE_STATUSES)[number]) => set('status', statuses.includes(status) ? statuses.filter((s) => s !== status) : [...statuses, status]);
  const isMine = query.author === userId;
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2" role="search" aria-label="Filter change requests">
      <div className="flex flex-wrap gap-1" role="group" aria-label="Status">
        {CHANGE_STATUSES.map((status) => {
          const isOn = statuses.includes(status);
          return (
            <button
              key={status}
              type="button"
              aria-pressed={isOn}
              onClick={() => toggle(status)}
              className={`rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${isOn ? CHANGE_STYLE[status].badge : 'bg-white text-slate-600 ring-slate-300 hover:bg-slate-50'}`}
            >
              {CHANGE_STYLE[status].label}
            </button>
          );
        })}
      </div>
      <label className="flex items-center gap-1.5 text-sm text-slate-600">
        Env
        <select value={query.env ?? ''} onChange={(e) => set('env', e.target.value || undefined)} className={fieldClass}>
          <option value="">all</option>
          {envs.map((env) => (
            <option key={env}>{env}</option>
          ))}
        </select>
      </label>
      {/* Keyed by the URL value: a change from outside (Mine, back button) resets what is typed. */}
      <TextFilter key={`c:${query.component ?? ''}`} label="Component" value={query.component} onApply={(v) => set('component', v)} placeholder="prod:vpc/main" />
      <TextFilter key={`a:${query.author ?? ''}`} label="Author" value={query.author} onApply={(v) => set('author', v)} placeholder="alice@example.com" />
      <button type="button" aria-pressed={isMine} onClick={() => set('author', isMine ? undefined : userId)} className="text-sm text-indigo-700 hover:underline">
        {isMine ? 'Everyone’s' : 'Mine'}
      </button>
    </div>
  );
}
