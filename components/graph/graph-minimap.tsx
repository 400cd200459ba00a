'use client';

import type { Core } from 'cytoscape';
import { useEffect, useRef } from 'react';
import { fitTransform, panToCentre, toModel, unionBounds, viewportRect, type Bounds, type MapTransform } from './minimap-geometry';
import { GHOST_COLOR } from './type-colors';

/**
 * An overview of a large graph in the corner: every component as a dot in
 * its type's colour, the environment frames, and the part the main view
 * shows as a rectangle; a click or drag on it moves the main view there.
 *
 * Cheap at 5,000 components: the dots are drawn once per layout (or element
 * change) into an offscreen canvas; a pan or zoom only copies that layer and
 * draws the rectangle, at most once per animation frame.
 */

export const MINIMAP_MIN_COMPONENTS = 300;

const SIZE = { width: 200, height: 140 };
const PADDING = 6;
const VIEWPORT_COLOR = '#4f46e5';

type Layer = { canvas: HTMLCanvasElement; transform: MapTransform } | null;

/** Draws the dots and frames at device resolution; null when there is nothing to draw. */
function drawNodeLayer(cy: Core, ratio: number): Layer {
  // Components, missing references and groups: whatever the main view draws as a node.
  const components = cy.nodes('.component, .ghost, .group');
  const frames: Bounds[] = cy.nodes('.env').map((env) => env.boundingBox({ includeLabels: false, includeOverlays: false }));
  const points = components.map((node) => node.position());
  const bounds = unionBounds(points, frames);
  if (!bounds) return null;
  const transform = fitTransform(bounds, SIZE, PADDING);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(SIZE.width * ratio);
  canvas.height = Math.round(SIZE.height * ratio);
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(ratio * transform.scale, 0, 0, ratio * transform.scale, ratio * transform.dx, ratio * transform.dy);

  ctx.lineWidth = 1 / transform.scale;
  ctx.strokeStyle = '#cbd5e1';
  ctx.fillStyle = '#ffffff';
  for (const frame of frames) {
    ctx.fillRect(frame.x1, frame.y1, frame.x2 - frame.x1, frame.y2 - frame.y1);
    ctx.strokeRect(frame.x1, frame.y1, frame.x2 - frame.x1, frame.y2 - frame.y1);
  }

  // One fill style per colour: a few dozen state changes instead of thousands.
  const byColor = new Map<string, Array<{ x: number; y: number }>>();
  components.forEach((node, index) => {
    const color = node.hasClass('ghost') || node.hasClass('ghost-group') ? GHOST_COLOR : String(node.data('color') ?? '#64748b');
    const list = byColor.get(color) ?? [];
    list.push(points[index]);
    byColor.set(color, list);
  });
  // Dots stay visible however far the estate is scaled down: at least 2 CSS pixels.
  const dot = Math.max(2 / transform.scale, Math.min(30, 4 / transform.scale));
  for (const [color, list] of byColor) {
    ctx.fillStyle = color;
    for (const p of list) ctx.fillRect(p.x - dot / 2, p.y - dot / 2, dot, dot);
  }
  return { canvas, transform };
}

export function GraphMinimap({ core }: { core: Core }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const layer = useRef<Layer>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || core.destroyed()) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(SIZE.width * ratio);
    canvas.height = Math.round(SIZE.height * ratio);

    let frame = 0;
    let isLayerStale = true;
    const paint = () => {
      frame = 0;
      if (core.destroyed()) return;
      if (isLayerStale) {
        layer.current = drawNodeLayer(core, ratio);
        isLayerStale = false;
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      const current = layer.current;
      if (!current) return;
      ctx.drawImage(current.canvas, 0, 0);
      const rect = viewportRect(current.transform, core.extent(), SIZE);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.fillStyle = 'rgba(79, 70, 229, 0.08)';
      ctx.fillRect(rect.x, rect.y, rect.width, rect.height);
      ctx.strokeStyle = VIEWPORT_COLOR;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(rect.x + 0.75, rect.y + 0.75, Math.max(rect.width - 1.5, 1), Math.max(rect.height - 1.5, 1));
      canvas.dataset.viewport = `${Math.round(rect.x)},${Math.round(rect.y)},${Math.round(rect.width)},${Math.round(rect.height)}`;
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(paint);
    };
    const relayer = () => {
      isLayerStale = true;
      schedule();
    };
    // Element changes and layouts redraw the dots; a moving viewport only the rectangle.
    core.on('viewport resize', schedule);
    core.on('layoutstop add remove', relayer);
    core.on('position', 'node', relayer);
    schedule();
    return () => {
      cancelAnimationFrame(frame);
      core.off('viewport resize', schedule);
      core.off('layoutstop add remove', relayer);
      core.off('position', 'node', relayer);
    };
  }, [core]);

  const panTo = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const current = layer.current;
    if (!current || core.destroyed()) return;
    const box = event.currentTarget.getBoundingClientRect();
    const point = toModel(current.transform, { x: ((event.clientX - box.left) * SIZE.width) / box.width, y: ((event.clientY - box.top) * SIZE.height) / box.height });
    core.stop();
    core.pan(panToCentre(point, core.zoom(), { width: core.width(), height: core.height() }));
    // The same signal a drag on the graph gives, so the view the user chose is kept on resize.
    core.emit('dragpan');
  };

  return (
    <div className="pointer-events-auto absolute right-3 bottom-12 z-10 overflow-hidden rounded-md border border-slate-200 bg-slate-50/95 shadow-sm" data-testid="graph-minimap">
      <canvas
        ref={canvasRef}
        role="img"
        aria-label="Overview of the whole graph; click or drag to move the view"
        title="Overview: click or drag to move the view"
        className="block cursor-crosshair touch-none"
        style={{ width: SIZE.width, height: SIZE.height }}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          panTo(event);
        }}
        onPointerMove={(event) => {
          if (event.currentTarget.hasPointerCapture(event.pointerId)) panTo(event);
        }}
        onPointerUp={(event) => event.currentTarget.releasePointerCapture(event.pointerId)}
      />
    </div>
  );
}
