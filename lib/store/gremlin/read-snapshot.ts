import 'server-only';
import type { GraphSnapshotRead, GraphState } from '../graph-store';
import type { GremlinConnection } from './gremlin-connection';
import { GRAPH_META_ID } from './graph-schema';
import { __ } from './gremlin-lib';
import { readGraph } from './read-graph';
import { asRecord, asString } from './traversal-results';

/**
 * The graph state and the sync marker, in one small read of the meta
 * vertex. A sync that is about to write sets `writing` on that vertex first
 * and the final state write removes it (sync-graph.ts), so a reader that saw
 * the same state and no marker before and after reading the graph read one
 * generation whole: a sequence lock over Neptune's separate transactions.
 */
type StateAndMarker = { state: GraphState | null; isWriting: boolean };

async function readStateAndMarker(connection: GremlinConnection): Promise<StateAndMarker> {
  const [row] = await connection.run('read graph state', (g) =>
    g
      .V(GRAPH_META_ID)
      .project('generation', 'syncedAt', 'writing', 'hash')
      .by(__.coalesce(__.values('generation'), __.constant(-1)))
      .by(__.coalesce(__.values('syncedAt'), __.constant('')))
      .by(__.coalesce(__.values('writing'), __.constant('')))
      .by(__.coalesce(__.values('hash'), __.constant('')))
      .toList(),
  );
  if (row === undefined) return { state: null, isWriting: false };
  const record = asRecord(row, 'the graph state');
  const generation = Number(record.generation);
  const isWriting = asString(record.writing, 'the sync marker') !== '';
  // Only a marker: the first sync of this store has not finished (or died), so there is no graph yet.
  if (generation < 0 && asString(record.hash, 'the graph facts hash') === '') return { state: null, isWriting };
  // Facts without a generation were written before syncs recorded one: a graph, generation 0.
  return { state: { generation: Math.max(0, generation), syncedAt: asString(record.syncedAt, 'the time of the last sync') }, isWriting };
}

export async function readGraphState(connection: GremlinConnection): Promise<GraphState | null> {
  return (await readStateAndMarker(connection)).state;
}

function isSameState(a: GraphState, b: GraphState | null): boolean {
  return b !== null && a.generation === b.generation && a.syncedAt === b.syncedAt;
}

export async function readSnapshot(connection: GremlinConnection, { evenIfWriting = false }: { evenIfWriting?: boolean } = {}): Promise<GraphSnapshotRead | null | 'busy'> {
  const before = await readStateAndMarker(connection);
  if (before.state === null) return before.isWriting && !evenIfWriting ? 'busy' : null;
  if (before.isWriting && !evenIfWriting) return 'busy';
  const graph = await readGraph(connection);
  const after = await readStateAndMarker(connection);
  if (!isSameState(before.state, after.state) || (after.isWriting && !evenIfWriting)) return 'busy';
  return { state: before.state, graph };
}
