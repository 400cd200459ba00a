'use client';

import { useEffect, useRef, useState } from 'react';
import { Banner } from '@/components/ui/banner';
import { Button, ButtonLink } from '@/components/ui/button';
import { LoadingRegion, SkeletonLines, Skeleton } from '@/components/ui/skeleton';
import type { Role } from '@/lib/auth/roles';
import { ApiError, componentPath } from '@/lib/client/api-fetch';
import { useComponent } from '@/lib/client/use-component';
import { ComponentDetails } from './component-details';
import { ComponentHeader } from './component-header';
import { PathPicker } from './path-picker';

/**
 * The side panel of the graph view for the selected component. Links to
 * other components select them here (the graph stays); "Open page" goes to
 * the full page; "Show path to…" picks another component for a path view.
 * Escape or the close button closes it (the explorer owns Escape); focus
 * moves into the panel when it opens.
 */
export function ComponentPanel({
  id,
  role,
  isFocused,
  onClose,
  onFocus,
  onSelect,
  onShowPath,
}: {
  id: string;
  role: Role;
  isFocused: boolean;
  onClose: () => void;
  onFocus: () => void;
  onSelect: (id: string) => void;
  /** Shows the dependency paths between this component and `to`. */
  onShowPath: (to: string) => void;
}) {
  const component = useComponent(id);
  const heading = useRef<HTMLDivElement>(null);
  const [pickingFor, setPickingFor] = useState<string | null>(null);
  const isPicking = pickingFor === id;
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, [id]);

  const link = (other: string) => (
    <button type="button" onClick={() => onSelect(other)} className="truncate text-left font-mono text-[13px] text-indigo-700 hover:underline" title={`Show ${other}`}>
      {other}
    </button>
  );

  return (
    <aside
      aria-label={`Component ${id}`}
      className="flex w-[26rem] max-w-[45vw] shrink-0 flex-col border-l border-slate-200 bg-white shadow-[-4px_0_12px_-8px_rgba(15,23,42,0.25)]"
      data-testid="component-panel"
      data-component-id={id}
    >
      <div ref={heading} tabIndex={-1} className="flex items-center gap-2 border-b border-slate-200 px-4 py-2 outline-none">
        <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">Component</p>
        <div className="ml-auto flex items-center gap-1">
          <ButtonLink href={`/components/${componentPath(id)}`} size="sm" variant="ghost" data-testid="open-component-page">
            Open page
          </ButtonLink>
          <Button size="sm" variant="ghost" onClick={onClose} aria-label="Close the panel (Escape)" data-testid="close-panel">
            ✕
          </Button>
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto px-4 py-3">
        {component.isPending && (
          <LoadingRegion label="Loading the component">
            <div className="space-y-4">
              <Skeleton className="h-6 w-2/3" />
              <SkeletonLines lines={3} />
              <SkeletonLines lines={5} />
            </div>
          </LoadingRegion>
        )}
        {component.error && (
          <Banner
            tone={component.error instanceof ApiError && component.error.status === 404 ? 'warning' : 'error'}
            title={component.error instanceof ApiError && component.error.status === 404 ? `No component ${id}` : 'The component could not be loaded'}
          >
            {component.error.message}
          </Banner>
        )}
        {component.data && (
          <div className="space-y-5">
            {component.data.stale && (
              <Banner tone="warning" title="From the last good graph">
                The graph store is not answering; this may be out of date.
              </Banner>
            )}
            <ComponentHeader
              component={component.data.component}
              role={role}
              actions={
                <>
                  {!isFocused && (
                    <Button size="sm" onClick={onFocus} data-testid="focus-component">
                      Focus on it
                    </Button>
                  )}
                  <Button size="sm" variant="ghost" onClick={() => setPickingFor(isPicking ? null : id)} aria-expanded={isPicking} data-testid="show-path">
                    Show path to…
                  </Button>
                </>
              }
            />
            {isPicking && (
              <PathPicker
                from={id}
                onClose={() => setPickingFor(null)}
                onPick={(to) => {
                  setPickingFor(null);
                  onShowPath(to);
                }}
              />
            )}
            <ComponentDetails data={component.data} link={link} layout="panel" />
          </div>
        )}
      </div>
    </aside>
  );
}
