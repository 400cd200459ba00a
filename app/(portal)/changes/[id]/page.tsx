import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ChangeReview } from '@/components/changes/change-review';
import { changeIdFromSegment } from '@/lib/changes/change-id';

export const metadata: Metadata = { title: 'Change request' };
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ submitted?: string }> };

export default async function ChangePage({ params, searchParams }: Props) {
  const [{ id: segment }, { submitted }] = await Promise.all([params, searchParams]);
  const id = changeIdFromSegment(segment);
  if (!id) notFound();
  return <ChangeReview id={id} isJustSubmitted={submitted === '1'} />;
}
