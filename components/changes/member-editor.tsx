'use client';

import Link from 'next/link';
import { useCallback, useMemo } from 'react';
import { Button } from '@/components/ui/button';
import { formatSyntaxError } from '@/lib/json/parse-strict-json';
import { memberAction, memberId, syntaxErrorOf, type DraftMember } from './change-set';
import { ConfigEditor, type FieldIssue } from './config-editor';
import { componentHref } from './format';
import { ActionBadge } from './member-action';
import { NewComponentFields } from './new-component-fields';

type Props = {
  member: DraftMember;
  index: number;
  /** Part of a set of several (or a removal): drawn as a card with its own header. */
  isSet: boolean;
  canPropose: boolean;
  envs: string[];
  types: string[];
  /** The simulation's issues for this member's text as it is now (none when the simulation is older). */
  issues: FieldIssue[];
  onChange: (member: DraftMember) => void;
  /** The editor's text changed; stable across renders (CodeMirror reconfigures itself when its handler changes). */
  onTextChange: (key: string, text: string) => void;
  /** Takes the member out of the set; absent for the one the page was opened for. */
  onDrop?: () => void;
};

function versionText(member: DraftMember): string {
  if (member.kind === 'new') return 'a new component';
  if (member.isRemoved) return member.baseVersion === null ? 'removed (it has no config)' : `removes config version ${member.baseVersion}`;
  return member.baseVersion === null ? 'it has no config yet' : `editing config version ${member.baseVersion}`;
}

/**
 * One component of a proposal: its names when it is new, its config in the
 * JSON editor (syntax errors as typed, the simulation's issues at their
 * fields), or, for an existing component, its removal instead.
 */
export function MemberEditor({ member, index, isSet, canPropose, envs, types, issues, onChange, onTextChange, onDrop }: Props) {
  const id = memberId(member);
  const action = memberAction(member);
  const isRemoved = member.kind === 'existing' && member.isRemoved;
  const syntaxError = useMemo(() => syntaxErrorOf(member), [member]);
  const name = id ?? `new component ${index + 1}`;
  const { key } = member;
  const setText = useCallback((text: string) => onTextChange(key, text), [onTextChange, key]);
  const editorLabel = isSet ? `Proposed config of ${name} (JSON)` : 'Proposed config (JSON)';

  return (
    <div
      className={isSet ? 'space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm' : 'space-y-4'}
      data-testid="change-member"
      data-component-id={id ?? ''}
      data-action={action}
      aria-label={isSet ? `Component ${index + 1}: ${name}` : undefined}
      role={isSet ? 'group' : undefined}
    >
      {isSet ? (
        <div className="flex flex-wrap items-center gap-2">
          <span className="flex h-5 w-5 items-center justify-center rounded-full bg-slate-100 text-xs font-semibold text-slate-600" aria-hidden>
            {index + 1}
          </span>
          <ActionBadge action={action} />
          {member.kind === 'existing' ? (
            <Link href={componentHref(member.componentId)} className="font-mono text-sm font-medium text-indigo-700 hover:underline">
              {member.componentId}
            </Link>
          ) : (
            <span className="font-mono text-sm font-medium text-slate-900">{id ?? 'new component'}</span>
          )}
          <span className="text-xs text-slate-500">{versionText(member)}</span>
          {onDrop && canPropose && (
            <Button variant="ghost" size="sm" className="ml-auto" onClick={onDrop} data-testid="drop-member" title={`Take ${name} out of this change set`}>
              Remove from this change
            </Button>
          )}
        </div>
      ) : null}

      {member.kind === 'new' && (
        <NewComponentFields
          names={member.names}
          onChange={(names) => onChange({ ...member, names })}
          envs={envs}
          types={types}
          isReadOnly={!canPropose}
          idPrefix={index === 0 ? 'new' : `new-${member.key}`}
        />
      )}

      <div className="space-y-1">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <label className="text-sm font-medium text-slate-700" id={index === 0 ? 'config-label' : `config-label-${member.key}`}>
            Config (JSON)
          </label>
          {member.kind === 'existing' && canPropose && (
            <label className="inline-flex items-center gap-1.5 text-sm text-slate-700" title="Delete this component's config instead of editing it">
              <input
                type="checkbox"
                checked={member.isRemoved}
                onChange={(event) => onChange({ ...member, isRemoved: event.target.checked })}
                className="h-4 w-4 rounded border-slate-300 text-red-600 focus:ring-red-500"
                data-testid="remove-component"
              />
              Remove this component
            </label>
          )}
        </div>
        {isRemoved ? (
          <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900" data-testid="removal-note">
            Applying deletes the config of <span className="font-mono">{member.componentId}</span>
            {member.baseVersion !== null && <> (version {member.baseVersion})</>}, and its file in the config repo when there is one. Karma refuses the removal while other
            components still depend on it: change or remove them in this same set.
          </p>
        ) : (
          <>
            <ConfigEditor value={member.text} onChange={canPropose ? setText : undefined} isReadOnly={!canPropose} issues={issues} label={editorLabel} />
            {syntaxError && (
              <p className="text-sm text-red-700" data-testid="json-error" data-line={syntaxError.line}>
                Not valid JSON — {formatSyntaxError(syntaxError)}
              </p>
            )}
          </>
        )}
      </div>
    </div>
  );
}
