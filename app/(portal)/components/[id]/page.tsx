import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { ComponentPage } from '@/components/component/component-page';
import { GoneComponentPage } from '@/components/component/gone-component-page';
import { getCurrentUser } from '@/lib/auth/current-user';
import type { ComponentResponse } from '@/lib/model/api';
import { isAppError } from '@/lib/model/errors';
import { decodeIdSegment, parseComponentId } from '@/lib/model/ids';
import { ComponentLineageService } from '@/lib/server/component-lineage-service';
import { getServices } from '@/lib/server/services';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeIdSegment((await params).id) };
}

const isNotFound = (error: unknown) => isAppError(error) && error.code === 'not_found';

// Read on the server so an unknown id is a real 404, and the page arrives with its data; a component that is gone shows its past.
export default async function ComponentRoute({ params }: Props) {
  const id = decodeIdSegment((await params).id);
  if (!parseComponentId(id)) notFound();
  const user = await getCurrentUser();
  if (!user) redirect('/signin');
  const services = await getServices();
  const lineage = new ComponentLineageService({ store: services.graphStore, history: services.history, graph: services.graph, configRepo: services.configRepo });
  let initialData: ComponentResponse;
  try {
    initialData = await services.graph.readComponentView(id);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    const past = await lineage.lineage(user, id).catch((cause: unknown) => {
      if (isNotFound(cause)) notFound();
      throw cause;
    });
    return <GoneComponentPage id={id} initialLineage={past} />;
  }
  // The page draws without it when the store cannot say (it loads it again in the browser).
  const initialLineage = await lineage.lineage(user, id).catch(() => undefined);
  return <ComponentPage id={id} role={user.role} initialData={initialData} initialLineage={initialLineage} />;
}
