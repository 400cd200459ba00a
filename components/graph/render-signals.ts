/**
 * Which cytoscape renderer draws the graph, and the signal that the graph
 * is fully drawn (tests and the render benchmark wait for it): a
 * `karma:graph-rendered` performance mark plus `window.__karmaRender`.
 */
import type { Core } from 'cytoscape';

/** From this many components on, cytoscape's WebGL renderer draws the graph (when a GPU runs WebGL). */
export const WEBGL_MIN_NODES = 1000;

export type RendererChoice = 'auto' | 'canvas' | 'webgl';
export type Renderer = 'canvas' | 'webgl';

type WebglInfo = { isAvailable: boolean; isSoftware: boolean; renderer: string | null };
let webgl: WebglInfo | null = null;

/**
 * Whether WebGL 2 works here, and whether it is emulated on the CPU
 * (SwiftShader, llvmpipe): emulated WebGL draws a 5,000-node graph slower
 * than the 2D canvas does (measured: bench/ui-render), so it is not worth it.
 */
export function webglInfo(): WebglInfo {
  if (webgl) return webgl;
  try {
    const context = document.createElement('canvas').getContext('webgl2');
    if (!context) return (webgl = { isAvailable: false, isSoftware: false, renderer: null });
    const debug = context.getExtension('WEBGL_debug_renderer_info');
    const renderer = debug ? String(context.getParameter(debug.UNMASKED_RENDERER_WEBGL)) : null;
    context.getExtension('WEBGL_lose_context')?.loseContext();
    webgl = { isAvailable: true, isSoftware: renderer !== null && /swiftshader|llvmpipe|software|softpipe/i.test(renderer), renderer };
  } catch {
    webgl = { isAvailable: false, isSoftware: false, renderer: null };
  }
  return webgl;
}

/** `auto`: WebGL for big graphs on a real GPU, the 2D canvas otherwise; the URL can force either. */
export function chooseRenderer(componentCount: number, choice: RendererChoice): Renderer {
  if (choice === 'canvas' || typeof document === 'undefined') return 'canvas';
  const info = webglInfo();
  if (choice === 'webgl') return info.isAvailable ? 'webgl' : 'canvas';
  return componentCount >= WEBGL_MIN_NODES && info.isAvailable && !info.isSoftware ? 'webgl' : 'canvas';
}

export const WEBGL_RENDERER_OPTIONS = { name: 'canvas', webgl: true, webglTexSize: 4096, webglBatchSize: 4096 } as const;

/**
 * react-cytoscapejs creates the instance without renderer options, so the
 * WebGL renderer is switched on afterwards: cytoscape's own unmount/mount
 * cycle re-creates the renderer from the instance's options.
 */
export function switchToWebgl(cy: Core): boolean {
  const options = (cy as unknown as { _private?: { options?: { renderer?: Record<string, unknown> } } })._private?.options;
  const container = cy.container();
  if (!options || !container) return false;
  options.renderer = { ...WEBGL_RENDERER_OPTIONS };
  cy.mount(container);
  return true;
}

/**
 * Cytoscape's renderer watches its container and redraws everything 100 ms
 * after any size change. The canvas resizes cytoscape itself instead (after
 * a new view's elements are in, so a bar appearing for a view still
 * loading never redraws the old graph): this stops the renderer's watchers.
 */
export function takeOverResize(cy: Core): void {
  const renderer: unknown = Reflect.get(cy, 'renderer')?.call(cy);
  if (typeof renderer !== 'object' || renderer === null) return;
  for (const key of ['resizeObserver', 'styleObserver']) {
    const observer: unknown = Reflect.get(renderer, key);
    if (observer instanceof ResizeObserver || observer instanceof MutationObserver) observer.disconnect();
  }
}

/** Zoom from which node labels and edge labels show: as min-zoomed-font-size says in the stylesheet. */
const NODE_LABEL_ZOOM = 0.5;
const EDGE_LABEL_ZOOM = 1;

const SHOWN_KEY = 'karma-zoom-labels';

/**
 * The WebGL renderer ignores `min-zoomed-font-size` and rasterises every
 * label up front (seconds for 2,000 nodes), so there labels are switched by
 * zoom with a class instead, once per threshold crossing. Call after adding
 * elements or laying out, before the first paint.
 */
export function syncZoomLabels(cy: Core, { force = false } = {}): void {
  const zoom = cy.zoom();
  const next = `${zoom >= NODE_LABEL_ZOOM}/${zoom >= EDGE_LABEL_ZOOM}`;
  if (!force && cy.scratch(SHOWN_KEY) === next) return;
  cy.scratch(SHOWN_KEY, next);
  cy.batch(() => {
    cy.nodes()
      .not('node.env')
      .toggleClass('no-label', zoom < NODE_LABEL_ZOOM);
    cy.edges().toggleClass('no-label', zoom < EDGE_LABEL_ZOOM);
  });
}

/** Keeps the label classes in step with the zoom (at most once per frame). */
export function installZoomLabels(cy: Core): () => void {
  let frame = 0;
  const onZoom = () => {
    frame ||= requestAnimationFrame(() => {
      frame = 0;
      syncZoomLabels(cy);
    });
  };
  cy.on('zoom', onZoom);
  return () => {
    cancelAnimationFrame(frame);
    cy.off('zoom', onZoom);
  };
}

export type RenderSignal = {
  state: 'layout' | 'done';
  layoutMs?: number;
  layout?: string;
  nodes?: number;
  renderer?: Renderer;
};

export function publishRender(signal: RenderSignal): void {
  const at = performance.now();
  window.__karmaRender = { ...signal, at };
  if (signal.state === 'done') performance.mark('karma:graph-rendered', { detail: signal });
}
