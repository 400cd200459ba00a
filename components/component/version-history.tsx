'use client';

import { useSearchParams } from 'next/navigation';
import { useMemo, useState, type ReactNode } from 'react';
import { SideBySideDiff } from '@/components/drift/side-by-side-diff';
import { Badge } from '@/components/ui/badge';
import { Banner } from '@/components/ui/banner';
import { formatUtc, shortUser } from '@/components/ui/format-time';
import { SkeletonLines } from '@/components/ui/skeleton';
import { useComponentHistory } from '@/lib/client/use-component';
import { diffJson, type FieldChange } from '@/lib/json/diff-json';
import type { JsonValue } from '@/lib/model/json';
import type { ParameterVersion } from '@/lib/model/parameters';

/**
 * The SSM version history of a component's config (newest first) and a
 * diff between any two versions: the changed fields, then both documents
 * side by side. Defaults to the last change (previous → current), or to the
 * change that made version N when the address says `?diff=N` (the
 * timeline's links). `action` adds a cell per version (the page's revert).
 */

function parse(raw: string): JsonValue | null {
  try {
    return JSON.parse(raw) as JsonValue;
  } catch {
    return null;
  }
}

function pretty(raw: string): string {
  const value = parse(raw);
  return value === null ? raw : JSON.stringify(value, null, 2);
}

const show = (value: JsonValue) => (typeof value === 'string' ? value : JSON.stringify(value));

const KIND_STYLE: Record<FieldChange['kind'], string> = {
  added: 'bg-green-50 text-green-800 ring-green-600/30',
  removed: 'bg-red-50 text-red-800 ring-red-600/30',
  changed: 'bg-amber-50 text-amber-900 ring-amber-600/30',
};

