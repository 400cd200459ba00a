'use client';

import { useCallback, useEffect, useMemo, useState } from 'react';
import { ComponentPanel } from '@/components/component/component-panel';
import type { Role } from '@/lib/auth/roles';
import { ApiError } from '@/lib/client/api-fetch';
import { useComponent } from '@/lib/client/use-component';
import { useGraph } from '@/lib/client/use-graph';
import { useRollout } from '@/lib/client/use-rollouts';
import type { RolloutMemberState } from '@/lib/model/rollout';
import { useSearch } from '@/lib/client/use-search';
import { focusRoles } from '@/lib/graph/layout/focus-roles';
import type { SearchMatch } from '@/lib/model/api';
import type { DiffHighlight, GraphHighlights } from './apply-highlights';
import { DiffPanel } from './diff-panel';
import { downloadBlob, exportName, viewExport } from './export-view';
import { FocusBar } from './focus-bar';
import { GraphCanvas } from './graph-canvas';
import type { GraphCanvasHandle } from './graph-canvas-client';
import { GraphLegend } from './graph-legend';
import { GraphMinimap, MINIMAP_MIN_COMPONENTS } from './graph-minimap';
import { GraphSearch } from './graph-search';
import { GraphSkeleton } from './graph-skeleton';
import { EmptyGraph, GraphErrorBanner, MissingComponent, NoPath, StaleBanner } from './graph-status';
import { GraphToolbar } from './graph-toolbar';
import { GroupBar } from './group-bar';
import { PastPanel } from './past-panel';
import { PathBar } from './path-bar';
import { RolloutBar } from './rollout-bar';
import { TimeBanner } from './time-banner';
import { TimeTravelBar, type SetTime } from './time-travel-bar';
import { toElements } from './to-elements';
import { useViewState } from './use-view-state';
import { EMPTY_VIEW, graphQuery, viewSearch } from './view-state';

/**
 * The graph page: URL state → server-filtered graph → drawing, with search,
 * focus, the path view, legend, export and the component panel, and time
 * travel (`at=`: the graph as it was, read only; `compare=`: what changed,
 * drawn and listed). Everything derived from data is memoised on the data
 * object, so a re-render that changes nothing redraws nothing.
 */
