/**
 * Every identifying scalar (lib/changes/identifying-values.ts) of every
 * component's config and runtime, indexed once per graph, so a simulation
 * finds the stale copies of a changed field's old value (ARCHITECTURE.md §6)
 * without walking the estate: exact lookup by normalised value, and for
 * CIDR ranges the ranges inside one (a binary search over range starts,
 * then only what lies inside) and the ranges holding it (one map lookup per
 * shorter prefix length). Ranges are stored by their network, so they are
 * aligned: two of them either nest or are apart, never partly overlap.
 * 10,000 components index in a few hundred milliseconds. Pure.
 */
import type { Component } from '@/lib/model/graph';
import type { StaleCopyMatch } from '@/lib/model/consequences';
import { isJsonObject, type JsonValue } from '@/lib/model/json';
import { ADDRESS_BITS, identifyingValue, maskAddress, stopWordsWith, type Cidr, type IpVersion } from './identifying-values';

export type ValueOccurrence = {
  componentId: string;
  document: 'config' | 'runtime';
  /** JSON path in the document, as lib/json/diff-json.ts writes it (`allowed_cidrs[0]`, `a.b`, `["odd key"]`). */
  path: string;
  /** The value as text, as written. */
  value: string;
};

export type ValueMatch = { occurrence: ValueOccurrence; match: StaleCopyMatch };

/** A document to index: a component's config or runtime. */
export type IndexedDocument = { componentId: string; document: 'config' | 'runtime'; value: JsonValue | null };

export type ValueIndex = {
  /** How many identifying leaves are indexed. */
  size: number;
  /** COMMON_WORDS plus the indexed estate's environment names and component types (lowercase): what identifies nothing here. */
  stopWords: ReadonlySet<string>;
  /** Whether `value` identifies something in this estate. */
  isIdentifying(value: JsonValue | undefined): boolean;
  /** The leaves holding the same identifying value (normalised); empty for a value that identifies nothing. */
  exact(value: JsonValue): readonly ValueOccurrence[];
  /** The ranges and addresses lying inside `range`, not counting the same range. */
  inside(range: Cidr): ValueOccurrence[];
  /** The ranges holding `range`, the same range included (`same`). */
  holding(range: Cidr): Array<{ occurrence: ValueOccurrence; same: boolean }>;
  /**
   * Every leaf holding `value`: the same value (`exact`); for a CIDR range,
   * also the ranges inside it (`inside`) and holding it (`overlaps`); a bare
   * address matches itself only.
   */
  matches(value: JsonValue): ValueMatch[];
};

type RangeEntry = { start: bigint; prefix: number; occurrence: ValueOccurrence };

type RangeTable = {
  /** By start, then prefix length (wider first). */
  sorted: RangeEntry[];
  /** Prefix length → network start → occurrences. */
  byPrefix: Array<Map<bigint, ValueOccurrence[]>>;
};

function emptyTable(version: IpVersion): RangeTable {
  return { sorted: [], byPrefix: Array.from({ length: ADDRESS_BITS[version] + 1 }, () => new Map()) };
}

