'use client';

import { GROUP_PREFIX, type GroupMode } from '@/lib/graph/layout/group-graph';

/**
 * Grouping over the canvas: how components are grouped (auto: as needed for
 * a legible first view; by type; none), and the groups the user opened,
 * each with a button that folds it back. A group opens by clicking it.
 */

const MODES: Array<{ mode: GroupMode; label: string; title: string }> = [
  { mode: 'auto', label: 'Auto', title: 'Group components of one type where the whole graph would be too small to read' },
  { mode: 'type', label: 'By type', title: 'Group the components of each type in each environment' },
  { mode: 'none', label: 'None', title: 'Show every component' },
];

/** `group::prod::lambda` → `prod · lambda`; `group::prod::category:data` → `prod · data`. */
export function groupName(id: string): string {
  const [env, key = ''] = id.slice(GROUP_PREFIX.length).split('::');
  return `${env} · ${key.replace(/^category:/, '')}`;
}

export function GroupBar({
  mode,
  expand,
  onMode,
  onCollapse,
}: {
  mode: GroupMode;
  expand: readonly string[];
  onMode: (mode: GroupMode) => void;
  onCollapse: (id: string) => void;
}) {
  return (
    <div className="pointer-events-auto absolute top-8 left-3 z-10 flex max-w-[calc(100%-1.5rem)] flex-wrap items-center gap-1.5 text-xs" data-testid="group-bar">
      <div role="radiogroup" aria-label="Grouping" className="flex overflow-hidden rounded-md border border-slate-200 bg-white/90 shadow-sm">
        {MODES.map((m) => (
          <button
            key={m.mode}
            type="button"
            role="radio"
            aria-checked={mode === m.mode}
            title={m.title}
            className={`px-2 py-0.5 ${mode === m.mode ? 'bg-slate-800 text-white' : 'text-slate-700 hover:bg-slate-100'}`}
            onClick={() => onMode(m.mode)}
          >
            {m.label}
          </button>
        ))}
      </div>
      {mode !== 'none' &&
        expand.map((id) => (
          <span
            key={id}
            className="flex items-center gap-1 rounded-md border border-slate-200 bg-white/90 py-0.5 pr-0.5 pl-2 text-slate-700 shadow-sm"
            data-testid="expanded-group"
            data-group-id={id}
          >
            {groupName(id)}
            <button
              type="button"
              className="rounded px-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900"
              onClick={() => onCollapse(id)}
              aria-label={`Collapse ${groupName(id)}`}
              title="Fold these components back into one node"
            >
              Collapse
            </button>
          </span>
        ))}
    </div>
  );
}
