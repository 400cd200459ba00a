import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DriftPageClient } from '@/components/drift/drift-page-client';
import { DriftTableSkeleton } from '@/components/drift/drift-skeleton';

export const metadata: Metadata = { title: 'Drift' };

// The filters live in the URL (useSearchParams), which needs a Suspense boundary.
export default function DriftPage() {
  return (
    <Suspense
      fallback={
        <div className="mx-auto w-full max-w-7xl px-6 py-6">
          <DriftTableSkeleton />
        </div>
      }
    >
      <DriftPageClient />
    </Suspense>
  );
}
