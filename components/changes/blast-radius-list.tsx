import Link from 'next/link';
import type { SimulationResult } from '@/lib/model/simulation';
import { componentHref } from './format';

/** What depends on the changed component: counts per env and type, then each dependent with how it is reached. */
export function BlastRadiusList({ blastRadius, componentId }: { blastRadius: SimulationResult['blastRadius']; componentId: string }) {
  if (blastRadius.total === 0) {
    return (
      <p className="text-sm text-slate-500" data-testid="blast-radius-empty">
        Nothing depends on {componentId}.
      </p>
    );
  }
  return (
    <div className="space-y-2" data-testid="blast-radius">
      <ul className="flex flex-wrap gap-1.5" aria-label="Dependents by environment and type">
        {blastRadius.groups.map((g) => (
          <li key={`${g.env}:${g.type}`} className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
            {g.env} · {g.type} <span className="font-semibold">{g.count}</span>
          </li>
        ))}
      </ul>
      <ol className="max-h-72 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200 text-sm">
        {blastRadius.components.map((entry) => (
          <li key={entry.id} className="px-3 py-1.5" data-testid="blast-radius-item" data-component-id={entry.id}>
            <div className="flex items-baseline justify-between gap-2">
              <Link href={componentHref(entry.id)} className="font-medium text-indigo-700 hover:underline">
                {entry.id}
              </Link>
              <span className="shrink-0 text-xs text-slate-500">{entry.depth === 1 ? 'direct' : `${entry.depth} hops`}</span>
            </div>
            {entry.depth > 1 && (
              <p className="truncate text-xs text-slate-500" title={entry.via.map((v) => `${v.from} (${v.path})`).join(' → ')}>
                via{' '}
                {entry.via
                  .slice(0, -1)
                  .map((v) => v.from)
                  .join(' → ')}
              </p>
            )}
            {entry.depth === 1 && <p className="text-xs text-slate-500">at {entry.via[0]?.path}</p>}
          </li>
        ))}
      </ol>
      {blastRadius.isTruncated && (
        <p className="text-xs text-slate-500">
          Showing the {blastRadius.components.length} nearest of {blastRadius.total}.
        </p>
      )}
    </div>
  );
}
