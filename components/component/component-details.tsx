'use client';

import { useState, type ReactNode } from 'react';
import { Badge, DriftBadge } from '@/components/ui/badge';
import { formatUtc, shortUser } from '@/components/ui/format-time';
import type { ComponentResponse, ReachCount } from '@/lib/model/api';
import { compareGit } from '@/lib/drift/compare-git';
import { ChangeRequestsSection } from './change-requests-section';
import { DocumentView } from './document-view';
import { EdgeList } from './edge-list';
import { EventsSection } from './events-section';
import { HistoryAndTimeline } from './lineage-section';
import { Section } from './section';
import { VersionHistory } from './version-history';

/**
 * Everything about one component, shared by the side panel and the full
 * page: drift with reasons, problems, references both ways (with the config
 * field), open change requests, config and runtime documents, the config's
 * version history with diffs, and the audit trail (on the page: a revert
 * per version and the whole timeline instead). `link` renders another
 * component (select in the panel, navigate on the page).
 */
export function ComponentDetails({ data, link, layout }: { data: ComponentResponse; link: (id: string) => ReactNode; layout: 'panel' | 'page' }) {
  const { component, dependencies, dependents, reach } = data;
  // One clock reading per mount keeps "3 h ago" stable while the panel is open.
  const [now] = useState(() => Date.now());
  const drift = component.drift;

  const summary = (
    <>
      <Section title="Drift" testId="component-drift">
        <div className="space-y-1.5 text-sm">
          <div className="flex flex-wrap items-center gap-2">
            <DriftBadge drift={drift} />
            {drift?.deployedConfigVersion != null && component.configVersion !== null && (
              <span className="text-xs text-slate-600">
                deployed config v{drift.deployedConfigVersion} · current v{component.configVersion}
              </span>
            )}
          </div>
          {drift ? (
            drift.reasons.length > 0 && (
              <ul className="list-disc space-y-0.5 pl-5 text-slate-700">
                {drift.reasons.map((reason, i) => (
                  <li key={i}>{reason}</li>
                ))}
              </ul>
            )
          ) : (
            <p className="text-xs text-slate-500">Drift has not been computed for this component.</p>
          )}
        </div>
      </Section>
      {component.problems.length > 0 && (
        <Section title="Problems" count={component.problems.length} testId="component-problems">
          <ul className="space-y-1.5">
            {component.problems.map((problem, i) => (
              <li key={i} className="rounded-md border border-rose-200 bg-rose-50 px-3 py-1.5 text-sm text-rose-900">
                <p>{problem.message}</p>
                <p className="mt-0.5 text-xs text-rose-700">
                  <code className="font-mono">{problem.code}</code>
                  {problem.path && (
                    <>
                      {' at '}
                      <code className="font-mono">{problem.path}</code>
                    </>
                  )}
                </p>
              </li>
            ))}
          </ul>
        </Section>
      )}
      <Section title="Parameters" testId="component-parameters">
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-slate-500">Config</dt>
          <dd className="min-w-0">
            {component.configVersion === null ? (
              <span className="text-slate-500">none</span>
            ) : (
              <>
                v{component.configVersion} · {formatUtc(component.configModifiedAt)} · <span title={component.configModifiedBy ?? ''}>{shortUser(component.configModifiedBy)}</span>
              </>
            )}
          </dd>
          <dt className="text-slate-500">Runtime</dt>
          <dd>{component.runtimeVersion === null ? <span className="text-slate-500">none</span> : `v${component.runtimeVersion} · ${formatUtc(component.runtimeModifiedAt)}`}</dd>
          {component.ownedBy && (
            <>
              <dt className="text-slate-500">Owned by</dt>
              <dd className="min-w-0 truncate">{link(component.ownedBy)}</dd>
            </>
          )}
          {Object.entries(component.meta).map(([key, value]) => (
            <FragmentRow key={key} label={key} value={value} />
          ))}
        </dl>
      </Section>
      <Section title="Depends on" count={<Reach count={reach.dependencies} testId="dependency-reach" />} testId="component-dependencies">
        <EdgeList edges={dependencies} direction="out" link={link} emptyText="No references in its config." testId="dependency-list" />
      </Section>
      <Section title="Used by" count={<Reach count={reach.dependents} testId="dependent-reach" />} testId="component-dependents">
        <EdgeList edges={dependents} direction="in" link={link} emptyText="Nothing refers to it." testId="dependent-list" />
      </Section>
      <ChangeRequestsSection id={component.id} now={now} />
    </>
  );

  const documents = (
    <>
      <Section title="Config" testId="component-config" actions={<GitBadge component={component} />}>
        <DocumentView
          label="Config"
          value={component.config}
          raw={component.configRaw}
          missing="No config parameter: this component only has a runtime."
          testId="config-document"
        />
      </Section>
      <Section title="Runtime" testId="component-runtime">
        <DocumentView
          label="Runtime"
          value={component.runtime}
          raw={component.runtimeRaw}
          missing="No runtime yet: not deployed (or Terraform has not written its outputs)."
          testId="runtime-document"
        />
      </Section>
      {layout === 'page' ? (
        // The page has room for the revert per version and the whole timeline (which holds the events).
        <HistoryAndTimeline id={component.id} deployedVersion={drift?.deployedConfigVersion ?? null} hasConfig={component.configRaw !== null} />
      ) : (
        <>
          <Section title="Config history" testId="component-history">
            <VersionHistory id={component.id} deployedVersion={drift?.deployedConfigVersion ?? null} hasConfig={component.configRaw !== null} />
          </Section>
          <EventsSection id={component.id} />
        </>
      )}
    </>
  );

  if (layout === 'panel') {
    return (
      <div className="space-y-5">
        {summary}
        {documents}
      </div>
    );
  }
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
      <div className="space-y-5">{summary}</div>
      <div className="space-y-5">{documents}</div>
    </div>
  );
}

/**
 * `3 directly · 11 in all`, in components (a list row is a reference, and
 * one component may refer twice): the counts a focus view shows at one hop
 * and at every hop.
 */
function Reach({ count: { direct, all }, testId }: { count: ReachCount; testId: string }) {
  return (
    <span data-testid={testId} title={`${direct} at one reference, ${all} at any depth`}>
      {all === 0 ? '0' : `${direct} directly · ${all} in all`}
    </span>
  );
}

function FragmentRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt className="text-slate-500">
        <code className="font-mono text-xs">{label}</code>
      </dt>
      <dd className="min-w-0 truncate font-mono text-xs" title={value}>
        {value}
      </dd>
    </>
  );
}

/** Only the states the drift engine calls unpublished; same comparison as drift, so both always agree. */
const GIT_BADGE: Partial<Record<ReturnType<typeof compareGit>['state'], { label: string; title: string }>> = {
  differs: { label: 'Git differs', title: "The config repo's file says something else than the published config" },
  not_published: { label: 'Only in Git', title: 'The config repo has this config, but it has never been published' },
  missing_in_git: { label: 'Not in Git', title: 'Published, but the config repo has no readable file for it' },
};

function GitBadge({ component }: { component: ComponentResponse['component'] }) {
  const badge = GIT_BADGE[compareGit(component).state];
  if (!badge) return null;
  return (
    <a href={`/drift/${encodeURIComponent(component.id)}`} title={badge.title} data-testid="git-badge">
      <Badge tone="bg-blue-50 text-blue-800 ring-blue-600/30">{badge.label}</Badge>
    </a>
  );
}
