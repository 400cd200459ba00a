'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import type { Role } from '@/lib/auth/roles';
import { ApiError, componentPath } from '@/lib/client/api-fetch';
import { useDriftDetail } from '@/lib/client/use-drift';
import { formatTime } from '@/lib/drift/format';
import { DriftErrorBanner, StaleBanner } from './drift-banner';
import { ConfigChangeView } from './config-change-view';
import { DriftStatusBadge } from './drift-status-badge';
import { GitComparisonView } from './git-comparison-view';
import { LineageTimeline } from './lineage-timeline';
import { MirroredFieldsTable } from './mirrored-fields-table';
import { PublishFromGit } from './publish-from-git';

function Section({ title, subtitle, children, testId }: { title: string; subtitle?: string; children: ReactNode; testId?: string }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid={testId}>
      <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
      {subtitle && <p className="mb-3 text-xs text-slate-500">{subtitle}</p>}
      <div className={subtitle ? '' : 'mt-3'}>{children}</div>
    </section>
  );
}

/** `role`: the signed-in user's, when the page knows it (the publish button hides for viewers; the server checks anyway). */
export function DriftDetailClient({ id, role }: { id: string; role?: Role }) {
  const { data, error, isPending, refetch } = useDriftDetail(id);
  const back = (
    <Link href="/drift" className="text-sm text-blue-700 hover:underline">
      ← All drift
    </Link>
  );

  if (error) {
    const isMissing = error instanceof ApiError && (error.status === 404 || error.status === 400);
    return (
      <div className="mx-auto w-full max-w-6xl space-y-4 px-6 py-6">
        {back}
        {isMissing ? (
          <div role="alert" className="rounded-lg border border-slate-200 bg-white px-4 py-6 text-sm text-slate-700">
            <p className="font-semibold text-slate-900">{error.status === 400 ? 'Not a component id' : `No component ${id}`}</p>
            <p className="mt-1">{error.status === 400 ? error.message : `${error.message}. It may have been removed since the last sync.`}</p>
          </div>
        ) : (
          <DriftErrorBanner error={error} onRetry={() => void refetch()} />
        )}
      </div>
    );
  }
  if (isPending) {
    return (
      <div className="mx-auto w-full max-w-6xl space-y-4 px-6 py-6" aria-busy="true">
        {back}
        <div className="h-10 w-2/3 animate-pulse rounded bg-slate-200/70" />
        {[0, 1, 2].map((i) => (
          <div key={i} className="h-40 animate-pulse rounded-lg bg-slate-200/50" />
        ))}
      </div>
    );
  }

  const d = data;
  const gitFile = `iac/${d.env}/${d.type}/${d.nickname}/config.json`;
  return (
    <div className="mx-auto w-full max-w-6xl space-y-4 px-6 py-6">
      {back}
      {d.stale && <StaleBanner syncedAt={d.syncedAt} />}
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-xl font-semibold text-slate-900">
              {d.type}/{d.nickname}
            </h1>
            <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700">{d.env}</span>
            <DriftStatusBadge status={d.status} size="md" testId="drift-status" />
          </div>
          <p className="mt-1 font-mono text-xs text-slate-500">{d.id}</p>
          <p className="mt-1 text-sm text-slate-600" data-testid="drift-since">
            {[d.since ? `Since ${formatTime(d.since)}` : null, d.changedBy ? `changed by ${d.changedBy}` : null].filter(Boolean).join(' · ')}
            {/* A folder checkout has no history to date the Git side with. */}
            {d.status === 'unpublished' && d.since === null && 'Since when is not known: the config repo’s history was not read (a folder checkout has none)'}
            {d.ownedBy && (
              <>
                {' · runtime owned by '}
                <Link href={`/drift/${componentPath(d.ownedBy)}`} className="text-blue-700 hover:underline">
                  {d.ownedBy}
                </Link>
              </>
            )}
          </p>
        </div>
        <nav aria-label="Open elsewhere" className="flex items-start gap-2 text-sm">
          {(d.git.state === 'differs' || d.git.state === 'not_published') && <PublishFromGit componentId={d.id} role={role} />}
          <Link href={`/?focus=${encodeURIComponent(d.id)}`} className="rounded-md bg-slate-900 px-3 py-1.5 font-medium text-white hover:bg-slate-700">
            Open in graph
          </Link>
          <Link href={`/components/${componentPath(d.id)}`} className="rounded-md bg-white px-3 py-1.5 font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-100">
            Component page
          </Link>
        </nav>
      </header>

      {d.newerConfigVersions.length > 0 && (
        <p role="status" className="rounded-lg border border-blue-200 bg-blue-50 px-4 py-2 text-sm text-blue-900">
          Config {d.newerConfigVersions.map((v) => `v${v}`).join(', ')} {d.newerConfigVersions.length === 1 ? 'was' : 'were'} published after the last sync; this view shows the
          graph as last synced.
        </p>
      )}

      <Section title="Why" testId="drift-reasons">
        <ol className="space-y-1.5 text-sm text-slate-800">
          {d.reasons.map((reason, i) => (
            <li key={reason} className={i === 0 ? 'font-medium text-slate-900' : ''}>
              {reason}
            </li>
          ))}
        </ol>
      </Section>

      <Section
        title="Desired against actual"
        subtitle="The deployed config version's fields against their mirrors in the runtime (same name, or a per-type mapping)"
        testId="drift-mirrors"
      >
        <MirroredFieldsTable fields={d.mirroredFields} differences={d.differences} lineage={d.lineage} />
      </Section>

      <Section title="Deployed against current config" subtitle="What the next deployment would change" testId="drift-config-change">
        <ConfigChangeView change={d.configChange} />
      </Section>

      <Section
        title="Lineage"
        subtitle="Config versions and runtime writes in time order; the deployed version is the newest config not modified after the runtime"
        testId="drift-lineage"
      >
        <LineageTimeline lineage={d.lineage} />
      </Section>

      {d.git.state !== 'not_configured' && (
        <Section title="Git against published" subtitle={`The config repo's ${gitFile} against the config published in SSM`} testId="drift-git">
          <GitComparisonView git={d.git} publishedText={d.configChange?.toText ?? null} file={gitFile} />
        </Section>
      )}

      {d.runtimeText !== null && (
        <details className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <summary className="cursor-pointer text-sm font-semibold text-slate-900">Runtime outputs (v{d.lineage.runtimeVersion})</summary>
          <pre className="mt-3 max-h-96 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs">{d.runtimeText}</pre>
        </details>
      )}
    </div>
  );
}
