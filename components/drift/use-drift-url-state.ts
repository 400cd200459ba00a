'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import type { DriftQuery } from '@/lib/model/drift';
import { DRIFT_STATUSES, type DriftStatus } from '@/lib/model/graph';

/**
 * The drift page's filters, sort and moment live in the URL (`/drift?env=prod&status=pending&sort=since&dir=desc&at=2026-07-01T00:00:00Z`),
 * so a filtered view can be shared, bookmarked and survives a reload. `at`: drift as it was then (kept as given, for the API to say what is wrong with a bad one).
 */
export const SORT_KEYS = ['status', 'component', 'env', 'since', 'changedBy'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';
type FilterKey = keyof Required<DriftQuery>;

function values(params: URLSearchParams, key: string): string[] {
  return params
    .getAll(key)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

export function useDriftUrlState() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();

  const state = useMemo(() => {
    const status = values(params, 'status').filter((s): s is DriftStatus => (DRIFT_STATUSES as readonly string[]).includes(s));
    const query: DriftQuery = { env: values(params, 'env'), type: values(params, 'type'), status };
    const sortParam = params.get('sort');
    const sort: SortKey = SORT_KEYS.find((k) => k === sortParam) ?? 'status';
    const dir: SortDirection = params.get('dir') === 'desc' ? 'desc' : 'asc';
    const at = params.get('at')?.trim() || null;
    return { query, sort, dir, at };
  }, [params]);

  const update = useCallback(
    (change: (next: URLSearchParams) => void) => {
      const next = new URLSearchParams(params.toString());
      change(next);
      const text = next.toString();
      router.replace(text ? `${pathname}?${text}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );

  const setFilter = useCallback(
    (key: FilterKey, list: string[]) =>
      update((next) => {
        next.delete(key);
        for (const value of list) next.append(key, value);
      }),
    [update],
  );

  const toggle = useCallback(
    (key: FilterKey, value: string) => {
      const current: string[] = state.query[key] ?? [];
      setFilter(key, current.includes(value) ? current.filter((v) => v !== value) : [...current, value]);
    },
    [setFilter, state.query],
  );

  /** Same column again flips the direction; a new column starts ascending (newest first for times). */
  const setSort = useCallback(
    (key: SortKey) =>
      update((next) => {
        const dir: SortDirection = state.sort === key ? (state.dir === 'asc' ? 'desc' : 'asc') : key === 'since' ? 'desc' : 'asc';
        next.set('sort', key);
        next.set('dir', dir);
      }),
    [state.dir, state.sort, update],
  );

  /** Moves to another moment (null: now); the rest of the view stays. */
  const setAt = useCallback(
    (at: string | null) =>
      update((next) => {
        if (at) next.set('at', at);
        else next.delete('at');
      }),
    [update],
  );

  const clearFilters = useCallback(() => update((next) => ['env', 'type', 'status'].forEach((k) => next.delete(k))), [update]);

  const hasFilters = (state.query.env?.length ?? 0) + (state.query.type?.length ?? 0) + (state.query.status?.length ?? 0) > 0;
  return { ...state, hasFilters, setFilter, toggle, setSort, setAt, clearFilters };
}
