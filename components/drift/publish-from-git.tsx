'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { hasRole, type Role } from '@/lib/auth/roles';
import { changeSegment } from '@/lib/changes/change-id';
import { useChanges, usePublishFromGit } from '@/lib/client/use-changes';

/**
 * "Publish from Git" for a component whose config repo file says something
 * SSM does not: opens a change request that publishes the file as it is,
 * reviewed like any other, and goes to it. A request that already does so
 * is linked instead. The server checks the role again; without a role this
 * shows the button and the server's refusal, if any, inline.
 */
export function PublishFromGit({ componentId, role }: { componentId: string; role?: Role }) {
  const router = useRouter();
  const publish = usePublishFromGit();
  const open = useChanges({ component: componentId, status: ['open', 'approved'] });
  const existing = open.data?.changes.find((c) => c.kind === 'publish');
  if (role && !hasRole(role, 'proposer')) {
    return (
      <span className="self-center text-xs text-slate-500" data-testid="publish-disabled">
        Publishing from Git needs the proposer role (you are a {role})
      </span>
    );
  }
  if (existing) {
    return (
      <Link
        href={`/changes/${changeSegment(existing.id)}`}
        className="self-center text-sm font-medium text-indigo-700 hover:underline"
        title={existing.title}
        data-testid="publish-open-request"
      >
        Publish request open →
      </Link>
    );
  }
  const isBusy = publish.isPending || publish.isSuccess;
  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        disabled={isBusy}
        title="Open a change request that publishes the config repo's file to SSM as it is"
        data-testid="publish-from-git"
        onClick={() => publish.mutate({ componentId }, { onSuccess: (change) => router.push(`/changes/${changeSegment(change.id)}`) })}
        className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:bg-indigo-300"
      >
        {isBusy ? 'Opening a request…' : 'Publish from Git'}
      </button>
      {publish.error && (
        <p role="alert" className="max-w-sm text-right text-xs text-red-700" data-testid="publish-error">
          {publish.error.message}
        </p>
      )}
    </div>
  );
}
