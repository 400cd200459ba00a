'use client';

import { TEXT_FIELD_CLASS } from '@/components/ui/text-field';

export type ComponentNames = { env: string; type: string; nickname: string };

type Props = { names: ComponentNames; onChange: (names: ComponentNames) => void; envs: string[]; types: string[]; isReadOnly: boolean };

const inputClass = `w-full px-3 py-1.5 ${TEXT_FIELD_CLASS}`;

/** Environment, type and nickname of a component that does not exist yet. */
export function NewComponentFields({ names, onChange, envs, types, isReadOnly }: Props) {
  const set = (field: keyof ComponentNames) => (event: { target: { value: string } }) => onChange({ ...names, [field]: event.target.value.trim() });
  return (
    <fieldset className="grid gap-3 sm:grid-cols-3" disabled={isReadOnly}>
      <legend className="sr-only">The new component</legend>
      <div className="space-y-1">
        <label htmlFor="new-env" className="text-sm font-medium text-slate-700">
          Environment
        </label>
        <select id="new-env" value={names.env} onChange={set('env')} className={inputClass}>
          {envs.map((env) => (
            <option key={env} value={env}>
              {env}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor="new-type" className="text-sm font-medium text-slate-700">
          Type
        </label>
        <input id="new-type" list="known-types" value={names.type} onChange={set('type')} placeholder="e.g. s3-bucket" className={inputClass} />
        <datalist id="known-types">
          {types.map((type) => (
            <option key={type} value={type} />
          ))}
        </datalist>
      </div>
      <div className="space-y-1">
        <label htmlFor="new-nickname" className="text-sm font-medium text-slate-700">
          Nickname
        </label>
        <input id="new-nickname" value={names.nickname} onChange={set('nickname')} placeholder="e.g. exports" className={inputClass} />
      </div>
    </fieldset>
  );
}
