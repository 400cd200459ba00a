import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { DriftDetailClient } from '@/components/drift/drift-detail-client';
import { getCurrentUser } from '@/lib/auth/current-user';
import { isAppError } from '@/lib/model/errors';
import { decodeIdSegment, parseComponentId } from '@/lib/model/ids';
import { getServices } from '@/lib/server/services';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Drift of ${decodeIdSegment((await params).id)}` };
}

// Looked up on the server so an unknown component is a real 404; the store being down is for the page to explain.
export default async function DriftDetailPage({ params }: Props) {
  const id = decodeIdSegment((await params).id);
  if (!parseComponentId(id)) notFound();
  const user = await getCurrentUser();
  if (!user) redirect('/signin');
  const { graph } = await getServices();
  try {
    await graph.readComponent(id);
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') notFound();
  }
  return <DriftDetailClient id={id} role={user.role} />;
}
