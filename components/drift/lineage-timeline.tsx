import { formatTime, shortUser } from '@/lib/drift/format';
import type { Lineage, LineageVersion } from '@/lib/model/drift';

const STATE: Record<LineageVersion['state'], { label: string; className: string }> = {
  deployed: { label: 'deployed', className: 'bg-green-50 text-green-800 ring-green-600/30' },
  pending: { label: 'not deployed', className: 'bg-amber-50 text-amber-900 ring-amber-600/30' },
  superseded: { label: 'superseded', className: 'bg-slate-100 text-slate-600 ring-slate-400/30' },
  unknown: { label: 'unknown', className: 'bg-slate-100 text-slate-600 ring-slate-400/30' },
};

type Item = { kind: 'config'; at: string; version: LineageVersion } | { kind: 'runtime'; at: string; version: number; by: string | null; from: number | null };

function timeValue(at: string): number {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

/** Config versions and runtime writes in time order: what is live, and how it got there. */
export function LineageTimeline({ lineage }: { lineage: Lineage }) {
  const items: Item[] = [
    ...lineage.configVersions.map((v): Item => ({ kind: 'config', at: v.modifiedAt, version: v })),
    ...(lineage.runtimeWrites.length > 0
      ? lineage.runtimeWrites.map((w): Item => ({ kind: 'runtime', at: w.modifiedAt, version: w.version, by: w.modifiedBy, from: w.fromConfigVersion }))
      : lineage.runtimeVersion !== null && lineage.runtimeModifiedAt
        ? [{ kind: 'runtime' as const, at: lineage.runtimeModifiedAt, version: lineage.runtimeVersion, by: null, from: lineage.deployedConfigVersion }]
        : []),
  ].sort((a, b) => timeValue(a.at) - timeValue(b.at) || (a.kind === b.kind ? 0 : a.kind === 'config' ? -1 : 1));

  return (
    <div className="space-y-3">
      <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
        <Fact label="Deployed config" value={lineage.deployedConfigVersion === null ? 'unknown' : `v${lineage.deployedConfigVersion}`} testId="lineage-deployed" />
        <Fact label="Current config" value={lineage.currentConfigVersion === null ? 'none' : `v${lineage.currentConfigVersion}`} testId="lineage-current" />
        <Fact label="Not yet deployed" value={lineage.between.length === 0 ? 'nothing' : lineage.between.map((v) => `v${v.version}`).join(', ')} testId="lineage-between" />
        <Fact label="Runtime" value={lineage.runtimeVersion === null ? 'none' : `v${lineage.runtimeVersion}, ${formatTime(lineage.runtimeModifiedAt)}`} />
      </dl>
      <ol className="relative space-y-2 border-l border-slate-200 pl-5" data-testid="lineage-timeline">
        {items.map((item) => (
          <li key={`${item.kind}-${item.kind === 'config' ? item.version.version : item.version}`} className="relative text-sm">
            <span
              aria-hidden
              className={`absolute -left-[25px] top-1.5 h-2.5 w-2.5 rounded-full ring-2 ring-white ${item.kind === 'runtime' ? 'bg-indigo-500' : item.version.state === 'deployed' ? 'bg-green-600' : item.version.state === 'pending' ? 'bg-amber-500' : 'bg-slate-400'}`}
            />
            {item.kind === 'config' ? (
              <div
                className="flex flex-wrap items-center gap-x-2 gap-y-0.5"
                data-testid="lineage-config-version"
                data-version={item.version.version}
                data-state={item.version.state}
              >
                <span className="font-medium text-slate-900">Config v{item.version.version}</span>
                <span className={`rounded-full px-1.5 py-0.5 text-[11px] font-medium ring-1 ring-inset ${STATE[item.version.state].className}`}>
                  {STATE[item.version.state].label}
                </span>
                {!item.version.isJson && (
                  <span className="rounded-full bg-rose-50 px-1.5 py-0.5 text-[11px] font-medium text-rose-800 ring-1 ring-inset ring-rose-600/30">not JSON</span>
                )}
                <span className="tabular-nums text-slate-600">{formatTime(item.at)}</span>
                <span className="text-slate-600" title={item.version.modifiedBy ?? undefined}>
                  {shortUser(item.version.modifiedBy) ?? 'unknown user'}
                </span>
              </div>
            ) : (
              <div className="flex flex-wrap items-center gap-x-2 gap-y-0.5 text-slate-700" data-testid="lineage-runtime-write">
                <span className="font-medium text-indigo-900">Runtime v{item.version}</span>
                <span className="text-slate-600">{item.from === null ? 'from an unknown config version' : `from config v${item.from}`}</span>
                <span className="tabular-nums text-slate-600">{formatTime(item.at)}</span>
                {item.by && (
                  <span className="text-slate-600" title={item.by}>
                    {shortUser(item.by)}
                  </span>
                )}
              </div>
            )}
          </li>
        ))}
      </ol>
      {!lineage.hasConfigHistory && lineage.currentConfigVersion !== null && (
        <p className="text-xs text-slate-500">Only the current config version is known: its history could not be read.</p>
      )}
      {lineage.notes.length > 0 && (
        <ul className="list-disc space-y-0.5 pl-5 text-sm text-amber-900">
          {lineage.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="rounded-md bg-slate-50 px-3 py-2">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="font-medium text-slate-900" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
