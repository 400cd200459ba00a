/**
 * What a change (one component, or a change set) does to the rest of the
 * estate, dependent by dependent (ARCHITECTURE.md §6; the types are in
 * lib/model/consequences.ts):
 *
 * 1. Which outputs of each changed component change. A changed config field
 *    changes the output its field mirror names (built in or `fieldMirrors`),
 *    the runtime output of the same name as its top-level key, and the
 *    outputs its type's `derivedOutputs` map lists. A field in none of these
 *    changes no output when its type has a `derivedOutputs` map; without one
 *    it *may* change any (output null, source `unmapped`): a consumer is told
 *    to redeploy, never silently left alone. Everything a new component
 *    outputs is new; everything a removed one output goes away.
 * 2. What each direct dependent reads of the changed components it refers
 *    to: a reference by parameter path to the provider's runtime reads all
 *    its outputs (one, when the path names it: `…/runtime/vpc_id`); to its
 *    config, the config itself (any change counts); any other reference reads
 *    all outputs unless `consumes` in the settings narrows it for the
 *    consumer's type and the provider's. It must redeploy when it reads an
 *    output that changes. A dependent reached only through another dependent
 *    (depth ≥ 2) reads nothing of the changed component: unaffected.
 * 3. Stale copies: the old value of every changed field that identifies
 *    something (lib/changes/identifying-values.ts) looked up in the value
 *    index (lib/changes/value-index.ts) across the whole estate, every
 *    environment, dependents or not: the same value, and for a CIDR the
 *    ranges inside, holding or overlapping it. The changed components count
 *    by their proposed configs (so a set that also fixes the copy leaves no
 *    stale copy there), never by their runtimes (step 1 covers those); a
 *    changed field is no copy of itself, and a range the change writes is
 *    none for lying inside or around an old one (only the old value itself
 *    counts there).
 *
 * Linear in the blast radius and the size of the change: nothing here walks
 * the estate, and reasons and paths are only written out for the dependents
 * listed (CONSEQUENCES_LISTED). Pure.
 */
import type { FieldChange } from '@/lib/json/diff-json';
import { parameterPathPattern } from '@/lib/graph/extract-references';
import type { Reached } from '@/lib/graph/graph-index';
import { CONSEQUENCES_LISTED, VERDICTS, type ChangedOutput, type Consequences, type DependentConsequence, type StaleCopy, type Verdict } from '@/lib/model/consequences';
import type { Edge } from '@/lib/model/graph';
import { parseComponentId, type ComponentKey } from '@/lib/model/ids';
import { isJsonObject, type JsonObject, type JsonPrimitive, type JsonValue } from '@/lib/model/json';
import { identifyingValue } from './identifying-values';
import type { SimulationIndex } from './simulation-index';
import { childPath, indexValues, pathSegments, valueAtPath, type ValueMatch } from './value-index';

export type ProposedChange = {
  id: string;
  env: string;
  type: string;
  nickname: string;
  action: 'update' | 'create' | 'remove';
  /** The current config; null for a new component (or one whose config is not JSON). */
  before: JsonValue | null;
  /** The proposed config; null when the component is removed. */
  after: JsonObject | null;
  /** diffJson(before, after). */
  diff: readonly FieldChange[];
};

export type ConsequencesInput = {
  index: SimulationIndex;
  changes: readonly ProposedChange[];
  /** Every transitive dependent of any change, each at its smallest depth with the references from a changed component. */
  dependents: ReadonlyMap<string, Reached>;
};

/** What one dependent reads of one changed component, over all its references to it. */
type Read = {
  provider: ProposedChange;
  /** Where the dependent refers to it. */
  paths: string[];
  /** Every output (true), or only `outputs`. */
  readsAll: boolean;
  outputs: Set<string>;
  /** Narrowed by the settings' `consumes`. */
  narrowed: boolean;
  /** Parameter paths of the provider's config it reads. */
  configPaths: string[];
  /** The changed outputs it reads; config readers of a changed config get none listed but must redeploy. */
  consumed: ChangedOutput[];
  readsChangedConfig: boolean;
};

type Assessed = {
  id: string;
  reached: Reached;
  /** Its references to changed components; empty for one reached through another dependent. */
  reads: Read[];
  mustRedeploy: boolean;
  verdict: Verdict;
};

