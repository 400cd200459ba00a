'use client';

import { Button } from '@/components/ui/button';
import { SegmentedControl } from '@/components/ui/segmented-control';
import type { FocusRoles } from '@/lib/graph/layout/focus-roles';
import { FOCUS_COLORS } from './type-colors';
import { MAX_HOPS, MIN_HOPS } from './view-state';

const HOPS = Array.from({ length: MAX_HOPS - MIN_HOPS + 1 }, (_, i) => MIN_HOPS + i);

/** Shown while focusing on one component: its id, the hop count, and a way out. */
export function FocusBar({ focus, hops, roles, onHops, onClear }: { focus: string; hops: number; roles: FocusRoles | null; onHops: (hops: number) => void; onClear: () => void }) {
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-slate-200 bg-indigo-50/60 px-4 py-1.5 text-sm" data-testid="focus-bar">
      <p className="min-w-0">
        <span className="text-slate-600">Focused on </span>
        <code className="rounded bg-white px-1.5 py-0.5 font-mono text-[13px] text-slate-900 ring-1 ring-slate-200" data-testid="focus-id">
          {focus}
        </code>
      </p>
      <SegmentedControl label="Hops" options={HOPS.map((h) => ({ value: h, label: String(h), title: `Everything within ${h} reference${h === 1 ? '' : 's'}` }))} value={hops} onChange={onHops} testId="hops-control" />
      {roles && (
        <p className="flex items-center gap-3 text-xs text-slate-700">
          <span className="flex items-center gap-1">
            <span aria-hidden className="h-2.5 w-2.5 rounded-full" style={{ backgroundColor: FOCUS_COLORS.dependency }} />
            depends on <strong data-testid="focus-dependency-count">{roles.dependencies.size}</strong>
          </span>
          <span className="flex items-center gap-1">
            <span aria-hidden className="h-2.5 w-2.5 rounded-full" style={{ backgroundColor: FOCUS_COLORS.dependent }} />
            used by <strong data-testid="focus-dependent-count">{roles.dependents.size}</strong>
          </span>
        </p>
      )}
      <Button size="sm" variant="ghost" onClick={onClear} className="ml-auto">
        Show the whole graph
      </Button>
    </div>
  );
}
