import type { ReactNode } from 'react';

/** A message across the top of a view: what happened, and what to do about it. */
export type BannerTone = 'info' | 'warning' | 'error' | 'success';

const TONE: Record<BannerTone, { box: string; icon: string; glyph: string }> = {
  info: { box: 'border-sky-200 bg-sky-50 text-sky-900', icon: 'text-sky-600', glyph: 'i' },
  warning: { box: 'border-amber-200 bg-amber-50 text-amber-950', icon: 'text-amber-600', glyph: '!' },
  error: { box: 'border-red-200 bg-red-50 text-red-900', icon: 'text-red-600', glyph: '×' },
  success: { box: 'border-green-200 bg-green-50 text-green-900', icon: 'text-green-600', glyph: '✓' },
};

export function Banner({ tone = 'info', title, children, action, testId }: { tone?: BannerTone; title: ReactNode; children?: ReactNode; action?: ReactNode; testId?: string }) {
  const style = TONE[tone];
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} data-testid={testId} className={`flex items-start gap-3 rounded-md border px-3 py-2 text-sm ${style.box}`}>
      <span aria-hidden className={`mt-0.5 flex h-4 w-4 shrink-0 items-center justify-center rounded-full border border-current text-[10px] font-bold ${style.icon}`}>
        {style.glyph}
      </span>
      <div className="min-w-0 flex-1">
        <p className="font-medium">{title}</p>
        {children && <div className="mt-0.5 text-[13px] opacity-90">{children}</div>}
      </div>
      {action && <div className="shrink-0">{action}</div>}
    </div>
  );
}
