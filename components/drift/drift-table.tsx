'use client';

import Link from 'next/link';
import { componentPath } from '@/lib/client/api-fetch';
import { formatTime } from '@/lib/drift/format';
import type { DriftRow } from '@/lib/model/drift';
import { DriftStatusBadge } from './drift-status-badge';
import type { SortDirection, SortKey } from './use-drift-url-state';

const COLUMNS: Array<{ key: SortKey | null; label: string; className: string; hint?: string }> = [
  { key: 'component', label: 'Component', className: 'w-[19%]' },
  { key: 'env', label: 'Env', className: 'w-[6%]' },
  { key: 'status', label: 'Status', className: 'w-[11%]' },
  {
    key: 'since',
    label: 'Since',
    className: 'w-[10%]',
    hint: 'When the state began: the first config version not deployed, the config publish, the runtime write, or the config repo commit',
  },
  { key: 'changedBy', label: 'Changed by', className: 'w-[14%]', hint: 'Who made that change, as SSM or the config repo history recorded it' },
  { key: null, label: 'Reason', className: '' },
];

type Props = { rows: DriftRow[]; sort: SortKey; dir: SortDirection; onSort: (key: SortKey) => void };

export function DriftTable({ rows, sort, dir, onSort }: Props) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full table-fixed text-left text-sm" data-testid="drift-table">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            {COLUMNS.map(({ key, label, className, hint }) => (
              <th
                key={label}
                scope="col"
                className={`px-3 py-2 font-medium ${className}`}
                aria-sort={key && key === sort ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}
                title={hint}
              >
                {key ? (
                  <button type="button" onClick={() => onSort(key)} className="inline-flex items-center gap-1 uppercase hover:text-slate-900">
                    {label}
                    <span aria-hidden className={key === sort ? 'text-slate-900' : 'text-slate-300'}>
                      {key === sort && dir === 'desc' ? '▼' : '▲'}
                    </span>
                  </button>
                ) : (
                  label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.id} data-testid="drift-row" data-id={row.id} className="align-top hover:bg-slate-50">
              <td className="px-3 py-2">
                {/* No prefetch: a list of hundreds of rows would fetch every detail page as it scrolls into view. */}
                <Link href={`/drift/${componentPath(row.id)}`} prefetch={false} className="break-all font-medium text-blue-700 hover:underline">
                  {row.type}/{row.nickname}
                </Link>
              </td>
              <td className="px-3 py-2 text-slate-700">{row.env}</td>
              <td className="px-3 py-2">
                <DriftStatusBadge status={row.status} />
              </td>
              <td className="px-3 py-2 tabular-nums text-slate-700">
                {row.since ? (
                  <time dateTime={row.since} title={formatTime(row.since)}>
                    {formatTime(row.since).slice(0, 10)}
                    <span className="block text-xs text-slate-500">{formatTime(row.since).slice(11)}</span>
                  </time>
                ) : (
                  <span className="text-slate-400">—</span>
                )}
              </td>
              <td className="truncate px-3 py-2 text-slate-700" title={row.changedBy ?? 'Not recorded on the component; see the reason'}>
                {row.changedBy ?? <span className="text-slate-400">—</span>}
              </td>
              <td className="px-3 py-2 text-slate-700">
                <p className="line-clamp-2" title={row.reason}>
                  {row.reason}
                </p>
                {row.reasonCount > 1 && <p className="mt-0.5 text-xs text-slate-500">+{row.reasonCount - 1} more in the detail</p>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
