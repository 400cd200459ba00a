import type { Metadata } from 'next';
import { DriftDetailClient } from '@/components/drift/drift-detail-client';
import { decodeIdSegment } from '@/lib/model/ids';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Drift of ${decodeIdSegment((await params).id)}` };
}

export default async function DriftDetailPage({ params }: Props) {
  return <DriftDetailClient id={decodeIdSegment((await params).id)} />;
}
