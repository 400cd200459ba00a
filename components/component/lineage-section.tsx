'use client';

import { Banner } from '@/components/ui/banner';
import { SkeletonLines } from '@/components/ui/skeleton';
import { useComponentLineage } from '@/lib/client/use-component-lineage';
import type { ComponentLineage } from '@/lib/model/component-lineage';
import { LineageChainView } from './lineage-chain';
import { LineageTimeline } from './lineage-timeline';
import { Section } from './section';
import { VersionHistory } from './version-history';
import { useVersionReverts } from './version-reverts';

/**
 * The component page's infrastructure memory (GET /api/components/<id>/lineage):
 * the live runtime's lineage as a chain, and — beside the documents — the
 * config history with a revert per version and the whole timeline.
 */

function LoadError({ error }: { error: Error }) {
  return (
    <Banner tone="error" title="The lineage could not be loaded">
      {error.message}
    </Banner>
  );
}

export function LineageSection({ id, initialData }: { id: string; initialData?: ComponentLineage }) {
  const lineage = useComponentLineage(id, { initialData });
  return (
    <Section title="Lineage" testId="component-lineage">
      {lineage.isPending && <SkeletonLines lines={3} />}
      {lineage.error && <LoadError error={lineage.error} />}
      {lineage.data && (
        <div className="space-y-2">
          <LineageChainView chain={lineage.data.chain} />
          {lineage.data.notes.length > 0 && (
            <ul className="list-disc space-y-0.5 pl-5 text-xs text-slate-600" data-testid="lineage-notes">
              {lineage.data.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Section>
  );
}

/** The config history with "Revert to version N", then the timeline; the page's right column. */
export function HistoryAndTimeline({ id, deployedVersion, hasConfig }: { id: string; deployedVersion: number | null; hasConfig: boolean }) {
  const lineage = useComponentLineage(id);
  const reverts = useVersionReverts(id, lineage.data);
  return (
    <>
      <Section title="Config history" testId="component-history" id="component-history">
        <VersionHistory id={id} deployedVersion={deployedVersion} hasConfig={hasConfig} action={reverts.action} />
        {reverts.status}
      </Section>
      <Section title="Timeline" count={lineage.data?.timeline.length} testId="component-timeline">
        {lineage.isPending && <SkeletonLines lines={4} />}
        {lineage.error && <LoadError error={lineage.error} />}
        {lineage.data && <LineageTimeline entries={lineage.data.timeline} />}
      </Section>
    </>
  );
}