const VERDICT_ORDER: Record<Verdict, number> = { must_redeploy: 0, stale_copy: 1, unaffected: 2 };

/** The first `k` of `items` in `compare` order, without sorting all of them (a bounded heap: linear in the items for a fixed k). */
export function firstInOrder<T>(items: Iterable<T>, k: number, compare: (a: T, b: T) => number): T[] {
  // A max-heap of the k smallest seen so far: the root is the largest of them.
  const heap: T[] = [];
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compare(heap[i], heap[parent]) <= 0) return;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let largest = i;
      if (left < heap.length && compare(heap[left], heap[largest]) > 0) largest = left;
      if (right < heap.length && compare(heap[right], heap[largest]) > 0) largest = right;
      if (largest === i) return;
      [heap[i], heap[largest]] = [heap[largest], heap[i]];
      i = largest;
    }
  };
  if (k <= 0) return [];
  for (const item of items) {
    if (heap.length < k) {
      heap.push(item);
      up(heap.length - 1);
    } else if (compare(item, heap[0]) < 0) {
      heap[0] = item;
      down(0);
    }
  }
  return heap.sort(compare);
}

/** A settings table's entry, never one inherited from Object.prototype (a type named `constructor`). */
function own<T>(table: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return table !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One path lies at or under the other (`cidr` and `cidr`, `azs` and `azs[2]`, `dns` and `dns.zone_name`). */
function related(a: ReadonlyArray<string | number>, b: ReadonlyArray<string | number>): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (String(a[i]) !== String(b[i])) return false;
  return true;
}

/** Output names compare by their dotted segments: `dns` is read by a consumer of `dns.zone_name` and the other way round. */
function relatedOutputs(a: string, b: string): boolean {
  return a === b || related(a.split('.'), b.split('.'));
}

function changedOutputsOf(change: ProposedChange, index: SimulationIndex): ChangedOutput[] {
  const componentId = change.id;
  if (change.action === 'create') return [{ componentId, output: null, field: '$', source: 'new' }];
  if (change.action === 'remove') return [{ componentId, output: null, field: '$', source: 'unmapped' }];
  const { fieldMirrors, derivedOutputs } = index.impactRules;
  const mirrors = Object.entries(own(fieldMirrors, change.type) ?? {}).map(([field, output]) => ({ field, segments: field.split('.'), output }));
  const derivedTable = own(derivedOutputs, change.type) ?? null;
  const derived = Object.entries(derivedTable ?? {}).map(([field, outputs]) => ({ field, segments: field.split('.'), outputs }));
  const mirrored = new Set(mirrors.map((m) => m.field));
  const runtime = index.graph.component(componentId)?.runtime ?? null;

  const found = new Map<string, ChangedOutput>();
  const add = (output: string | null, field: string, source: ChangedOutput['source']) => {
    const key = output ?? `\0${field}`;
    if (!found.has(key)) found.set(key, { componentId, output, field, source });
  };
  for (const { path } of change.diff) {
    const segments = pathSegments(path);
    const top = segments.length > 0 ? String(segments[0]) : '$';
    let isKnown = false;
    for (const mirror of mirrors) {
      if (!related(segments, mirror.segments)) continue;
      add(mirror.output, mirror.field, 'mirror');
      isKnown = true;
    }
    // The same-name output, unless a mirror places this key's output elsewhere (as drift reads mirrors).
    if (segments.length > 0 && isJsonObject(runtime) && Object.hasOwn(runtime, top) && !mirrored.has(top)) {
      add(top, top, 'same-name');
      isKnown = true;
    }
    for (const entry of derived) {
      if (!related(segments, entry.segments)) continue;
      for (const output of entry.outputs) add(output, entry.field, 'derived');
      isKnown = true;
    }
    if (!isKnown && derivedTable === null) add(null, top, 'unmapped');
  }
  return [...found.values()];
}

type OldValue = { change: ProposedChange; fieldPath: string; path: string; old: JsonPrimitive; new: JsonPrimitive | null };

function isScalar(value: JsonValue | undefined): value is JsonPrimitive {
  return value === null || (typeof value !== 'object' && value !== undefined);
}

type Segments = Array<string | number>;