const IDENTIFIER_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** The path of `key` under `parent`, in the syntax of formatPath (lib/model/json.ts); the root is ''. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (IDENTIFIER_KEY.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

/** The segments of a path written by formatPath: `a.b[0]["odd key"]` → ['a', 'b', 0, 'odd key']; `$` → []. */
export function pathSegments(path: string): Array<string | number> {
  const segments: Array<string | number> = [];
  if (path === '$' || path === '') return segments;
  let i = 0;
  while (i < path.length) {
    if (path[i] === '.') i++;
    if (path[i] === '[') {
      if (path[i + 1] === '"') {
        // A JSON string: find its closing quote (escaped quotes are skipped).
        let j = i + 2;
        while (j < path.length && path[j] !== '"') j += path[j] === '\\' ? 2 : 1;
        segments.push(JSON.parse(path.slice(i + 1, j + 1)) as string);
        i = j + 2;
      } else {
        const close = path.indexOf(']', i);
        segments.push(Number(path.slice(i + 1, close)));
        i = close + 1;
      }
      continue;
    }
    let j = i;
    while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
    segments.push(path.slice(i, j));
    i = j;
  }
  return segments;
}

/** The value at a formatPath path, or undefined. */
export function valueAtPath(document: JsonValue | null | undefined, path: string): JsonValue | undefined {
  let node: JsonValue | undefined = document ?? undefined;
  for (const segment of pathSegments(path)) {
    if (typeof segment === 'number') node = Array.isArray(node) ? node[segment] : undefined;
    else node = isJsonObject(node) && Object.hasOwn(node, segment) ? node[segment] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

function lowerBound(sorted: RangeEntry[], start: bigint): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].start < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Indexes the identifying leaves of `documents`; `stopWords` (lowercase) on top of COMMON_WORDS. */
export function indexValues(documents: Iterable<IndexedDocument>, options: { stopWords?: ReadonlySet<string> } = {}): ValueIndex {
  const stopWords = options.stopWords ?? stopWordsWith([]);
  const byKey = new Map<string, ValueOccurrence[]>();
  const tables: Record<IpVersion, RangeTable> = { 4: emptyTable(4), 6: emptyTable(6) };
  let size = 0;

  const add = (componentId: string, document: 'config' | 'runtime', path: string, leaf: JsonValue) => {
    const id = identifyingValue(leaf, stopWords);
    if (!id) return;
    const occurrence: ValueOccurrence = { componentId, document, path: path || '$', value: id.text };
    size++;
    const list = byKey.get(id.key);
    if (list) list.push(occurrence);
    else byKey.set(id.key, [occurrence]);
    if (id.cidr) {
      const table = tables[id.cidr.version];
      table.sorted.push({ start: id.cidr.start, prefix: id.cidr.prefix, occurrence });
      const byStart = table.byPrefix[id.cidr.prefix];
      const same = byStart.get(id.cidr.start);
      if (same) same.push(occurrence);
      else byStart.set(id.cidr.start, [occurrence]);
    }
  };

  const walk = (componentId: string, document: 'config' | 'runtime', node: JsonValue, path: string) => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) walk(componentId, document, node[i], `${path}[${i}]`);
    } else if (isJsonObject(node)) {
      for (const key in node) walk(componentId, document, node[key], childPath(path, key));
    } else {
      add(componentId, document, path, node);
    }
  };

  for (const { componentId, document, value } of documents) {
    if (value !== null) walk(componentId, document, value, '');
  }
  for (const table of Object.values(tables)) table.sorted.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.prefix - b.prefix));

  const inside = (range: Cidr): ValueOccurrence[] => {
    const { sorted } = tables[range.version];
    const found: ValueOccurrence[] = [];
    for (let i = lowerBound(sorted, range.start); i < sorted.length && sorted[i].start <= range.end; i++) {
      // Aligned ranges starting inside lie inside when they are no wider; a wider one starting here holds the range instead.
      if (sorted[i].prefix > range.prefix) found.push(sorted[i].occurrence);
    }
    return found;
  };

  const holding = (range: Cidr): Array<{ occurrence: ValueOccurrence; same: boolean }> => {
    const { byPrefix } = tables[range.version];
    const found: Array<{ occurrence: ValueOccurrence; same: boolean }> = [];
    for (let prefix = 1; prefix <= range.prefix; prefix++) {
      for (const occurrence of byPrefix[prefix].get(maskAddress(range.version, range.start, prefix)) ?? []) found.push({ occurrence, same: prefix === range.prefix });
    }
    return found;
  };

  const exact = (value: JsonValue): readonly ValueOccurrence[] => {
    const id = identifyingValue(value, stopWords);
    return id ? (byKey.get(id.key) ?? []) : [];
  };

  return {
    size,
    stopWords,
    isIdentifying: (value) => identifyingValue(value, stopWords) !== null,
    exact,
    inside,
    holding,
    matches(value) {
      const id = identifyingValue(value, stopWords);
      if (!id) return [];
      if (!id.cidr || id.cidr.isAddress) return (byKey.get(id.key) ?? []).map((occurrence) => ({ occurrence, match: 'exact' as const }));
      return [
        ...holding(id.cidr).map(({ occurrence, same }) => ({ occurrence, match: same ? ('exact' as const) : ('overlaps' as const) })),
        ...inside(id.cidr).map((occurrence) => ({ occurrence, match: 'inside' as const })),
      ];
    },
  };
}

/** The documents of a graph's components: each config and runtime that parsed. */
export function* componentDocuments(components: readonly Component[]): Iterable<IndexedDocument> {
  for (const c of components) {
    if (c.config !== null) yield { componentId: c.id, document: 'config', value: c.config };
    if (c.runtime !== null) yield { componentId: c.id, document: 'runtime', value: c.runtime };
  }
}

/** The value index of an estate: every component's config and runtime, its environment names and component types as stop words. */
export function indexEstateValues(components: readonly Component[]): ValueIndex {
  const words = new Set<string>();
  for (const c of components) {
    words.add(c.env);
    words.add(c.type);
  }
  return indexValues(componentDocuments(components), { stopWords: stopWordsWith(words) });
}
