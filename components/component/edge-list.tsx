import type { ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';
import type { Edge } from '@/lib/model/graph';

/**
 * Dependencies (edges out) or dependents (edges in) with the config field
 * each reference comes from. `link` renders the other end: a button that
 * selects it in the panel, or a link to its page.
 */
export function EdgeList({
  edges,
  direction,
  link,
  emptyText,
  testId,
}: {
  edges: Edge[];
  direction: 'out' | 'in';
  link: (id: string) => ReactNode;
  emptyText: string;
  testId: string;
}) {
  if (edges.length === 0)
    return (
      <p className="text-sm text-slate-500" data-testid={testId}>
        {emptyText}
      </p>
    );
  const sorted = [...edges].sort((a, b) => (direction === 'out' ? a.to.localeCompare(b.to) : a.from.localeCompare(b.from)) || a.path.localeCompare(b.path));
  return (
    <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white" data-testid={testId}>
      {sorted.map((edge) => {
        const other = direction === 'out' ? edge.to : edge.from;
        return (
          <li key={edge.id} className="px-3 py-1.5 text-sm" data-edge-id={edge.id}>
            <div className="flex min-w-0 items-center gap-2">
              <span className="min-w-0 truncate">{edge.dangling ? <span className="font-mono text-[13px] text-rose-800">{other}</span> : link(other)}</span>
              {edge.dangling && <Badge tone="bg-rose-50 text-rose-800 ring-rose-600/30">missing</Badge>}
            </div>
            <div className="mt-0.5 flex min-w-0 items-center gap-2 text-xs text-slate-500">
              <code className="truncate font-mono text-[12px] text-slate-700" title={edge.path}>
                {edge.path}
              </code>
              {edge.rule !== 'nickname' && <span className="shrink-0">via {edge.rule}</span>}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
