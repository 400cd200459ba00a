'use client';

import { Button } from '@/components/ui/button';
import { SegmentedControl } from '@/components/ui/segmented-control';
import { sidewaysCount, type FocusRoles } from '@/lib/graph/layout/focus-roles';
import type { ComponentResponse } from '@/lib/model/api';
import { FOCUS_COLORS } from './type-colors';
import { MAX_HOPS, MIN_HOPS } from './view-state';
import { plural, ViewId } from './view-bar';

const HOPS = Array.from({ length: MAX_HOPS - MIN_HOPS + 1 }, (_, i) => MIN_HOPS + i);

/**
 * Shown while focusing on one component: its id, the hop count, whether
 * siblings are shown, what is drawn on each side (and, once the component
 * has loaded, how many there are at any depth: the panel's "in all"), and a
 * way out.
 */
export function FocusBar({
  focus,
  hops,
  siblings,
  roles,
  shownIds,
  reach,
  onHops,
  onSiblings,
  onClear,
}: {
  focus: string;
  hops: number;
  siblings: boolean;
  roles: FocusRoles | null;
  /** The components drawn, to count those that are only siblings. */
  shownIds: ReadonlySet<string>;
  reach: ComponentResponse['reach'] | undefined;
  onHops: (hops: number) => void;
  onSiblings: (siblings: boolean) => void;
  onClear: () => void;
}) {
  const sideways = roles && siblings ? sidewaysCount(roles, shownIds) : 0;
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-slate-200 bg-indigo-50/60 px-4 py-1.5 text-sm" data-testid="focus-bar">
      <p className="min-w-0">
        <span className="text-slate-600">Focused on </span>
        <ViewId id={focus} testId="focus-id" />
      </p>
      <SegmentedControl
        label="Hops"
        options={HOPS.map((h) => ({ value: h, label: String(h), title: `What it depends on and what depends on it, up to ${plural(h, 'reference')} away` }))}
        value={hops}
        onChange={onHops}
        testId="hops-control"
      />
      <label
        className="flex items-center gap-1.5 text-sm text-slate-700"
        title="Also show what lies sideways: the other users of what it depends on, the other providers of what uses it (everything within the hops, either way)"
      >
        <input type="checkbox" className="h-3.5 w-3.5 accent-indigo-600" checked={siblings} onChange={(event) => onSiblings(event.target.checked)} data-testid="siblings-toggle" />
        Siblings
      </label>
      {roles && (
        <p className="flex flex-wrap items-center gap-3 text-xs text-slate-700">
          <span className="flex items-center gap-1" title={reach ? `${roles.dependencies.size} within ${plural(hops, 'hop')}, ${reach.dependencies.all} at any depth` : undefined}>
            <span aria-hidden className="h-2.5 w-2.5 rounded-full" style={{ backgroundColor: FOCUS_COLORS.dependency }} />
            depends on <strong data-testid="focus-dependency-count">{roles.dependencies.size}</strong>
            {reach && reach.dependencies.all > 0 && <span data-testid="focus-dependency-all">of {reach.dependencies.all}</span>}
          </span>
          <span className="flex items-center gap-1" title={reach ? `${roles.dependents.size} within ${plural(hops, 'hop')}, ${reach.dependents.all} at any depth` : undefined}>
            <span aria-hidden className="h-2.5 w-2.5 rounded-full" style={{ backgroundColor: FOCUS_COLORS.dependent }} />
            used by <strong data-testid="focus-dependent-count">{roles.dependents.size}</strong>
            {reach && reach.dependents.all > 0 && <span data-testid="focus-dependent-all">of {reach.dependents.all}</span>}
          </span>
          {siblings && (
            <span>
              <strong data-testid="focus-sideways-count">{sideways}</strong> alongside
            </span>
          )}
        </p>
      )}
      <Button size="sm" variant="ghost" onClick={onClear} className="ml-auto">
        Show the whole graph
      </Button>
    </div>
  );
}
