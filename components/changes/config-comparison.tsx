'use client';

import { useState } from 'react';
import { FieldChangesTable } from '@/components/drift/field-changes-table';
import { SideBySideDiff } from '@/components/drift/side-by-side-diff';
import { formatUtc, shortUser } from '@/components/ui/format-time';
import { SegmentedControl } from '@/components/ui/segmented-control';
import type { ChangeView, ConfigSnapshot } from '@/lib/changes/review-model';
import type { FieldChange } from '@/lib/json/diff-json';

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

type Side = 'base' | 'current';

function Comparison({ against, changes, proposed, label }: { against: ConfigSnapshot | null; changes: FieldChange[] | null; proposed: string; label: string }) {
  if (changes === null) {
    return (
      <p className="text-sm text-slate-600">
        {against ? 'One of the documents is not JSON: compare them side by side below.' : 'That version is no longer in the parameter’s history.'}
      </p>
    );
  }
  return (
    <div className="space-y-2">
      {changes.length === 0 ? (
        <p className="text-sm text-slate-600">The proposal is the same as {label}.</p>
      ) : (
        <FieldChangesTable
          changes={changes}
          beforeLabel={against ? label[0].toUpperCase() + label.slice(1) : 'Before (none)'}
          afterLabel="Proposed"
          testId="config-field-changes"
        />
      )}
      <details className="group">
        <summary className="cursor-pointer text-sm font-medium text-slate-700 hover:text-slate-900">Both documents side by side</summary>
        <div className="mt-2">
          <SideBySideDiff left={against ? pretty(against.text) : ''} right={pretty(proposed)} leftLabel={against ? label : 'No config'} rightLabel="Proposed" />
        </div>
      </details>
    </div>
  );
}

/**
 * What the proposal changes: against the version it was based on (what the
 * author meant) and, when the config moved since, against the current one
 * (what applying would really do — which is why it is no longer allowed).
 */
export function ConfigComparison({ change }: { change: ChangeView }) {
  const { config } = change;
  const [side, setSide] = useState<Side>(config.isMoved && config.current ? 'current' : 'base');
  const baseLabel = change.baseVersion === null ? 'no config' : `version ${change.baseVersion}`;
  const current = config.current;
  return (
    <section className="space-y-2" data-testid="config-comparison">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500">What it changes</h2>
        {config.isMoved && current && change.status !== 'applied' && (
          <SegmentedControl<Side>
            label="Compare with"
            value={side}
            onChange={setSide}
            options={[
              { value: 'base', label: `Base v${change.baseVersion ?? '–'}`, title: 'The version the request was based on' },
              { value: 'current', label: `Current v${current.version}`, title: 'The config as it is now' },
            ]}
            testId="compare-with"
          />
        )}
      </div>
      {side === 'current' && current && config.isMoved ? (
        <>
          <p className="text-xs text-slate-500">
            Version {current.version}, written {current.modifiedBy ? `by ${shortUser(current.modifiedBy)} ` : ''}at {formatUtc(current.modifiedAt)}.
          </p>
          <Comparison against={current} changes={config.againstCurrent} proposed={change.proposedConfig} label={`current version ${current.version}`} />
        </>
      ) : (
        <Comparison against={config.base} changes={config.againstBase} proposed={change.proposedConfig} label={baseLabel} />
      )}
      <details>
        <summary className="cursor-pointer text-sm font-medium text-slate-700 hover:text-slate-900">Proposed config</summary>
        <pre className="mt-2 max-h-[420px] overflow-auto rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-[13px] text-slate-900" data-testid="proposed-config">
          {pretty(change.proposedConfig)}
        </pre>
      </details>
    </section>
  );
}
