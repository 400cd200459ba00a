'use client';

import dynamic from 'next/dynamic';

const loadCanvas = () => import('./graph-canvas-client');

// Start fetching cytoscape as soon as this module runs in the browser, before
// hydration gets to the canvas: it is on the critical path to the first drawing.
if (typeof window !== 'undefined') void loadCanvas();

/** cytoscape needs a browser: the canvas is loaded on the client only (the explorer shows a skeleton meanwhile). */
export const GraphCanvas = dynamic(() => loadCanvas().then((m) => m.GraphCanvasClient), {
  ssr: false,
  loading: () => null,
});
