import type { ReactNode } from 'react';
import { Badge, DriftBadge } from '@/components/ui/badge';
import type { Role } from '@/lib/auth/roles';
import type { Component } from '@/lib/model/graph';
import { typeColor } from '@/components/graph/type-colors';
import { ProposeChange } from './change-requests-section';

/** Name, environment, type and drift of a component, with the actions that apply to it. */
export function ComponentHeader({ component, role, actions, titleAs: Title = 'h2' }: { component: Component; role: Role; actions?: ReactNode; titleAs?: 'h1' | 'h2' }) {
  return (
    <div className="space-y-2">
      <div className="flex min-w-0 items-start gap-2.5">
        <span
          aria-hidden
          className={`mt-1 h-5 w-5 shrink-0 ${component.configRaw === null ? 'rounded-full' : 'rounded-md'}`}
          style={{ backgroundColor: typeColor(component.type) }}
        />
        <div className="min-w-0">
          <Title className="truncate text-lg leading-7 font-semibold text-slate-900" data-testid="component-title">
            {component.nickname}
          </Title>
          <p className="truncate font-mono text-xs text-slate-600" data-testid="component-id">
            {component.id}
          </p>
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-1.5">
        <Badge>env {component.env}</Badge>
        <Badge>{component.type}</Badge>
        <DriftBadge drift={component.drift} />
        {component.problems.length > 0 && (
          <Badge tone="bg-rose-50 text-rose-800 ring-rose-600/30">
            {component.problems.length} problem{component.problems.length === 1 ? '' : 's'}
          </Badge>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <ProposeChange id={component.id} role={role} />
        {actions}
      </div>
    </div>
  );
}
