'use client';

import cytoscape, { type Core, type EventObject } from 'cytoscape';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import CytoscapeComponent from 'react-cytoscapejs';
import type { GroupMode } from '@/lib/graph/layout/group-graph';
import { MIN_ZOOM } from '@/lib/graph/layout/legibility';
import { applyHighlights, drawnIdOf, type GraphHighlights } from './apply-highlights';
import { computeLayout, drawLayout, effectiveLayout, fitElements, fitView, layoutNote } from './graph-layouts';
import { GRAPH_STYLESHEET } from './graph-stylesheet';
import { chooseRenderer, installZoomLabels, publishRender, switchToWebgl, syncZoomLabels, takeOverResize, WEBGL_MIN_NODES, type RendererChoice } from './render-signals';
import type { GraphElements } from './to-elements';
import type { LayoutName } from './view-state';

/**
 * Draws the graph with cytoscape through react-cytoscapejs, but keeps React
 * out of the hot path: react-cytoscapejs gets constant `elements` and
 * `stylesheet` props (so it never diffs thousands of elements), and this
 * component asks for a layout (computed off the main thread) and swaps the
 * drawn elements itself, in one batch, only when the graph, the layout
 * choice or the grouping changes. Until the new drawing is ready the old
 * one stays as it was: nothing is restyled or redrawn in between.
 * Highlights (search, focus, selection) are classes toggled without a new
 * layout. A click on the canvas gives it keyboard focus.
 */

export type GraphCanvasHandle = {
  png(): Promise<Blob>;
  positions(): Record<string, { x: number; y: number }>;
  fit(): void;
  /** The cytoscape instance, for overlays that draw from it (the minimap). */
  core(): Core;
};

export type GraphGrouping = { mode: GroupMode; expand: readonly string[] };

export type GraphCanvasProps = {
  /** null while the data is on its way: cytoscape starts up meanwhile. */
  graph: GraphElements | null;
  /** The graph given is the previous view's while the next one loads: leave the drawing alone. */
  isPending?: boolean;
  layout: LayoutName;
  renderer: RendererChoice;
  grouping?: GraphGrouping;
  /** Components never folded into a group (a focused component, the ends of a path). */
  keep?: readonly string[];
  highlights: GraphHighlights;
  /** Ids to bring into view when this list changes (search matches), unless a focus holds the camera. */
  centerOn: string[];
  /** A focus or path view: the camera frames it and search matches do not pull it away. */
  isFocusView?: boolean;
  onSelect: (id: string | null) => void;
  onFocus: (id: string) => void;
  /** A group node was clicked. */
  onExpand?: (groupId: string) => void;
  onReady: (handle: GraphCanvasHandle | null) => void;
  onLayoutNote: (note: string | null) => void;
};

const NO_ELEMENTS: cytoscape.ElementDefinition[] = [];
const NO_IDS: readonly string[] = [];
const AUTO_GROUPING: GraphGrouping = { mode: 'auto', expand: [] };
const SELECTABLE = 'node.component, node.ghost';

type RenderState = { state: 'idle' | 'layout' | 'done'; layoutMs: number; layoutName: string; drawnNodes: number; graph: GraphElements | null };

