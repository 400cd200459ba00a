/** `--n 1000,10000` (or `--n 5000`) → sizes; anything else is refused so a typo is not silently ignored. */
export function parseSizes(argv: string[], defaults: number[]): number[] {
  let sizes = defaults;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = arg.startsWith('--n=') ? arg.slice(4) : arg === '--n' ? argv[++i] : undefined;
    if (value === undefined) throw new Error(`unknown argument ${arg}; usage: [--n N[,N…]]`);
    sizes = value.split(',').map((v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) throw new Error(`--n wants positive integers, got "${v}"`);
      return n;
    });
  }
  return sizes;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
