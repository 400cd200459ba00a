/** Placeholder while drift loads: the shape of the page, no content. */
export function DriftTableSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading drift" className="animate-pulse space-y-3">
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-7">
        {Array.from({ length: 7 }, (_, i) => (
          <div key={i} className="h-16 rounded-lg bg-slate-200/70" />
        ))}
      </div>
      <div className="h-8 w-1/2 rounded bg-slate-200/70" />
      <div className="space-y-1 rounded-lg border border-slate-200 bg-white p-3">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="h-6 rounded bg-slate-100" />
        ))}
      </div>
    </div>
  );
}