export function GraphExplorer({ role }: { role: Role }) {
  const [view, setView] = useViewState();
  const queryKey = JSON.stringify(graphQuery(view));
  const query = useMemo(() => JSON.parse(queryKey) as ReturnType<typeof graphQuery>, [queryKey]);
  const graph = useGraph(query);
  // A past view or a comparison: nothing proposes or edits, the panel and bars read only what the answer holds.
  const isHistory = view.at !== null || view.compare !== null;
  // The comparison's list is of the whole view (filters, no focus or path), so focusing on an entry keeps the list.
  const listQuery = useMemo(() => ({ ...query, focus: undefined, hops: undefined, siblings: undefined, path: undefined }), [query]);
  const listed = useGraph(JSON.stringify(listQuery) === queryKey ? query : listQuery, { enabled: view.compare !== null });
  // The bar stays open once used (sliding to now keeps it), and opens by itself on a link to the past.
  const [isTimeOpen, setTimeOpen] = useState(isHistory);
  const time = useMemo(() => ({ at: view.at, compare: view.compare }), [view.at, view.compare]);
  const setTime = useCallback<SetTime>(
    (next, options) => {
      setTimeOpen(true);
      setView((v) => ({ ...v, at: next.at, compare: next.compare }), options);
    },
    [setView],
  );
  const backToNow = useCallback(() => setView((v) => ({ ...v, at: null, compare: null })), [setView]);
  // The filter menus' values; asked for once the graph is in, so it never competes with it.
  const facets = useSearch('', { enabled: graph.data !== undefined });
  const search = useSearch(view.q, { enabled: view.q.trim() !== '' });
  const [canvas, setCanvas] = useState<GraphCanvasHandle | null>(null);
  const [layoutNote, setLayoutNote] = useState<string | null>(null);

  const data = graph.data;
  const elements = useMemo(() => (data ? toElements(data) : null), [data]);
  const inView = useMemo(() => new Set(data?.nodes.map((n) => n.id) ?? []), [data]);
  const focus = useMemo(() => (view.focus && data ? focusRoles(view.focus, data.edges, view.hops) : null), [view.focus, view.hops, data]);
  // How far the focused component reaches at any depth (the panel's "in all"); shared with the panel's query.
  const focused = useComponent(isHistory ? null : view.focus);
  // The answer for this path only (a previous view's stays on screen while the new one loads).
  const paths = view.path && data?.paths?.from === view.path[0] && data.paths.to === view.path[1] ? data.paths : undefined;
  const pathHighlight = useMemo(
    () => (paths && data ? { elements: new Set([...data.nodes.map((n) => n.id), ...data.edges.map((e) => e.id)]), ends: [paths.from, paths.to] } : null),
    [paths, data],
  );
  const searchData = search.data;
  const matches = useMemo(() => {
    const text = view.q.trim();
    if (!text || !searchData || searchData.query !== text) return null;
    return new Set(searchData.matches.map((m) => m.id).filter((id) => inView.has(id)));
  }, [view.q, searchData, inView]);
  const centerOn = useMemo(() => (matches ? [...matches].sort() : []), [matches]);
  // `?rollout=`: its members' states, read again as live events bring its transitions.
  const rollout = useRollout(isHistory ? null : view.rollout);
  const rolloutView = rollout.data && view.rollout && rollout.data.rollout.id.endsWith(view.rollout) ? rollout.data : undefined;
  const rolloutStates = useMemo(() => (rolloutView ? new Map<string, RolloutMemberState>(rolloutView.rollout.members.map((m) => [m.componentId, m.state])) : null), [rolloutView]);
  const rolloutHidden = rolloutStates ? [...rolloutStates.keys()].filter((id) => !inView.has(id)).length : 0;
  const diff = data?.diff;
  const diffHighlight = useMemo<DiffHighlight | null>(
    () =>
      diff
        ? {
            added: new Set([...diff.added, ...diff.edgesAdded.map((e) => e.id)]),
            removed: new Set([...diff.removed, ...diff.edgesRemoved.map((e) => e.id)]),
            changed: new Set(diff.changed.map((c) => c.id)),
          }
        : null,
    [diff],
  );
  const highlights = useMemo<GraphHighlights>(
    () => ({ matches, focus, selected: view.selected, path: pathHighlight, rollout: rolloutStates, diff: diffHighlight }),
    [matches, focus, view.selected, pathHighlight, rolloutStates, diffHighlight],
  );

  // Grouping: what the canvas folds, what the user opened, and the components never folded (the focus, a path's ends).
  const expandKey = view.expand.join(',');
  const grouping = useMemo(() => ({ mode: view.group, expand: expandKey ? expandKey.split(',') : [] }), [view.group, expandKey]);
  // A rollout's members never fold into a group either: each shows its own state. The set of members is fixed, so this lays out once.
  const rolloutMembers = rolloutStates ? [...rolloutStates.keys()].sort().join(',') : '';
  const keepKey = [view.path ? view.path.join(',') : (view.focus ?? ''), rolloutMembers].filter(Boolean).join(',');
  const keep = useMemo(() => (keepKey ? keepKey.split(',') : []), [keepKey]);
  const expandGroup = useCallback((id: string) => setView((v) => ({ ...v, expand: [...new Set([...v.expand, id])].sort() })), [setView]);
  const collapseGroup = useCallback((id: string) => setView((v) => ({ ...v, expand: v.expand.filter((x) => x !== id) })), [setView]);

  const select = useCallback((id: string | null) => setView((v) => ({ ...v, selected: id })), [setView]);
  const focusOn = useCallback((id: string) => setView((v) => ({ ...v, focus: id, selected: id, path: null })), [setView]);
  const showPath = useCallback((from: string, to: string) => setView((v) => ({ ...v, path: [from, to], focus: null, selected: from })), [setView]);
  const pick = useCallback(
    (match: SearchMatch) => setView((v) => (inView.has(match.id) ? { ...v, selected: match.id } : { ...v, focus: match.id, selected: match.id, path: null })),
    [inView, setView],
  );

  // Escape closes the panel (menus and the search list stop the key before it gets here).
  useEffect(() => {
    if (!view.selected) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) setView((v) => ({ ...v, selected: null }));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [view.selected, setView]);

  const exportPng = async () => {
    if (!canvas) return;
    downloadBlob(await canvas.png(), `${exportName(new Date())}.png`);
  };
  const exportJson = () => {
    if (!canvas || !data) return;
    const body = viewExport(data, canvas.positions(), window.location.href, new Date());
    downloadBlob(new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' }), `${exportName(new Date())}.json`);
  };

  const hasFilters = view.env.length + view.type.length + view.status.length > 0;
  const isFiltered = hasFilters || view.focus !== null;
  const isEmpty = data !== undefined && data.nodes.length === 0;
  // A focus or path on an id that is no component: the API's 404 names it.
  const missing = graph.error instanceof ApiError && graph.error.status === 404 && (view.focus || view.path) ? graph.error.message : null;
  // A moment the API refused (`at=yesterday` from a hand-made link): said in the time banner, not as a failed load.
  const timeError = isHistory && graph.error instanceof ApiError && graph.error.status === 400 ? graph.error.message : null;
  const showError = graph.error && !missing && !timeError;
  const listDiff = view.compare !== null ? listed.data?.diff : undefined;
  const clearView = () => setView((v) => ({ ...v, focus: null, path: null }));

  return (
    <div className="flex h-[calc(100dvh-3rem)] min-h-[480px] flex-col" data-testid="graph-explorer">
      <h1 className="sr-only">Infrastructure graph</h1>
      <GraphToolbar
        view={view}
        setView={setView}
        facets={facets.data?.facets}
        canExport={canvas !== null && !isEmpty}
        onExportPng={() => void exportPng()}
        onExportJson={exportJson}
        isTimeTravelOpen={isTimeOpen || isHistory}
        onTimeTravel={() => (isHistory ? backToNow() : setTimeOpen((open) => !open))}
        search={
          <GraphSearch
            value={view.q}
            onChange={(q) => setView((v) => ({ ...v, q }), { replace: true })}
            result={searchData}
            isSearching={search.isFetching}
            inView={inView}
            onPick={pick}
          />
        }
      />
      {(isTimeOpen || isHistory) && <TimeTravelBar time={time} onTime={setTime} canCompare onClose={() => setTimeOpen(false)} />}
      {view.focus && (
        <FocusBar
          focus={view.focus}
          hops={view.hops}
          siblings={view.siblings}
          roles={missing ? null : focus}
          shownIds={inView}
          reach={focused.data?.component.id === view.focus ? focused.data.reach : undefined}
          onHops={(hops) => setView((v) => ({ ...v, hops }))}
          onSiblings={(siblings) => setView((v) => ({ ...v, siblings }))}
          onClear={clearView}
        />
      )}
      {view.path && !missing && <PathBar path={view.path} paths={paths} isFiltered={hasFilters} onClear={clearView} />}
      {view.rollout && !isHistory && (
        <RolloutBar id={view.rollout} view={rolloutView} error={rollout.error} hiddenCount={rolloutHidden} onClear={() => setView((v) => ({ ...v, rollout: null }))} />
      )}
      {(isHistory || showError || data?.stale || layoutNote) && (
        <div className="space-y-2 border-b border-slate-200 bg-white px-4 py-2">
          {isHistory && <TimeBanner time={time} backHref={`/${viewSearch({ ...view, at: null, compare: null })}`} onBack={backToNow} error={timeError} what="The graph" />}
          {showError && <GraphErrorBanner error={graph.error} onRetry={() => void graph.refetch()} />}
          {data?.stale && <StaleBanner syncedAt={data.syncedAt} />}
          {layoutNote && <p className="text-xs text-slate-600">{layoutNote}</p>}
        </div>
      )}
      <div className="flex min-h-0 flex-1">
        {listDiff && listed.data && <DiffPanel diff={listDiff} nodes={listed.data.nodes} focus={view.focus} onFocus={focusOn} />}
        <div className="relative min-w-0 flex-1 bg-slate-50">
          {/* Mounted from the start, so cytoscape loads while the graph data is on its way. */}
          {!isEmpty && !graph.error && (
            <GraphCanvas
              graph={elements}
              isPending={graph.isPlaceholderData}
              layout={view.layout}
              renderer={view.renderer}
              grouping={grouping}
              keep={keep}
              highlights={highlights}
              centerOn={centerOn}
              isFocusView={view.focus !== null || view.path !== null}
              onSelect={select}
              onFocus={focusOn}
              onExpand={expandGroup}
              onReady={setCanvas}
              onLayoutNote={setLayoutNote}
            />
          )}
          {/* Only while an answer or the renderer is on its way: an empty answer mounts no canvas, so it must not wait for one. */}
          {(!data || !canvas) && !isEmpty && !graph.error && <GraphSkeleton />}
          {missing && <MissingComponent message={missing} onClear={clearView} />}
          {isEmpty && view.path && <NoPath from={view.path[0]} to={view.path[1]} isFiltered={hasFilters} onClear={clearView} />}
          {isEmpty && !view.path && <EmptyGraph isFiltered={isFiltered} onClear={() => setView({ ...EMPTY_VIEW, layout: view.layout })} />}
          {elements && !isEmpty && (
            <>
              <p className="pointer-events-none absolute top-2 left-3 rounded bg-white/80 px-2 py-0.5 text-xs text-slate-600" data-testid="graph-counts">
                {elements.componentCount} component{elements.componentCount === 1 ? '' : 's'} · {elements.edgeCount} reference{elements.edgeCount === 1 ? '' : 's'}
                {elements.ghostCount > 0 && ` · ${elements.ghostCount} missing`}
                {graph.isFetching && ' · updating…'}
              </p>
              <GroupBar mode={view.group} expand={grouping.expand} onMode={(group) => setView((v) => ({ ...v, group, expand: [] }))} onCollapse={collapseGroup} />
              <GraphLegend nodes={data!.nodes} isFocused={focus !== null} rollout={rolloutStates} />
              {canvas && elements.componentCount >= MINIMAP_MIN_COMPONENTS && <GraphMinimap core={canvas.core()} />}
              {canvas && (
                <div className="absolute right-3 bottom-3 z-10 flex flex-col overflow-hidden rounded-md border border-slate-200 bg-white shadow-sm">
                  <button type="button" className="px-2.5 py-1 text-xs text-slate-700 hover:bg-slate-100" onClick={() => canvas.fit()} title="Fit the graph to the screen (0)">
                    Fit
                  </button>
                </div>
              )}
            </>
          )}
        </div>
        {view.selected && isHistory && <PastPanel id={view.selected} data={data} onClose={() => select(null)} onFocus={() => focusOn(view.selected!)} onSelect={select} />}
        {view.selected && !isHistory && (
          <ComponentPanel
            id={view.selected}
            role={role}
            isFocused={view.focus === view.selected}
            onClose={() => select(null)}
            onFocus={() => focusOn(view.selected!)}
            onSelect={select}
            onShowPath={(to) => showPath(view.selected!, to)}
          />
        )}
      </div>
    </div>
  );
}
