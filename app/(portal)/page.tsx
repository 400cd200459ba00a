import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { GraphExplorer } from '@/components/graph/graph-explorer';
import { GraphSkeleton } from '@/components/graph/graph-skeleton';
import { graphQuery, parseViewState } from '@/components/graph/view-state';
import { getCurrentUser } from '@/lib/auth/current-user';
import { graphSearch } from '@/lib/client/use-graph';

export const metadata: Metadata = { title: 'Graph' };
export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function GraphPage({ searchParams }: Props) {
  const user = await getCurrentUser();
  if (!user) redirect('/signin');
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) for (const v of [value ?? []].flat()) params.append(key, v);
  const graphUrl = `/api/graph${graphSearch(graphQuery(parseViewState(params)))}`;
  return (
    <>
      {/* The browser fetches the graph alongside the page's scripts instead of after hydration; the client's request reuses it. */}
      <link rel="preload" href={graphUrl} as="fetch" crossOrigin="anonymous" fetchPriority="high" />
      {/* The view state lives in the URL (useSearchParams), which needs a Suspense boundary. */}
      <Suspense
        fallback={
          <div className="relative h-[calc(100dvh-3rem)]">
            <GraphSkeleton />
          </div>
        }
      >
        <GraphExplorer role={user.role} />
      </Suspense>
    </>
  );
}
