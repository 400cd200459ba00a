import { useEffect, useState } from 'react';

/**
 * The time, moving on every `everyMs`: for "just now", "3 min ago" that stay
 * true while a page stays open (a minute's resolution needs no finer tick).
 */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
