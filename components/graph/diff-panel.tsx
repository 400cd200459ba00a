'use client';

import type { ReactNode } from 'react';
import { DRIFT_STYLE } from '@/components/ui/status-style';
import type { GraphNode } from '@/lib/model/api';
import type { Edge } from '@/lib/model/graph';
import type { FieldChange } from '@/lib/json/diff-json';
import type { ComponentDiff, DocumentChange, GraphDiff } from '@/lib/model/history';
import type { JsonValue } from '@/lib/model/json';
import { DIFF_COLORS, type DiffKind } from './diff-style';
import { localLabel } from './time-travel';

/** Fields listed per document before "and N more". */
const FIELDS_SHOWN = 6;

/**
 * The list beside a comparison of two moments: components added, removed
 * and changed (with their versions then and now, and the fields that
 * differ), references added and removed. Each entry focuses the graph on
 * its component (a reference: on the component that holds it). The colours
 * are the graph's (diff-style.ts).
 */
export function DiffPanel({ diff, nodes, focus, onFocus }: { diff: GraphDiff; nodes: readonly GraphNode[]; focus: string | null; onFocus: (id: string) => void }) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const total = diff.added.length + diff.removed.length + diff.changed.length + diff.edgesAdded.length + diff.edgesRemoved.length;
  const entry = (id: string, kind: DiffKind, detail?: ReactNode) => (
    <li key={`${kind}:${id}`}>
      <button
        type="button"
        onClick={() => onFocus(id)}
        aria-current={focus === id ? 'true' : undefined}
        className={`w-full rounded px-1.5 py-1 text-left hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600 ${focus === id ? 'bg-indigo-50' : ''}`}
        data-testid={`diff-${kind}`}
        data-component-id={id}
        title={`Focus the graph on ${id}`}
      >
        <span className="flex items-center gap-1.5">
          <Swatch kind={kind} />
          <span className="truncate font-mono text-[12px] text-slate-900">{id}</span>
        </span>
        {detail && <span className="mt-0.5 block pl-4 text-[11px] text-slate-600">{detail}</span>}
      </button>
    </li>
  );
  const edgeEntry = (edge: Edge, kind: 'added' | 'removed') => (
    <li key={`${kind}:${edge.id}`}>
      <button
        type="button"
        onClick={() => onFocus(edge.from)}
        className="w-full rounded px-1.5 py-1 text-left hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
        data-testid={`diff-edge-${kind}`}
        data-edge-id={edge.id}
        title={`Focus the graph on ${edge.from}`}
      >
        <span className="flex items-center gap-1.5">
          <Swatch kind={kind} isLine />
          <span className="truncate font-mono text-[12px] text-slate-900">
            {edge.from} → {edge.to}
          </span>
        </span>
        <span className="mt-0.5 block pl-4 font-mono text-[11px] text-slate-600">{edge.path}</span>
      </button>
    </li>
  );
  const versionOf = (id: string) => {
    const node = byId.get(id);
    const parts = [node?.configVersion !== undefined ? `config v${node.configVersion}` : null, node?.runtimeVersion !== undefined ? `runtime v${node.runtimeVersion}` : null];
    return parts.filter(Boolean).join(' · ') || undefined;
  };

  return (
    <aside aria-label="What changed" className="flex w-[22rem] max-w-[40vw] shrink-0 flex-col border-r border-slate-200 bg-white" data-testid="diff-panel">
      <div className="border-b border-slate-200 px-3 py-2">
        <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">What changed</p>
        <p className="mt-0.5 text-xs text-slate-700">
          From <time dateTime={diff.before}>{localLabel(diff.before)}</time> to {diff.after ? <time dateTime={diff.after}>{localLabel(diff.after)}</time> : 'now'}
        </p>
      </div>
      <div className="min-h-0 flex-1 space-y-3 overflow-y-auto px-2 py-2 text-sm">
        {total === 0 && <p className="px-1.5 text-xs text-slate-600">Nothing in this view changed between the two moments.</p>}
        <Section title="Components added" count={diff.added.length} testId="diff-section-added">
          {diff.added.map((id) => entry(id, 'added', versionOf(id)))}
        </Section>
        <Section title="Components removed" count={diff.removed.length} testId="diff-section-removed">
          {diff.removed.map((id) => entry(id, 'removed', versionOf(id) && `last ${versionOf(id)}`))}
        </Section>
        <Section title="Components changed" count={diff.changed.length} testId="diff-section-changed">
          {diff.changed.map((change) => entry(change.id, 'changed', <ChangeDetail change={change} />))}
        </Section>
        <Section title="References added" count={diff.edgesAdded.length} testId="diff-section-edges-added">
          {diff.edgesAdded.map((e) => edgeEntry(e, 'added'))}
        </Section>
        <Section title="References removed" count={diff.edgesRemoved.length} testId="diff-section-edges-removed">
          {diff.edgesRemoved.map((e) => edgeEntry(e, 'removed'))}
        </Section>
      </div>
    </aside>
  );
}

