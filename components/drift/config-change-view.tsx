import type { DriftDetailResponse } from '@/lib/model/drift';
import { FieldChangesTable } from './field-changes-table';
import { SideBySideDiff } from './side-by-side-diff';

/** The deployed config version against the current one: what the next deployment would change. */
export function ConfigChangeView({ change }: { change: DriftDetailResponse['configChange'] }) {
  if (!change) return <p className="text-sm text-slate-600">There is no published config.</p>;
  const { fromVersion, toVersion, fromText, toText, diff } = change;
  if (fromVersion === null || fromText === null || diff === null) {
    return (
      <div className="space-y-2">
        <p className="text-sm text-slate-600">No deployed config version is known, so there is nothing to compare the current v{toVersion} with.</p>
        <pre className="max-h-80 overflow-auto rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-xs">{toText}</pre>
      </div>
    );
  }
  if (fromVersion === toVersion) {
    return (
      <p className="text-sm text-slate-600" data-testid="config-change-none">
        The current config v{toVersion} is the deployed one: nothing is waiting to be deployed.
      </p>
    );
  }
  const labels = { left: `Deployed v${fromVersion}`, right: `Current v${toVersion}` };
  return (
    <div className="space-y-3">
      {diff.mode === 'fields' ? (
        diff.changes.length === 0 ? (
          <p className="text-sm text-slate-600">
            v{toVersion} has the same content as the deployed v{fromVersion}.
          </p>
        ) : (
          <FieldChangesTable changes={diff.changes} beforeLabel={labels.left} afterLabel={labels.right} testId="config-changes" />
        )
      ) : (
        <p className="text-sm text-slate-600">One of the versions is not JSON, so they are compared line by line.</p>
      )}
      <details open={diff.mode === 'text'} className="group">
        <summary className="cursor-pointer text-sm font-medium text-slate-700 hover:text-slate-900">Both documents side by side</summary>
        <div className="mt-2">
          <SideBySideDiff left={fromText} right={toText} leftLabel={labels.left} rightLabel={labels.right} />
        </div>
      </details>
    </div>
  );
}
