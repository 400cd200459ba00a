import { LoadingRegion, Skeleton } from '@/components/ui/skeleton';

/** A stand-in for the graph while data or the renderer load: a few ghost nodes in columns. */
export function GraphSkeleton({ label = 'Loading the graph' }: { label?: string }) {
  const columns = [3, 5, 4, 6, 3];
  return (
    <div className="absolute inset-0 flex items-center justify-center" data-testid="graph-skeleton">
      <LoadingRegion label={label}>
        <div className="flex items-center gap-16">
          {columns.map((count, column) => (
            <div key={column} className="flex flex-col items-center gap-6">
              {Array.from({ length: count }, (_, row) => (
                <div key={row} className="flex flex-col items-center gap-1.5">
                  <Skeleton className="h-7 w-7" />
                  <Skeleton className="h-2 w-14" />
                </div>
              ))}
            </div>
          ))}
        </div>
        <p className="mt-8 text-center text-sm text-slate-500">{label}…</p>
      </LoadingRegion>
    </div>
  );
}
