import type { Metadata } from 'next';
import { DriftDetailClient } from '@/components/drift/drift-detail-client';

type Props = { params: Promise<{ id: string }> };

/** The segment is one encodeURIComponent'd id (`prod%3Avpc%2Fmain`); decoding an already-decoded id is harmless. */
function decodeId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Drift of ${decodeId((await params).id)}` };
}

export default async function DriftDetailPage({ params }: Props) {
  return <DriftDetailClient id={decodeId((await params).id)} />;
}
