'use client';

type Props = {
  environments: string[];
  types: string[];
  byEnv: Record<string, number>;
  env: string[];
  type: string[];
  hasFilters: boolean;
  onToggleEnv: (env: string) => void;
  onType: (types: string[]) => void;
  onClear: () => void;
};

/** Environment toggles (with how many components each would show) and a type picker. */
export function DriftFilters({ environments, types, byEnv, env, type, hasFilters, onToggleEnv, onType, onClear }: Props) {
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
      <div role="group" aria-label="Environment" className="flex items-center gap-1">
        <span className="mr-1 text-slate-500">Environment</span>
        {environments.map((name) => {
          const isOn = env.includes(name);
          return (
            <button
              key={name}
              type="button"
              aria-pressed={isOn}
              onClick={() => onToggleEnv(name)}
              data-testid={`drift-env-${name}`}
              className={`rounded-full px-3 py-1 font-medium ring-1 ring-inset ${isOn ? 'bg-slate-900 text-white ring-slate-900' : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-100'}`}
            >
              {name} <span className={`tabular-nums ${isOn ? 'text-slate-300' : 'text-slate-500'}`}>{byEnv[name] ?? 0}</span>
            </button>
          );
        })}
      </div>
      <label className="flex items-center gap-2">
        <span className="text-slate-500">Type</span>
        <select
          value={type[0] ?? ''}
          onChange={(event) => onType(event.target.value ? [event.target.value] : [])}
          className="rounded-md border border-slate-300 bg-white px-2 py-1 text-slate-800"
          data-testid="drift-type-filter"
        >
          <option value="">All types</option>
          {types.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      {hasFilters && (
        <button type="button" onClick={onClear} className="rounded-md px-2 py-1 text-slate-600 underline-offset-2 hover:text-slate-900 hover:underline">
          Clear filters
        </button>
      )}
    </div>
  );
}
