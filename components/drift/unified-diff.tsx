'use client';

import { useMemo } from 'react';
import { unifiedDiff, type UnifiedItem } from './line-diff';

const ROW: Record<Exclude<UnifiedItem['kind'], 'skipped'>, { row: string; sign: string }> = {
  same: { row: '', sign: ' ' },
  removed: { row: 'bg-red-50', sign: '-' },
  added: { row: 'bg-green-50', sign: '+' },
};

/**
 * One document turned into another, as `git diff` shows it: removed lines
 * then added ones, a few unchanged lines around each change, the rest
 * folded. Same colours as the side-by-side diff. `before` null: a new file.
 */
export function UnifiedDiff({ before, after, label, testId }: { before: string | null; after: string; label: string; testId?: string }) {
  const items = useMemo(() => unifiedDiff(before, after), [before, after]);
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200" data-testid={testId}>
      <table className="w-full table-fixed border-collapse font-mono text-xs">
        <colgroup>
          <col className="w-9" />
          <col className="w-9" />
          <col className="w-5" />
          <col />
        </colgroup>
        <thead className="bg-slate-50 text-left font-sans text-xs text-slate-600">
          <tr>
            <th colSpan={4} className="border-b border-slate-200 px-2 py-1 font-medium">
              {label}
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item, i) =>
            item.kind === 'skipped' ? (
              <tr key={i} data-kind="skipped">
                <td colSpan={4} className="bg-slate-50 px-2 py-0.5 font-sans text-[11px] text-slate-500">
                  ⋯ {item.count} unchanged line{item.count === 1 ? '' : 's'}
                </td>
              </tr>
            ) : (
              <tr key={i} data-kind={item.kind} className={ROW[item.kind].row}>
                <td className="select-none px-1 text-right align-top text-slate-400">{item.left}</td>
                <td className="select-none border-r border-slate-200 px-1 text-right align-top text-slate-400">{item.right}</td>
                <td className={`select-none pl-1 align-top ${item.kind === 'removed' ? 'text-red-700' : item.kind === 'added' ? 'text-green-700' : 'text-slate-400'}`} aria-hidden>
                  {ROW[item.kind].sign}
                </td>
                <td className="px-1 align-top whitespace-pre-wrap break-all">
                  <span className="sr-only">{item.kind === 'removed' ? 'removed: ' : item.kind === 'added' ? 'added: ' : ''}</span>
                  {item.text}
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
