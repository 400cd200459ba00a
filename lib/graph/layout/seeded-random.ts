/**
 * A fixed-seed random source for layouts that call Math.random (cose places
 * overlapping nodes at random), so the same graph gets the same picture on
 * every reload.
 */

/** mulberry32: small, fast, and good enough for placing nodes. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs a synchronous `run` with Math.random replaced by a seeded source, and puts it back. */
export function withSeededRandom<T>(seed: number, run: () => T): T {
  const original = Math.random;
  Math.random = seededRandom(seed);
  try {
    return run();
  } finally {
    Math.random = original;
  }
}
