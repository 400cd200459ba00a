'use client';

import { useMemo } from 'react';
import { sideBySide, type DiffRow } from './line-diff';

const CELL: Record<DiffRow['kind'], { left: string; right: string }> = {
  same: { left: '', right: '' },
  changed: { left: 'bg-red-50', right: 'bg-green-50' },
  removed: { left: 'bg-red-50', right: 'bg-slate-50' },
  added: { left: 'bg-slate-50', right: 'bg-green-50' },
};

/** Two documents line by line, left and right, changed lines tinted. */
export function SideBySideDiff({ left, right, leftLabel, rightLabel }: { left: string; right: string; leftLabel: string; rightLabel: string }) {
  const rows = useMemo(() => sideBySide(left, right), [left, right]);
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200" data-testid="side-by-side-diff">
      <table className="w-full table-fixed border-collapse font-mono text-xs">
        <colgroup>
          <col className="w-9" />
          <col />
          <col className="w-9" />
          <col />
        </colgroup>
        <thead className="bg-slate-50 text-left font-sans text-xs text-slate-600">
          <tr>
            <th colSpan={2} className="border-b border-r border-slate-200 px-2 py-1 font-medium">
              {leftLabel}
            </th>
            <th colSpan={2} className="border-b border-slate-200 px-2 py-1 font-medium">
              {rightLabel}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i} data-kind={row.kind}>
              <td className={`select-none px-1 text-right align-top text-slate-400 ${CELL[row.kind].left}`}>{row.left?.number}</td>
              <td className={`border-r border-slate-200 px-2 align-top whitespace-pre-wrap break-all ${CELL[row.kind].left}`}>{row.left?.text}</td>
              <td className={`select-none px-1 text-right align-top text-slate-400 ${CELL[row.kind].right}`}>{row.right?.number}</td>
              <td className={`px-2 align-top whitespace-pre-wrap break-all ${CELL[row.kind].right}`}>{row.right?.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
