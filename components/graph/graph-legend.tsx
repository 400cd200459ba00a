'use client';

import { useState } from 'react';
import { DRIFT_STYLE } from '@/components/ui/status-style';
import type { GraphNode } from '@/lib/model/api';
import { DRIFT_STATUSES } from '@/lib/model/graph';
import { driftBadge } from './drift-badges';
import { formatCount } from './facet-counts';
import { CATEGORIES, CATEGORY_LABELS, CATEGORY_SHAPES, CYCLE_COLOR, FOCUS_COLORS, GHOST_COLOR, typeStyle, UNKNOWN_DRIFT_COLOR, type Category } from './type-colors';
import { TypeSwatch } from './type-swatch';
import { MemberStateIcon } from '@/components/rollouts/member-state';
import { MEMBER_STATE_STYLE, STATE_ORDER } from '@/components/rollouts/rollout-style';
import type { RolloutMemberState } from '@/lib/model/rollout';

/**
 * What the colours and shapes mean, for what is on screen. Folded, it is one
 * line of drift counts (the badge colours); unfolded it adds the types shown
 * grouped by category (shape = category, fill = type), the special marks and
 * lines, and the focus colours. Showing a rollout, the folded line counts
 * its members by state instead (their badge shows the state, not drift).
 */
export function GraphLegend({ nodes, isFocused, rollout = null }: { nodes: GraphNode[]; isFocused: boolean; rollout?: ReadonlyMap<string, RolloutMemberState> | null }) {
  const [isOpen, setOpen] = useState(false);
  const { byCategory, drift, runtimeOnly } = tally(nodes);
  const rolloutCounts = new Map<RolloutMemberState, number>();
  for (const state of rollout?.values() ?? []) rolloutCounts.set(state, (rolloutCounts.get(state) ?? 0) + 1);
  const rolloutItems = (
    <>
      {STATE_ORDER.filter((s) => rolloutCounts.has(s)).map((state) => (
        <li key={state} className="flex items-center gap-1.5" title={MEMBER_STATE_STYLE[state].description} data-testid="legend-rollout-state" data-state={state}>
          <MemberStateIcon state={state} size={14} />
          {MEMBER_STATE_STYLE[state].label}
          <span className="text-slate-500 tabular-nums">{formatCount(rolloutCounts.get(state) ?? 0)}</span>
        </li>
      ))}
    </>
  );
  const driftItems = (
    <>
      {DRIFT_STATUSES.filter((s) => drift.has(s)).map((status) => (
        <li key={status} className="flex items-center gap-1.5" title={DRIFT_STYLE[status].description} data-testid="legend-drift" data-status={status}>
          <DriftBadge status={status} />
          {DRIFT_STYLE[status].label}
          <span className="text-slate-500 tabular-nums">{formatCount(drift.get(status) ?? 0)}</span>
        </li>
      ))}
      {drift.has('unknown') && (
        <li className="flex items-center gap-1.5" title="Drift has not been computed" data-testid="legend-drift" data-status="unknown">
          <DriftBadge status="unknown" />
          Unknown
          <span className="text-slate-500 tabular-nums">{formatCount(drift.get('unknown') ?? 0)}</span>
        </li>
      )}
    </>
  );
  return (
    <div
      className="pointer-events-auto absolute bottom-3 left-3 z-10 max-w-[calc(100%-6rem)] rounded-md border border-slate-200 bg-white/95 text-xs shadow-sm backdrop-blur"
      data-testid="graph-legend"
    >
      {isOpen && (
        <div className="max-h-[55vh] w-[24rem] max-w-full space-y-2.5 overflow-auto border-b border-slate-100 px-3 py-2">
          {rollout && (
            <section data-testid="legend-rollout">
              <h3 className="mb-1 font-semibold text-slate-600">Rollout (badge and halo: member state; the rest dimmed)</h3>
              <ul className="grid grid-cols-2 gap-x-3 gap-y-0.5">{rolloutItems}</ul>
            </section>
          )}
          {isFocused && (
            <section>
              <h3 className="mb-1 font-semibold text-slate-600">Focus</h3>
              <ul className="space-y-0.5">
                <Line color={FOCUS_COLORS.dependency} label="depends on (its dependencies)" />
                <Line color={FOCUS_COLORS.dependent} label="used by (its dependents)" />
              </ul>
            </section>
          )}
          <section>
            <h3 className="mb-1 font-semibold text-slate-600">Types (shape: category, fill: type)</h3>
            <div className="space-y-1.5">
              {CATEGORIES.filter((c) => byCategory.has(c)).map((category) => {
                const types = byCategory.get(category)!;
                const total = [...types.values()].reduce((sum, n) => sum + n, 0);
                return (
                  <div key={category} data-testid="legend-category" data-category={category} data-shape={CATEGORY_SHAPES[category]}>
                    <h4 className="flex items-center gap-1.5 font-medium text-slate-700">
                      <TypeSwatch shape={CATEGORY_SHAPES[category]} color="#64748b" size={12} />
                      {CATEGORY_LABELS[category]}
                      <span className="font-normal text-slate-500 tabular-nums">{formatCount(total)}</span>
                    </h4>
                    <ul className="mt-0.5 grid grid-cols-2 gap-x-3 gap-y-0.5 pl-4">
                      {[...types.entries()]
                        .sort(([a], [b]) => a.localeCompare(b))
                        .map(([type, count]) => {
                          const style = typeStyle(type);
                          return (
                            <li key={type} className="flex min-w-0 items-center gap-1.5" data-testid="legend-type" data-type={type} data-color={style.color}>
                              <TypeSwatch shape={style.shape} color={style.color} />
                              <span className="truncate">{type}</span>
                              <span className="text-slate-500 tabular-nums">{formatCount(count)}</span>
                            </li>
                          );
                        })}
                    </ul>
                  </div>
                );
              })}
            </div>
          </section>
          <section>
            <h3 className="mb-1 font-semibold text-slate-600">Marks and lines</h3>
            <ul className="space-y-0.5">
              {runtimeOnly > 0 && (
                <li className="flex items-center gap-1.5" data-testid="legend-runtime-only">
                  <TypeSwatch shape="round-rectangle" color="#94a3b8" isRuntimeOnly /> runtime only, no config of its own (dashed outline)
                  <span className="text-slate-500 tabular-nums">{formatCount(runtimeOnly)}</span>
                </li>
              )}
              <li className="flex items-center gap-1.5">
                <span aria-hidden className="h-3 w-3 rounded-sm border-2 border-dashed bg-white" style={{ borderColor: GHOST_COLOR }} /> referenced but missing
              </li>
              <li className="flex items-center gap-1.5">
                <DriftBadge status="mismatch" /> drift status: a badge at the node’s corner (none when in sync or unknown)
              </li>
              <Line color="#94a3b8" label="depends on (arrow points at the provider)" />
              <Line color={GHOST_COLOR} dash="dashed" label="dangling reference" />
              <Line color={CYCLE_COLOR} label="part of a reference cycle" />
              <Line color="#64748b" dash="dotted" label="runtime owned by" />
            </ul>
          </section>
          <p className="text-slate-500">Hover an edge for its config field; double-click a node to focus on it.</p>
        </div>
      )}
      <div className="flex items-center gap-3 px-2.5 py-1.5">
        <button
          type="button"
          aria-expanded={isOpen}
          onClick={() => setOpen(!isOpen)}
          className="flex shrink-0 items-center gap-1 rounded px-1 font-medium text-slate-700 hover:bg-slate-100"
        >
          <span aria-hidden className="text-[10px] text-slate-500">
            {isOpen ? '▾' : '▴'}
          </span>
          Legend
        </button>
        {rollout ? (
          <ul className="flex flex-wrap items-center gap-x-3 gap-y-0.5" aria-label="The rollout's members by state (node badge)" data-testid="legend-rollout-line">
            {rolloutItems}
          </ul>
        ) : (
          <ul className="flex flex-wrap items-center gap-x-3 gap-y-0.5" aria-label="Drift in this view (node badge)">
            {driftItems}
          </ul>
        )}
      </div>
    </div>
  );
}

