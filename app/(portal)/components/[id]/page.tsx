import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { ComponentPage } from '@/components/component/component-page';
import { getCurrentUser } from '@/lib/auth/current-user';
import type { ComponentResponse } from '@/lib/model/api';
import { isAppError } from '@/lib/model/errors';
import { decodeIdSegment, parseComponentId } from '@/lib/model/ids';
import { getServices } from '@/lib/server/services';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeIdSegment((await params).id) };
}

// Read on the server so an unknown id is a real 404, and the page arrives with its data.
export default async function ComponentRoute({ params }: Props) {
  const id = decodeIdSegment((await params).id);
  if (!parseComponentId(id)) notFound();
  const user = await getCurrentUser();
  if (!user) redirect('/signin');
  const { graph } = await getServices();
  let initialData: ComponentResponse;
  try {
    initialData = await graph.readComponentView(id);
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') notFound();
    throw error;
  }
  return <ComponentPage id={id} role={user.role} initialData={initialData} />;
}
