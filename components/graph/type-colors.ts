/**
 * How a component type is drawn, the same on every page and every reload:
 * a fill colour per type and a node shape per category (network, compute,
 * data, messaging, identity, edge/DNS), so a type reads by colour and its
 * kind by shape even where two colours are hard to tell apart.
 *
 * The Adage types Karma knows get fixed colours; any other type gets its
 * category from its name and a colour from an extension palette by a stable
 * hash. Every pair of colours the legend can show (known and extension)
 * differs by CIEDE2000 ΔE ≥ 20; `type-colors.test.ts` checks it.
 */

export type Category = 'network' | 'compute' | 'data' | 'messaging' | 'identity' | 'edge';

/** A cytoscape node shape name. */
export type NodeShape = 'round-rectangle' | 'hexagon' | 'barrel' | 'round-tag' | 'diamond' | 'round-triangle';

export type TypeStyle = { color: string; shape: NodeShape; category: Category };

export const CATEGORIES: readonly Category[] = ['network', 'edge', 'compute', 'data', 'messaging', 'identity'];

export const CATEGORY_LABELS: Record<Category, string> = {
  network: 'Network',
  edge: 'Edge / DNS',
  compute: 'Compute',
  data: 'Data',
  messaging: 'Messaging',
  identity: 'Identity and keys',
};

/**
 * One shape per category. Ellipses are left out on purpose: runtime-only
 * components used to be round, and a shape that means "no config" must not
 * also mean a category. They now keep their category's shape and fill (a
 * paler fill would read as another type's colour) with a dashed outline.
 */
export const CATEGORY_SHAPES: Record<Category, NodeShape> = {
  network: 'hexagon',
  edge: 'round-triangle',
  compute: 'round-rectangle',
  data: 'barrel',
  messaging: 'round-tag',
  identity: 'diamond',
};

/**
 * The 22 colours below (16 for the Adage types, 6 for the rest) come from an
 * offline search over the sRGB cube: candidates with at least 3:1 contrast on
 * white (WCAG non-text), CIELAB L* ≥ 25 (no near-blacks) and ΔE00 ≥ 10.5 from
 * every drift status colour (the badges sit on the fills); farthest-point
 * picks with random restarts maximised the smallest pairwise ΔE00, then a
 * per-channel hill climb refined it to 21.5. Which type gets which colour is
 * by hand: familiar hues where there is one (Lambda orange, S3 green,
 * Postgres blue, security red), and the pairs the old palette blurred
 * (serverless-api / lambda / openapi, cognito-sso / aurora-postgres,
 * sqs-queue / s3-bucket / ecs-service) far apart.
 */
const KNOWN: Record<string, { color: string; category: Category }> = {
  vpc: { color: '#0000e0', category: 'network' },
  'route53-zone': { color: '#00a0d0', category: 'edge' },
  'acm-certificate': { color: '#58a000', category: 'edge' },
  'serverless-site': { color: '#f850c0', category: 'edge' },
  openapi: { color: '#686818', category: 'edge' },
  'ecs-cluster': { color: '#443860', category: 'compute' },
  'ecs-service': { color: '#007070', category: 'compute' },
  'serverless-api': { color: '#a81aa0', category: 'compute' },
  lambda: { color: '#f85808', category: 'compute' },
  grafana: { color: '#995800', category: 'compute' },
  's3-bucket': { color: '#004818', category: 'data' },
  'aurora-postgres': { color: '#005c93', category: 'data' },
  clickhouse: { color: '#b38f00', category: 'data' },
  'sqs-queue': { color: '#fc0050', category: 'messaging' },
  'cognito-sso': { color: '#7862fc', category: 'identity' },
  'kms-key': { color: '#a80000', category: 'identity' },
};

/**
 * Colours for types Karma does not know, picked by a stable hash of the type
 * name; as far from each other and from the known colours as those are from
 * each other. Two unknown types can share one (there are six).
 */
export const EXTENSION_PALETTE: readonly string[] = ['#00a888', '#781338', '#9490b0', '#906864', '#909080', '#484038'];

/** Name fragments that give an unknown type its category; the first match wins, compute otherwise. */
const CATEGORY_HINTS: ReadonlyArray<readonly [Category, RegExp]> = [
  ['edge', /route53|dns|zone|cloudfront|cdn|acm|cert|site|waf|api-?gateway|openapi/],
  ['network', /vpc|subnet|nat|network|peering|transit|elb|alb|nlb|load-?balancer|security-group/],
  ['messaging', /sqs|sns|queue|topic|kafka|msk|kinesis|eventbridge|event|stream|mq/],
  ['identity', /cognito|iam|role|policy|kms|key|secret|sso|auth|identity|user-?pool/],
  ['data', /s3|bucket|rds|aurora|postgres|mysql|dynamo|db|database|neptune|clickhouse|redis|cache|elasticache|opensearch|efs|table|warehouse/],
];

/** FNV-1a: tiny, stable across runtimes, good enough to spread type names. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function isKnownType(type: string): boolean {
  return Object.hasOwn(KNOWN, type);
}

export const KNOWN_TYPES: readonly string[] = Object.keys(KNOWN).sort();

export function typeCategory(type: string): Category {
  if (isKnownType(type)) return KNOWN[type].category;
  const name = type.toLowerCase();
  return CATEGORY_HINTS.find(([, pattern]) => pattern.test(name))?.[0] ?? 'compute';
}

export function typeColor(type: string): string {
  return isKnownType(type) ? KNOWN[type].color : EXTENSION_PALETTE[hash(type) % EXTENSION_PALETTE.length];
}

export function typeStyle(type: string): TypeStyle {
  const category = typeCategory(type);
  return { color: typeColor(type), shape: CATEGORY_SHAPES[category], category };
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
