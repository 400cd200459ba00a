import type { ReactNode } from 'react';

/** A titled block of the component panel / page, with an optional count and actions. */
export function Section({
  title,
  count,
  actions,
  children,
  testId,
  id,
}: {
  title: string;
  count?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
  /** An anchor for links to it (`#component-history`). */
  id?: string;
}) {
  return (
    <section className="scroll-mt-4 space-y-2" data-testid={testId} aria-label={title} id={id}>
      <div className="flex items-center gap-2">
        <h2 className="text-sm font-semibold text-slate-800">
          {title}
          {count !== undefined && <span className="ml-1.5 font-normal text-slate-500">{count}</span>}
        </h2>
        {actions && <div className="ml-auto flex items-center gap-1">{actions}</div>}
      </div>
      {children}
    </section>
  );
}
