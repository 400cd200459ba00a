import type { FieldDifference, Lineage, MirroredField } from '@/lib/model/drift';
import { JsonValueText } from './json-value';

type Props = { fields: MirroredField[]; differences: FieldDifference[]; lineage: Lineage };

/** Desired (the deployed config version) against actual (the runtime), one mirrored field per row. */
export function MirroredFieldsTable({ fields, differences, lineage }: Props) {
  const deployed = lineage.deployedConfigVersion;
  if (deployed === null || lineage.runtimeVersion === null) {
    const why = lineage.runtimeVersion === null ? 'there is no runtime' : lineage.currentConfigVersion === null ? 'there is no config' : 'the deployed config version is not known';
    return <p className="text-sm text-slate-600">Nothing to compare: {why}.</p>;
  }
  if (fields.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        No field of the deployed config v{deployed} has a mirror in the runtime (same name, or a per-type mapping), so there is nothing to compare.
      </p>
    );
  }
  const nested = differences.filter((d) => !fields.some((f) => f.configPath === d.path));
  return (
    <div className="space-y-2">
      <div className="overflow-x-auto rounded-md border border-slate-200">
        <table className="w-full table-fixed text-left text-sm" data-testid="mirrored-fields">
          <thead className="bg-slate-50 text-xs text-slate-600">
            <tr>
              <th className="w-[25%] px-3 py-1.5 font-medium">Config field</th>
              <th className="w-[22%] px-3 py-1.5 font-medium">Desired (config v{deployed})</th>
              <th className="w-[25%] px-3 py-1.5 font-medium">Runtime output</th>
              <th className="w-[22%] px-3 py-1.5 font-medium">Actual (runtime v{lineage.runtimeVersion})</th>
              <th className="w-[6%] px-3 py-1.5 font-medium">
                <span className="sr-only">Agrees</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {fields.map((field) => (
              <tr
                key={`${field.configPath}>${field.runtimePath}`}
                data-testid="mirrored-field"
                data-field={field.configPath}
                data-agrees={String(field.agrees)}
                className={`align-top ${field.agrees === false ? 'bg-red-50' : ''}`}
              >
                {/* Keys have no spaces (visibility_timeout_seconds): they wrap anywhere rather than run under the next column. */}
                <td className="px-3 py-1.5 font-mono text-[13px] [overflow-wrap:anywhere]" data-testid="mirrored-field-key">
                  {field.configPath}
                </td>
                <td className="px-3 py-1.5" data-testid="mirrored-field-desired">
                  <JsonValueText value={field.desired} />
                </td>
                <td className="px-3 py-1.5 font-mono text-[13px] text-slate-700" data-testid="mirrored-field-output">
                  <span className="[overflow-wrap:anywhere]">{field.runtimePath}</span>
                  {field.source === 'mapping' && <span className="block w-fit rounded bg-slate-100 px-1 font-sans text-[10px] text-slate-600">per-type mapping</span>}
                </td>
                <td className="px-3 py-1.5" data-testid="mirrored-field-actual">
                  <JsonValueText value={field.actual} absent="no such output" />
                </td>
                <td className="px-3 py-1.5 text-center">
                  {field.agrees === true && (
                    <span className="text-green-700">
                      ✓<span className="sr-only"> agrees</span>
                    </span>
                  )}
                  {field.agrees === false && (
                    <span className="font-semibold text-red-700">
                      ≠<span className="sr-only"> differs</span>
                    </span>
                  )}
                  {field.agrees === null && (
                    <span className="text-slate-400" title="The runtime has no such output">
                      ?
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {nested.length > 0 && (
        <ul className="space-y-0.5 text-sm text-slate-700">
          {nested.map((d) => (
            <li key={d.path}>
              <code className="font-mono text-[13px]">{d.path}</code>: <JsonValueText value={d.desired} /> in the config, <JsonValueText value={d.actual} /> in the runtime
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