function tally(nodes: GraphNode[]) {
  const byCategory = new Map<Category, Map<string, number>>();
  const drift = new Map<string, number>();
  let runtimeOnly = 0;
  for (const node of nodes) {
    const { category } = typeStyle(node.type);
    const types = byCategory.get(category) ?? new Map<string, number>();
    types.set(node.type, (types.get(node.type) ?? 0) + 1);
    byCategory.set(category, types);
    const status = node.status ?? 'unknown';
    drift.set(status, (drift.get(status) ?? 0) + 1);
    if (node.runtimeOnly) runtimeOnly += 1;
  }
  return { byCategory, drift, runtimeOnly };
}

/** The drift badge the graph draws (the same image); statuses without one get an empty ring. */
function DriftBadge({ status }: { status: string }) {
  const badge = driftBadge(status);
  if (!badge) {
    const color = status === 'unknown' ? UNKNOWN_DRIFT_COLOR : DRIFT_STYLE[status as keyof typeof DRIFT_STYLE].color;
    return <span aria-hidden className="inline-block h-3 w-3 shrink-0 rounded-full border-2 bg-white" style={{ borderColor: color }} data-badge="none" />;
  }
  // eslint-disable-next-line @next/next/no-img-element -- an inline SVG data URI, nothing for next/image to optimise
  return <img aria-hidden alt="" src={badge} width={14} height={14} className="shrink-0" data-badge={status} />;
}

function Line({ color, label, dash = 'solid' }: { color: string; label: string; dash?: 'solid' | 'dashed' | 'dotted' }) {
  return (
    <li className="flex items-center gap-1.5">
      <span aria-hidden className="inline-block w-5 border-t-2" style={{ borderColor: color, borderTopStyle: dash }} />
      {label}
    </li>
  );
}
