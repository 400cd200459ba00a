/**
 * Saving what the graph view shows: a PNG of the drawing, or JSON of the
 * components and edges on screen (with their positions) to feed other tools.
 */
import type { GraphResponse } from '@/lib/model/api';

export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `karma-graph-2026-11-19T1405` */
export function exportName(now: Date): string {
  return `karma-graph-${now.toISOString().slice(0, 16).replace(/[:]/g, '')}`;
}

export type ViewExport = {
  exportedAt: string;
  /** The page address that reproduces this view. */
  view: string;
  nodes: GraphResponse['nodes'];
  edges: GraphResponse['edges'];
  cycles: GraphResponse['cycles'];
  positions: Record<string, { x: number; y: number }>;
};

export function viewExport(graph: GraphResponse, positions: ViewExport['positions'], view: string, now: Date): ViewExport {
  return { exportedAt: now.toISOString(), view, nodes: graph.nodes, edges: graph.edges, cycles: graph.cycles, positions };
}
