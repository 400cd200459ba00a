import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { ChangesList } from '@/components/changes/changes-list';
import { getCurrentUser } from '@/lib/auth/current-user';
import { may } from '@/lib/changes/policy';
import { getServices } from '@/lib/server/services';

export const metadata: Metadata = { title: 'Changes' };
export const dynamic = 'force-dynamic';

export default async function ChangesPage() {
  const user = await getCurrentUser();
  if (!user) redirect('/signin?callbackUrl=/changes');
  const { envs } = await (await getServices()).changes.knownNames();
  // The filters live in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <ChangesList envs={envs} userId={user.id} canPropose={may(user, 'propose')} />
    </Suspense>
  );
}
