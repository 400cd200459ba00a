'use client';

import dynamic from 'next/dynamic';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { CHANGE_STYLE, RISK_STYLE } from '@/components/ui/status-style';
import { changeSegment } from '@/lib/changes/change-id';
import type { ProposalSimulation, ReferenceEdge, SimulationResult, UnreadableProposal, ValidationIssue } from '@/lib/model/simulation';
import { FieldChangesTable } from '@/components/drift/field-changes-table';
import { BlastRadiusList } from './blast-radius-list';
import { componentHref } from './format';

// Cytoscape measures the DOM: it only runs in the browser.
const ImpactGraph = dynamic(() => import('./impact-graph').then((m) => m.ImpactGraph), {
  ssr: false,
  loading: () => <div className="h-[290px] animate-pulse rounded-md bg-slate-100" />,
});

function Section({ title, children, testId }: { title: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section className="space-y-2" data-testid={testId}>
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h3>
      {children}
    </section>
  );
}

function Issues({ issues, tone }: { issues: ValidationIssue[]; tone: 'error' | 'warning' }) {
  const style = tone === 'error' ? 'border-red-200 bg-red-50 text-red-900' : 'border-amber-200 bg-amber-50 text-amber-950';
  return (
    <ul className={`space-y-1 rounded-md border px-3 py-2 text-sm ${style}`} data-testid={tone === 'error' ? 'validation-errors' : 'validation-warnings'}>
      {issues.map((issue, i) => (
        <li key={i} data-code={issue.code}>
          {issue.message}
        </li>
      ))}
    </ul>
  );
}

function ReferenceList({ title, edges, tone }: { title: string; edges: ReferenceEdge[]; tone: string }) {
  if (edges.length === 0) return null;
  return (
    <div>
      <p className={`text-xs font-medium ${tone}`}>{title}</p>
      <ul className="text-sm">
        {edges.map((e) => (
          <li key={`${e.path}->${e.to}`} className="flex flex-wrap gap-x-2">
            <code className="text-xs text-slate-600">{e.path}</code>→
            {e.dangling ? (
              <span className="text-red-700">{e.to} (does not exist)</span>
            ) : (
              <Link href={componentHref(e.to)} className="text-indigo-700 hover:underline">
                {e.to}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Target({ result }: { result: ProposalSimulation }) {
  return (
    <span className="text-sm text-slate-600">
      {result.isNew ? 'New config for' : `Replaces version ${result.baseVersion} of`} <span className="font-medium text-slate-900">{result.componentId}</span>
    </span>
  );
}

/** A text that is no config: what is wrong with it, and no verdict (no risk, blast radius or field changes). */
function UnreadableReport({ result }: { result: UnreadableProposal }) {
  return (
    <div className="space-y-5" data-testid="impact-report" data-document="none">
      <Target result={result} />
      <Section title="Validation">
        <Issues issues={result.errors} tone="error" />
        {result.warnings.length > 0 && <Issues issues={result.warnings} tone="warning" />}
      </Section>
      <p className="text-sm text-slate-600" data-testid="no-verdict">
        The proposal is not a config (a JSON object), so its field changes, blast radius and risk cannot be worked out: fix the errors and simulate again.
      </p>
    </div>
  );
}

/** Everything a simulation found, for the proposal form (live) and the request page (as submitted). */
export function ImpactReport({ result }: { result: ProposalSimulation }) {
  // `=== false`: impacts stored before the flag existed are documents (only valid proposals were submitted).
  return result.isDocument === false ? <UnreadableReport result={result} /> : <DocumentReport result={result} />;
}

function DocumentReport({ result }: { result: SimulationResult }) {
  const risk = RISK_STYLE[result.risk.level];
  const { references } = result;
  const hasReferenceChanges = references.added.length + references.removed.length + references.broken.length > 0;
  return (
    <div className="space-y-5" data-testid="impact-report" data-document="config">
      <div className="flex flex-wrap items-center gap-2">
        <span className={`rounded-full px-2.5 py-0.5 text-sm font-semibold ring-1 ring-inset ${risk.badge}`} data-testid="risk-badge" data-level={result.risk.level}>
          {risk.label}
        </span>
        <Target result={result} />
      </div>
      {result.risk.reasons.length > 0 && (
        <ul className="space-y-0.5 text-sm" aria-label="Risk reasons">
          {result.risk.reasons.map((r) => (
            <li key={r.code} className="flex gap-2">
              <span
                className={`mt-1.5 inline-block h-2 w-2 shrink-0 rounded-full ${r.level === 'high' ? 'bg-red-500' : r.level === 'medium' ? 'bg-amber-500' : 'bg-slate-300'}`}
                aria-label={`${r.level} risk`}
              />
              {r.message}
            </li>
          ))}
        </ul>
      )}

      <Section title="Validation">
        {result.errors.length > 0 ? (
          <Issues issues={result.errors} tone="error" />
        ) : (
          <p className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-900" data-testid="validation-ok">
            Valid: JSON{result.schema === 'valid' ? ', schema' : ''}, references and size ({result.size.bytes} of {result.size.limit} bytes, {result.size.tier?.toLowerCase()}{' '}
            tier).
          </p>
        )}
        {result.warnings.length > 0 && <Issues issues={result.warnings} tone="warning" />}
      </Section>

      <Section title={`Field changes (${result.diff.length})`}>
        {result.diff.length === 0 ? (
          <p className="text-sm text-slate-500">No field changes.</p>
        ) : (
          <FieldChangesTable changes={result.diff} beforeLabel={result.isNew ? 'Before (none)' : `Version ${result.baseVersion}`} afterLabel="Proposed" testId="field-diff" />
        )}
      </Section>

      {hasReferenceChanges && (
        <Section title="References">
          <ReferenceList title="Added" edges={references.added} tone="text-green-700" />
          <ReferenceList title="Removed" edges={references.removed} tone="text-red-700" />
          {references.broken.length > 0 && (
            <div>
              <p className="text-xs font-medium text-red-700">Broken in other components</p>
              <ul className="text-sm">
                {references.broken.map((b) => (
                  <li key={`${b.from}#${b.path}`}>
                    <Link href={componentHref(b.from)} className="text-indigo-700 hover:underline">
                      {b.from}
                    </Link>{' '}
                    <code className="text-xs text-slate-600">{b.path}</code>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </Section>
      )}

      <Section title={`Blast radius (${result.blastRadius.total})`} testId="blast-radius-section">
        <ImpactGraph result={result} />
        <BlastRadiusList blastRadius={result.blastRadius} componentId={result.componentId} />
      </Section>

      {result.conflicts.length > 0 && (
        <Section title={`Other open requests (${result.conflicts.length})`} testId="conflicts">
          <ul className="space-y-1 text-sm">
            {result.conflicts.map((c) => (
              <li key={c.id} className="flex flex-wrap items-center gap-2">
                <span className={`rounded px-1.5 py-0.5 text-xs ring-1 ring-inset ${CHANGE_STYLE[c.status].badge}`}>{CHANGE_STYLE[c.status].label}</span>
                <Link href={`/changes/${changeSegment(c.id)}`} className="text-indigo-700 hover:underline">
                  {c.title}
                </Link>
                <span className="text-slate-500">
                  {c.relation === 'same_component' ? 'same component' : `on ${c.componentId}, a dependent`} · {c.author}
                </span>
              </li>
            ))}
          </ul>
        </Section>
      )}
    </div>
  );
}
