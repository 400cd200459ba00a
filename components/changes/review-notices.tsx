import Link from 'next/link';
import { Banner } from '@/components/ui/banner';
import { formatUtc, shortUser } from '@/components/ui/format-time';
import type { ChangeView } from '@/lib/changes/review-model';
import { UNDECIDED, type AuditEvent, type EventKind } from '@/lib/model/change-request';
import { isJsonObject } from '@/lib/model/json';
import { WithChangeLinks } from './change-links';
import { componentHref } from './format';
import { inGitNotPublished } from './git-notice-text';
import { CommitId } from './git-section';
import { movedMembers, reviewMembers, type ReviewMember } from './review-members';

const lastOf = (events: AuditEvent[], kind: EventKind) => events.findLast((e) => e.kind === kind);

const parameterOf = (event: AuditEvent): string | null => (isJsonObject(event.data) && typeof event.data.parameter === 'string' ? event.data.parameter : null);

function proposeAgainHref(change: ChangeView): string {
  return `/changes/new?component=${encodeURIComponent(change.componentId)}`;
}

const driftHref = (id: string) => `/drift/${encodeURIComponent(id)}`;

/** Each member of a set and whether its write is recorded: after an apply, or one that stopped part way. */
function WrittenList({ members, isWaiting = false }: { members: ReviewMember[]; isWaiting?: boolean }) {
  return (
    <ul className="mt-1 space-y-0.5" data-testid="written-members">
      {members.map((m) => (
        <li key={m.componentId} data-component-id={m.componentId} data-applied={m.isApplied}>
          <span aria-hidden>{m.isApplied ? '✓' : '–'}</span>{' '}
          <Link href={componentHref(m.componentId)} className="font-mono underline">
            {m.componentId}
          </Link>{' '}
          {m.isApplied ? (
            m.action === 'remove' ? (
              'removed'
            ) : (
              <>
                written as version {m.appliedVersion}; drift{' '}
                <Link href={driftHref(m.componentId)} className="underline">
                  pending
                </Link>{' '}
                until it is deployed
              </>
            )
          ) : isWaiting ? (
            'written at its wave of the rollout, once what it depends on is deployed'
          ) : (
            'not written'
          )}
        </li>
      ))}
    </ul>
  );
}

