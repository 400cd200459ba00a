/**
 * The numbers beside the filter menus' options. Each menu counts its options
 * under the other menus' filters (the usual faceted-search rule), so ticking
 * an option draws as many components as it said: the Type menu counts within
 * the chosen environments and drift statuses, the Drift menu within the
 * chosen environments and types, the Env menu within the chosen types and
 * statuses. A focus or path view is not taken into account (the counts
 * cover the whole estate the filters let through). Pure.
 */
import type { FacetCount } from '@/lib/model/api';
import type { DriftStatus } from '@/lib/model/graph';

export type FacetFilters = { env: readonly string[]; type: readonly string[]; status: readonly DriftStatus[] };

export type FacetTotals = { env: Map<string, number>; type: Map<string, number>; status: Map<DriftStatus, number> };

const passes = (chosen: readonly string[], value: string | null) => chosen.length === 0 || (value !== null && chosen.includes(value));

export function facetTotals(counts: readonly FacetCount[], { env, type, status }: FacetFilters): FacetTotals {
  const totals: FacetTotals = { env: new Map(), type: new Map(), status: new Map() };
  const add = <K>(map: Map<K, number>, key: K, count: number) => map.set(key, (map.get(key) ?? 0) + count);
  for (const row of counts) {
    const isEnv = passes(env, row.env);
    const isType = passes(type, row.type);
    const isStatus = passes(status, row.status);
    if (isType && isStatus) add(totals.env, row.env, row.count);
    if (isEnv && isStatus) add(totals.type, row.type, row.count);
    if (isEnv && isType && row.status !== null) add(totals.status, row.status, row.count);
  }
  return totals;
}

/** A count as the menus show it: exact, with thousands grouped (`1,234`), so it can be checked against the graph's own count. */
export function formatCount(count: number): string {
  return Math.round(count).toLocaleString('en-US');
}
