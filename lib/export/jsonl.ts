/**
 * The analysis table and the history behind it as JSON Lines: one JSON
 * object per line, each with a `kind`, in this order —
 *   graph       the header: the moment, where the graph came from, counts, warnings
 *   node        one per node, the same columns as the CSV and GraphML
 *   edge        one per depends_on edge
 *   version     every recorded config and runtime version modified up to the
 *               moment, with its raw text (null for a removal)
 *   transition  every drift transition up to the moment
 * Field names are snake_case, as the other formats' columns. The versions'
 * texts are read in batches through `load` while the lines go out, so a
 * 10,000-component history never sits in memory whole. Pure: reading is
 * passed in.
 */
import type { DocumentVersion, DriftTransition, VersionKey } from '@/lib/model/history';
import { EDGE_COLUMNS, NODE_COLUMNS, rowObject, type AnalysisTable } from './features';

export type JsonlInput = {
  table: AnalysisTable;
  /** `live`: the current graph; `history`: rebuilt from the recorded documents as of the moment. */
  source: 'live' | 'history';
  warnings: readonly string[];
  /** The version index (any moment; later versions are left out here). */
  versions: readonly VersionKey[];
  /** Drift transitions (any moment; later ones are left out here). */
  transitions: readonly DriftTransition[];
  /** The versions with these ids, with their text. */
  load: (ids: readonly string[]) => Promise<DocumentVersion[]>;
};

/** Versions read per call to `load`. */
export const VERSIONS_PER_READ = 500;
const LINES_PER_PIECE = 500;

const notAfter = (at: string) => {
  const atMs = Date.parse(at);
  return (time: string) => Date.parse(time) <= atMs;
};

export function versionLine(v: DocumentVersion): string {
  return JSON.stringify({
    kind: 'version',
    id: v.id,
    component_id: v.componentId,
    env: v.env,
    type: v.type,
    nickname: v.nickname,
    document: v.document,
    version: v.version,
    removed: v.raw === null,
    raw: v.raw,
    hash: v.hash,
    modified_at: v.modifiedAt,
    modified_by: v.modifiedBy,
    description: v.description,
    change_request_id: v.changeRequestId,
    git_commit: v.gitCommit,
    source: v.source,
    recorded_at: v.recordedAt,
  });
}

export function transitionLine(t: DriftTransition): string {
  return JSON.stringify({ kind: 'transition', id: t.id, component_id: t.componentId, from: t.from, to: t.to, at: t.at, observed_at: t.observedAt, reason: t.reason });
}

export async function* jsonlChunks({ table, source, warnings, versions, transitions, load }: JsonlInput): AsyncGenerator<string> {
  const isThen = notAfter(table.at);
  const ids = versions.filter((v) => isThen(v.modifiedAt)).map((v) => v.id);
  const then = transitions.filter((t) => isThen(t.at));
  yield `${JSON.stringify({
    kind: 'graph',
    at: table.at,
    source,
    counts: { ...table.counts, versions: ids.length, transitions: then.length },
    warnings,
  })}\n`;
  let piece = '';
  let lines = 0;
  const add = function* (line: string): Generator<string> {
    piece += `${line}\n`;
    if (++lines % LINES_PER_PIECE === 0) {
      yield piece;
      piece = '';
    }
  };
  for (const node of table.nodes) yield* add(JSON.stringify({ kind: 'node', ...rowObject(NODE_COLUMNS, node) }));
  for (const edge of table.edges) yield* add(JSON.stringify({ kind: 'edge', ...rowObject(EDGE_COLUMNS, edge) }));
  for (let start = 0; start < ids.length; start += VERSIONS_PER_READ) {
    for (const version of await load(ids.slice(start, start + VERSIONS_PER_READ))) yield* add(versionLine(version));
  }
  for (const transition of then) yield* add(transitionLine(transition));
  if (piece) yield piece;
}
