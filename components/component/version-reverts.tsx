'use client';

import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { changeSegment } from '@/lib/changes/change-id';
import { useRevertToVersion } from '@/lib/client/use-component-lineage';
import type { ComponentLineage, RevertAvailability } from '@/lib/model/component-lineage';

/**
 * "Revert to version N" on each row of the config history: it opens a change
 * request whose proposal is that version (simulated, approved and applied
 * like any other) and goes to its review page. Whether a version may be
 * reverted to is the server's answer (the lineage's `revert`); a version the
 * history has not recorded yet cannot be.
 */
export function useVersionReverts(id: string, lineage: ComponentLineage | undefined) {
  const router = useRouter();
  const revert = useRevertToVersion(id);
  const availability = (version: number): RevertAvailability =>
    lineage?.configVersions.find((v) => v.version === version)?.revert ?? {
      allowed: false,
      reason: lineage ? `Version ${version} is not in the recorded history yet` : 'Loading the recorded history…',
    };
  const cell = (version: number) => {
    const verdict = availability(version);
    const isBusy = revert.isPending && revert.variables === version;
    return (
      <Button
        size="sm"
        variant="secondary"
        disabled={!verdict.allowed || revert.isPending}
        title={verdict.allowed ? `Open a change request whose proposal is config version ${version}` : verdict.reason}
        aria-label={`Revert to version ${version}`}
        onClick={() => revert.mutate(version, { onSuccess: (request) => router.push(`/changes/${changeSegment(request.id)}?submitted=1`) })}
        data-testid={`revert-to-${version}`}
      >
        {isBusy ? 'Opening…' : `Revert to v${version}`}
      </Button>
    );
  };
  const status = revert.error ? (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900" data-testid="revert-error">
      {revert.error.message}
    </p>
  ) : null;
  return { action: { label: 'Revert', cell }, status };
}
