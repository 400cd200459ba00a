/**
 * One fill colour per component type, the same on every page and every
 * reload. The Adage types Karma knows get hand-picked, mutually distinct
 * colours; any other type gets one from the same palette by a stable hash.
 * Each colour keeps white text readable (≥ 4.5:1) and differs from the drift
 * palette's border colours in lightness, so fill and border do not blur.
 */

const PALETTE = [
  '#1d4ed8', // blue-700
  '#047857', // emerald-700
  '#b45309', // amber-700
  '#7e22ce', // purple-700
  '#be185d', // pink-700
  '#0e7490', // cyan-700
  '#4d7c0f', // lime-700
  '#c2410c', // orange-700
  '#4338ca', // indigo-700
  '#0f766e', // teal-700
  '#a21caf', // fuchsia-700
  '#334155', // slate-700
  '#15803d', // green-700
  '#9f1239', // rose-800
  '#6d28d9', // violet-700
  '#854d0e', // yellow-800
  '#0369a1', // sky-700
  '#57534e', // stone-600
] as const;

const KNOWN: Record<string, string> = {
  vpc: PALETTE[0],
  'route53-zone': PALETTE[16],
  'kms-key': PALETTE[11],
  's3-bucket': PALETTE[1],
  'acm-certificate': PALETTE[6],
  'cognito-sso': PALETTE[14],
  'ecs-cluster': PALETTE[8],
  'ecs-service': PALETTE[5],
  'serverless-site': PALETTE[4],
  'serverless-api': PALETTE[7],
  openapi: PALETTE[15],
  lambda: PALETTE[2],
  'aurora-postgres': PALETTE[3],
  'sqs-queue': PALETTE[9],
  clickhouse: PALETTE[13],
  grafana: PALETTE[10],
};

/** FNV-1a: tiny, stable across runtimes, good enough to spread type names. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function typeColor(type: string): string {
  return KNOWN[type] ?? PALETTE[hash(type) % PALETTE.length];
}

/** Colour for references to components that do not exist. */
export const GHOST_COLOR = '#be123c';
/** Border of a component whose drift is not known (yet). */
export const UNKNOWN_DRIFT_COLOR = '#94a3b8';
/** Focus mode: what the focused component depends on, and what depends on it. */
export const FOCUS_COLORS = { root: '#111827', dependency: '#0891b2', dependent: '#db2777' } as const;
export const MATCH_COLOR = '#facc15';
export const SELECTED_COLOR = '#4f46e5';
export const CYCLE_COLOR = '#ea580c';
