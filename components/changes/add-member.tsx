'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { MAX_MEMBERS } from '@/lib/model/simulation';
import { ComponentPicker } from './component-picker';

type Props = {
  /** Ids already in the set. */
  taken: ReadonlySet<string>;
  count: number;
  /** Adds an existing component: its current config is read, then its editor opens (true: added). */
  onAddExisting: (id: string) => Promise<boolean>;
  onAddNew: () => void;
  /** The component being read, if any. */
  loading: string | null;
  error: string | null;
};

/**
 * "Add a component to this change": pick an existing component (search by
 * id, name or value) to edit or remove in the same request, or start a new one.
 */
export function AddMember({ taken, count, onAddExisting, onAddNew, loading, error }: Props) {
  const [isOpen, setOpen] = useState(false);
  const isFull = count >= MAX_MEMBERS;
  if (!isOpen) {
    return (
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={() => setOpen(true)} disabled={isFull} data-testid="add-member" title={isFull ? `A change set holds at most ${MAX_MEMBERS} components` : undefined}>
          <span aria-hidden>+</span> Add a component to this change
        </Button>
        <span className="text-xs text-slate-500">Change several components in one request: reviewed, approved and applied together.</span>
      </div>
    );
  }
  return (
    <section className="space-y-3 rounded-lg border border-dashed border-indigo-300 bg-indigo-50/40 p-4" aria-labelledby="add-member-heading" data-testid="add-member-panel">
      <div className="flex items-center justify-between gap-2">
        <h2 id="add-member-heading" className="text-sm font-semibold text-slate-900">
          Add a component to this change
        </h2>
        <Button variant="ghost" size="sm" onClick={() => setOpen(false)}>
          Close
        </Button>
      </div>
      <ComponentPicker
        taken={taken}
        isDisabled={loading !== null}
        onPick={(match) => {
          void onAddExisting(match.id).then((isAdded) => isAdded && setOpen(false));
        }}
      />
      {loading && (
        <p className="text-sm text-slate-600" role="status">
          Reading the config of <span className="font-mono">{loading}</span>…
        </p>
      )}
      {error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
          {error}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-2 border-t border-indigo-100 pt-3 text-sm text-slate-600">
        <span>Or</span>
        <Button
          size="sm"
          onClick={() => {
            onAddNew();
            setOpen(false);
          }}
          data-testid="add-new-member"
        >
          Add a new component
        </Button>
        <span className="text-xs">named by environment, type and nickname</span>
      </div>
    </section>
  );
}
