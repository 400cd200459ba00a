/** The look of every text input and textarea; callers add width and padding. */
export const TEXT_FIELD_CLASS = 'rounded-md border border-slate-300 text-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500 disabled:bg-slate-50';
