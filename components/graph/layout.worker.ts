/**
 * The graph layout off the main thread: grouping decisions, ELK's layered
 * layout and edge routing for one request at a time (lib/graph/layout/
 * layout-graph.ts). The bundled ELK build runs its own algorithm in this
 * thread; its message handler is replaced by this one.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import { layoutGraph } from '@/lib/graph/layout/layout-graph';
import type { LayoutMessage, LayoutReply } from './layout-client';
import { textMeasure } from './measure-text';

const elk = new ELK();
const measure = textMeasure();

self.onmessage = async (event: MessageEvent<LayoutMessage>) => {
  const { id, request } = event.data;
  let reply: LayoutReply;
  try {
    reply = { id, result: await layoutGraph(request, elk, measure) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
