/**
 * Work written as a generator that yields after each small piece (one
 * component, one edge). The build's steps are written this way so the
 * server's sync can pause at those points and let requests in
 * (lib/server/cooperative.ts `runInSlices`), while the CLI and the tests run
 * the same steps straight through. A yield carries no value and takes none:
 * it only marks a place where pausing is safe. Pure.
 */
export type Stepwise<T> = Generator<void, T, void>;

/** Runs the work to its end without pausing. */
export function runStraight<T>(work: Stepwise<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

/** `items.map(each)`, yielding after every item. */
export function* mapStepwise<T, R>(items: readonly T[], each: (item: T, index: number) => R): Stepwise<R[]> {
  const out = new Array<R>(items.length);
  for (let i = 0; i < items.length; i++) {
    out[i] = each(items[i], i);
    yield;
  }
  return out;
}
