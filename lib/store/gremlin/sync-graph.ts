import 'server-only';
import type { Graph } from '@/lib/model/graph';
import { COMPONENT_PROPERTY_KEYS, graphMetaProperties } from '../component-record';
import type { SyncGuard, SyncResult } from '../graph-store';
import type { GremlinConnection, RoundTrips } from './gremlin-connection';
import { GRAPH_META_ID, LABEL } from './graph-schema';
import { __, cardinality, t, type Source, type Traversal } from './gremlin-lib';
import { runInSlices, yieldEvery } from '@/lib/server/cooperative';
import { planSyncStepwise, type StoredState } from './sync-plan';
import { asRecord, asString, chunks } from './traversal-results';
import { DEFAULT_BATCH_LIMITS, type BatchLimits } from './write-batches';
import { createComponentOp, graphStateOp, placeholderOp, updateComponentOp, upsertEdgeOp, writeRequests, WRITING_MARKER, writingMarkerOp, type WriteOp } from './write-ops';

/**
 * Makes the stored graph equal to `graph` in five phases, each in batches:
 * vertices (components, placeholders for dangling targets), then edges
 * (their endpoints now exist), then dropped edges, then the components that
 * left (after their edges, so whether anything still points at them is
 * known), then the graph state (facts, generation, when). Each request is
 * one transaction; a sync broken midway fails, and the next one, diffing
 * again, writes exactly what is missing.
 */

export type SyncOptions = {
  limits?: BatchLimits;
  /** Batches in flight at once within a phase (see bench/neptune-sync.ts). */
  concurrency?: number;
};

const DEFAULT_CONCURRENCY = 1;

async function readStoredState(connection: GremlinConnection, roundTrips: RoundTrips): Promise<StoredState> {
  // One request: the ids and hashes of everything a sync may touch.
  const rows = await connection.run(
    'sync: read stored hashes',
    (g) =>
      g
        .inject(0)
        .union(
          __.V()
            .hasLabel(LABEL.component)
            .project('k', 'id', 'h')
            .by(__.constant('c'))
            .by(t.id)
            .by(__.coalesce(__.values('contentHash'), __.constant(''))),
          // Every depends_on edge leaves a component vertex; mid-traversal E() is TinkerPop 3.7 only.
          __.V()
            .hasLabel(LABEL.component)
            .outE(LABEL.dependsOn)
            .project('k', 'id', 'h')
            .by(__.constant('e'))
            .by(t.id)
            .by(__.coalesce(__.values('hash'), __.constant(''))),
          __.V(GRAPH_META_ID)
            .project('k', 'id', 'h', 'g', 'w')
            .by(__.constant('m'))
            .by(t.id)
            .by(__.coalesce(__.values('hash'), __.constant('')))
            .by(__.coalesce(__.values('generation'), __.constant(-1)))
            .by(__.coalesce(__.values(WRITING_MARKER), __.constant(''))),
        )
        .toList(),
    roundTrips,
  );
  // No facts vertex reads as no cycles and no ignored parameters (as in readGraph).
  const noFacts = graphMetaProperties({ cycles: [], ignoredParameters: [] }).hash;
  const state: StoredState = { components: new Map(), placeholders: new Set(), edges: new Map(), metaHash: noFacts, state: null, isWriting: false };
  for (const row of rows) {
    const record = asRecord(row, 'a stored hash');
    const id = asString(record.id, 'a stored id');
    const hash = asString(record.h, `the hash of ${id}`);
    if (record.k === 'e') state.edges.set(id, hash);
    else if (record.k === 'm') {
      // A facts vertex without a generation was written before syncs recorded one: a graph, generation 0.
      if (hash !== '') state.metaHash = hash;
      state.state = { generation: Math.max(0, Number(record.g)) };
      state.isWriting = asString(record.w, 'the sync marker') !== '';
    }
    // A component vertex without a hash is a placeholder (or half-written): rewrite it in full.
    else if (hash === '') state.placeholders.add(id);
    else state.components.set(id, hash);
  }
  return state;
}

/** Runs tasks with at most `concurrency` in flight; on the first failure starts no more, lets the rest settle, rethrows. */
async function runLimited(tasks: ReadonlyArray<() => Promise<void>>, concurrency: number): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (!failure && next < tasks.length) {
      const task = tasks[next++];
      try {
        await task();
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
}

export async function syncGraph(
  connection: GremlinConnection,
  graph: Graph,
  { limits = DEFAULT_BATCH_LIMITS, concurrency = DEFAULT_CONCURRENCY, guard, now }: SyncOptions & { guard?: SyncGuard; now: () => Date },
): Promise<SyncResult> {
  const started = performance.now();
  const roundTrips: RoundTrips = { count: 0 };
  const stored = await readStoredState(connection, roundTrips);
  // Hashing and diffing 20,000 components is hundreds of milliseconds: done in slices so requests keep being answered.
  const plan = await runInSlices(planSyncStepwise(stored, graph), yieldEvery());
  // Every request of a sync checks the guard first: a sync that lost its lease stops before its next write.
  const send = (operation: string, query: (g: Source) => Traversal) => {
    guard?.assertHeld();
    return connection.run(operation, (g) => query(g).iterate(), roundTrips);
  };

  const writeAll = (phase: string, ops: WriteOp[]) =>
    runLimited(
      writeRequests(ops, limits).map((request, i, all) => () => send(`sync: ${phase} (batch ${i + 1} of ${all.length})`, request)),
      concurrency,
    );

  // Readers that see the marker keep the generation they have (read-snapshot.ts); the state write removes it.
  if (plan.isDataWritten) await writeAll('mark writing', [writingMarkerOp(now().toISOString())]);
  await writeAll('write vertices', [...plan.createComponents.map(createComponentOp), ...plan.updateComponents.map(updateComponentOp), ...plan.placeholders.map(placeholderOp)]);
  await writeAll('write edges', [...plan.createEdges.map(upsertEdgeOp), ...plan.updateEdges.map(upsertEdgeOp)]);
  await runLimited(
    chunks(plan.dropEdges, limits.maxRecords).map((ids) => () => send('sync: drop edges', (g) => g.E(...ids).drop())),
    concurrency,
  );
  await runLimited(
    chunks(plan.releaseComponents, limits.maxRecords).map(
      (ids) => () =>
        send('sync: remove components', (g) =>
          g
            .V(...ids)
            .hasLabel(LABEL.component)
            .sideEffect(__.properties(...COMPONENT_PROPERTY_KEYS, 'contentHash').drop())
            .property(cardinality.single, 'placeholder', true)
            .not(__.bothE())
            .drop(),
        ),
    ),
    concurrency,
  );
  if (plan.dropEdges.length + plan.updateEdges.length + plan.releaseComponents.length > 0) {
    // Placeholders nothing points at any more (a dangling reference fixed or
    // gone, a removed component without requests or events). Only removals
    // and rewired edges can leave one behind; this also sweeps any left by an
    // earlier sync that broke midway. Neptune answers it from its indexes.
    await send('sync: drop unused placeholders', (g) => g.V().hasLabel(LABEL.component).has('placeholder', true).not(__.bothE()).drop());
  }
  if (plan.isStateWritten) {
    // Last, so the state (and with it the new generation) exists only once everything else is written.
    const state = { generation: (stored.state?.generation ?? 0) + 1, syncedAt: now().toISOString() };
    const [write] = writeRequests([graphStateOp(plan.isMetaChanged ? graph : null, state)], limits);
    await send('sync: graph state', write);
  }
  return { ...plan.counts, roundTrips: roundTrips.count, durationMs: Math.round(performance.now() - started) };
}
