'use client';

import { useState } from 'react';
import type { JsonValue } from '@/lib/model/json';

/**
 * A JSON document as a collapsible tree: objects and arrays fold (keyboard:
 * Tab to a toggle, Enter/Space), leaves are coloured by kind. Children are
 * rendered only when open, so big runtimes stay cheap. "Expand all" and
 * "Collapse all" remount the tree with a new default depth.
 */

const LEAF_CLASS = { string: 'text-emerald-800', number: 'text-blue-800', boolean: 'text-violet-800', null: 'text-slate-500' } as const;

function Leaf({ value }: { value: string | number | boolean | null }) {
  const kind = value === null ? 'null' : (typeof value as 'string' | 'number' | 'boolean');
  return <span className={`${LEAF_CLASS[kind]} break-all`}>{kind === 'string' ? JSON.stringify(value) : String(value)}</span>;
}

function Node({ name, value, depth, openDepth }: { name: string | null; value: JsonValue; depth: number; openDepth: number }) {
  const isContainer = value !== null && typeof value === 'object';
  const [isOpen, setOpen] = useState(depth < openDepth);
  const label = name === null ? null : <span className="text-slate-700">{name}</span>;
  if (!isContainer) {
    return (
      <div className="py-px pl-4">
        {label}
        {label && <span className="text-slate-400">: </span>}
        <Leaf value={value as string | number | boolean | null} />
      </div>
    );
  }
  const entries: Array<[string, JsonValue]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  const summary = Array.isArray(value) ? `${entries.length} item${entries.length === 1 ? '' : 's'}` : `${entries.length} key${entries.length === 1 ? '' : 's'}`;
  return (
    <div className="py-px">
      <button
        type="button"
        aria-expanded={isOpen}
        onClick={() => setOpen(!isOpen)}
        className="inline-flex max-w-full items-baseline gap-1 rounded text-left hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        <span aria-hidden className="inline-block w-3 text-[10px] text-slate-500">
          {isOpen ? '▾' : '▸'}
        </span>
        {label}
        {label && <span className="text-slate-400">:</span>}
        <span className="text-slate-500">
          {open}
          {!isOpen && <span className="px-1 text-[11px] italic">{summary}</span>}
          {!isOpen && close}
        </span>
      </button>
      {isOpen && (
        <div className="ml-[5px] border-l border-slate-200 pl-2">
          {entries.map(([key, child]) => (
            <Node key={key} name={Array.isArray(value) ? `[${key}]` : key} value={child} depth={depth + 1} openDepth={openDepth} />
          ))}
          <div className="pl-1 text-slate-500">{close}</div>
        </div>
      )}
    </div>
  );
}

export function JsonTree({ value, openDepth = 2, label, testId }: { value: JsonValue; openDepth?: number; label: string; testId?: string }) {
  const [state, setState] = useState({ depth: openDepth, generation: 0 });
  const isContainer = value !== null && typeof value === 'object';
  return (
    <div className="rounded-md border border-slate-200 bg-white" data-testid={testId}>
      {isContainer && (
        <div className="flex items-center justify-end gap-1 border-b border-slate-100 px-2 py-1 text-xs">
          <button type="button" className="rounded px-1.5 py-0.5 text-slate-600 hover:bg-slate-100" onClick={() => setState((s) => ({ depth: 99, generation: s.generation + 1 }))}>
            Expand all
          </button>
          <button type="button" className="rounded px-1.5 py-0.5 text-slate-600 hover:bg-slate-100" onClick={() => setState((s) => ({ depth: 1, generation: s.generation + 1 }))}>
            Collapse
          </button>
        </div>
      )}
      <div role="group" aria-label={label} className="max-h-[28rem] overflow-auto p-2 font-mono text-xs leading-5">
        <Node key={state.generation} name={null} value={value} depth={0} openDepth={state.depth} />
      </div>
    </div>
  );
}
