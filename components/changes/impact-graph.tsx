'use client';

import cytoscape, { type ElementDefinition, type StylesheetJsonBlock } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import { useMemo } from 'react';
import CytoscapeComponent from 'react-cytoscapejs';
import type { SimulationResult } from '@/lib/model/simulation';

cytoscape.use(dagre);

/** A small picture, not an explorer: beyond this many nodes the list says more. */
const MAX_NODES = 40;

const label = (id: string, env: string) => {
  const [idEnv, rest] = id.split(':');
  return idEnv === env ? rest : id;
};

/** The nodes and edges to draw, and the most nodes any column will hold (for the height). */
export function impactElements(result: SimulationResult): { elements: ElementDefinition[]; shown: number; tallest: number } {
  const nodes = new Map<string, ElementDefinition>();
  const edges = new Map<string, ElementDefinition>();
  const addNode = (id: string, kind: string) => {
    if (!nodes.has(id)) nodes.set(id, { data: { id, label: label(id, result.env), kind } });
  };
  const addEdge = (from: string, to: string, path: string, kind: string) => {
    const id = `${from}->${to}#${path}#${kind}`;
    if (!edges.has(id)) edges.set(id, { data: { id, source: from, target: to, label: path, kind } });
  };
  addNode(result.componentId, 'changed');
  const listed = result.blastRadius.components.slice(0, MAX_NODES);
  for (const entry of listed) addNode(entry.id, entry.depth === 1 ? 'direct' : 'transitive');
  for (const entry of listed) for (const step of entry.via) if (nodes.has(step.from) && nodes.has(step.to)) addEdge(step.from, step.to, step.path, 'dependency');
  for (const ref of result.references.added) {
    addNode(ref.to, ref.dangling ? 'missing' : 'provider');
    addEdge(result.componentId, ref.to, ref.path, 'added');
  }
  for (const ref of result.references.removed) {
    addNode(ref.to, 'provider');
    addEdge(result.componentId, ref.to, ref.path, 'removed');
  }
  const perDepth = new Map<number, number>();
  for (const entry of listed) perDepth.set(entry.depth, (perDepth.get(entry.depth) ?? 0) + 1);
  const tallest = Math.max(1, result.references.added.length + result.references.removed.length, ...perDepth.values());
  return { elements: [...nodes.values(), ...edges.values()], shown: listed.length, tallest };
}

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
      'background-color': '#4f46e5',
      'border-color': '#312e81',
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
  { selector: 'node[kind = "direct"]', style: { 'background-color': '#f59e0b', 'border-color': '#b45309' } },
  { selector: 'node[kind = "transitive"]', style: { 'background-color': '#fde68a', 'border-color': '#d97706' } },
  { selector: 'node[kind = "missing"]', style: { 'background-color': '#fff', 'border-color': '#dc2626', 'border-style': 'dashed' } },
  {
    selector: 'edge',
    style: { width: 1.5, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'line-color': '#94a3b8', 'target-arrow-color': '#94a3b8', 'arrow-scale': 0.8 },
  },
  { selector: 'edge[kind = "added"]', style: { 'line-color': '#16a34a', 'target-arrow-color': '#16a34a', 'line-style': 'dashed' } },
  { selector: 'edge[kind = "removed"]', style: { 'line-color': '#dc2626', 'target-arrow-color': '#dc2626', 'line-style': 'dotted' } },
];

/**
 * The changed component (indigo), what depends on it (amber: direct, pale:
 * further away) and the references the proposal adds (green) or removes
 * (red). Arrows point from a consumer to what it depends on.
 */
export function ImpactGraph({ result }: { result: SimulationResult }) {
  const { elements, shown, tallest } = useMemo(() => impactElements(result), [result]);
  const height = Math.min(420, Math.max(180, 40 + tallest * 30));
  return (
    <figure className="rounded-md border border-slate-200 bg-white" data-testid="impact-graph">
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
      <figcaption className="flex flex-wrap gap-x-4 gap-y-1 border-t border-slate-100 px-3 py-1.5 text-xs text-slate-600">
        <Swatch className="bg-indigo-600" text="changed" />
        <Swatch className="bg-amber-500" text="depends on it directly" />
        <Swatch className="bg-amber-200" text="further away" />
        {result.blastRadius.total > shown && (
          <span>
            showing the {shown} nearest of {result.blastRadius.total} dependents
          </span>
        )}
      </figcaption>
    </figure>
  );
}

function Swatch({ className, text }: { className: string; text: string }) {
  return (
    <span className="inline-flex items-center gap-1">
      <span aria-hidden className={`inline-block h-2.5 w-2.5 rounded-full ${className}`} />
      {text}
    </span>
  );
}
