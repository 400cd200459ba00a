'use client';

import cytoscape, { type Core, type EventObject } from 'cytoscape';
import { useCallback, useEffect, useRef, useState } from 'react';
import CytoscapeComponent from 'react-cytoscapejs';
import { applyHighlights, type GraphHighlights } from './apply-highlights';
import { effectiveLayout, fitView, registerLayouts, runLayout } from './graph-layouts';
import { GRAPH_STYLESHEET } from './graph-stylesheet';
import { chooseRenderer, installZoomLabels, publishRender, switchToWebgl, syncZoomLabels, WEBGL_MIN_NODES, type RendererChoice } from './render-signals';
import type { GraphElements } from './to-elements';
import type { LayoutName } from './view-state';

registerLayouts(cytoscape);

/**
 * Draws the graph with cytoscape through react-cytoscapejs, but keeps React
 * out of the hot path: react-cytoscapejs gets constant `elements` and
 * `stylesheet` props (so it never diffs thousands of elements), and this
 * component swaps the elements and runs the layout itself only when the
 * element set or the layout choice changes. Highlights (search, focus,
 * selection) are classes toggled without a new layout.
 */

export type GraphCanvasHandle = {
  png(): Promise<Blob>;
  positions(): Record<string, { x: number; y: number }>;
  fit(): void;
};

export type GraphCanvasProps = {
  /** null while the data is on its way: cytoscape starts up meanwhile. */
  graph: GraphElements | null;
  layout: LayoutName;
  renderer: RendererChoice;
  highlights: GraphHighlights;
  /** Ids to bring into view when this list changes (search matches). */
  centerOn: string[];
  onSelect: (id: string | null) => void;
  onFocus: (id: string) => void;
  onReady: (handle: GraphCanvasHandle | null) => void;
  onLayoutNote: (note: string | null) => void;
};

const NO_ELEMENTS: cytoscape.ElementDefinition[] = [];
const SELECTABLE = 'node.component, node.ghost';

type RenderState = { state: 'idle' | 'layout' | 'done'; layoutMs: number; layoutName: string };

