'use client';

import { useState } from 'react';
import { FieldChangesTable } from '@/components/drift/field-changes-table';
import { SideBySideDiff } from '@/components/drift/side-by-side-diff';
import { formatUtc, shortUser } from '@/components/ui/format-time';
import { SegmentedControl } from '@/components/ui/segmented-control';
import type { ChangeView, ConfigComparison as Comparison, ConfigSnapshot } from '@/lib/changes/review-model';
import type { FieldChange } from '@/lib/json/diff-json';
import type { ChangeStatus } from '@/lib/model/change-request';
import { MemberName } from './member-action';
import { reviewMembers, versionStep, type ReviewMember } from './review-members';

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

type Side = 'base' | 'current';

function Against({ against, changes, proposed, label }: { against: ConfigSnapshot | null; changes: FieldChange[] | null; proposed: string | null; label: string }) {
  if (changes === null) {
    return (
      <p className="text-sm text-slate-600">
        {against ? 'One of the documents is not JSON: compare them side by side below.' : 'That version is no longer in the parameter’s history.'}
      </p>
    );
  }
  const isRemoval = proposed === null;
  return (
    <div className="space-y-2">
      {changes.length === 0 ? (
        <p className="text-sm text-slate-600">{isRemoval ? `${label[0].toUpperCase() + label.slice(1)} had no fields.` : `The proposal is the same as ${label}.`}</p>
      ) : (
        <FieldChangesTable
          changes={changes}
          beforeLabel={against ? label[0].toUpperCase() + label.slice(1) : 'Before (none)'}
          afterLabel={isRemoval ? 'Removed' : 'Proposed'}
          testId="config-field-changes"
        />
      )}
      <details className="group">
        <summary className="cursor-pointer text-sm font-medium text-slate-700 hover:text-slate-900">Both documents side by side</summary>
        <div className="mt-2">
          <SideBySideDiff
            left={against ? pretty(against.text) : ''}
            right={proposed === null ? '' : pretty(proposed)}
            leftLabel={against ? label : 'No config'}
            rightLabel={isRemoval ? 'Removed (no config)' : 'Proposed'}
          />
        </div>
      </details>
    </div>
  );
}

/**
 * One component's proposal against the version it was based on (what the
 * author meant) and, when the config moved since, against the current one
 * (what applying would really do — which is why it is no longer allowed).
 */
function MemberComparison({
  config,
  proposed,
  baseVersion,
  status,
  controlLabel,
}: {
  config: Comparison;
  proposed: string | null;
  baseVersion: number | null;
  status: ChangeStatus;
  controlLabel: string;
}) {
  const [side, setSide] = useState<Side>(config.isMoved && config.current ? 'current' : 'base');
  const baseLabel = baseVersion === null ? 'no config' : `version ${baseVersion}`;
  const current = config.current;
  return (
    <>
      {config.isMoved && current && status !== 'applied' && (
        <SegmentedControl<Side>
          label={controlLabel}
          value={side}
          onChange={setSide}
          options={[
            { value: 'base', label: `Base v${baseVersion ?? '–'}`, title: 'The version the request was based on' },
            { value: 'current', label: `Current v${current.version}`, title: 'The config as it is now' },
          ]}
          testId="compare-with"
        />
      )}
      {side === 'current' && current && config.isMoved ? (
        <>
          <p className="text-xs text-slate-500">
            Version {current.version}, written {current.modifiedBy ? `by ${shortUser(current.modifiedBy)} ` : ''}at {formatUtc(current.modifiedAt)}.
          </p>
          <Against against={current} changes={config.againstCurrent} proposed={proposed} label={`current version ${current.version}`} />
        </>
      ) : (
        <Against against={config.base} changes={config.againstBase} proposed={proposed} label={baseLabel} />
      )}
      {proposed !== null && (
        <details>
          <summary className="cursor-pointer text-sm font-medium text-slate-700 hover:text-slate-900">Proposed config</summary>
          <pre className="mt-2 max-h-[420px] overflow-auto rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-[13px] text-slate-900" data-testid="proposed-config">
            {pretty(proposed)}
          </pre>
        </details>
      )}
    </>
  );
}

function SetMember({ member, index, status }: { member: ReviewMember; index: number; status: ChangeStatus }) {
  return (
    <div className="overflow-hidden rounded-md border border-slate-200 bg-white" data-testid="member-comparison" data-component-id={member.componentId} data-action={member.action}>
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-100 bg-slate-50 px-3 py-1.5">
        <span className="text-xs font-semibold text-slate-500" aria-hidden>
          {index + 1}
        </span>
        <MemberName action={member.action} componentId={member.componentId} />
        <span className="ml-auto text-xs text-slate-500">{versionStep(member, status)}</span>
      </div>
      <div className="space-y-2 p-3">
        {member.config === null ? (
          <p className="text-sm text-slate-600">Its configs were not compared.</p>
        ) : member.config.readError ? (
          <p className="text-sm text-red-700">Could not read its config: {member.config.readError}</p>
        ) : (
          <MemberComparison
            config={member.config}
            proposed={member.proposedConfig}
            baseVersion={member.baseVersion}
            status={status}
            controlLabel={`Compare ${member.componentId} with`}
          />
        )}
      </div>
    </div>
  );
}

/** What the request changes: for one component its proposal against its configs, for a set each member's in turn. */
export function ConfigComparison({ change }: { change: ChangeView }) {
  const members = reviewMembers(change);
  const isSet = members.length > 1;
  const first = members[0];
  return (
    <section className="space-y-2" data-testid="config-comparison">
      <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500">What it changes{isSet ? ` (${members.length} components)` : ''}</h2>
      {isSet ? (
        members.map((member, index) => <SetMember key={member.componentId} member={member} index={index} status={change.status} />)
      ) : (
        <MemberComparison
          config={change.config}
          proposed={first.action === 'remove' ? null : change.proposedConfig}
          baseVersion={change.baseVersion}
          status={change.status}
          controlLabel="Compare with"
        />
      )}
    </section>
  );
}
