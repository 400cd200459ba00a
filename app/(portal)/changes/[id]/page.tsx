import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { ChangeReview } from '@/components/changes/change-review';
import { getCurrentUser } from '@/lib/auth/current-user';
import { changeIdFromSegment } from '@/lib/changes/change-id';
import { may } from '@/lib/changes/policy';
import { isAppError } from '@/lib/model/errors';
import { getServices } from '@/lib/server/services';

export const metadata: Metadata = { title: 'Change request' };
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ submitted?: string }> };

// Looked up on the server so an unknown request is a real 404 (the page itself loads its data in the browser).
export default async function ChangePage({ params, searchParams }: Props) {
  const [{ id: segment }, { submitted }] = await Promise.all([params, searchParams]);
  const id = changeIdFromSegment(segment);
  if (!id) notFound();
  const user = await getCurrentUser();
  if (!user) redirect('/signin');
  const { changes } = await getServices();
  try {
    await changes.getOrThrow(user, id);
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') notFound();
    // Anything else (the store is down) is for the page to explain.
  }
  return <ChangeReview id={id} isJustSubmitted={submitted === '1'} mayPropose={may(user, 'propose')} />;
}
