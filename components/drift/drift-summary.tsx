'use client';

import { DRIFT_STYLE } from '@/components/ui/status-style';
import { DRIFT_PRECEDENCE, type StatusCounts } from '@/lib/model/drift';
import type { DriftStatus } from '@/lib/model/graph';

// Drifted statuses first (worst first), in sync last: the eye lands on what needs attention.
const ORDER: DriftStatus[] = [...DRIFT_PRECEDENCE.filter((s) => s !== 'in_sync'), 'in_sync'];

type Props = {
  byStatus: StatusCounts;
  selected: string[];
  onToggle: (status: DriftStatus) => void;
};

/** One card per status with its count; a card is also the status filter. */
export function DriftSummary({ byStatus, selected, onToggle }: Props) {
  const drifted = ORDER.filter((s) => s !== 'in_sync').reduce((n, s) => n + byStatus[s], 0);
  return (
    <section aria-label="Drift by status" className="space-y-2">
      <p className="text-sm text-slate-600" data-testid="drift-headline">
        {drifted === 0 ? 'Everything shown is in sync.' : `${drifted} component${drifted === 1 ? '' : 's'} drifted, ${byStatus.in_sync} in sync.`}
        <span className="ml-1 text-slate-500">Click a status to filter by it.</span>
      </p>
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-7">
        {ORDER.map((status) => {
          const style = DRIFT_STYLE[status];
          const isOn = selected.includes(status);
          return (
            <button
              key={status}
              type="button"
              aria-pressed={isOn}
              onClick={() => onToggle(status)}
              data-testid={`drift-count-${status}`}
              title={style.description}
              className={`group rounded-lg border bg-white px-3 py-2 text-left shadow-sm transition hover:border-slate-400 ${isOn ? 'border-slate-900 ring-2 ring-slate-900/10' : 'border-slate-200'} ${byStatus[status] === 0 && !isOn ? 'opacity-60' : ''}`}
            >
              <span className="flex items-center gap-1.5 text-xs font-medium text-slate-600">
                <span aria-hidden className="h-2 w-2 rounded-full" style={{ backgroundColor: style.color }} />
                {style.label}
              </span>
              <span className="mt-0.5 block text-2xl font-semibold tabular-nums text-slate-900">{byStatus[status]}</span>
            </button>
          );
        })}
      </div>
    </section>
  );
}
