import type { FieldChange } from '@/lib/json/diff-json';
import { JsonValueText } from './json-value';

/** Field-level changes between two JSON documents, before on the left, after on the right. */
export function FieldChangesTable({ changes, beforeLabel, afterLabel, testId }: { changes: FieldChange[]; beforeLabel: string; afterLabel: string; testId?: string }) {
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200">
      <table className="w-full table-fixed text-left text-sm" data-testid={testId}>
        <thead className="bg-slate-50 text-xs text-slate-600">
          <tr>
            <th className="w-[28%] px-3 py-1.5 font-medium">Field</th>
            <th className="w-[36%] px-3 py-1.5 font-medium">{beforeLabel}</th>
            <th className="w-[36%] px-3 py-1.5 font-medium">{afterLabel}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {changes.map((change) => (
            <tr key={change.path} data-path={change.path}>
              <td className="break-all px-3 py-1.5 font-mono text-[13px]">{change.path}</td>
              <td className="bg-red-50/60 px-3 py-1.5">
                <JsonValueText value={change.kind === 'added' ? undefined : change.before} />
              </td>
              <td className="bg-green-50/60 px-3 py-1.5">
                <JsonValueText value={change.kind === 'removed' ? undefined : change.after} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
