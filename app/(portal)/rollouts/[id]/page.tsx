import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { RolloutPage } from '@/components/rollouts/rollout-page';
import { getCurrentUser } from '@/lib/auth/current-user';
import { rolloutIdFromSegment } from '@/lib/changes/rollout-id';
import { isAppError } from '@/lib/model/errors';
import { getServices } from '@/lib/server/services';

export const metadata: Metadata = { title: 'Rollout' };
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

// Looked up on the server so an unknown rollout is a real 404 (the page itself loads its data in the browser, and live events keep it moving).
export default async function RolloutRoute({ params }: Props) {
  const id = rolloutIdFromSegment((await params).id);
  if (!id) notFound();
  const user = await getCurrentUser();
  if (!user) redirect('/signin');
  const { rollouts } = await getServices();
  try {
    await rollouts.view(user, id);
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') notFound();
    // Anything else (the store is down) is for the page to explain.
  }
  return <RolloutPage id={id} />;
}
