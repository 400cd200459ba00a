'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { CHANGE_STATUSES, type ChangeStatus } from '@/lib/model/change-request';
import type { ChangesQuery } from '@/lib/model/simulation';

type Key = keyof ChangesQuery;

/** The list's filters live in the URL (`/changes?status=open&env=prod&author=…`): shareable, and kept on reload. */
export function useChangesUrlState() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();

  const query = useMemo<ChangesQuery>(() => {
    const status = params
      .getAll('status')
      .flatMap((v) => v.split(','))
      .filter((s): s is ChangeStatus => (CHANGE_STATUSES as readonly string[]).includes(s));
    const one = (key: Exclude<Key, 'status'>) => params.get(key)?.trim() || undefined;
    return { status: status.length ? status : undefined, env: one('env'), component: one('component'), author: one('author') };
  }, [params]);

  const set = useCallback(
    (key: Key, value: string | string[] | undefined) => {
      const next = new URLSearchParams(params.toString());
      next.delete(key);
      for (const v of Array.isArray(value) ? value : value ? [value] : []) next.append(key, v);
      const text = next.toString();
      router.replace(text ? `${pathname}?${text}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );

  return { query, set };
}
