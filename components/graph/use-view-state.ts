'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { isMeaningfulChange, parseViewState, viewSearch, type ViewState } from './view-state';

export type SetView = (update: ViewState | ((current: ViewState) => ViewState), options?: { replace?: boolean }) => void;

/*
 * The address bar is the store: writes go through the browser's history API
 * (no server round trip; Next's router is told through its pushState
 * integration), reads subscribe to the location directly, so back/forward
 * re-render at once even when several history steps come in quick
 * succession. On the server, Next's search params stand in.
 */
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const readSearch = () => window.location.search;

export function useViewState(): [ViewState, SetView] {
  const serverParams = useSearchParams();
  const pathname = usePathname();
  const search = useSyncExternalStore(subscribe, readSearch, () => `?${serverParams.toString()}`);
  const view = useMemo(() => parseViewState(new URLSearchParams(search)), [search]);
  const setView = useCallback<SetView>(
    (update, options = {}) => {
      // Read the live URL, not a render's snapshot: two updates in one tick must compose.
      const current = parseViewState(new URLSearchParams(window.location.search));
      const next = typeof update === 'function' ? update(current) : update;
      const url = `${pathname}${viewSearch(next)}`;
      if (url === `${window.location.pathname}${window.location.search}`) return;
      const shouldReplace = options.replace ?? !isMeaningfulChange(current, next);
      if (shouldReplace) window.history.replaceState(null, '', url);
      else window.history.pushState(null, '', url);
      listeners.forEach((listener) => listener());
    },
    [pathname],
  );
  return [view, setView];
}