/** Every scalar leaf under `node`, by its segments below it. */
function leaves(node: JsonValue, segments: Segments, out: Array<{ segments: Segments; value: JsonPrimitive }>): void {
  if (Array.isArray(node)) node.forEach((item, i) => leaves(item, [...segments, i], out));
  else if (isJsonObject(node)) for (const key of Object.keys(node)) leaves(node[key], [...segments, key], out);
  else out.push({ segments, value: node });
}

function below(node: JsonValue | undefined, segments: Segments): JsonValue | undefined {
  for (const segment of segments) {
    if (typeof segment === 'number') node = Array.isArray(node) ? node[segment] : undefined;
    else node = isJsonObject(node) && Object.hasOwn(node, segment) ? node[segment] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** The old scalar values a change replaces or removes: changed and removed leaves, and the leaves of changed or removed arrays and objects that differ. */
function oldValuesOf(change: ProposedChange): OldValue[] {
  const out: OldValue[] = [];
  for (const entry of change.diff) {
    if (entry.kind === 'added') continue;
    const after = entry.kind === 'changed' ? entry.after : undefined;
    if (isScalar(entry.before)) {
      out.push({ change, fieldPath: entry.path, path: entry.path, old: entry.before, new: isScalar(after) ? after : null });
      continue;
    }
    const found: Array<{ segments: Segments; value: JsonPrimitive }> = [];
    leaves(entry.before, [], found);
    const base = entry.path === '$' ? '' : entry.path;
    for (const leaf of found) {
      const now = below(after, leaf.segments);
      if (now === leaf.value) continue;
      const path = leaf.segments.reduce<string>((parent, key) => childPath(parent, key), base) || '$';
      out.push({ change, fieldPath: entry.path, path, old: leaf.value, new: isScalar(now) ? now : null });
    }
  }
  return out;
}

/** `path` is `field` or lies under it. */
function isUnder(path: string, field: string): boolean {
  const inner = pathSegments(path);
  const outer = pathSegments(field);
  return inner.length >= outer.length && related(inner, outer);
}

const text = (value: JsonPrimitive) => (typeof value === 'string' ? value : JSON.stringify(value));

function findStaleCopies(index: SimulationIndex, changes: readonly ProposedChange[], changeById: ReadonlyMap<string, ProposedChange>): StaleCopy[] {
  const { values } = index;
  const olds = changes.flatMap(oldValuesOf).filter((o) => {
    const old = identifyingValue(o.old, values.stopWords);
    // A change of spelling only (`Tidepool.Example` → `tidepool.example`) leaves nothing stale.
    return old !== null && (o.new === null || identifyingValue(o.new, values.stopWords)?.key !== old.key);
  });
  if (olds.length === 0) return [];
  // The changed components are looked at as proposed: a small index of their new configs.
  const proposed = indexValues(
    changes.flatMap((c) => (c.after === null ? [] : [{ componentId: c.id, document: 'config' as const, value: c.after }])),
    { stopWords: values.stopWords },
  );
  const copies: StaleCopy[] = [];
  const seen = new Set<string>();
  const keep = (old: OldValue, { occurrence, match }: ValueMatch) => {
    const at = `${occurrence.componentId}\0${occurrence.document}\0${occurrence.path}`;
    if (seen.has(at)) return;
    seen.add(at);
    copies.push({
      componentId: occurrence.componentId,
      ...keyOf(index, changeById, occurrence.componentId),
      document: occurrence.document,
      path: occurrence.path,
      value: occurrence.value,
      of: { componentId: old.change.id, path: old.path, oldValue: text(old.old), newValue: old.new === null ? null : text(old.new) },
      match,
    });
  };
  // What each member writes (added and changed paths): a range written by the change is no stale copy for lying inside or around an old one.
  const written = new Map(changes.map((c) => [c.id, c.diff.filter((d) => d.kind !== 'removed').map((d) => d.path)]));
  const isWritten = (id: string, path: string) => written.get(id)?.some((field) => isUnder(path, field)) ?? false;
  for (const old of olds) {
    const elsewhere = values.matches(old.old).filter((found) => !changeById.has(found.occurrence.componentId));
    if (isSharedLabel(old.old, elsewhere)) continue;
    for (const found of elsewhere) keep(old, found);
    for (const found of proposed.matches(old.old)) {
      const { componentId, path } = found.occurrence;
      if (componentId === old.change.id && isUnder(path, old.fieldPath)) continue;
      if (found.match !== 'exact' && isWritten(componentId, path)) continue;
      keep(old, found);
    }
  }
  return copies;
}

/** More components than this holding the same plain name make it a label the estate shares (an owner, a project tag), not an identity. */
export const SHARED_LABEL_COMPONENTS = 10;

/**
 * A plain word-like name (no dots, colons or slashes: not a hostname, ARN,
 * path or range) that more than SHARED_LABEL_COMPONENTS components hold:
 * `tags.Owner = platform` in every config says nothing about what a change
 * leaves stale.
 */
function isSharedLabel(old: JsonPrimitive, matches: readonly ValueMatch[]): boolean {
  if (typeof old !== 'string' || !/^[A-Za-z0-9_-]+$/.test(old.trim()) || /^-?\d+$/.test(old.trim())) return false;
  const holders = new Set(matches.map((m) => m.occurrence.componentId));
  return holders.size > SHARED_LABEL_COMPONENTS;
}

function keyOf(index: SimulationIndex, changeById: ReadonlyMap<string, ProposedChange>, id: string): ComponentKey {
  const component = index.graph.component(id) ?? changeById.get(id);
  if (component) return { env: component.env, type: component.type, nickname: component.nickname };
  return parseComponentId(id) ?? { env: '?', type: '?', nickname: id };
}

/** What the reference `edge` (a param-path to its runtime or config, or any other) reads of the provider. */
function readOfEdge(
  index: SimulationIndex,
  edge: Edge,
  consumerConfig: JsonValue | null,
  env: string,
  patterns: Map<string, RegExp>,
): { config: string } | { output: string } | 'all' {
  if (edge.rule !== 'param-path') return 'all';
  const value = valueAtPath(consumerConfig, edge.path);
  if (typeof value !== 'string') return 'all';
  let pattern = patterns.get(env);
  if (!pattern) patterns.set(env, (pattern = parameterPathPattern(index.prefixes.get(env) ?? '/iac')));
  const match = pattern.exec(value);
  if (!match) return 'all';
  const [, type, nickname, kind] = match;
  if (kind === 'config') return { config: value };
  const marker = `/${type}/${nickname}/runtime/`;
  const at = value.indexOf(marker);
  const output = at < 0 ? '' : value.slice(at + marker.length).split('/')[0];
  return output ? { output } : 'all';
}

const NO_READS: Read[] = [];

function assessReads(
  index: SimulationIndex,
  id: string,
  changeById: ReadonlyMap<string, ProposedChange>,
  outputsById: ReadonlyMap<string, ChangedOutput[]>,
  patterns: Map<string, RegExp>,
): Read[] {
  let byProvider: Map<string, Read> | null = null;
  const consumer = index.graph.component(id);
  for (const edge of index.graph.outgoing(id)) {
    const provider = changeById.get(edge.to);
    if (!provider || edge.to === id) continue;
    byProvider ??= new Map();
    let read = byProvider.get(provider.id);
    if (!read) {
      read = { provider, paths: [], readsAll: false, outputs: new Set(), narrowed: false, configPaths: [], consumed: [], readsChangedConfig: false };
      byProvider.set(provider.id, read);
    }
    read.paths.push(edge.path);
    const what = readOfEdge(index, edge, consumer?.config ?? null, consumer?.env ?? provider.env, patterns);
    if (what === 'all') {
      const narrowed = consumer ? own(own(index.impactRules.consumes, consumer.type), provider.type) : undefined;
      if (narrowed) {
        read.narrowed = true;
        for (const output of narrowed) read.outputs.add(output);
      } else read.readsAll = true;
    } else if ('output' in what) read.outputs.add(what.output);
    else read.configPaths.push(what.config);
  }
  if (!byProvider) return NO_READS;
  for (const read of byProvider.values()) {
    const changed = outputsById.get(read.provider.id) ?? [];
    const outputs = [...read.outputs];
    const readsOutputs = read.readsAll || outputs.length > 0;
    read.consumed = readsOutputs ? changed.filter((o) => o.output === null || read.readsAll || outputs.some((name) => relatedOutputs(name, o.output!))) : [];
    read.readsChangedConfig = read.configPaths.length > 0 && (read.provider.diff.length > 0 || read.provider.action !== 'update');
  }
  return [...byProvider.values()];
}

const list = (items: readonly string[]) => items.join(', ');
const at = (paths: readonly string[]) => `at ${list(paths)}`;

function readReasons(read: Read, outputsById: ReadonlyMap<string, ChangedOutput[]>): { redeploy: string[]; unaffected: string[] } {
  const { provider } = read;
  const redeploy: string[] = [];
  const unaffected: string[] = [];
  if (read.readsChangedConfig) {
    redeploy.push(`Reads the config of ${provider.id} by parameter path (${list(read.configPaths)}, ${at(read.paths)}), and that config changes`);
  }
  const named = read.consumed.filter((o) => o.output !== null);
  const unknown = read.consumed.filter((o) => o.output === null);
  if (unknown.some((o) => o.source === 'new')) {
    redeploy.push(`Refers to ${provider.id} (${at(read.paths)}), which is new: its outputs appear once it is created`);
  } else if (provider.action === 'remove' && unknown.length > 0) {
    redeploy.push(`Refers to ${provider.id} (${at(read.paths)}), which is removed: its outputs go away`);
  } else if (unknown.length > 0) {
    const fields = unknown.map((o) => o.field);
    redeploy.push(
      `Reads ${provider.id} (${at(read.paths)}), whose outputs may change: ${list(fields)} change${fields.length === 1 ? 's' : ''}, and no derivedOutputs map for ${provider.type} in the settings says which outputs ${fields.length === 1 ? 'it feeds' : 'they feed'}`,
    );
  }
  if (named.length > 0) {
    const fields = [...new Set(named.map((o) => o.field))];
    redeploy.push(`Reads ${list(named.map((o) => o.output!))} of ${provider.id} (${at(read.paths)}), which change${named.length === 1 ? 's' : ''} with ${list(fields)}`);
  }
  if (redeploy.length === 0 && read.narrowed && !read.readsAll && read.outputs.size === 0) {
    unaffected.push(`Reads no output of ${provider.id} (${at(read.paths)}; settings consumes)`);
  } else if (redeploy.length === 0 && (read.readsAll || read.outputs.size > 0)) {
    const changed = (outputsById.get(provider.id) ?? []).flatMap((o) => (o.output === null ? [] : [o.output]));
    const outputs = [...read.outputs].sort(byText);
    const what = read.readsAll ? 'the outputs' : `${list(outputs)}${read.narrowed ? ' (settings consumes)' : ''}`;
    const stay = read.readsAll || outputs.length > 1 ? 'which stay the same' : 'which stays the same';
    unaffected.push(
      changed.length === 0
        ? `Reads ${what} of ${provider.id} (${at(read.paths)}), ${stay}: the change alters none of its outputs`
        : `Reads ${what} of ${provider.id} (${at(read.paths)}), ${stay}: the change alters ${list(changed)} only`,
    );
  } else if (redeploy.length === 0 && read.configPaths.length > 0) {
    unaffected.push(`Reads the config of ${provider.id} by parameter path (${at(read.paths)}), which stays the same`);
  }
  return { redeploy, unaffected };
}

function copyReason(copy: StaleCopy): string {
  const where = `Its ${copy.document} holds ${copy.value} at ${copy.path}`;
  const old = `${copy.of.componentId} ${copy.of.path} (${copy.of.oldValue}${copy.of.newValue === null ? ', removed' : ` → ${copy.of.newValue}`})`;
  if (copy.match === 'exact') return `${where}: the old value of ${old}`;
  if (copy.match === 'inside') return `${where}, inside the old value of ${old}`;
  return `${where}, overlapping the old value of ${old}`;
}

/** At most a few reasons about copies; the list has every one. */
function copyReasons(copies: readonly StaleCopy[]): string[] {
  const shown = copies.slice(0, 3).map(copyReason);
  if (copies.length > 3) shown.push(`… and ${copies.length - 3} more in its ${copies[0].document}`);
  return shown;
}

function compareCopies(a: StaleCopy, b: StaleCopy): number {
  return (
    byText(a.componentId, b.componentId) || byText(a.document, b.document) || byText(a.path, b.path) || byText(a.of.componentId, b.of.componentId) || byText(a.of.path, b.of.path)
  );
}

export function consequencesOf(input: ConsequencesInput): Consequences {
  return assessConsequences(input).consequences;
}

/**
 * The consequences, and every dependent that must redeploy (outside the
 * change itself), uncut: what a rollout plans its later waves from
 * (lib/changes/plan-rollout.ts), where the listed dependents stop at CONSEQUENCES_LISTED.
 */
export function assessConsequences({ index, changes, dependents }: ConsequencesInput): { consequences: Consequences; mustRedeploy: string[] } {
  const changeById = new Map(changes.map((c) => [c.id, c]));
  const outputsById = new Map(changes.map((c) => [c.id, changedOutputsOf(c, index)]));
  const changedOutputs = [...outputsById.values()].flat();

  const copies = findStaleCopies(index, changes, changeById);
  const copiesById = new Map<string, { config: StaleCopy[]; runtime: StaleCopy[] }>();
  for (const copy of copies) {
    let held = copiesById.get(copy.componentId);
    if (!held) copiesById.set(copy.componentId, (held = { config: [], runtime: [] }));
    held[copy.document].push(copy);
  }

  // Direct dependents first, so one reached through another can say whether that one must redeploy.
  const patterns = new Map<string, RegExp>();
  const assessed: Assessed[] = [];
  const byId = new Map<string, Assessed>();
  for (const [id, reached] of dependents) {
    const reads = assessReads(index, id, changeById, outputsById, patterns);
    const mustRedeploy = reads.some((r) => r.consumed.length > 0 || r.readsChangedConfig);
    const hasConfigCopy = (copiesById.get(id)?.config.length ?? 0) > 0;
    const entry: Assessed = { id, reached, reads, mustRedeploy, verdict: hasConfigCopy ? 'stale_copy' : mustRedeploy ? 'must_redeploy' : 'unaffected' };
    assessed.push(entry);
    byId.set(id, entry);
  }

  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const entry of assessed) if (entry.verdict !== 'stale_copy') counts[entry.verdict]++;
  for (const held of copiesById.values()) if (held.config.length > 0) counts.stale_copy++;

  const listed = firstInOrder(
    assessed,
    CONSEQUENCES_LISTED,
    (a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || a.reached.depth - b.reached.depth || byText(a.id, b.id),
  );
  const describe = (entry: Assessed): DependentConsequence => {
    const held = copiesById.get(entry.id) ?? { config: [], runtime: [] };
    const redeploy: string[] = [];
    const unaffected: string[] = [];
    for (const read of entry.reads) {
      const reasons = readReasons(read, outputsById);
      redeploy.push(...reasons.redeploy);
      unaffected.push(...reasons.unaffected);
    }
    if (entry.reads.length === 0) {
      const { via } = entry.reached;
      const changed = via[0]?.to ?? '?';
      const between = via.length > 0 ? via[via.length - 1].to : '?';
      const middle = byId.get(between);
      const state = middle?.mustRedeploy ? ', which must redeploy' : middle ? ', which need not redeploy' : '';
      unaffected.push(`Depends on ${changed} only through ${between}${state}; it reads nothing of ${changed} itself`);
    }
    const reasons = [...copyReasons(held.config), ...redeploy, ...(entry.mustRedeploy ? [] : unaffected), ...copyReasons(held.runtime)];
    return {
      id: entry.id,
      ...keyOf(index, changeById, entry.id),
      depth: entry.reached.depth,
      via: entry.reached.via.map(({ from, to, path }) => ({ from, to, path })),
      verdict: entry.verdict,
      reasons,
      mustRedeploy: entry.mustRedeploy,
      consumes: entry.reads.flatMap((r) => r.consumed),
      copies: [...held.config, ...held.runtime],
      isInSet: changeById.has(entry.id),
    };
  };

  const staleCopies = firstInOrder(copies, CONSEQUENCES_LISTED, compareCopies);
  const consequences: Consequences = {
    counts,
    changedOutputs,
    dependents: listed.map(describe),
    staleCopies,
    isTruncated: assessed.length > listed.length || copies.length > staleCopies.length,
  };
  return { consequences, mustRedeploy: assessed.filter((e) => e.mustRedeploy && !changeById.has(e.id)).map((e) => e.id) };
}
