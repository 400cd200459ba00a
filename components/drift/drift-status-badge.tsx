import { DRIFT_STYLE } from '@/components/ui/status-style';
import type { DriftStatus } from '@/lib/model/graph';

export function DriftStatusBadge({ status, size = 'sm', testId }: { status: DriftStatus; size?: 'sm' | 'md'; testId?: string }) {
  const style = DRIFT_STYLE[status];
  return (
    <span
      data-status={status}
      data-testid={testId}
      title={style.description}
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full font-medium ring-1 ring-inset ${style.badge} ${size === 'md' ? 'px-2.5 py-1 text-sm' : 'px-2 py-0.5 text-xs'}`}
    >
      <span aria-hidden className="h-1.5 w-1.5 rounded-full" style={{ backgroundColor: style.color }} />
      {style.label}
    </span>
  );
}
