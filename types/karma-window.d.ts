/**
 * What the graph page publishes on `window` for tests and the render
 * benchmark: the cytoscape instance and the last render signal
 * (components/graph/render-signals.ts).
 */
import type { Core } from 'cytoscape';
import type { RenderSignal } from '@/components/graph/render-signals';

declare global {
  interface Window {
    __karmaCy?: Core;
    __karmaRender?: RenderSignal & { at: number };
  }
}

export {};
