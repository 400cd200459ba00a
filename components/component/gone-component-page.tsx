'use client';

import Link from 'next/link';
import { Banner } from '@/components/ui/banner';
import { useComponentLineage } from '@/lib/client/use-component-lineage';
import type { ComponentLineage } from '@/lib/model/component-lineage';
import { LineageSection } from './lineage-section';
import { LineageTimeline } from './lineage-timeline';
import { Section } from './section';

/** A component no longer in the estate, from what Karma recorded about it: its past is what is left to see. */
export function GoneComponentPage({ id, initialLineage }: { id: string; initialLineage: ComponentLineage }) {
  const lineage = useComponentLineage(id, { initialData: initialLineage });
  const data = lineage.data ?? initialLineage;
  return (
    <div className="mx-auto w-full max-w-7xl space-y-6 px-4 py-5 sm:px-6" data-testid="component-page" data-component-id={id} data-gone="true">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/" className="hover:text-slate-800 hover:underline">
          Graph
        </Link>
        <span aria-hidden> / </span>
        <span className="font-mono text-slate-700">{id}</span>
      </nav>
      <h1 className="font-mono text-lg font-semibold text-slate-900">{id}</h1>
      <Banner tone="warning" title="No longer in the estate">
        Its parameters are gone from SSM; below is what Karma recorded about it.
      </Banner>
      <LineageSection id={id} initialData={data} />
      <Section title="Timeline" count={data.timeline.length} testId="component-timeline">
        <LineageTimeline entries={data.timeline} />
      </Section>
    </div>
  );
}
