'use client';

import dynamic from 'next/dynamic';

/**
 * The proposal form renders in the browser only: it starts from the
 * session draft, which the server cannot see, and CodeMirror measures the DOM.
 */
export const ProposalPage = dynamic(() => import('./proposal-form').then((m) => m.ProposalForm), {
  ssr: false,
  loading: () => (
    <div className="grid gap-6 p-6 lg:grid-cols-2" aria-busy="true">
      <div className="space-y-3">
        <div className="h-7 w-2/3 animate-pulse rounded bg-slate-200" />
        <div className="h-80 animate-pulse rounded bg-slate-100" />
      </div>
      <div className="h-64 animate-pulse rounded bg-slate-100" />
    </div>
  ),
});
