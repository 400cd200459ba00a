'use client';

import dynamic from 'next/dynamic';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { CHANGE_STYLE, RISK_STYLE } from '@/components/ui/status-style';
import { changeSegment } from '@/lib/changes/change-id';
import type { MemberSimulation, ProposalSimulation, ReferenceEdge, SimulatedReferences, SimulationResult, UnreadableProposal, ValidationIssue } from '@/lib/model/simulation';
import { FieldChangesTable } from '@/components/drift/field-changes-table';
import { RolloutPlanView } from '@/components/rollouts/rollout-plan';
import { BlastRadiusList } from './blast-radius-list';
import { memberIssues, setLevelIssues, simulatedMembers } from './change-set';
import { ConsequencesView } from './consequences-view';
import { componentHref } from './format';
import { MemberName } from './member-action';

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

const hasReferenceChanges = (references: SimulatedReferences | null) => references !== null && references.added.length + references.removed.length + references.broken.length > 0;

function References({ references }: { references: SimulatedReferences }) {
  return (
    <>
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
    </>
  );
}

function Target({ result }: { result: ProposalSimulation }) {
  const count = simulatedMembers(result).length;
  if (count > 1 || result.action === 'remove') {
    return (
      <span className="text-sm text-slate-600" data-testid="impact-target">
        {count > 1 ? `A change set of ${count} components` : 'Removes'} {count === 1 && <span className="font-medium text-slate-900">{result.componentId}</span>}
      </span>
    );
  }
  return (
    <span className="text-sm text-slate-600" data-testid="impact-target">
      {result.isNew ? 'New config for' : `Replaces version ${result.baseVersion} of`} <span className="font-medium text-slate-900">{result.componentId}</span>
    </span>
  );
}

function memberVersionText(member: MemberSimulation): string {
  if (member.action === 'remove') return member.baseVersion === null ? 'removed' : `removes version ${member.baseVersion}`;
  if (member.isNew || member.action === 'create') return 'new component';
  return member.baseVersion === null ? 'first config' : `replaces version ${member.baseVersion}`;
}

/** A member's heading in a set: its place, what it does, which component. */
function MemberHeading({ member, index, errors }: { member: MemberSimulation; index: number; errors: number }) {
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-slate-100 bg-slate-50 px-3 py-1.5">
      <span className="flex h-5 w-5 items-center justify-center rounded-full bg-white text-xs font-semibold text-slate-600 ring-1 ring-slate-200" aria-hidden>
        {index + 1}
      </span>
      <MemberName action={member.action} componentId={member.componentId} />
      <span className="text-xs text-slate-500">{memberVersionText(member)}</span>
      {errors > 0 && (
        <span className="ml-auto text-xs font-medium text-red-700">
          {errors} error{errors === 1 ? '' : 's'}
        </span>
      )}
    </div>
  );
}

/** A text that is no config: what is wrong with it (each member's, in a set), and no verdict (no risk, blast radius or field changes). */
function UnreadableReport({ result }: { result: UnreadableProposal }) {
  const members = simulatedMembers(result);
  const setErrors = members.length > 1 ? setLevelIssues(result, 'errors') : [];
  return (
    <div className="space-y-5" data-testid="impact-report" data-document="none" data-members={members.length}>
      <div>
        <Target result={result} />
      </div>
      <Section title="Validation">
        {members.length > 1 ? (
          <>
            {setErrors.length > 0 && <Issues issues={setErrors} tone="error" />}
            {members.map((member, index) => {
              const errors = memberIssues(result, member, 'errors');
              return (
                <div
                  key={`${index}:${member.componentId}`}
                  className="overflow-hidden rounded-md border border-slate-200"
                  data-testid="member-impact"
                  data-component-id={member.componentId}
                >
                  <MemberHeading member={member} index={index} errors={errors.length} />
                  <div className="p-3">{errors.length > 0 ? <Issues issues={errors} tone="error" /> : <p className="text-sm text-slate-600">No errors of its own.</p>}</div>
                </div>
              );
            })}
          </>
        ) : (
          <>
            <Issues issues={result.errors} tone="error" />
            {result.warnings.length > 0 && <Issues issues={result.warnings} tone="warning" />}
          </>
        )}
      </Section>
      <p className="text-sm text-slate-600" data-testid="no-verdict">
        {members.length > 1
          ? 'A component of the set is not a valid config (a JSON object that passes its type’s schema), so nothing is worked out for the set — no field changes, consequences, blast radius or risk — until it is: fix the errors and simulate again.'
          : 'The proposal is not a valid config (a JSON object that passes its type’s schema), so its field changes, consequences, blast radius and risk cannot be worked out: fix the errors and simulate again.'}
      </p>
    </div>
  );
}