function Section({ title, count, testId, children }: { title: string; count: number; testId: string; children: ReactNode }) {
  if (count === 0) return null;
  return (
    <section data-testid={testId}>
      <h2 className="px-1.5 text-xs font-semibold text-slate-700">
        {title} <span className="font-normal text-slate-500">({count})</span>
      </h2>
      <ul className="mt-0.5">{children}</ul>
    </section>
  );
}

function Swatch({ kind, isLine = false }: { kind: DiffKind; isLine?: boolean }) {
  const color = DIFF_COLORS[kind];
  const dashed = kind === 'removed';
  return isLine ? (
    <span aria-hidden className="inline-block w-3 shrink-0 border-t-2" style={{ borderColor: color, borderStyle: dashed ? 'dashed' : 'solid' }} />
  ) : (
    <span
      aria-hidden
      className="inline-block h-2.5 w-2.5 shrink-0 rounded-sm border-2"
      style={{ borderColor: color, borderStyle: dashed ? 'dashed' : 'solid', opacity: dashed ? 0.7 : 1 }}
    />
  );
}

function ChangeDetail({ change }: { change: ComponentDiff }) {
  return (
    <span className="block space-y-0.5">
      {change.config && <DocumentLine name="config" change={change.config} />}
      {change.runtime && <DocumentLine name="runtime" change={change.runtime} />}
      {change.status && (
        <span className="block" data-testid="diff-status">
          drift {statusText(change.status.before)} → {statusText(change.status.after)}
        </span>
      )}
    </span>
  );
}

function DocumentLine({ name, change }: { name: string; change: DocumentChange }) {
  const extra = change.fields.length - FIELDS_SHOWN;
  return (
    <span className="block">
      <span className="block" data-testid={`diff-${name}-versions`}>
        {name} {versionText(change.before)} → {versionText(change.after)}
      </span>
      {change.fields.slice(0, FIELDS_SHOWN).map((field) => (
        <span key={field.path} className="block truncate pl-2 font-mono text-[11px]" data-testid="diff-field" title={fieldTitle(field)}>
          <FieldMark kind={field.kind} /> {field.path || '(whole document)'}
          {field.kind === 'changed' && (
            <span className="text-slate-500">
              : {short(field.before)} → {short(field.after)}
            </span>
          )}
          {field.kind === 'added' && <span className="text-slate-500">: {short(field.after)}</span>}
        </span>
      ))}
      {extra > 0 && (
        <span className="block pl-2 text-[11px] text-slate-500">
          and {extra} more field{extra === 1 ? '' : 's'}
        </span>
      )}
    </span>
  );
}

function FieldMark({ kind }: { kind: FieldChange['kind'] }) {
  const mark = kind === 'added' ? '+' : kind === 'removed' ? '−' : '~';
  const color = kind === 'added' ? DIFF_COLORS.added : kind === 'removed' ? DIFF_COLORS.removed : DIFF_COLORS.changed;
  return (
    <span style={{ color }} className="font-bold" aria-label={kind}>
      {mark}
    </span>
  );
}

const versionText = (version: number | null) => (version === null ? 'none' : `v${version}`);
const statusText = (status: keyof typeof DRIFT_STYLE | null) => (status === null ? 'none' : DRIFT_STYLE[status].label.toLowerCase());

function short(value: JsonValue | undefined): string {
  if (value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function fieldTitle(field: FieldChange): string {
  const text = (value: JsonValue | undefined) => (value === undefined ? '—' : JSON.stringify(value));
  return `${field.path}: ${field.kind}${field.kind !== 'added' ? `, was ${text(field.before)}` : ''}${field.kind !== 'removed' ? `, now ${text(field.after)}` : ''}`;
}
