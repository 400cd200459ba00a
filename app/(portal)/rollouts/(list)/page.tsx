import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { RolloutsList } from '@/components/rollouts/rollouts-list';
import { getCurrentUser } from '@/lib/auth/current-user';

export const metadata: Metadata = { title: 'Rollouts' };
export const dynamic = 'force-dynamic';

export default async function RolloutsPage() {
  const user = await getCurrentUser();
  if (!user) redirect('/signin?callbackUrl=/rollouts');
  // The filter lives in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <RolloutsList />
    </Suspense>
  );
}