function FieldChanges({ before, after }: { before: ParameterVersion; after: ParameterVersion }) {
  const left = parse(before.value);
  const right = parse(after.value);
  if (left === null || right === null) {
    return (
      <Banner tone="warning" title="Compared as text">
        Version {left === null ? before.version : after.version} is not valid JSON, so there is no field list.
      </Banner>
    );
  }
  const changes = diffJson(left, right);
  if (changes.length === 0) return <p className="text-sm text-slate-600">The two versions hold the same JSON.</p>;
  return (
    <table className="w-full table-fixed text-left text-xs" data-testid="field-changes">
      <thead className="text-slate-500">
        <tr>
          <th className="w-[38%] py-1 font-medium">Field</th>
          <th className="py-1 font-medium">v{before.version}</th>
          <th className="py-1 font-medium">v{after.version}</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 align-top font-mono">
        {changes.map((change) => (
          <tr key={change.path} data-kind={change.kind}>
            <td className="py-1 pr-2 break-all">
              <span className={`mr-1 inline-block rounded px-1 font-sans text-[10px] ring-1 ring-inset ${KIND_STYLE[change.kind]}`}>{change.kind}</span>
              {change.path}
            </td>
            <td className="py-1 pr-2 break-all text-red-800">{change.kind === 'added' ? '' : show(change.before)}</td>
            <td className="py-1 break-all text-green-800">{change.kind === 'removed' ? '' : show(change.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function VersionHistory({
  id,
  deployedVersion,
  hasConfig,
  action,
}: {
  id: string;
  deployedVersion: number | null;
  hasConfig: boolean;
  action?: { label: string; cell: (version: number) => ReactNode };
}) {
  const history = useComponentHistory(hasConfig ? id : null);
  const versions = useMemo(() => [...(history.data?.versions ?? [])].reverse(), [history.data]);
  const asked = useSearchParams().get('diff');
  // A pick holds until the address asks for another diff.
  const [pick, setPick] = useState<{ from: number; to: number; asked: string | null } | null>(null);
  const setPicked = (next: { from: number; to: number }) => setPick({ ...next, asked });
  const askedIndex = versions.findIndex((v) => String(v.version) === asked);
  const fromAddress = askedIndex >= 0 && askedIndex + 1 < versions.length ? { from: versions[askedIndex + 1].version, to: versions[askedIndex].version } : null;
  const picked = pick && pick.asked === asked ? pick : fromAddress;

  if (!hasConfig) return <p className="text-sm text-slate-500">No config parameter, so no config history.</p>;
  if (history.isPending) return <SkeletonLines lines={4} />;
  if (history.error)
    return (
      <Banner tone="error" title="The history could not be loaded">
        {history.error.message}
      </Banner>
    );
  if (versions.length === 0) return <p className="text-sm text-slate-500">No versions recorded.</p>;

  const latest = versions[0].version;
  const from = picked?.from ?? versions[1]?.version ?? latest;
  const to = picked?.to ?? latest;
  const before = versions.find((v) => v.version === Math.min(from, to));
  const after = versions.find((v) => v.version === Math.max(from, to));

  return (
    <div className="space-y-3" data-testid="version-history">
      <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
        <table className="w-full text-left text-xs">
          <caption className="sr-only">Config versions, newest first; pick two to compare</caption>
          <thead className="bg-slate-50 text-slate-500">
            <tr>
              <th className="px-2 py-1.5 font-medium">Version</th>
              <th className="px-2 py-1.5 font-medium">Modified (UTC) and by</th>
              <th className="w-10 px-1 py-1.5 text-center font-medium">From</th>
              <th className="w-10 px-1 py-1.5 text-center font-medium">To</th>
              {action && <th className="px-2 py-1.5 font-medium">{action.label}</th>}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {versions.map((v) => (
              <tr key={v.version} data-version={v.version} className="align-top">
                <td className="px-2 py-1.5">
                  <span className="font-mono font-semibold">v{v.version}</span>
                  <div className="mt-0.5 flex flex-wrap gap-1">
                    {v.version === latest && <Badge>current</Badge>}
                    {v.version === deployedVersion && <Badge tone="bg-green-50 text-green-800 ring-green-600/30">deployed</Badge>}
                  </div>
                </td>
                <td className="max-w-0 px-2 py-1.5 text-slate-700">
                  <div className="whitespace-nowrap">{formatUtc(v.modifiedAt).replace(' UTC', '')}</div>
                  <div className="truncate text-slate-500" title={v.modifiedBy}>
                    {shortUser(v.modifiedBy)}
                  </div>
                </td>
                <td className="px-1 py-1.5 text-center">
                  <input
                    type="radio"
                    name={`${id}-from`}
                    aria-label={`Compare from v${v.version}`}
                    className="accent-indigo-600"
                    checked={from === v.version}
                    onChange={() => setPicked({ from: v.version, to })}
                  />
                </td>
                <td className="px-1 py-1.5 text-center">
                  <input
                    type="radio"
                    name={`${id}-to`}
                    aria-label={`Compare to v${v.version}`}
                    className="accent-indigo-600"
                    checked={to === v.version}
                    onChange={() => setPicked({ from, to: v.version })}
                  />
                </td>
                {action && <td className="px-2 py-1.5">{action.cell(v.version)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {before && after && before.version !== after.version ? (
        <div className="space-y-2" data-testid="version-diff">
          <h3 className="text-xs font-semibold text-slate-700">
            Changes from v{before.version} to v{after.version}
          </h3>
          <FieldChanges before={before} after={after} />
          <details className="group">
            <summary className="cursor-pointer text-xs text-indigo-700 hover:underline">Side by side</summary>
            <div className="mt-2">
              <SideBySideDiff
                left={pretty(before.value)}
                right={pretty(after.value)}
                leftLabel={`v${before.version} · ${shortUser(before.modifiedBy)}`}
                rightLabel={`v${after.version} · ${shortUser(after.modifiedBy)}`}
              />
            </div>
          </details>
        </div>
      ) : (
        <p className="text-xs text-slate-500">{versions.length === 1 ? 'Only one version so far.' : 'Pick two different versions to compare.'}</p>
      )}
    </div>
  );
}
