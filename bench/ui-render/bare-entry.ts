/**
 * The bare cytoscape page of the render benchmark (bundled by esbuild, no
 * React, no Next): all the estate's elements (nothing grouped), the same
 * stylesheet, renderer choice and layout code as the app's graph view,
 * laying out in the page itself, signalling "rendered" the same way.
 */
import cytoscape from 'cytoscape';
import type { ElementDefinition } from 'cytoscape';
import { computeLayout, drawLayout, effectiveLayout, registerLayouts } from '@/components/graph/graph-layouts';
import { GRAPH_STYLESHEET } from '@/components/graph/graph-stylesheet';
import { chooseRenderer, installZoomLabels, publishRender, syncZoomLabels, WEBGL_MIN_NODES, WEBGL_RENDERER_OPTIONS, type RendererChoice } from '@/components/graph/render-signals';

type BenchInput = { elements: ElementDefinition[]; componentCount: number };

registerLayouts(cytoscape);
const { elements, componentCount } = (window as unknown as { __KARMA_BENCH__: BenchInput }).__KARMA_BENCH__;
const choice = (new URLSearchParams(location.search).get('renderer') ?? 'auto') as RendererChoice;
const renderer = chooseRenderer(componentCount, choice);
const isLarge = componentCount >= WEBGL_MIN_NODES;
const started = performance.now();
const cy = cytoscape({
  container: document.getElementById('cy'),
  style: GRAPH_STYLESHEET,
  minZoom: 0.03,
  maxZoom: 4,
  boxSelectionEnabled: false,
  autoungrabify: isLarge,
  textureOnViewport: isLarge && renderer === 'canvas',
  hideEdgesOnViewport: isLarge && renderer === 'canvas',
  pixelRatio: isLarge ? 1 : undefined,
  renderer: renderer === 'webgl' ? { ...WEBGL_RENDERER_OPTIONS } : { name: 'canvas' },
} as cytoscape.CytoscapeOptions);
if (renderer === 'webgl') installZoomLabels(cy);
const { name } = effectiveLayout('layered', componentCount);
// The app's layout pipeline (ELK, routes) on every element, no groups; in this bundle it runs on the main thread.
void computeLayout({ elements, layout: name, mode: 'none', expand: [], keep: [], viewport: { width: cy.width(), height: cy.height() } }).then((result) => {
  drawLayout(cy, result, name);
  if (renderer === 'webgl') syncZoomLabels(cy, { force: true });
  const layoutMs = performance.now() - started;
  requestAnimationFrame(() => requestAnimationFrame(() => publishRender({ state: 'done', layoutMs, layout: result.layout, nodes: componentCount, renderer })));
});
