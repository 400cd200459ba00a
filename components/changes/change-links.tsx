import Link from 'next/link';
import { Fragment } from 'react';
import { changeSegment } from '@/lib/changes/change-id';

const CHANGE_ID = /(cr:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/;

/** Text from the server (a stale reason, an event note) with each change request id it names as a link. */
export function WithChangeLinks({ text }: { text: string }) {
  return (
    <>
      {text.split(CHANGE_ID).map((part, i) =>
        i % 2 === 1 ? (
          <Link key={i} href={`/changes/${changeSegment(part)}`} className="font-mono text-[0.95em] underline">
            {part}
          </Link>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}
