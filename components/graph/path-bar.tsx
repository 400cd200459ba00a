'use client';

import { Button } from '@/components/ui/button';
import type { DependencyPaths } from '@/lib/graph/find-paths';
import { noPathText } from './graph-status';
import { plural, ViewId } from './view-bar';

/** `2 shortest paths, 3 hops: A → x → B`, from the API's answer (its first listed path). */
export function pathSummary(paths: DependencyPaths): string | null {
  if (paths.hops === null || paths.paths.length === 0) return null;
  const count = paths.total === 1 ? '1 shortest path' : `${paths.total} shortest paths`;
  return `${count}, ${plural(paths.hops, 'hop')}: ${paths.paths[0].join(' → ')}`;
}

function directionText({ from, to, direction }: DependencyPaths): string {
  if (direction === 'forward') return `${from} depends on ${to}`;
  if (direction === 'backward') return `${to} depends on ${from}`;
  return `${from} and ${to} depend on each other (a cycle)`;
}

/**
 * Shown in a path view (`?path=A,B`): which two components, what the server
 * found (how many shortest paths, how long, the first of them; the others on
 * request), or that there is none either way, and a way out.
 */
export function PathBar({
  path: [from, to],
  paths,
  isFiltered,
  onClear,
}: {
  path: [string, string];
  /** The answer for this path; undefined while it loads. */
  paths: DependencyPaths | undefined;
  isFiltered: boolean;
  onClear: () => void;
}) {
  const summary = paths ? pathSummary(paths) : null;
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1.5 border-b border-slate-200 bg-emerald-50/60 px-4 py-1.5 text-sm" data-testid="path-bar">
      <p className="min-w-0">
        <span className="text-slate-600">Path between </span>
        <ViewId id={from} testId="path-from" />
        <span className="text-slate-600"> and </span>
        <ViewId id={to} testId="path-to" />
      </p>
      <div className="min-w-0 text-xs text-slate-700" aria-live="polite">
        {!paths ? (
          <p>Looking for the shortest paths…</p>
        ) : summary ? (
          <>
            <p className="font-medium" data-testid="path-summary">
              {summary}
            </p>
            <p className="text-slate-600" data-testid="path-direction">
              {directionText(paths)}
              {paths.total > paths.paths.length && ` · ${paths.paths.length} of them drawn`}
            </p>
            {paths.paths.length > 1 && (
              <details className="mt-0.5">
                <summary className="cursor-pointer text-indigo-700">All {paths.paths.length} drawn</summary>
                <ol className="mt-1 list-decimal space-y-0.5 pl-5 font-mono text-[11px]" data-testid="path-list">
                  {paths.paths.map((ids) => (
                    <li key={ids.join(' ')}>{ids.join(' → ')}</li>
                  ))}
                </ol>
              </details>
            )}
          </>
        ) : (
          <p className="font-medium" data-testid="path-summary">
            {noPathText(paths.from, paths.to, isFiltered)}
          </p>
        )}
      </div>
      <Button size="sm" variant="ghost" onClick={onClear} className="ml-auto">
        Show the whole graph
      </Button>
    </div>
  );
}
