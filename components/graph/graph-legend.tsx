'use client';

import { useState } from 'react';
import { DRIFT_STYLE } from '@/components/ui/status-style';
import type { GraphNode } from '@/lib/model/api';
import { DRIFT_STATUSES } from '@/lib/model/graph';
import { CYCLE_COLOR, FOCUS_COLORS, GHOST_COLOR, typeColor, UNKNOWN_DRIFT_COLOR } from './type-colors';

/**
 * What the colours and shapes mean, for what is on screen. Folded, it is one
 * line of drift counts (the border colours); unfolded it adds the types
 * shown (fill), the special shapes and lines, and the focus colours.
 */
export function GraphLegend({ nodes, isFocused }: { nodes: GraphNode[]; isFocused: boolean }) {
  const [isOpen, setOpen] = useState(false);
  const types = new Map<string, number>();
  const drift = new Map<string, number>();
  for (const node of nodes) {
    types.set(node.type, (types.get(node.type) ?? 0) + 1);
    const status = node.drift?.status ?? 'unknown';
    drift.set(status, (drift.get(status) ?? 0) + 1);
  }
  const driftItems = (
    <>
      {DRIFT_STATUSES.filter((s) => drift.has(s)).map((status) => (
        <li key={status} className="flex items-center gap-1.5" title={DRIFT_STYLE[status].description}>
          <span aria-hidden className="h-3 w-3 rounded-sm border-[3px] bg-white" style={{ borderColor: DRIFT_STYLE[status].color }} />
          {DRIFT_STYLE[status].label}
          <span className="text-slate-500">{drift.get(status)}</span>
        </li>
      ))}
      {drift.has('unknown') && (
        <li className="flex items-center gap-1.5" title="Drift has not been computed">
          <span aria-hidden className="h-3 w-3 rounded-sm border-2 bg-white" style={{ borderColor: UNKNOWN_DRIFT_COLOR }} />
          Unknown
          <span className="text-slate-500">{drift.get('unknown')}</span>
        </li>
      )}
    </>
  );
  return (
    <div className="pointer-events-auto absolute bottom-3 left-3 z-10 max-w-[calc(100%-6rem)] rounded-md border border-slate-200 bg-white/95 text-xs shadow-sm backdrop-blur" data-testid="graph-legend">
      {isOpen && (
        <div className="max-h-[45vh] w-[22rem] max-w-full space-y-2.5 overflow-auto border-b border-slate-100 px-3 py-2">
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
            <h3 className="mb-1 font-semibold text-slate-600">Type (fill)</h3>
            <ul className="grid grid-cols-2 gap-x-3 gap-y-0.5">
              {[...types.entries()]
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([type, count]) => (
                  <li key={type} className="flex min-w-0 items-center gap-1.5">
                    <span aria-hidden className="h-3 w-3 shrink-0 rounded-sm" style={{ backgroundColor: typeColor(type) }} />
                    <span className="truncate">{type}</span>
                    <span className="text-slate-500">{count}</span>
                  </li>
                ))}
            </ul>
          </section>
          <section>
            <h3 className="mb-1 font-semibold text-slate-600">Shapes and lines</h3>
            <ul className="space-y-0.5">
              <li className="flex items-center gap-1.5">
                <span aria-hidden className="h-3 w-3 rounded-full bg-slate-500" /> runtime only (no config of its own)
              </li>
              <li className="flex items-center gap-1.5">
                <span aria-hidden className="h-3 w-3 rounded-sm border-2 border-dashed bg-white" style={{ borderColor: GHOST_COLOR }} /> referenced but missing
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
        <button type="button" aria-expanded={isOpen} onClick={() => setOpen(!isOpen)} className="flex shrink-0 items-center gap-1 rounded px-1 font-medium text-slate-700 hover:bg-slate-100">
          <span aria-hidden className="text-[10px] text-slate-500">
            {isOpen ? '▾' : '▴'}
          </span>
          Legend
        </button>
        <ul className="flex flex-wrap items-center gap-x-3 gap-y-0.5" aria-label="Drift in this view (node border)">
          {driftItems}
        </ul>
      </div>
    </div>
  );
}

function Line({ color, label, dash = 'solid' }: { color: string; label: string; dash?: 'solid' | 'dashed' | 'dotted' }) {
  return (
    <li className="flex items-center gap-1.5">
      <span aria-hidden className="inline-block w-5 border-t-2" style={{ borderColor: color, borderTopStyle: dash }} />
      {label}
    </li>
  );
}