export function GraphCanvasClient({
  graph,
  isPending = false,
  layout,
  renderer,
  grouping = AUTO_GROUPING,
  keep = NO_IDS,
  highlights,
  centerOn,
  isFocusView = false,
  onSelect,
  onFocus,
  onExpand,
  onReady,
  onLayoutNote,
}: GraphCanvasProps) {
  const componentCount = graph?.componentCount ?? 0;
  const isLarge = componentCount >= WEBGL_MIN_NODES;
  const mode = chooseRenderer(componentCount, renderer);
  const [cy, setCy] = useState<Core | null>(null);
  const [render, setRender] = useState<RenderState>({ state: 'idle', layoutMs: 0, layoutName: '', drawnNodes: 0, graph: null });
  const container = useRef<HTMLDivElement>(null);
  const shown = useRef<{ cy: Core | null; graph: GraphElements | null; key: string }>({ cy: null, graph: null, key: '' });
  // What `auto` decided for a graph (and the components kept out of groups), so opening a group changes only that group.
  const decisions = useRef(new WeakMap<GraphElements, { keepKey: string; collapsed: string[] }>());
  const latest = useRef({ onSelect, onFocus, onExpand, highlights, isPending });
  // Until the user pans or zooms, the drawing follows the container's size (the panel opening and closing).
  const hasUserMoved = useRef(false);
  // Before the browser lays out the commit (and a ResizeObserver fires): the handlers read this commit's props.
  useLayoutEffect(() => {
    latest.current = { onSelect, onFocus, onExpand, highlights, isPending };
  });

  const handleCy = useCallback(
    (instance: Core) => {
      if (instance.scratch('karma-ready')) return;
      instance.scratch('karma-ready', true);
      if (mode === 'webgl' && switchToWebgl(instance)) installZoomLabels(instance);
      takeOverResize(instance);
      instance.on('tap', SELECTABLE, (event: EventObject) => latest.current.onSelect(event.target.id()));
      instance.on('tap', 'node.group', (event: EventObject) => latest.current.onExpand?.(event.target.id()));
      instance.on('tap', (event: EventObject) => {
        if (event.target === instance) latest.current.onSelect(null);
      });
      // A click or tap on the drawing gives it the keyboard (zoom and pan keys work at once), without scrolling the page.
      // On tapend too: cytoscape blurs the focused element when a press starts.
      instance.on('tapstart tapend', () => container.current?.focus({ preventScroll: true }));
      instance.on('scrollzoom dragpan pinchzoom', () => {
        hasUserMoved.current = true;
      });
      instance.on('dbltap', 'node.component', (event: EventObject) => latest.current.onFocus(event.target.id()));
      instance.on('mouseover', 'edge', (event: EventObject) => event.target.addClass('hover'));
      instance.on('mouseout', 'edge', (event: EventObject) => event.target.removeClass('hover'));
      instance.on('mouseover', `${SELECTABLE}, node.group`, (event: EventObject) => {
        event.target.addClass('hover');
        event.target.connectedEdges().addClass('hover');
        if (container.current) container.current.style.cursor = 'pointer';
      });
      instance.on('mouseout', `${SELECTABLE}, node.group`, (event: EventObject) => {
        event.target.removeClass('hover');
        event.target.connectedEdges().removeClass('hover');
        if (container.current) container.current.style.cursor = '';
      });
      window.__karmaCy = instance;
      setCy(instance);
    },
    [mode],
  );

  // Layout and drawing: only when the element set, the layout choice or the grouping changes.
  const expandKey = [...grouping.expand].sort().join(',');
  const keepKey = [...keep].sort().join(',');
  const drawKey = `${layout}|${grouping.mode}|${expandKey}|${keepKey}`;
  useEffect(() => {
    if (!cy || cy.destroyed() || !graph || isPending) return;
    // A new instance (renderer switch) starts empty.
    const isNewGraph = shown.current.cy !== cy || shown.current.graph !== graph;
    if (!isNewGraph && shown.current.key === drawKey) {
      // Nothing to lay out, but the canvas may have been resized while the next view was loading.
      const box = container.current;
      if (box && (box.clientWidth !== cy.width() || box.clientHeight !== cy.height())) {
        cy.resize();
        if (!hasUserMoved.current) fitView(cy);
      }
      return;
    }
    shown.current = { cy, graph, key: drawKey };
    let isCurrent = true;
    const started = performance.now();
    const { name, note } = effectiveLayout(layout, graph.componentCount);
    setRender((r) => ({ ...r, state: 'layout' }));
    publishRender({ state: 'layout' });
    const decided = decisions.current.get(graph);
    // Measured from the container, not by cy.resize(): that would redraw the old graph now.
    const viewport = { width: container.current?.clientWidth || cy.width(), height: container.current?.clientHeight || cy.height() };
    computeLayout({
      elements: graph.elements,
      layout: name,
      mode: grouping.mode,
      expand: expandKey ? expandKey.split(',') : [],
      keep: keepKey ? keepKey.split(',') : [],
      collapsed: grouping.mode === 'auto' && decided?.keepKey === keepKey ? decided.collapsed : undefined,
      viewport,
    }).then(
      (result) => {
        if (!isCurrent || cy.destroyed()) return;
        if (grouping.mode === 'auto') decisions.current.set(graph, { keepKey, collapsed: result.collapsed });
        onLayoutNote(note ?? layoutNote(result));
        drawLayout(cy, result, name);
        applyHighlights(cy, latest.current.highlights);
        if (mode === 'webgl') syncZoomLabels(cy, { force: true });
        hasUserMoved.current = false;
        const layoutMs = performance.now() - started;
        const drawnNodes = cy.nodes().not('node.env').length;
        const layoutName = name === 'cose' ? 'cose' : result.layout;
        // Two frames: the first paints the laid-out graph, the second runs after that paint.
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            if (!isCurrent) return;
            setRender({ state: 'done', layoutMs, layoutName, drawnNodes, graph });
            publishRender({ state: 'done', layoutMs, layout: layoutName, nodes: graph.componentCount, renderer: mode });
          }),
        );
      },
      (error: unknown) => {
        if (!isCurrent) return;
        onLayoutNote(`The graph could not be laid out: ${error instanceof Error ? error.message : String(error)}`);
        setRender((r) => ({ ...r, state: 'done' }));
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [cy, graph, isPending, drawKey, layout, grouping.mode, expandKey, keepKey, mode, onLayoutNote]);

  // Highlights of the graph on screen only: a view still loading must not restyle the one it replaces.
  const isDrawn = render.state === 'done' && !isPending && render.graph === graph;
  useEffect(() => {
    if (cy && !cy.destroyed() && isDrawn) applyHighlights(cy, highlights);
  }, [cy, highlights, isDrawn]);

  // Bring search matches into view once they are drawn; a focus keeps the camera on itself.
  const centerKey = isFocusView ? '' : centerOn.join('\n');
  useEffect(() => {
    if (!cy || !isDrawn || !centerKey) return;
    let eles = cy.collection();
    for (const id of centerKey.split('\n')) eles = eles.union(cy.getElementById(drawnIdOf(cy, id)));
    if (eles.empty()) return;
    cy.stop();
    // A view chosen for the user: keep it when the container resizes.
    hasUserMoved.current = true;
    fitElements(cy, eles);
  }, [cy, centerKey, isDrawn]);

  // The selected node: pan to it when it is off screen (back/forward, a link, a search pick).
  useEffect(() => {
    if (!cy || !isDrawn || !highlights.selected) return;
    const node = cy.getElementById(drawnIdOf(cy, highlights.selected));
    if (node.empty()) return;
    const box = node.renderedBoundingBox();
    const isOffScreen = box.x2 < 0 || box.y2 < 0 || box.x1 > cy.width() || box.y1 > cy.height();
    if (isOffScreen) cy.animate({ center: { eles: node }, duration: 300 });
  }, [cy, highlights.selected, isDrawn]);

  useEffect(() => {
    if (!cy || !container.current) return;
    const observer = new ResizeObserver(() => {
      // A bar appearing for the view that is loading: the next drawing measures the canvas anew, the old one is not redrawn.
      if (latest.current.isPending) return;
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
      core: () => cy,
    });
    return () => onReady(null);
  }, [cy, onReady]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (!cy) return;
    const step = 80;
    const centre = { x: cy.width() / 2, y: cy.height() / 2 };
    const zoomBy = (factor: number) => {
      hasUserMoved.current = true;
      cy.zoom({ level: cy.zoom() * factor, renderedPosition: centre });
    };
    const panBy = (x: number, y: number) => {
      hasUserMoved.current = true;
      cy.panBy({ x, y });
    };
    const actions: Record<string, () => void> = {
      '+': () => zoomBy(1.25),
      '=': () => zoomBy(1.25),
      '-': () => zoomBy(1 / 1.25),
      '0': () => fitView(cy),
      ArrowLeft: () => panBy(step, 0),
      ArrowRight: () => panBy(-step, 0),
      ArrowUp: () => panBy(0, step),
      ArrowDown: () => panBy(0, -step),
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
      data-drawn-count={render.drawnNodes}
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
        minZoom={MIN_ZOOM}
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
