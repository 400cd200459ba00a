import 'server-only';
import { getHeapStatistics } from 'node:v8';

/**
 * How full the portal's heap is, against its budget (`--max-old-space-size`,
 * set from KARMA_HEAP_MB by the launchers in scripts/lib/build.mjs). The
 * graph of the newest generation lives in memory, so an estate that grows
 * past its budget would end in an out-of-memory crash: the portal says so
 * well before (in /api/health, and in the log when what is live first
 * crosses three quarters of the budget), while there is room to raise it.
 */

/** With more than this share of the budget live, the next growth of the estate may not fit. */
export const TIGHT_SHARE = 0.75;

/** `usedMb` is the floor of the last minute once a minute has been watched, the current use before. */
export type HeapReading = { usedMb: number; limitMb: number; warning: string | null };

export function heapWarning(usedMb: number, limitMb: number): string | null {
  if (usedMb <= limitMb * TIGHT_SHARE) return null;
  const suggested = Math.ceil((usedMb * 2) / 64) * 64;
  return `the heap holds ${usedMb} MB of its ${limitMb} MB budget; raise KARMA_HEAP_MB (to ${suggested}, say) before the estate grows further`;
}

const SAMPLE_MS = 5_000;
const WINDOW = 12;

/**
 * What is live, roughly: the lowest heap use sampled over the last minute. A
 * single reading counts the garbage not yet collected; the floor between
 * collections is what the graph and the server really hold.
 */
class HeapFloor {
  private readonly samples: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  private warned: string | null = null;

  /** Samples every 5 s from now on; `onWarning` hears when the floor first crosses three quarters of the budget. */
  watch(onWarning: (warning: string) => void): void {
    this.timer ??= setInterval(() => {
      this.sample();
      const { warning } = this.reading();
      if (warning && !this.warned) onWarning(warning);
      this.warned = warning;
    }, SAMPLE_MS).unref();
  }

  reading(): HeapReading {
    const stats = getHeapStatistics();
    const limitMb = Math.round(stats.heap_size_limit / 2 ** 20);
    if (this.samples.length < WINDOW) return { usedMb: Math.round(stats.used_heap_size / 2 ** 20), limitMb, warning: null };
    const usedMb = Math.min(...this.samples);
    return { usedMb, limitMb, warning: heapWarning(usedMb, limitMb) };
  }

  private sample(): void {
    const usedMb = Math.round(getHeapStatistics().used_heap_size / 2 ** 20);
    this.samples.push(usedMb);
    if (this.samples.length > WINDOW) this.samples.shift();
  }
}

const floor = new HeapFloor();

/** The portal watches its heap from start (services.ts); a warning goes to the log once per crossing. */
export function watchHeap(onWarning: (warning: string) => void): void {
  floor.watch(onWarning);
}

/** The heap's floor over the last minute and the budget; a warning once a full minute's floor is over three quarters of it. */
export function readHeap(): HeapReading {
  return floor.reading();
}
