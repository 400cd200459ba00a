/**
 * Runs the graph layout in a web worker (layout.worker.ts) so ELK never
 * blocks the page, one request at a time, the latest winning. Where no
 * worker can start (an esbuild bundle without `import.meta.url`, a browser
 * refusing it), the same pipeline runs in place.
 */
import type { LayoutRequest, LayoutResult } from '@/lib/graph/layout/layout-graph';

export type LayoutMessage = { id: number; request: LayoutRequest };
export type LayoutReply = { id: number; result: LayoutResult } | { id: number; error: string };

type Pending = { resolve: (result: LayoutResult) => void; reject: (error: Error) => void; request: LayoutRequest };

let worker: Worker | null | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

async function layoutHere(request: LayoutRequest): Promise<LayoutResult> {
  const [{ default: ELK }, { layoutGraph }, { textMeasure }] = await Promise.all([
    import('elkjs/lib/elk.bundled.js'),
    import('@/lib/graph/layout/layout-graph'),
    import('./measure-text'),
  ]);
  return layoutGraph(request, new ELK(), textMeasure());
}

function startWorker(): Worker | null {
  if (typeof Worker === 'undefined') return null;
  try {
    const created = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'karma-layout' });
    created.onmessage = (event: MessageEvent<LayoutReply>) => {
      const waiting = pending.get(event.data.id);
      if (!waiting) return;
      pending.delete(event.data.id);
      if ('result' in event.data) waiting.resolve(event.data.result);
      else waiting.reject(new Error(event.data.error));
    };
    // A worker that cannot load (a policy, a bundler without worker support): lay out here from now on.
    created.onerror = () => {
      worker = null;
      const stranded = [...pending.values()];
      pending.clear();
      for (const p of stranded) layoutHere(p.request).then(p.resolve, p.reject);
    };
    return created;
  } catch {
    return null;
  }
}

export function runLayoutRequest(request: LayoutRequest): Promise<LayoutResult> {
  if (worker === undefined) worker = startWorker();
  if (!worker) return layoutHere(request);
  const id = nextId++;
  const target = worker;
  return new Promise<LayoutResult>((resolve, reject) => {
    pending.set(id, { resolve, reject, request });
    target.postMessage({ id, request } satisfies LayoutMessage);
  });
}