/**
 * Everything a simulation found, for the proposal form (live) and the
 * request page (`isStored`: as submitted, which may predate consequences).
 */
export function ImpactReport({ result, isStored = false, showRolloutPlan = true }: { result: ProposalSimulation; isStored?: boolean; showRolloutPlan?: boolean }) {
  // `=== false`: impacts stored before the flag existed are documents (only valid proposals were submitted).
  return result.isDocument === false ? <UnreadableReport result={result} /> : <DocumentReport result={result} isStored={isStored} showRolloutPlan={showRolloutPlan} />;
}

function Validity({ member }: { member: MemberSimulation | SimulationResult }) {
  if (member.action === 'remove') return <>Nothing depends on it any more: its config is deleted when the change is applied.</>;
  return (
    <>
      Valid: JSON{member.schema === 'valid' ? ', schema' : ''}, references and size ({member.size.bytes} of {member.size.limit} bytes, {member.size.tier?.toLowerCase()} tier).
    </>
  );
}

function MemberImpact({ result, member, index }: { result: SimulationResult; member: MemberSimulation; index: number }) {
  const errors = memberIssues(result, member, 'errors');
  const warnings = memberIssues(result, member, 'warnings');
  return (
    <section className="overflow-hidden rounded-md border border-slate-200" data-testid="member-impact" data-component-id={member.componentId} data-action={member.action}>
      <MemberHeading member={member} index={index} errors={errors.length} />
      <div className="space-y-3 p-3">
        {errors.length > 0 ? (
          <Issues issues={errors} tone="error" />
        ) : (
          <p className="text-sm text-green-800" data-testid="member-validation-ok">
            <Validity member={member} />
          </p>
        )}
        {warnings.length > 0 && <Issues issues={warnings} tone="warning" />}
        {member.diff === null ? (
          <p className="text-sm text-slate-500">{member.action === 'remove' ? 'Every field of its config is removed.' : 'No field changes worked out.'}</p>
        ) : member.diff.length === 0 ? (
          <p className="text-sm text-slate-500">No field changes.</p>
        ) : (
          <div className="space-y-1">
            <p className="text-xs font-medium text-slate-600">Field changes ({member.diff.length})</p>
            <FieldChangesTable
              changes={member.diff}
              beforeLabel={member.isNew ? 'Before (none)' : `Version ${member.baseVersion}`}
              afterLabel={member.action === 'remove' ? 'Removed' : 'Proposed'}
              testId="field-diff"
            />
          </div>
        )}
        {hasReferenceChanges(member.references) && (
          <div className="space-y-1">
            <p className="text-xs font-medium text-slate-600">References</p>
            <References references={member.references!} />
          </div>
        )}
      </div>
    </section>
  );
}