/** Where the request stands and what happened to it, in words, above everything else. */
export function ReviewNotices({ change }: { change: ChangeView }) {
  const { config, applyInProgress: running } = change;
  const isUndecided = UNDECIDED.has(change.status);
  const members = reviewMembers(change);
  const isSet = members.length > 1;
  const notices = [];

  if (change.status === 'applied' && isSet) {
    // The apply's own record, not a later member's write at its wave of the rollout.
    const applied = change.events.find((e) => e.kind === 'applied' && !(isJsonObject(e.data) && typeof e.data.rolloutId === 'string'));
    const written = members.filter((m) => m.isApplied).length;
    const title =
      written === members.length ? `Applied: all ${members.length} components written` : `Applied: ${written} of ${members.length} components written, the rest at their wave`;
    notices.push(
      <Banner key="applied" tone="success" title={title} testId="applied-notice">
        {applied && (
          <>
            {shortUser(applied.actor)} wrote them at {formatUtc(applied.at)}, providers first
            {isJsonObject(applied.data) && applied.data.recovered === true ? ' (recorded after an interrupted apply)' : ''}.
          </>
        )}
        <WrittenList members={members} isWaiting />
      </Banner>,
    );
  } else if (change.status === 'applied') {
    const applied = lastOf(change.events, 'applied');
    notices.push(
      <Banner key="applied" tone="success" title={`Applied as config version ${change.appliedVersion}`} testId="applied-notice">
        {applied && (
          <>
            {shortUser(applied.actor)} wrote {parameterOf(applied) ?? 'it'} at {formatUtc(applied.at)}
            {isJsonObject(applied.data) && applied.data.recovered === true ? ' (recorded after an interrupted apply)' : ''}.{' '}
          </>
        )}
        Its drift is{' '}
        <Link href={`/drift/${encodeURIComponent(change.componentId)}`} className="underline">
          pending
        </Link>{' '}
        until the next deployment writes the runtime.
      </Banner>,
    );
  }
  if (change.status === 'stale') {
    notices.push(
      <Banner
        key="stale"
        tone="warning"
        title={isSet ? 'This request is stale: a component’s config moved since it was proposed' : 'This request is stale: the config moved since it was proposed'}
        testId="stale-notice"
        action={
          <Link href={proposeAgainHref(change)} className="text-sm font-medium underline">
            Propose again
          </Link>
        }
      >
        <WithChangeLinks text={change.error ?? 'The component’s config version is no longer the one this request was based on.'} /> It can no longer be approved or applied.
      </Banner>,
    );
  }
  if (change.status === 'apply_failed') {
    const inGit = inGitNotPublished(change);
    const written = members.filter((m) => m.isApplied).length;
    notices.push(
      inGit ? (
        <Banner key="failed" tone="error" title="In Git, not yet published" testId="apply-failed-notice">
          {change.gitCommit ? (
            <>
              Karma committed <CommitId change={change} sha={change.gitCommit} /> to {change.git?.branch ?? 'the config repo'}
            </>
          ) : (
            <>
              {change.git?.file ?? 'The file'} on {change.git?.branch ?? 'the config repo'} already holds this config
            </>
          )}
          , but publishing it to SSM failed: {inGit.cause} Applying again publishes it only: nothing is committed to Git again.
          {isSet && <WrittenList members={members} />}
        </Banner>
      ) : (
        <Banner
          key="failed"
          tone="error"
          title={written === 0 ? 'The apply failed; nothing was written' : `The apply stopped part way: ${written} of ${members.length} components written`}
          testId="apply-failed-notice"
        >
          <WithChangeLinks text={change.error ?? 'The apply failed.'} /> An approver can apply it again once the cause is fixed
          {isSet && written > 0 ? ': what is written is found and not written again.' : '.'}
          {isSet && <WrittenList members={members} />}
        </Banner>
      ),
    );
  }
  if (change.status === 'rejected' || change.status === 'withdrawn') {
    const decision = lastOf(change.events, change.status);
    notices.push(
      <Banner
        key="closed"
        tone="info"
        title={`${change.status === 'rejected' ? 'Rejected' : 'Withdrawn'}${decision ? ` by ${shortUser(decision.actor)}` : ''}`}
        testId="closed-notice"
      >
        {decision?.note || 'No reason was given.'}
      </Banner>,
    );
  }
  if (running?.written && !running.isExpired) {
    const { version, at, isRecordable } = running.written;
    notices.push(
      <Banner key="running" tone={isRecordable ? 'warning' : 'info'} title={`Written as config version ${version}; not recorded yet`} testId="apply-running-notice">
        {shortUser(running.actor)} started applying this request at {formatUtc(running.since)}, and SSM has held the change since {formatUtc(at)} (the version names this request).{' '}
        {isRecordable
          ? 'That apply could not record it (the graph store was down, or it stopped): applying again records it without writing anything.'
          : 'It is being recorded; if it does not finish, applying again records it without writing anything.'}
      </Banner>,
    );
  } else if (running) {
    notices.push(
      running.isExpired ? (
        <Banner key="running" tone="warning" title="An apply did not finish" testId="apply-running-notice">
          {shortUser(running.actor)} started applying this request at {formatUtc(running.since)} and it never recorded an outcome. Applying it again completes it: Karma checks
          SSM’s history for this request’s write and writes only if there is none.
        </Banner>
      ) : (
        <Banner key="running" tone="info" title="Being applied" testId="apply-running-notice">
          {shortUser(running.actor)} started applying this request at {formatUtc(running.since)}.
        </Banner>
      ),
    );
  } else if (isUndecided && isSet && movedMembers(members).length > 0) {
    const moved = movedMembers(members);
    notices.push(
      <Banner
        key="moved"
        tone="warning"
        title={`${moved.length} of its ${members.length} components moved since this request was proposed`}
        testId="moved-notice"
        action={
          <Link href={proposeAgainHref(change)} className="text-sm font-medium underline">
            Propose again
          </Link>
        }
      >
        <ul className="space-y-0.5">
          {moved.map((m) => (
            <li key={m.componentId}>
              <span className="font-mono">{m.componentId}</span> is at version {m.config!.current!.version}
              {m.config!.current!.modifiedBy ? ` (by ${shortUser(m.config!.current!.modifiedBy)} at ${formatUtc(m.config!.current!.modifiedAt)})` : ''}; the request was based on{' '}
              {m.baseVersion === null ? 'no config' : `version ${m.baseVersion}`}.
            </li>
          ))}
        </ul>
        The set can no longer be approved or applied, and the next decision marks it stale.
      </Banner>,
    );
  } else if (isUndecided && config.isMoved && config.current) {
    notices.push(
      <Banner
        key="moved"
        tone="warning"
        title={`The config moved to version ${config.current.version} since this request was proposed`}
        testId="moved-notice"
        action={
          <Link href={proposeAgainHref(change)} className="text-sm font-medium underline">
            Propose again
          </Link>
        }
      >
        {change.componentId} was changed{config.current.modifiedBy ? ` by ${shortUser(config.current.modifiedBy)}` : ''} at {formatUtc(config.current.modifiedAt)}; this request was
        based on {change.baseVersion === null ? 'no config' : `version ${change.baseVersion}`}. It can no longer be approved or applied, and the next decision marks it stale.
      </Banner>,
    );
  }
  const readError = config.readError ?? members.find((m) => m.config?.readError)?.config?.readError ?? null;
  if (readError) {
    notices.push(
      <Banner key="read" tone="error" title={isSet ? 'Could not read the components’ configs' : 'Could not read the component’s config'} testId="config-read-error">
        {readError}. The request is shown as stored; decisions wait until the parameter store answers.
      </Banner>,
    );
  }
  return notices.length > 0 ? <div className="space-y-2">{notices}</div> : null;
}
