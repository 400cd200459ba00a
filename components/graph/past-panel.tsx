'use client';

import { useEffect, useRef } from 'react';
import { Button, ButtonLink } from '@/components/ui/button';
import { DRIFT_STYLE } from '@/components/ui/status-style';
import { componentPath } from '@/lib/client/api-fetch';
import type { GraphResponse } from '@/lib/model/api';
import { DIFF_COLORS } from './diff-style';
import { localLabel } from './time-travel';

/**
 * The side panel for a component in a view of the past or a comparison:
 * what the graph answer says of it then (type, drift status, config and
 * runtime versions, its references in view, what changed), and nothing
 * that proposes or edits: the past is read only. Its page (as it is now)
 * is a link away.
 */
export function PastPanel({
  id,
  data,
  onClose,
  onFocus,
  onSelect,
}: {
  id: string;
  data: GraphResponse | undefined;
  onClose: () => void;
  onFocus: () => void;
  onSelect: (id: string) => void;
}) {
  const heading = useRef<HTMLDivElement>(null);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, [id]);
  const node = data?.nodes.find((n) => n.id === id);
  const dependencies = data?.edges.filter((e) => e.from === id) ?? [];
  const dependents = data?.edges.filter((e) => e.to === id) ?? [];
  const diff = data?.diff;
  const change = diff?.changed.find((c) => c.id === id);
  const mark = diff?.added.includes(id) ? 'added' : diff?.removed.includes(id) ? 'removed' : change ? 'changed' : null;
  const when = data?.asOf ? localLabel(data.asOf) : 'now';

  const link = (other: string) => (
    <button type="button" onClick={() => onSelect(other)} className="truncate text-left font-mono text-[13px] text-indigo-700 hover:underline" title={`Show ${other}`}>
      {other}
    </button>
  );

  return (
    <aside
      aria-label={`Component ${id} as of ${when}`}
      className="flex w-[26rem] max-w-[45vw] shrink-0 flex-col border-l border-slate-200 bg-white shadow-[-4px_0_12px_-8px_rgba(15,23,42,0.25)]"
      data-testid="past-panel"
      data-component-id={id}
    >
      <div ref={heading} tabIndex={-1} className="flex items-center gap-2 border-b border-slate-200 px-4 py-2 outline-none">
        <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">Component as of {when}</p>
        <div className="ml-auto flex items-center gap-1">
          <ButtonLink href={`/components/${componentPath(id)}`} size="sm" variant="ghost" data-testid="open-component-page" title="Its page as it is now">
            Open page (now)
          </ButtonLink>
          <Button size="sm" variant="ghost" onClick={onClose} aria-label="Close the panel (Escape)" data-testid="close-panel">
            ✕
          </Button>
        </div>
      </div>
      <div className="min-h-0 flex-1 space-y-4 overflow-y-auto px-4 py-3 text-sm">
        <div>
          <h2 className="font-mono text-[15px] font-semibold break-all text-slate-900">{id}</h2>
          {node && (
            <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
              <span>
                {node.type} in {node.env}
              </span>
              {node.status && (
                <span className={`rounded px-1.5 py-0.5 ring-1 ${DRIFT_STYLE[node.status].badge}`} data-testid="past-status">
                  {DRIFT_STYLE[node.status].label}
                </span>
              )}
              {mark && (
                <span className="rounded px-1.5 py-0.5 font-medium text-white" style={{ backgroundColor: DIFF_COLORS[mark] }} data-testid="past-mark">
                  {mark}
                </span>
              )}
            </p>
          )}
        </div>
        {!node ? (
          <p className="text-slate-600" data-testid="past-missing">
            Not in this view as of {when}: it did not exist then, or the filters leave it out.
          </p>
        ) : (
          <>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-[13px]">
              <dt className="text-slate-500">Config</dt>
              <dd data-testid="past-config-version">{node.configVersion !== undefined ? `version ${node.configVersion}` : 'none'}</dd>
              <dt className="text-slate-500">Runtime</dt>
              <dd data-testid="past-runtime-version">{node.runtimeVersion !== undefined ? `version ${node.runtimeVersion}` : 'none'}</dd>
            </dl>
            {change && (
              <div data-testid="past-change">
                <h3 className="text-xs font-semibold text-slate-700">What changed</h3>
                <ul className="mt-1 space-y-0.5 text-[13px] text-slate-700">
                  {change.config && (
                    <li>
                      config v{change.config.before ?? '–'} → v{change.config.after ?? '–'}:{' '}
                      {change.config.fields.map((f) => f.path || '(whole document)').join(', ') || 'same fields'}
                    </li>
                  )}
                  {change.runtime && (
                    <li>
                      runtime v{change.runtime.before ?? '–'} → v{change.runtime.after ?? '–'}:{' '}
                      {change.runtime.fields.map((f) => f.path || '(whole document)').join(', ') || 'same fields'}
                    </li>
                  )}
                  {change.status && (
                    <li>
                      drift {change.status.before ? DRIFT_STYLE[change.status.before].label : 'none'} → {change.status.after ? DRIFT_STYLE[change.status.after].label : 'none'}
                    </li>
                  )}
                </ul>
              </div>
            )}
            <EdgeList title="Depends on" testId="past-dependencies" items={dependencies.map((e) => ({ key: e.id, other: e.to, path: e.path }))} link={link} />
            <EdgeList title="Used by" testId="past-dependents" items={dependents.map((e) => ({ key: e.id, other: e.from, path: e.path }))} link={link} />
            <Button size="sm" onClick={onFocus}>
              Focus on it
            </Button>
          </>
        )}
      </div>
    </aside>
  );
}

function EdgeList({
  title,
  testId,
  items,
  link,
}: {
  title: string;
  testId: string;
  items: Array<{ key: string; other: string; path: string }>;
  link: (id: string) => React.ReactNode;
}) {
  return (
    <div data-testid={testId}>
      <h3 className="text-xs font-semibold text-slate-700">
        {title} <span className="font-normal text-slate-500">({items.length} in view)</span>
      </h3>
      {items.length === 0 ? (
        <p className="mt-1 text-[13px] text-slate-500">None in view.</p>
      ) : (
        <ul className="mt-1 space-y-1">
          {items.map((item) => (
            <li key={item.key} className="flex flex-col" data-testid="past-edge">
              {link(item.other)}
              <span className="font-mono text-[11px] text-slate-500">{item.path}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
