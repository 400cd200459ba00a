'use client';

import Link from 'next/link';
import { useState } from 'react';
import { EventTimeline } from '@/components/changes/event-timeline';
import { Badge } from '@/components/ui/badge';
import { Banner } from '@/components/ui/banner';
import { ButtonLink } from '@/components/ui/button';
import { formatUtc, shortUser, timeAgo } from '@/components/ui/format-time';
import { Skeleton, SkeletonLines } from '@/components/ui/skeleton';
import { CHANGE_STYLE } from '@/components/ui/status-style';
import { useNow } from '@/components/ui/use-now';
import { changeSegment } from '@/lib/changes/change-id';
import { rolloutSegment } from '@/lib/changes/rollout-id';
import { ApiError } from '@/lib/client/api-fetch';
import { useRollout, useRolloutAction } from '@/lib/client/use-rollouts';
import { CHANGE_STATUSES, type ChangeStatus } from '@/lib/model/change-request';
import type { RolloutView } from '@/lib/model/rollout';
import { RolloutActions } from './rollout-actions';
import { ROLLOUT_STATUS_STYLE } from './rollout-style';
import { countStates, countsText, membersByWave, waveProgressText } from './rollout-view';
import { StateCounts } from './state-counts';
import { WaveColumn } from './wave-column';

/** A reason as a sentence: the server's reasons end without a full stop. */
const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

const isChangeStatus = (s: string): s is ChangeStatus => (CHANGE_STATUSES as readonly string[]).includes(s);

