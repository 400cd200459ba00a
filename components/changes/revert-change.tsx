'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { changeSegment } from '@/lib/changes/change-id';
import type { ChangeView } from '@/lib/changes/review-model';
import { useRevertChange } from '@/lib/client/use-component-lineage';
import { isJsonObject } from '@/lib/model/json';

/**
 * Rollback as a change on the review page: "Revert this change" on an
 * applied request opens ONE request putting every member back to what it
 * was before (reviewed and applied like any other), or says why it cannot
 * (a member moved since, a text not recorded); and a revert says what it
 * reverts.
 */

export function RevertChange({ change, mayPropose }: { change: ChangeView; mayPropose: boolean }) {
  const router = useRouter();
  const revert = useRevertChange(change);
  if (change.status !== 'applied' || !mayPropose) return null;
  const count = change.members.length;
  return (
    <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label="Revert" data-testid="revert-change">
      <h2 className="text-sm font-semibold text-slate-900">Undo</h2>
      <p className="text-sm text-slate-600">
        Opens one change request putting {count === 1 ? 'the component' : `all ${count} components`} back to what {count === 1 ? 'it was' : 'they were'} before this change. It is
        simulated, reviewed and applied like any other.
      </p>
      <Button
        variant="secondary"
        disabled={revert.isPending}
        onClick={() => revert.mutate(undefined, { onSuccess: (opened) => router.push(`/changes/${changeSegment(opened.id)}?submitted=1`) })}
        data-testid="action-revert"
      >
        {revert.isPending ? 'Opening…' : 'Revert this change'}
      </Button>
      {revert.error && (
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-950" data-testid="revert-refusal">
          {revert.error.message}
        </p>
      )}
    </section>
  );
}

/** What a revert puts back, from its `proposed` event's data.revertOf. */
export function RevertNotice({ change }: { change: ChangeView }) {
  const proposed = change.events.find((e) => e.kind === 'proposed');
  const revertOf = proposed && isJsonObject(proposed.data) && isJsonObject(proposed.data.revertOf) ? proposed.data.revertOf : null;
  if (!revertOf) return null;
  const reverted = typeof revertOf.changeRequestId === 'string' ? revertOf.changeRequestId : null;
  return (
    <p className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-950" data-testid="revert-notice">
      {reverted ? (
        <>
          A revert of{' '}
          <Link href={`/changes/${changeSegment(reverted)}`} className="font-medium underline">
            {reverted}
          </Link>
          : every member back to what it was before that change.
        </>
      ) : (
        <>
          A revert of{' '}
          <Link href={`/components/${encodeURIComponent(String(revertOf.componentId))}`} className="font-mono underline">
            {String(revertOf.componentId)}
          </Link>{' '}
          to its config version {String(revertOf.version)} (from version {String(revertOf.fromVersion)}).
        </>
      )}
    </p>
  );
}
