'use client';

import { useMemo, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { FilterMenu } from '@/components/ui/filter-menu';
import { SegmentedControl } from '@/components/ui/segmented-control';
import { DRIFT_STYLE } from '@/components/ui/status-style';
import type { SearchFacets } from '@/lib/model/api';
import { DRIFT_STATUSES, type DriftStatus } from '@/lib/model/graph';
import { facetTotals, formatCount } from './facet-counts';
import { typeStyle } from './type-colors';
import { TypeSwatch } from './type-swatch';
import type { SetView } from './use-view-state';
import type { LayoutName, ViewState } from './view-state';

/** Filters (server-side), layout choice, time travel and export, above the graph. */
export function GraphToolbar({
  view,
  setView,
  facets,
  search,
  onExportPng,
  onExportJson,
  canExport,
  isTimeTravelOpen,
  onTimeTravel,
}: {
  view: ViewState;
  setView: SetView;
  facets: SearchFacets | undefined;
  search: ReactNode;
  onExportPng: () => void;
  onExportJson: () => void;
  canExport: boolean;
  /** The time-travel bar is shown (a past view or a comparison always shows it; the button then goes back to now). */
  isTimeTravelOpen: boolean;
  onTimeTravel: () => void;
}) {
  // Values in the URL stay choosable even before (or without) the facets.
  const envs = [...new Set([...(facets?.envs ?? []), ...view.env])].sort();
  const types = [...new Set([...(facets?.types ?? []), ...view.type])].sort();
  const isFiltered = view.env.length + view.type.length + view.status.length > 0;
  // Each menu counts under the other menus' filters; unknown until the facets are in.
  const totals = useMemo(() => (facets?.counts ? facetTotals(facets.counts, view) : null), [facets, view]);
  const hint = (count: number | undefined) =>
    totals && (
      <span data-testid="facet-count">
        {formatCount(count ?? 0)}
        <span className="sr-only"> components</span>
      </span>
    );
  const footnote =
    totals && (view.focus || view.path ? 'Counts: whole estate under the other filters (not just this focus or path)' : 'Counts: components under the other filters');
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-white px-4 py-2" data-testid="graph-toolbar">
      {search}
      <FilterMenu
        label="Env"
        testId="filter-env"
        options={envs.map((e) => ({ value: e, label: e, hint: hint(totals?.env.get(e)) }))}
        selected={view.env}
        onChange={(env) => setView((v) => ({ ...v, env }))}
        footnote={footnote}
      />
      <FilterMenu
        label="Type"
        testId="filter-type"
        options={types.map((t) => {
          const style = typeStyle(t);
          return {
            value: t,
            label: (
              <span className="flex items-center gap-1.5">
                <TypeSwatch shape={style.shape} color={style.color} size={12} />
                {t}
              </span>
            ),
            hint: hint(totals?.type.get(t)),
          };
        })}
        selected={view.type}
        onChange={(type) => setView((v) => ({ ...v, type }))}
        footnote={footnote}
      />
      <FilterMenu
        label="Drift"
        testId="filter-status"
        options={DRIFT_STATUSES.map((s) => ({
          value: s,
          label: (
            <span className="flex items-center gap-1.5">
              <span aria-hidden className="h-2.5 w-2.5 shrink-0 rounded-full" style={{ backgroundColor: DRIFT_STYLE[s].color }} />
              {DRIFT_STYLE[s].label}
            </span>
          ),
          hint: hint(totals?.status.get(s)),
        }))}
        selected={view.status}
        onChange={(status) => setView((v) => ({ ...v, status: status as DriftStatus[] }))}
        footnote={footnote}
      />
      {isFiltered && (
        <Button variant="ghost" size="sm" onClick={() => setView((v) => ({ ...v, env: [], type: [], status: [] }))}>
          Clear filters
        </Button>
      )}
      <div className="ml-auto flex items-center gap-2">
        <SegmentedControl<LayoutName>
          label="Layout"
          testId="layout-control"
          options={[
            { value: 'layered', label: 'Layered', title: 'Top to bottom: consumers on top, the providers they depend on below' },
            { value: 'force', label: 'Force', title: 'Clusters of related components (force-directed)' },
          ]}
          value={view.layout}
          onChange={(layout) => setView((v) => ({ ...v, layout }))}
        />
        <Button
          size="sm"
          variant={isTimeTravelOpen ? 'primary' : 'secondary'}
          onClick={onTimeTravel}
          aria-pressed={isTimeTravelOpen}
          data-testid="time-travel-toggle"
          title={view.at || view.compare ? 'Back to the graph now' : 'See the graph as it was at a past moment, or what changed since'}
        >
          {view.at || view.compare ? 'Back to now' : 'Time travel'}
        </Button>
        <div className="flex items-center gap-1" role="group" aria-label="Export">
          <Button size="sm" onClick={onExportPng} disabled={!canExport} title="Download the drawing as PNG">
            PNG
          </Button>
          <Button size="sm" onClick={onExportJson} disabled={!canExport} title="Download the components and edges shown as JSON">
            JSON
          </Button>
        </div>
      </div>
    </div>
  );
}
