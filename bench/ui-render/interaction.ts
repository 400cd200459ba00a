/**
 * How the graph view responds once drawn, as a person uses it: frame times
 * (requestAnimationFrame deltas) and main-thread long tasks (the browser's
 * `longtask` entries, tasks over 50 ms) while dragging the canvas and while
 * zooming it with the wheel, through Playwright's real input events; and how
 * long a focus takes from the URL change to the drawn neighbourhood.
 */
import type { Page } from '@playwright/test';
import { allowKeptNames } from '../../e2e/support/graph-geometry';
import { median, round } from '../lib/bench-args';

export type InteractionFigures = {
  inputs: number;
  /** Frames drawn while the gesture lasted; median and p95 are over these. */
  frames: number;
  medianFrameMs: number;
  p95FrameMs: number;
  /** The longest frame of the gesture or of the settling after it. */
  maxFrameMs: number;
  /** The longest main-thread task seen (0 when none passed the browser's 50 ms long-task threshold). */
  longestTaskMs: number;
  longTasks: number;
  /** How long the page took to take one input event (Playwright waits for the renderer's ack). */
  medianInputMs: number;
};

/** Frames as [end time, delta since the previous frame]; long tasks as [start time, duration]; page clock. */
type Recording = { frames: Array<[number, number]>; tasks: Array<[number, number]>; gestureEnd: number };

/** Time after the last input still counted for long tasks: the full redraw once the viewport stops moving belongs to the gesture. */
const SETTLE_MS = 1_000;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

type Recorder = Recording & { last: number; isRunning: boolean; observer: PerformanceObserver };

async function startRecording(page: Page): Promise<void> {
  await allowKeptNames(page);
  await page.evaluate(() => {
    const recorder: Recorder = { frames: [], tasks: [], gestureEnd: Infinity, last: performance.now(), isRunning: true, observer: new PerformanceObserver(() => undefined) };
    recorder.observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) recorder.tasks.push([entry.startTime, entry.duration]);
    });
    recorder.observer.observe({ type: 'longtask' });
    // The first delta runs from now, so a task started by the first input is counted too.
    const tick = (at: number) => {
      recorder.frames.push([at, at - recorder.last]);
      recorder.last = at;
      if (recorder.isRunning) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    (window as unknown as { __benchRecorder: Recorder }).__benchRecorder = recorder;
  });
}

/** Marks the end of the gesture (the last input sent), waits for the page to settle, and collects. */
async function stopRecording(page: Page): Promise<Recording> {
  await page.evaluate(() => {
    (window as unknown as { __benchRecorder: Recorder }).__benchRecorder.gestureEnd = performance.now();
  });
  await page.waitForTimeout(SETTLE_MS);
  return page.evaluate(() => {
    const recorder = (window as unknown as { __benchRecorder: Recorder }).__benchRecorder;
    recorder.isRunning = false;
    for (const entry of recorder.observer.takeRecords()) recorder.tasks.push([entry.startTime, entry.duration]);
    recorder.observer.disconnect();
    return { frames: recorder.frames, tasks: recorder.tasks, gestureEnd: recorder.gestureEnd };
  });
}

function figures({ frames, tasks, gestureEnd }: Recording, inputMs: number[]): InteractionFigures {
  // Frames while the gesture lasts, and the first one after it (it draws the last input); long tasks until the page settled.
  const firstAfter = frames.findIndex(([at]) => at > gestureEnd);
  const during = frames.slice(0, firstAfter === -1 ? frames.length : firstAfter + 1).map(([, delta]) => delta);
  const durations = tasks.map(([, duration]) => duration);
  return {
    inputs: inputMs.length,
    frames: during.length,
    medianFrameMs: round(median(during.length ? during : [0]), 1),
    p95FrameMs: round(percentile(during, 95), 1),
    maxFrameMs: round(Math.max(0, ...frames.map(([, delta]) => delta)), 0),
    longestTaskMs: round(Math.max(0, ...durations), 0),
    longTasks: durations.length,
    medianInputMs: round(median(inputMs.length ? inputMs : [0]), 1),
  };
}

async function canvasCentre(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.getByTestId('graph-canvas').boundingBox();
  if (!box) throw new Error('the graph canvas is not on the page');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2, width: box.width, height: box.height };
}

/** Drags the whole graph there and back `drags` times, `moves` mouse moves each way. */
export async function measurePan(page: Page, { drags = 2, moves = 24 } = {}): Promise<InteractionFigures> {
  const centre = await canvasCentre(page);
  const reach = { x: centre.width / 4, y: centre.height / 6 };
  const inputMs: number[] = [];
  await page.mouse.move(centre.x, centre.y);
  await startRecording(page);
  for (let drag = 0; drag < drags; drag++) {
    for (const direction of [1, -1]) {
      const from = direction === 1 ? centre : { x: centre.x + reach.x, y: centre.y + reach.y };
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      for (let i = 1; i <= moves; i++) {
        const started = performance.now();
        await page.mouse.move(from.x + (direction * reach.x * i) / moves, from.y + (direction * reach.y * i) / moves);
        inputMs.push(performance.now() - started);
      }
      await page.mouse.up();
    }
  }
  return figures(await stopRecording(page), inputMs);
}

/** Zooms in and back out with the wheel over the canvas centre, the whole graph in view. */
export async function measureZoom(page: Page, { steps = 8, deltaY = 120, gapMs = 60 } = {}): Promise<InteractionFigures> {
  const centre = await canvasCentre(page);
  const inputMs: number[] = [];
  await page.mouse.move(centre.x, centre.y);
  await startRecording(page);
  for (const direction of [-1, 1]) {
    for (let i = 0; i < steps; i++) {
      const started = performance.now();
      await page.mouse.wheel(0, direction * deltaY);
      inputMs.push(performance.now() - started);
      // A wheel turned by hand: events some tens of milliseconds apart.
      await page.waitForTimeout(gapMs);
    }
  }
  return figures(await stopRecording(page), inputMs);
}

/**
 * Focus on `id` by changing the URL the way back/forward does (the view
 * reads its state from the address bar), and the time until the focused
 * neighbourhood is drawn (the canvas's render signal, in page time).
 */
export async function measureFocus(page: Page, id: string, { timeoutMs = 60_000 } = {}): Promise<number> {
  const started = await page.evaluate((focus) => {
    const at = performance.now();
    const url = new URL(window.location.href);
    url.searchParams.set('focus', focus);
    window.history.pushState(null, '', url);
    window.dispatchEvent(new PopStateEvent('popstate'));
    return at;
  }, id);
  return waitForRenderAfter(page, started, timeoutMs);
}

/** Back to the view before (history.back), timed the same way. */
export async function measureBack(page: Page, { timeoutMs = 60_000 } = {}): Promise<number> {
  const started = await page.evaluate(() => {
    const at = performance.now();
    window.history.back();
    return at;
  });
  return waitForRenderAfter(page, started, timeoutMs);
}

async function waitForRenderAfter(page: Page, started: number, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction(
    (after) => {
      const render = (window as unknown as { __karmaRender?: { state: string; at: number } }).__karmaRender;
      return render && render.state === 'done' && render.at > after ? render.at : null;
    },
    started,
    { timeout: timeoutMs, polling: 'raf' },
  );
  return round(((await handle.jsonValue()) as number) - started, 0);
}
