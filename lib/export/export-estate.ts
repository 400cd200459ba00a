import 'server-only';
import type { GraphIndex } from '@/lib/graph/graph-index';
import type { Graph } from '@/lib/model/graph';
import type { GraphService } from '@/lib/server/graph-service';
import type { HistoryService } from '@/lib/server/history-service';
import { runInSlices, yieldEvery } from '@/lib/server/cooperative';
import type { GraphStore } from '@/lib/store/graph-store';
import { csvChunks } from './csv';
import { EXPORT_CONTENT_TYPES, exportFileName, type ExportQuery } from './export-query';
import { analysisSteps, type AnalysisTable } from './features';
import { graphmlChunks } from './graphml';
import { jsonlChunks } from './jsonl';

/**
 * One export, as the API route streams it and `karma export` writes it:
 * the graph (the served one for now, or the history's rebuild as of `at`),
 * its analysis table, and the file's pieces. Everything that can fail
 * before the first byte (a bad moment, the store down) fails here, while
 * the caller can still answer with an error; only the JSONL's version
 * texts are read as the pieces go out.
 */
export type PreparedExport = {
  /** The moment the export is as of (ISO). */
  at: string;
  fileName: string;
  contentType: string;
  table: AnalysisTable;
  chunks: AsyncIterable<string>;
};

export type ExportDeps = { graph: GraphService; history: HistoryService; graphStore: GraphStore };

export async function prepareExport({ graph, history, graphStore }: ExportDeps, query: ExportQuery, now: Date): Promise<PreparedExport> {
  let source: { at: string; graph: Graph; index?: GraphIndex; warnings: string[]; kind: 'live' | 'history' };
  if (query.at === null) {
    const { snapshot, stale } = await graph.current();
    const warnings = stale ? ['The graph store could not be read: this is the last graph this server had'] : [];
    source = { at: now.toISOString(), graph: snapshot.graph, index: snapshot.index, warnings, kind: 'live' };
  } else {
    const past = await history.graphAt(query.at);
    source = { at: past.at, graph: past.graph, warnings: past.warnings, kind: 'history' };
  }
  const versions = await history.versionIndex();
  // The blast radius walks are the bulk of it (about 0.1 s at 10,000 components): in slices, so requests meanwhile are not held up.
  const table = await runInSlices(analysisSteps({ graph: source.graph, index: source.index, versions, at: source.at }), yieldEvery());
  let chunks: AsyncIterable<string>;
  if (query.format === 'graphml') chunks = toAsync(graphmlChunks(table));
  else if (query.format === 'csv') chunks = toAsync(csvChunks(table, query.table));
  else {
    const transitions = await graphStore.readDriftTransitions({ until: source.at });
    chunks = jsonlChunks({ table, source: source.kind, warnings: source.warnings, versions, transitions, load: (ids) => graphStore.readVersions(ids) });
  }
  return { at: source.at, fileName: exportFileName(query, source.at), contentType: EXPORT_CONTENT_TYPES[query.format], table, chunks };
}

async function* toAsync(pieces: Iterable<string>): AsyncGenerator<string> {
  yield* pieces;
}

/** The pieces as a byte stream, pulled as the client reads (so a slow download holds one piece at a time). */
export function exportStream(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
