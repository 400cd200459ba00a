'use client';

import cytoscape, { type StylesheetJsonBlock } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import { useMemo } from 'react';
import CytoscapeComponent from 'react-cytoscapejs';
import type { SimulationResult } from '@/lib/model/simulation';
import { impactElements } from './impact-elements';
import { CHANGED_STYLE, VERDICT_STYLE, type VerdictStyle } from './verdict-style';

cytoscape.use(dagre);

const verdictNode = (style: VerdictStyle) => ({ 'background-color': style.color, 'border-color': style.border, shape: style.shape, width: 17, height: 17 });

const stylesheet: StylesheetJsonBlock[] = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-size': 10,
      'text-valign': 'center',
      'text-halign': 'right',
      'text-margin-x': 5,
      // Edges run under the labels of the column they pass: keep the text readable.
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
      'text-background-padding': '1px',
      color: '#334155',
      width: 16,
      height: 16,
      'background-color': '#cbd5e1',
      'border-width': 1,
      'border-color': '#64748b',
    },
  },
  {
    selector: 'node[kind = "changed"]',
    style: {
      'background-color': CHANGED_STYLE.color,
      'border-color': CHANGED_STYLE.border,
      'border-width': 3,
      width: 24,
      height: 24,
      'font-weight': 'bold',
      'text-valign': 'bottom',
      'text-halign': 'center',
      'text-margin-x': 0,
      'text-margin-y': 4,
    },
  },
  // A member the set removes: the changed colour, hollow.
  { selector: 'node[kind = "changed"][action = "remove"]', style: { 'background-color': '#ffffff', 'border-style': 'dashed' } },
  { selector: 'node[kind = "must_redeploy"]', style: verdictNode(VERDICT_STYLE.must_redeploy) },
  { selector: 'node[kind = "stale_copy"]', style: verdictNode(VERDICT_STYLE.stale_copy) },
  { selector: 'node[kind = "unaffected"]', style: verdictNode(VERDICT_STYLE.unaffected) },
  { selector: 'node[kind = "direct"]', style: { 'background-color': '#f59e0b', 'border-color': '#b45309' } },
  { selector: 'node[kind = "transitive"]', style: { 'background-color': '#fde68a', 'border-color': '#d97706' } },
  { selector: 'node[kind = "missing"]', style: { 'background-color': '#fff', 'border-color': '#dc2626', 'border-style': 'dashed' } },
  {
    selector: 'edge',
    style: { width: 1.5, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'line-color': '#94a3b8', 'target-arrow-color': '#94a3b8', 'arrow-scale': 0.8 },
  },
  { selector: 'edge[kind = "added"]', style: { 'line-color': '#16a34a', 'target-arrow-color': '#16a34a', 'line-style': 'dashed' } },
  { selector: 'edge[kind = "removed"]', style: { 'line-color': '#dc2626', 'target-arrow-color': '#dc2626', 'line-style': 'dotted' } },
  { selector: 'edge[kind = "copy"]', style: { 'line-color': VERDICT_STYLE.stale_copy.border, 'target-arrow-color': VERDICT_STYLE.stale_copy.border, 'line-style': 'dashed' } },
];

/**
 * The members of the change (indigo; hollow when removed), what depends on
 * them coloured and shaped by verdict (must redeploy, stale copies,
 * unaffected; by distance for impacts from before verdicts), components
 * elsewhere holding stale copies, and the references the proposal adds
 * (green) or removes (red). Arrows point from a consumer to what it depends on.
 */
export function ImpactGraph({ result }: { result: SimulationResult }) {
  const { elements, shown, copiesShown, copiesOutside, tallest, isByVerdict } = useMemo(() => impactElements(result), [result]);
  const height = Math.min(420, Math.max(180, 40 + tallest * 30));
  const memberCount = result.members?.length ?? 1;
  return (
    <figure className="rounded-md border border-slate-200 bg-white" data-testid="impact-graph" data-by-verdict={isByVerdict}>
      <CytoscapeComponent
        // A new key per result: the layout runs again instead of animating stale positions.
        key={`${result.componentId}@${result.simulatedAt}`}
        elements={elements}
        stylesheet={stylesheet}
        // Left to right: dependents stack in columns, so their labels never share a line.
        layout={{ name: 'dagre', rankDir: 'LR', nodeSep: 14, rankSep: 150, padding: 12 } as cytoscape.LayoutOptions}
        style={{ width: '100%', height: `${height}px` }}
        minZoom={0.3}
        maxZoom={2}
        boxSelectionEnabled={false}
        autounselectify
      />
      <figcaption className="flex flex-wrap gap-x-4 gap-y-1 border-t border-slate-100 px-3 py-1.5 text-xs text-slate-600" data-testid="impact-legend">
        <Swatch color={CHANGED_STYLE.color} border={CHANGED_STYLE.border} shape="ellipse" text={memberCount > 1 ? 'in this change' : 'changed'} />
        {isByVerdict ? (
          (['must_redeploy', 'stale_copy', 'unaffected'] as const).map((verdict) => (
            <Swatch key={verdict} {...VERDICT_STYLE[verdict]} text={VERDICT_STYLE[verdict].label.toLowerCase()} title={VERDICT_STYLE[verdict].description} />
          ))
        ) : (
          <>
            <Swatch color="#f59e0b" border="#b45309" shape="ellipse" text="depends on it directly" />
            <Swatch color="#fde68a" border="#d97706" shape="ellipse" text="further away" />
          </>
        )}
        {result.blastRadius.total > shown && (
          <span>
            showing the {shown} nearest of {result.blastRadius.total} dependents
          </span>
        )}
        {copiesShown > 0 && (
          <span>dashed arrows: a copy of a changed value outside the dependents{copiesOutside > copiesShown ? ` (${copiesShown} of ${copiesOutside} drawn)` : ''}</span>
        )}
      </figcaption>
    </figure>
  );
}

function Swatch({ color, border, shape, text, title }: { color: string; border: string; shape: VerdictStyle['shape']; text: string; title?: string }) {
  const form = shape === 'diamond' ? 'rotate-45 scale-90' : shape === 'round-rectangle' ? 'rounded-[2px]' : 'rounded-full';
  return (
    <span className="inline-flex items-center gap-1.5" title={title}>
      <span aria-hidden className={`inline-block h-2.5 w-2.5 border ${form}`} style={{ backgroundColor: color, borderColor: border }} />
      {text}
    </span>
  );
}
