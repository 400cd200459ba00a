'use client';

import type { MouseEvent } from 'react';
import { Banner } from '@/components/ui/banner';
import { buttonClass } from '@/components/ui/button';
import { localLabel, type TimeView } from './time-travel';

/**
 * What a view of the past says across its top, so it is never taken for
 * the present: the moment (in the reader's time, UTC on hover), that it is
 * read only, what is compared with what, and a way back to now. A moment
 * the API refused (a link with a typo) is said as such, with its reason.
 */
export function TimeBanner({
  time,
  backHref,
  onBack,
  error,
  what,
}: {
  time: TimeView;
  /** The same view now (no `at`, no `compare`): a real link. */
  backHref: string;
  /** A plain click goes back without a page load (the explorer's URL store). */
  onBack?: () => void;
  /** The API's 400 about the moment, if it refused it. */
  error?: string | null;
  /** What the view shows, to begin a sentence: `The graph`, `Each component's drift`. */
  what: string;
}) {
  const back = (
    <a
      href={backHref}
      className={buttonClass({ size: 'sm' })}
      data-testid="back-to-now"
      onClick={(event: MouseEvent) => {
        if (!onBack || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        onBack();
      }}
    >
      Back to now
    </a>
  );
  if (error) {
    return (
      <Banner tone="error" testId="time-error" title="This time is not one Karma can show" action={back}>
        <p>{error}</p>
      </Banner>
    );
  }
  const moment = (iso: string) => (
    <time dateTime={iso} title={`${iso} (UTC)`}>
      {localLabel(iso)}
    </time>
  );
  if (time.at !== null) {
    return (
      <Banner tone="warning" testId="past-banner" title={<>Viewing the past: {moment(time.at)} — read only</>} action={back}>
        {time.compare ? (
          <p>
            Compared with {moment(time.compare)}: what changed between the two is drawn and listed. Nothing here can be proposed or edited, and live updates leave it as it was.
          </p>
        ) : (
          <p>{what} as rebuilt from the versions Karma recorded up to then. Nothing here can be proposed or edited, and live updates leave it as it was.</p>
        )}
      </Banner>
    );
  }
  if (time.compare !== null) {
    return (
      <Banner tone="info" testId="compare-banner" title={<>Comparing {moment(time.compare)} with now</>} action={back}>
        <p>The graph now, with what changed since drawn and listed; what has gone since is drawn faded.</p>
      </Banner>
    );
  }
  return null;
}