export function GraphCanvasClient({ graph, layout, renderer, highlights, centerOn, onSelect, onFocus, onReady, onLayoutNote }: GraphCanvasProps) {
  const componentCount = graph?.componentCount ?? 0;
  const isLarge = componentCount >= WEBGL_MIN_NODES;
  const mode = chooseRenderer(componentCount, renderer);
  const [cy, setCy] = useState<Core | null>(null);
  const [render, setRender] = useState<RenderState>({ state: 'idle', layoutMs: 0, layoutName: '' });
  const container = useRef<HTMLDivElement>(null);
  const shown = useRef<{ cy: Core | null; graph: GraphElements | null; layout: LayoutName | null }>({ cy: null, graph: null, layout: null });
  const latest = useRef({ onSelect, onFocus, highlights });
  // Until the user pans or zooms, the drawing follows the container's size (the panel opening and closing).
  const hasUserMoved = useRef(false);
  useEffect(() => {
    latest.current = { onSelect, onFocus, highlights };
  });

  const handleCy = useCallback(
    (instance: Core) => {
      if (instance.scratch('karma-ready')) return;
      instance.scratch('karma-ready', true);
      if (mode === 'webgl' && switchToWebgl(instance)) installZoomLabels(instance);
      instance.on('tap', SELECTABLE, (event: EventObject) => latest.current.onSelect(event.target.id()));
      instance.on('tap', (event: EventObject) => {
        if (event.target === instance) latest.current.onSelect(null);
      });
      instance.on('scrollzoom dragpan pinchzoom', () => {
        hasUserMoved.current = true;
      });
      instance.on('dbltap', 'node.component', (event: EventObject) => latest.current.onFocus(event.target.id()));
      instance.on('mouseover', 'edge', (event: EventObject) => event.target.addClass('hover'));
      instance.on('mouseout', 'edge', (event: EventObject) => event.target.removeClass('hover'));
      instance.on('mouseover', SELECTABLE, (event: EventObject) => {
        event.target.addClass('hover');
        event.target.connectedEdges().addClass('hover');
        if (container.current) container.current.style.cursor = 'pointer';
      });
      instance.on('mouseout', SELECTABLE, (event: EventObject) => {
        event.target.removeClass('hover');
        event.target.connectedEdges().removeClass('hover');
        if (container.current) container.current.style.cursor = '';
      });
      (window as unknown as { __karmaCy?: Core }).__karmaCy = instance;
      setCy(instance);
    },
    [mode],
  );

  // Elements and layout: only when the element set or the layout choice changes.
  useEffect(() => {
    if (!cy || cy.destroyed() || !graph) return;
    // A new instance (renderer switch) starts empty.
    const isNewGraph = shown.current.cy !== cy || shown.current.graph !== graph;
    if (!isNewGraph && shown.current.layout === layout) return;
    shown.current = { cy, graph, layout };
    let isCurrent = true;
    const started = performance.now();
    const { name, note } = effectiveLayout(layout, graph.componentCount);
    onLayoutNote(note);
    setRender({ state: 'layout', layoutMs: 0, layoutName: name });
    publishRender({ state: 'layout' });
    if (isNewGraph) {
      cy.batch(() => {
        cy.elements().remove();
        cy.add(graph.elements);
      });
    }
    applyHighlights(cy, latest.current.highlights);
    runLayout(cy, name);
    if (mode === 'webgl') syncZoomLabels(cy, { force: true });
    hasUserMoved.current = false;
    const layoutMs = performance.now() - started;
    // Two frames: the first paints the laid-out graph, the second runs after that paint.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        if (!isCurrent) return;
        setRender({ state: 'done', layoutMs, layoutName: name });
        publishRender({ state: 'done', layoutMs, layout: name, nodes: graph.componentCount, renderer: mode });
      }),
    );
    return () => {
      isCurrent = false;
    };
  }, [cy, graph, layout, mode, onLayoutNote]);

  useEffect(() => {
    if (cy && !cy.destroyed()) applyHighlights(cy, highlights);
  }, [cy, highlights]);

  // Bring search matches into view once they are drawn.
  const centerKey = centerOn.join('\n');
  useEffect(() => {
    if (!cy || render.state !== 'done' || !centerKey) return;
    let eles = cy.collection();
    for (const id of centerKey.split('\n')) eles = eles.union(cy.getElementById(id));
    if (eles.empty()) return;
    cy.stop();
    // A view chosen for the user: keep it when the container resizes.
    hasUserMoved.current = true;
    // Fit the matches, but never closer than 1.2× (one match would fill the screen).
    const box = eles.boundingBox({ includeLabels: true });
    const zoom = Math.max(cy.minZoom(), Math.min(1.2, (cy.width() - 160) / Math.max(box.w, 1), (cy.height() - 160) / Math.max(box.h, 1)));
    const pan = { x: cy.width() / 2 - zoom * (box.x1 + box.w / 2), y: cy.height() / 2 - zoom * (box.y1 + box.h / 2) };
    cy.animate({ zoom, pan, duration: 350 });
  }, [cy, centerKey, render.state]);

  // The selected node: pan to it when it is off screen (back/forward, a link, a search pick).
  useEffect(() => {
    if (!cy || render.state !== 'done' || !highlights.selected) return;
    const node = cy.getElementById(highlights.selected);
    if (node.empty()) return;
    const box = node.renderedBoundingBox();
    const isOffScreen = box.x2 < 0 || box.y2 < 0 || box.x1 > cy.width() || box.y1 > cy.height();
    if (isOffScreen) cy.animate({ center: { eles: node }, duration: 300 });
  }, [cy, highlights.selected, render.state]);

  useEffect(() => {
    if (!cy || !container.current) return;
    const observer = new ResizeObserver(() => {
      cy.resize();
      if (!hasUserMoved.current && cy.elements().nonempty()) fitView(cy);
    });
    observer.observe(container.current);
    return () => observer.disconnect();
  }, [cy]);

  useEffect(() => {
    if (!cy) return;
    onReady({
      png: () => cy.png({ output: 'blob-promise', full: true, scale: 2, bg: '#ffffff', maxWidth: 8000, maxHeight: 8000 }),
      positions: () => Object.fromEntries(cy.nodes(SELECTABLE).map((n) => [n.id(), { ...n.position() }])),
      fit: () => fitView(cy),
    });
    return () => onReady(null);
  }, [cy, onReady]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (!cy) return;
    const step = 80;
    const actions: Record<string, () => void> = {
      '+': () => cy.zoom({ level: cy.zoom() * 1.25, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }),
      '=': () => cy.zoom({ level: cy.zoom() * 1.25, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }),
      '-': () => cy.zoom({ level: cy.zoom() / 1.25, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }),
      '0': () => fitView(cy),
      ArrowLeft: () => cy.panBy({ x: step, y: 0 }),
      ArrowRight: () => cy.panBy({ x: -step, y: 0 }),
      ArrowUp: () => cy.panBy({ x: 0, y: step }),
      ArrowDown: () => cy.panBy({ x: 0, y: -step }),
    };
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  return (
    <div
      ref={container}
      className="absolute inset-0 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-600"
      data-testid="graph-canvas"
      data-node-count={componentCount}
      data-edge-count={graph?.edgeCount ?? 0}
      data-render-state={render.state}
      data-layout={render.layoutName}
      data-renderer={mode}
      tabIndex={0}
      role="application"
      aria-roledescription="graph"
      aria-label={`Infrastructure graph with ${componentCount} components. Plus and minus zoom, arrow keys pan, 0 fits. Pick components with the search box.`}
      onKeyDown={onKeyDown}
    >
      <CytoscapeComponent
        key={mode}
        elements={NO_ELEMENTS}
        stylesheet={GRAPH_STYLESHEET}
        cy={handleCy}
        minZoom={0.03}
        maxZoom={4}
        boxSelectionEnabled={false}
        autoungrabify={isLarge}
        textureOnViewport={isLarge && mode === 'canvas'}
        hideEdgesOnViewport={isLarge && mode === 'canvas'}
        pixelRatio={isLarge ? 1 : undefined}
        style={{ width: '100%', height: '100%' }}
      />
    </div>
  );
}
