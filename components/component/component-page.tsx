'use client';

import Link from 'next/link';
import { Banner } from '@/components/ui/banner';
import { ButtonLink } from '@/components/ui/button';
import type { Role } from '@/lib/auth/roles';
import { componentPath } from '@/lib/client/api-fetch';
import { useComponent } from '@/lib/client/use-component';
import type { ComponentResponse } from '@/lib/model/api';
import type { ComponentLineage } from '@/lib/model/component-lineage';
import { ComponentDetails } from './component-details';
import { ComponentHeader } from './component-header';
import { LineageSection } from './lineage-section';

/** The full page of one component (`/components/<encoded id>`); the server page has checked it exists. */
export function ComponentPage({ id, role, initialData, initialLineage }: { id: string; role: Role; initialData: ComponentResponse; initialLineage?: ComponentLineage }) {
  const component = useComponent(id, { initialData });
  const data = component.data ?? initialData;
  const link = (other: string) => (
    <Link href={`/components/${componentPath(other)}`} className="font-mono text-[13px] text-indigo-700 hover:underline">
      {other}
    </Link>
  );
  const graphHref = (params: string) => `/?${params}`;
  return (
    <div className="mx-auto w-full max-w-7xl space-y-6 px-4 py-5 sm:px-6" data-testid="component-page" data-component-id={id}>
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/" className="hover:text-slate-800 hover:underline">
          Graph
        </Link>
        <span aria-hidden> / </span>
        <span className="font-mono text-slate-700">{id}</span>
      </nav>
      {data.stale && (
        <Banner tone="warning" title="From the last good graph">
          The graph store is not answering; this may be out of date.
        </Banner>
      )}
      <ComponentHeader
        component={data.component}
        role={role}
        titleAs="h1"
        actions={
          <>
            <ButtonLink href={graphHref(`focus=${encodeURIComponent(id)}&selected=${encodeURIComponent(id)}`)} size="sm" data-testid="show-in-graph">
              Show in graph
            </ButtonLink>
            <ButtonLink href={`/drift/${componentPath(id)}`} size="sm" variant="ghost">
              Drift details
            </ButtonLink>
          </>
        }
      />
      <LineageSection id={id} initialData={initialLineage} />
      <ComponentDetails data={data} link={link} layout="page" />
    </div>
  );
}
