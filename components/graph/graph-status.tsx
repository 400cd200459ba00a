'use client';

import { Banner } from '@/components/ui/banner';
import { Button, ButtonLink } from '@/components/ui/button';
import { formatUtc } from '@/components/ui/format-time';
import { ApiError } from '@/lib/client/api-fetch';
import { useHealth } from '@/lib/client/use-health';
import type { HealthResponse } from '@/lib/model/api';

/**
 * What the graph view says when it cannot simply show the graph: the store
 * is down (with what /api/health knows), the graph is a stale snapshot, the
 * request failed otherwise, a focus or path names no component, two
 * components have no path, or there is nothing to show.
 */

function HealthDetails({ health }: { health: HealthResponse | undefined }) {
  if (!health) return <p>Checking the server’s health…</p>;
  const details = health.details;
  if (!details)
    return (
      <p>
        Graph store {health.graphStore}, parameters {health.parameters}.
      </p>
    );
  const store = details.graphStore;
  return (
    <ul className="mt-1 space-y-0.5" data-testid="health-details">
      <li>
        Graph store <strong>{store.kind}</strong>:{' '}
        {!store.reachable ? `unreachable — ${store.error ?? 'no answer'}` : store.isRecovering ? 'answered without a graph (it lost its data); rebuilding it now' : 'reachable'}
      </li>
      {details.parameters.environments.map((e) => (
        <li key={e.env}>
          Parameters <strong>{e.env}</strong> ({details.parameters.kind}, {e.prefix}): {e.reachable ? 'reachable' : `unreachable — ${e.error ?? 'no answer'}`}
        </li>
      ))}
      {details.lastSync && (
        <li>
          Last sync {formatUtc(details.lastSync.at)} ({details.lastSync.trigger}):{' '}
          {details.lastSync.ok ? `${details.lastSync.components} components, ${details.lastSync.edges} edges` : `failed — ${details.lastSync.error}`}
        </li>
      )}
      {details.memory.warning && <li>Memory: {details.memory.warning}</li>}
    </ul>
  );
}

export function StaleBanner({ syncedAt }: { syncedAt: string | null }) {
  const health = useHealth();
  return (
    <Banner tone="warning" testId="stale-banner" title={`Showing the last good graph from ${formatUtc(syncedAt)}`}>
      {health.data?.graphStore === 'recovering'
        ? 'The graph store answered without a graph (it lost its data) and is being rebuilt from the parameters; until then this is the last graph this server built.'
        : 'The graph store is not answering, so changes since then are not shown.'}
      <HealthDetails health={health.data} />
    </Banner>
  );
}

export function GraphErrorBanner({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const isDown = error instanceof ApiError && (error.status === 503 || error.status === 504 || error.status === 0);
  const health = useHealth({ enabled: isDown });
  if (error instanceof ApiError && error.status === 401) {
    return (
      <Banner
        tone="warning"
        title="Your session has ended"
        action={
          <ButtonLink href="/signin?callbackUrl=/" size="sm">
            Sign in again
          </ButtonLink>
        }
      >
        Sign in again to see the graph.
      </Banner>
    );
  }
  return (
    <Banner
      tone="error"
      testId="graph-error"
      title={isDown ? 'The graph store is unreachable' : 'The graph could not be loaded'}
      action={
        <Button size="sm" onClick={onRetry}>
          Try again
        </Button>
      }
    >
      <p>{error instanceof Error ? error.message : String(error)}</p>
      {isDown && <HealthDetails health={health.data} />}
    </Banner>
  );
}

/** A view centred on something that is not a component (a focus or path id from an old link or a typo): say which, and offer a way out. */
export function MissingComponent({ message, onClear }: { message: string; onClear: () => void }) {
  return (
    <div className="absolute inset-0 flex items-center justify-center p-6" data-testid="graph-missing">
      <div className="max-w-md text-center">
        <p className="text-base font-semibold text-slate-800">{message}</p>
        <p className="mt-1 text-sm text-slate-600">The graph has no component with this id: it may have been renamed or removed, or the link has a typo.</p>
        <Button className="mt-4" onClick={onClear}>
          Show the whole graph
        </Button>
      </div>
    </div>
  );
}

/** A path view whose two components are not connected by dependencies. */
export function NoPath({ from, to, isFiltered, onClear }: { from: string; to: string; isFiltered: boolean; onClear: () => void }) {
  return (
    <div className="absolute inset-0 flex items-center justify-center p-6" data-testid="graph-no-path">
      <div className="max-w-lg text-center">
        <p className="text-base font-semibold text-slate-800">{noPathText(from, to, isFiltered)}</p>
        <p className="mt-1 text-sm text-slate-600">Neither depends on the other, directly or through other components{isFiltered ? ' that these filters let through' : ''}.</p>
        <Button className="mt-4" onClick={onClear}>
          Show the whole graph
        </Button>
      </div>
    </div>
  );
}

export function noPathText(from: string, to: string, isFiltered: boolean): string {
  return `No dependency path between ${from} and ${to} (in either direction)${isFiltered ? ' within these filters' : ''}`;
}

export function EmptyGraph({ isFiltered, onClear }: { isFiltered: boolean; onClear: () => void }) {
  if (isFiltered) {
    return (
      <div className="absolute inset-0 flex items-center justify-center p-6" data-testid="graph-empty">
        <div className="max-w-md text-center">
          <p className="text-base font-semibold text-slate-800">No component matches these filters</p>
          <p className="mt-1 text-sm text-slate-600">Widen the environment, type or drift filters, or leave focus mode.</p>
          <Button className="mt-4" onClick={onClear}>
            Clear all filters
          </Button>
        </div>
      </div>
    );
  }
  return (
    <div className="absolute inset-0 flex items-center justify-center p-6" data-testid="graph-empty">
      <div className="max-w-xl rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-700">
        <p className="text-base font-semibold text-slate-900">No components yet</p>
        <p className="mt-1">
          Karma found no <code className="font-mono text-[13px]">…/config</code> or <code className="font-mono text-[13px]">…/runtime</code> parameters under the configured
          prefixes. To load some:
        </p>
        <ul className="mt-3 list-disc space-y-1.5 pl-5">
          <li>
            Embedded store: publish a config repo checkout with <code className="rounded bg-slate-100 px-1 font-mono text-[13px]">npx karma seed --from-git DIR</code> (or{' '}
            <code className="rounded bg-slate-100 px-1 font-mono text-[13px]">npx karma seed --demo</code> for the demo estate).
          </li>
          <li>
            AWS: set <code className="rounded bg-slate-100 px-1 font-mono text-[13px]">KARMA_PARAMETERS=ssm</code> and{' '}
            <code className="rounded bg-slate-100 px-1 font-mono text-[13px]">KARMA_ENVIRONMENTS=dev,prod</code> (or environments in the settings file) and check each environment’s
            prefix (default <code className="font-mono text-[13px]">/iac</code>).
          </li>
          <li>
            Then rebuild the graph: <code className="rounded bg-slate-100 px-1 font-mono text-[13px]">npx karma graph build --sync</code>, or an admin’s{' '}
            <code className="font-mono text-[13px]">POST /api/graph/sync</code>.
          </li>
        </ul>
      </div>
    </div>
  );
}
