import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ChangeDetail } from '@/components/changes/change-detail';
import { changeIdFromSegment } from '@/lib/changes/change-id';
import { getSettings } from '@/lib/server/settings';

export const metadata: Metadata = { title: 'Change request' };
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ submitted?: string }> };

export default async function ChangePage({ params, searchParams }: Props) {
  const [{ id: segment }, { submitted }] = await Promise.all([params, searchParams]);
  const id = changeIdFromSegment(segment);
  if (!id) notFound();
  return <ChangeDetail id={id} approvals={getSettings().file.approvals} isJustSubmitted={submitted === '1'} />;
}
