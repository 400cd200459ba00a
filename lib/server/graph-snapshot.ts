import 'server-only';
import { createHash } from 'node:crypto';
import { indexGraph, type GraphIndex } from '@/lib/graph/graph-index';
import type { Component, Graph } from '@/lib/model/graph';
import type { GraphState } from '@/lib/store/graph-store';

/**
 * One generation of the stored graph as this instance serves it: the graph
 * (shared, never changed: frozen), its index, and whatever reads derive from
 * it (drift rows, search texts, serialised responses), each computed once
 * per generation on first use. A new generation is a new snapshot, so
 * nothing derived can outlive the graph it came from.
 */
export class GraphSnapshot {
  readonly index: GraphIndex;
  /** Identifies the generation: a store that lost its data and was synced again restarts its count, so the time is part of it. */
  readonly key: string;
  private readonly derived = new Map<string, unknown>();

  constructor(
    readonly state: GraphState,
    readonly graph: Graph,
  ) {
    this.index = indexGraph(graph);
    this.key = `${state.generation}@${state.syncedAt}`;
  }

  get generation(): number {
    return this.state.generation;
  }

  /**
   * What `compute` derives from this generation, computed once: concurrent
   * callers share one computation (a promise is kept like any value). Bounded,
   * oldest first out, since queries (filters, search texts) are unbounded.
   */
  derive<T>(key: string, compute: () => T): T {
    if (this.derived.has(key)) {
      const value = this.derived.get(key) as T;
      // Most recently used last, so eviction drops what nobody asked for lately.
      this.derived.delete(key);
      this.derived.set(key, value);
      return value;
    }
    const value = compute();
    this.derived.set(key, value);
    if (value instanceof Promise) value.catch(() => this.derived.get(key) === value && this.derived.delete(key));
    while (this.derived.size > MAX_DERIVED) this.derived.delete(this.derived.keys().next().value as string);
    return value;
  }
}

const MAX_DERIVED = 300;

/** Lets the event loop serve other requests between slices of a long loop. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** How many components to handle between yields: a few milliseconds of hashing or freezing. */
const SLICE = 500;

/** A content fingerprint per component, to tell which ones a new generation changed. */
export async function fingerprints(graph: Graph): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < graph.components.length; i++) {
    if (i > 0 && i % SLICE === 0) await yieldToEventLoop();
    const component = graph.components[i];
    out.set(component.id, fingerprintOf(component));
  }
  return out;
}

function fingerprintOf(component: Component): string {
  return createHash('sha1').update(JSON.stringify(component)).digest('base64url');
}

/**
 * Freezes the graph deeply, in slices: the snapshot is shared by every read
 * in the process (and with the memory store's own cache), so a read that
 * changed what it got would change every later answer; frozen, it throws
 * where it tries instead.
 */
export async function freezeGraph(graph: Graph): Promise<void> {
  for (let i = 0; i < graph.components.length; i++) {
    if (i > 0 && i % SLICE === 0) await yieldToEventLoop();
    deepFreeze(graph.components[i]);
  }
  for (let i = 0; i < graph.edges.length; i++) {
    if (i > 0 && i % (SLICE * 4) === 0) await yieldToEventLoop();
    Object.freeze(graph.edges[i]);
  }
  deepFreeze(graph.cycles);
  deepFreeze(graph.ignoredParameters);
  Object.freeze(graph.components);
  Object.freeze(graph.edges);
  Object.freeze(graph);
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  for (const child of Object.values(value)) deepFreeze(child);
  Object.freeze(value);
}

export type ComponentChanges = { added: string[]; removed: string[]; updated: string[] };

/** Which components a generation added, removed or changed against the one before (all added when there was none). */
export function diffFingerprints(before: ReadonlyMap<string, string> | null, after: ReadonlyMap<string, string>): ComponentChanges {
  const added: string[] = [];
  const updated: string[] = [];
  for (const [id, print] of after) {
    const old = before?.get(id);
    if (old === undefined) added.push(id);
    else if (old !== print) updated.push(id);
  }
  const removed = before ? [...before.keys()].filter((id) => !after.has(id)) : [];
  return { added: added.sort(), removed: removed.sort(), updated: updated.sort() };
}
