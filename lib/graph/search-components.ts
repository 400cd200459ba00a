/**
 * Finds components by name, type or any value in their config or runtime
 * (a CIDR, a bucket name, an image tag), case-insensitively, and says which
 * field matched. The graph view only carries names, so this runs on the
 * server over the full documents. Pure.
 */
import type { FacetCount, SearchFacets, SearchMatch } from '@/lib/model/api';
import type { Component } from '@/lib/model/graph';
import { formatPath, isJsonObject, type JsonValue } from '@/lib/model/json';

export type SearchResult = { matches: SearchMatch[]; total: number };

const MAX_VALUE = 120;

function shorten(value: string): string {
  return value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE - 1)}…` : value;
}

/** The first leaf (depth first, keys in document order) whose text contains `needle`. */
function findLeaf(value: JsonValue, needle: string, segments: Array<string | number>): { path: string; text: string } | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findLeaf(value[i], needle, [...segments, i]);
      if (hit) return hit;
    }
    return null;
  }
  if (isJsonObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      const hit = findLeaf(child, needle, [...segments, key]);
      if (hit) return hit;
    }
    return null;
  }
  if (value === null) return null;
  const text = String(value);
  return text.toLowerCase().includes(needle) ? { path: formatPath(segments), text } : null;
}

/** Lower is better: exact name, name prefix, name or type substring, then document values. */
function matchOf(component: Component, needle: string): { rank: number; field: string; value: string } | null {
  const nickname = component.nickname.toLowerCase();
  if (nickname === needle || component.id.toLowerCase() === needle) return { rank: 0, field: 'nickname', value: component.nickname };
  if (nickname.startsWith(needle)) return { rank: 1, field: 'nickname', value: component.nickname };
  if (nickname.includes(needle)) return { rank: 2, field: 'nickname', value: component.nickname };
  if (component.type.toLowerCase().includes(needle)) return { rank: 3, field: 'type', value: component.type };
  if (component.id.toLowerCase().includes(needle)) return { rank: 4, field: 'id', value: component.id };
  const inConfig = component.config === null ? null : findLeaf(component.config, needle, []);
  if (inConfig) return { rank: 5, field: `config.${inConfig.path}`, value: shorten(inConfig.text) };
  // A config that is not JSON is still searchable as text.
  if (component.config === null && component.configRaw?.toLowerCase().includes(needle)) return { rank: 5, field: 'config', value: shorten(component.configRaw) };
  const inRuntime = component.runtime === null ? null : findLeaf(component.runtime, needle, []);
  if (inRuntime) return { rank: 6, field: `runtime.${inRuntime.path}`, value: shorten(inRuntime.text) };
  return null;
}

export function searchComponents(components: readonly Component[], query: string, { limit = 50 }: { limit?: number } = {}): SearchResult {
  const needle = query.trim().toLowerCase();
  if (!needle) return { matches: [], total: 0 };
  const found: Array<SearchMatch & { rank: number }> = [];
  for (const component of components) {
    const match = matchOf(component, needle);
    if (match) found.push({ id: component.id, env: component.env, type: component.type, nickname: component.nickname, field: match.field, value: match.value, rank: match.rank });
  }
  found.sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { matches: found.slice(0, limit).map(({ rank: _rank, ...match }) => match), total: found.length };
}

/** The environments and types there are, for filter menus, with their (env, type, status) counts. */
export function searchFacets(components: readonly Component[]): SearchFacets {
  const counts = new Map<string, FacetCount>();
  for (const { env, type, drift } of components) {
    const status = drift?.status ?? null;
    const key = JSON.stringify([env, type, status]);
    const row = counts.get(key);
    if (row) row.count += 1;
    else counts.set(key, { env, type, status, count: 1 });
  }
  return {
    envs: [...new Set(components.map((c) => c.env))].sort(),
    types: [...new Set(components.map((c) => c.type))].sort(),
    counts: [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row),
  };
}
