import type { ReactNode } from 'react';
import type { DriftSummary } from '@/lib/model/graph';
import { DRIFT_STYLE } from './status-style';

/** A small pill; `tone` is a Tailwind class set such as a palette entry's `badge`. */
export function Badge({
  tone = 'bg-slate-100 text-slate-700 ring-slate-500/30',
  title,
  children,
  testId,
}: {
  tone?: string;
  title?: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <span title={title} data-testid={testId} className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${tone}`}>
      {children}
    </span>
  );
}

/** A component's drift status; "Unknown" until drift has been computed for it. */
export function DriftBadge({ drift }: { drift: DriftSummary | undefined }) {
  if (!drift) {
    return (
      <Badge title="Drift has not been computed for this component" testId="drift-badge">
        <span aria-hidden className="h-2 w-2 rounded-full border border-dashed border-slate-400" />
        Unknown
      </Badge>
    );
  }
  const style = DRIFT_STYLE[drift.status];
  return (
    <Badge tone={style.badge} title={style.description} testId="drift-badge">
      <span aria-hidden className="h-2 w-2 rounded-full" style={{ backgroundColor: style.color }} />
      {style.label}
    </Badge>
  );
}