function DocumentReport({ result, isStored, showRolloutPlan }: { result: SimulationResult; isStored: boolean; showRolloutPlan: boolean }) {
  const risk = RISK_STYLE[result.risk.level];
  const members = simulatedMembers(result);
  const isSet = members.length > 1;
  const setErrors = isSet ? setLevelIssues(result, 'errors') : [];
  const setWarnings = isSet ? setLevelIssues(result, 'warnings') : [];
  const errorCount = isSet ? setErrors.length + members.reduce((n, m) => n + memberIssues(result, m, 'errors').length, 0) : result.errors.length;
  const consequences = result.consequences ?? null;
  return (
    <div className="space-y-5" data-testid="impact-report" data-document="config" data-members={members.length}>
      <div className="flex flex-wrap items-center gap-2">
        <span className={`rounded-full px-2.5 py-0.5 text-sm font-semibold ring-1 ring-inset ${risk.badge}`} data-testid="risk-badge" data-level={result.risk.level}>
          {risk.label}
        </span>
        <Target result={result} />
      </div>
      {result.risk.reasons.length > 0 && (
        <ul className="space-y-0.5 text-sm" aria-label="Risk reasons" data-testid="risk-reasons">
          {result.risk.reasons.map((r, i) => (
            <li key={`${r.code}:${i}`} className="flex gap-2" data-code={r.code} data-level={r.level}>
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
        {errorCount === 0 ? (
          <p className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-900" data-testid="validation-ok">
            {isSet ? `Valid: every component’s JSON, schema, references and size, and the set as a whole.` : <Validity member={result} />}
          </p>
        ) : isSet ? (
          <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900" data-testid="set-errors">
            {errorCount} error{errorCount === 1 ? '' : 's'}: fix {errorCount === 1 ? 'it' : 'them'} and simulate again.
          </p>
        ) : (
          <Issues issues={result.errors} tone="error" />
        )}
        {setErrors.length > 0 && <Issues issues={setErrors} tone="error" />}
        {!isSet && result.warnings.length > 0 && <Issues issues={result.warnings} tone="warning" />}
        {setWarnings.length > 0 && <Issues issues={setWarnings} tone="warning" />}
      </Section>

      {isSet ? (
        <Section title={`Components (${members.length})`} testId="impact-members">
          {members.map((member, index) => (
            <MemberImpact key={`${index}:${member.componentId}`} result={result} member={member} index={index} />
          ))}
        </Section>
      ) : (
        <>
          <Section title={`Field changes (${result.diff.length})`}>
            {result.diff.length === 0 ? (
              <p className="text-sm text-slate-500">{result.action === 'remove' ? 'Every field of its config is removed.' : 'No field changes.'}</p>
            ) : (
              <FieldChangesTable
                changes={result.diff}
                beforeLabel={result.isNew ? 'Before (none)' : `Version ${result.baseVersion}`}
                afterLabel={result.action === 'remove' ? 'Removed' : 'Proposed'}
                testId="field-diff"
              />
            )}
          </Section>
          {hasReferenceChanges(result.references) && (
            <Section title="References">
              <References references={result.references} />
            </Section>
          )}
        </>
      )}

      <Section title={`Blast radius (${result.blastRadius.total})`} testId="blast-radius-section">
        <ImpactGraph result={result} />
        {consequences && result.blastRadius.total > 0 ? (
          <details className="group">
            <summary className="cursor-pointer text-sm font-medium text-slate-700 hover:text-slate-900">Every dependent by distance</summary>
            <div className="mt-2">
              <BlastRadiusList blastRadius={result.blastRadius} componentId={result.componentId} />
            </div>
          </details>
        ) : (
          <BlastRadiusList blastRadius={result.blastRadius} componentId={isSet ? 'any component of this set' : result.componentId} />
        )}
      </Section>

      <Section title="Consequences" testId="consequences">
        {consequences ? (
          <ConsequencesView consequences={consequences} />
        ) : (
          <p className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-600" data-testid="consequences-unknown">
            {isStored
              ? 'Not worked out for requests opened before consequences existed: the blast radius above lists every dependent, without a verdict for each.'
              : 'This simulation did not work out the consequences: the blast radius above lists every dependent, without a verdict for each.'}
          </p>
        )}
      </Section>

      {showRolloutPlan && (
        <Section title="Rollout plan" testId="impact-rollout-plan">
          <RolloutPlanView plan={result.rollout ?? null} isStored={isStored} compact />
        </Section>
      )}

      {result.conflicts.length > 0 && (
        <Section title={`Other open requests (${result.conflicts.length})`} testId="conflicts">
          <ul className="space-y-1 text-sm">
            {result.conflicts.map((c) => (
              <li key={`${c.id}#${c.componentId}`} className="flex flex-wrap items-center gap-2">
                <span className={`rounded px-1.5 py-0.5 text-xs ring-1 ring-inset ${CHANGE_STYLE[c.status].badge}`}>{CHANGE_STYLE[c.status].label}</span>
                <Link href={`/changes/${changeSegment(c.id)}`} className="text-indigo-700 hover:underline">
                  {c.title}
                </Link>
                <span className="text-slate-500">
                  {c.relation === 'same_component' ? (isSet ? `also changes ${c.componentId}` : 'same component') : `on ${c.componentId}, a dependent`} · {c.author}
                </span>
              </li>
            ))}
          </ul>
        </Section>
      )}
    </div>
  );
}
