'use client';

/**
 * A row of mutually exclusive choices (radio semantics, arrow keys move
 * between them as native radios do).
 */
export function SegmentedControl<T extends string | number>({
  label,
  options,
  value,
  onChange,
  testId,
}: {
  label: string;
  options: Array<{ value: T; label: string; title?: string }>;
  value: T;
  onChange: (value: T) => void;
  testId?: string;
}) {
  return (
    <fieldset className="inline-flex items-center gap-1.5" data-testid={testId}>
      <legend className="sr-only">{label}</legend>
      <span aria-hidden className="text-sm text-slate-500">
        {label}
      </span>
      <div className="inline-flex rounded-md bg-slate-100 p-0.5 ring-1 ring-inset ring-slate-200">
        {options.map((option) => {
          const isActive = option.value === value;
          return (
            <label
              key={String(option.value)}
              title={option.title}
              className={`relative cursor-pointer rounded px-2.5 py-1 text-sm font-medium has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-indigo-600 ${isActive ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-600 hover:text-slate-900'}`}
            >
              <input type="radio" className="sr-only" name={label} checked={isActive} onChange={() => onChange(option.value)} value={String(option.value)} />
              {option.label}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
