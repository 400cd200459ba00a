'use client';

import { TEXT_FIELD_CLASS } from '@/components/ui/text-field';

import type { ComponentNames } from './change-set';

export type { ComponentNames };

/** `idPrefix`: the fields' ids (`new-env`…), one prefix per new component on the page. */
type Props = { names: ComponentNames; onChange: (names: ComponentNames) => void; envs: string[]; types: string[]; isReadOnly: boolean; idPrefix?: string };

const inputClass = `w-full px-3 py-1.5 ${TEXT_FIELD_CLASS}`;

/** Environment, type and nickname of a component that does not exist yet. */
export function NewComponentFields({ names, onChange, envs, types, isReadOnly, idPrefix = 'new' }: Props) {
  const set = (field: keyof ComponentNames) => (event: { target: { value: string } }) => onChange({ ...names, [field]: event.target.value.trim() });
  return (
    <fieldset className="grid gap-3 sm:grid-cols-3" disabled={isReadOnly}>
      <legend className="sr-only">The new component</legend>
      <div className="space-y-1">
        <label htmlFor={`${idPrefix}-env`} className="text-sm font-medium text-slate-700">
          Environment
        </label>
        <select id={`${idPrefix}-env`} value={names.env} onChange={set('env')} className={inputClass}>
          {envs.map((env) => (
            <option key={env} value={env}>
              {env}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor={`${idPrefix}-type`} className="text-sm font-medium text-slate-700">
          Type
        </label>
        <input id={`${idPrefix}-type`} list={`${idPrefix}-known-types`} value={names.type} onChange={set('type')} placeholder="e.g. s3-bucket" className={inputClass} />
        <datalist id={`${idPrefix}-known-types`}>
          {types.map((type) => (
            <option key={type} value={type} />
          ))}
        </datalist>
      </div>
      <div className="space-y-1">
        <label htmlFor={`${idPrefix}-nickname`} className="text-sm font-medium text-slate-700">
          Nickname
        </label>
        <input id={`${idPrefix}-nickname`} value={names.nickname} onChange={set('nickname')} placeholder="e.g. exports" className={inputClass} />
      </div>
    </fieldset>
  );
}
