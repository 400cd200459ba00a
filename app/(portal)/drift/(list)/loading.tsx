import { DriftTableSkeleton } from '@/components/drift/drift-skeleton';

export default function DriftLoading() {
  return (
    <div className="mx-auto w-full max-w-7xl px-6 py-6">
      <DriftTableSkeleton />
    </div>
  );
}