function Header({ view, now }: { view: RolloutView; now: number }) {
  const { rollout, change } = view;
  const style = ROLLOUT_STATUS_STYLE[rollout.status];
  return (
    <header className="space-y-3">
      <p className="text-sm text-slate-500">
        <Link href="/rollouts" className="hover:underline">
          Rollouts
        </Link>{' '}
        / <span className="font-mono text-xs">{rollout.id}</span>
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={style.badge} title={style.description} testId="rollout-status">
          <span data-status={rollout.status}>{style.label}</span>
        </Badge>
        <h1 className="text-xl font-semibold text-slate-900" data-testid="rollout-title">
          {rollout.title}
        </h1>
        <ButtonLink href={`/?rollout=${rolloutSegment(rollout.id)}`} size="sm" className="ml-auto" data-testid="rollout-graph-link">
          Show on the graph
        </ButtonLink>
      </div>
      <p className="flex flex-wrap items-center gap-x-1.5 gap-y-1 text-sm text-slate-600" data-testid="rollout-change">
        Rolls out
        <Link href={`/changes/${changeSegment(change.id)}`} className="font-medium text-indigo-700 hover:underline" data-testid="rollout-change-link">
          {change.title}
        </Link>
        {isChangeStatus(change.status) && (
          <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${CHANGE_STYLE[change.status].badge}`}>{CHANGE_STYLE[change.status].label}</span>
        )}
        <span>
          by {shortUser(change.author)}; started by {shortUser(rollout.startedBy)}{' '}
          <time dateTime={rollout.createdAt} title={formatUtc(rollout.createdAt)}>
            {timeAgo(rollout.createdAt, now)}
          </time>
        </span>
      </p>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <span className="font-semibold text-slate-900" data-testid="rollout-wave" data-current-wave={rollout.currentWave} data-waves={rollout.waves}>
          {waveProgressText(rollout)}
        </span>
        <StateCounts members={rollout.members} />
        <span className="text-xs text-slate-500" title={formatUtc(rollout.updatedAt)}>
          last change {timeAgo(rollout.updatedAt, now)}
        </span>
      </div>
    </header>
  );
}

/** Why it stopped, or that it is done. */
function StatusNotice({ view }: { view: RolloutView }) {
  const { rollout } = view;
  if (rollout.status === 'paused')
    return (
      <Banner tone="warning" title="The rollout is paused" testId="rollout-reason">
        {sentence(rollout.reason ?? 'Someone paused it')} It goes on when someone resumes it
        {rollout.members.some((m) => m.state === 'failed') ? ' (a failed member must be retried or skipped first)' : ''}.
      </Banner>
    );
  if (rollout.status === 'aborted')
    return (
      <Banner tone="error" title="The rollout was aborted" testId="rollout-reason">
        {sentence(rollout.reason ?? 'Someone aborted it')} What was deployed stays deployed; nothing more is asked for.
      </Banner>
    );
  if (rollout.status === 'completed')
    return (
      <Banner tone="success" title="The rollout is complete" testId="rollout-reason">
        Every member is deployed or was skipped ({countsText(countStates(rollout.members))}).
      </Banner>
    );
  return null;
}

/**
 * A rollout as it goes (ARCHITECTURE.md §6b): where it stands, each wave
 * with its members' states, what this user may do (exactly what the server
 * allows), and its events. Live events bring every transition, so it moves
 * without a reload; the clock ticks for deadlines and ages.
 */
export function RolloutPage({ id }: { id: string }) {
  const { data: view, error, isPending } = useRollout(id);
  const now = useNow(5_000);
  const act = useRolloutAction();
  const [skipping, setSkipping] = useState<string | null>(null);
  if (isPending) {
    return (
      <div className="mx-auto w-full max-w-7xl space-y-4 px-6 py-6" aria-busy="true">
        <Skeleton className="h-7 w-96" />
        <SkeletonLines lines={2} />
        <div className="grid gap-4 md:grid-cols-3">
          <Skeleton className="h-48" />
          <Skeleton className="h-48" />
          <Skeleton className="h-48" />
        </div>
      </div>
    );
  }
  if (error) {
    const isMissing = error instanceof ApiError && error.status === 404;
    return (
      <div className="mx-auto w-full max-w-7xl px-6 py-6">
        <Banner
          tone="error"
          title={isMissing ? 'There is no such rollout' : 'Could not load the rollout'}
          action={
            <Link href="/rollouts" className="text-sm underline">
              All rollouts
            </Link>
          }
        >
          {!isMissing && error.message}
        </Banner>
      </div>
    );
  }
  const { rollout } = view;
  const waves = membersByWave(rollout);
  // A member action's refusal shows at that member; the rollout's own in the actions box.
  const memberError = act.error && act.variables?.componentId ? { componentId: act.variables.componentId, message: act.error.message } : null;
  return (
    <div className="mx-auto w-full max-w-7xl space-y-5 px-6 py-6" data-testid="rollout-page" data-status={rollout.status}>
      <Header view={view} now={now} />
      <StatusNotice view={view} />
      <RolloutActions view={view} act={act} />
      {rollout.cycles.length > 0 && (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-950" data-testid="rollout-cycles">
          {rollout.cycles.map((cycle) => cycle.join(', ')).join('; ')} {rollout.cycles.length === 1 ? 'depend' : 'each depend'} on each other (a dependency cycle): each cycle
          deploys in one wave, in no particular order.
        </p>
      )}
      <section aria-label="Waves" className="space-y-2">
        <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500">
          Waves ({rollout.waves}) · {rollout.members.length} component{rollout.members.length === 1 ? '' : 's'}
        </h2>
        <div className="flex gap-4 overflow-x-auto pb-2" data-testid="rollout-waves">
          {waves.map((wave) => (
            <WaveColumn key={wave.wave} wave={wave} view={view} now={now} act={act} skipping={skipping} onSkipping={setSkipping} memberError={memberError} />
          ))}
        </div>
      </section>
      <section className="space-y-3" aria-labelledby="rollout-events-title">
        <h2 id="rollout-events-title" className="text-xs font-semibold uppercase tracking-wide text-slate-500">
          Events ({view.events.length})
        </h2>
        {view.events.length === 0 ? <p className="text-sm text-slate-500">None yet.</p> : <EventTimeline events={view.events} now={now} testId="rollout-events" />}
      </section>
    </div>
  );
}
