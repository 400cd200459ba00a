import { describe, expect, it } from 'vitest';
import { DRIFT_STYLE } from '@/components/ui/status-style';
import { contrastRatio, deltaE2000Hex } from '@/lib/color/delta-e';
import { CATEGORIES, CATEGORY_SHAPES, EXTENSION_PALETTE, GHOST_COLOR, KNOWN_TYPES, typeCategory, typeColor, typeStyle, type Category } from './type-colors';

const MIN_DELTA_E = 20;

function closestPairs(colors: ReadonlyArray<readonly [string, string]>) {
  const pairs: Array<{ a: string; b: string; deltaE: number }> = [];
  for (let i = 0; i < colors.length; i++)
    for (let j = i + 1; j < colors.length; j++) pairs.push({ a: colors[i][0], b: colors[j][0], deltaE: deltaE2000Hex(colors[i][1], colors[j][1]) });
  return pairs.sort((x, y) => x.deltaE - y.deltaE);
}

const known = KNOWN_TYPES.map((type) => [type, typeColor(type)] as const);
const extension = EXTENSION_PALETTE.map((color, i) => [`extension ${i}`, color] as const);

describe('the type palette', () => {
  it('knows the 16 Adage types', () => {
    expect(KNOWN_TYPES).toHaveLength(16);
    expect(new Set(known.map(([, c]) => c)).size).toBe(16);
  });

  it('keeps every pair of known types at least ΔE00 20 apart', () => {
    const [closest] = closestPairs(known);
    expect(closest.deltaE, `${closest.a} vs ${closest.b}`).toBeGreaterThanOrEqual(MIN_DELTA_E);
  });

  it('keeps every pair of colours the legend can show (known and extension) at least ΔE00 20 apart', () => {
    const all = [...known, ...extension];
    expect(all.length).toBeGreaterThanOrEqual(20);
    const [closest] = closestPairs(all);
    expect(closest.deltaE, `${closest.a} vs ${closest.b}`).toBeGreaterThanOrEqual(MIN_DELTA_E);
  });

  it('tells each colour apart from the drift badges and the missing-reference colour', () => {
    const marks = [...Object.values(DRIFT_STYLE).map((s) => s.color), GHOST_COLOR];
    for (const [name, color] of [...known, ...extension]) for (const mark of marks) expect(deltaE2000Hex(color, mark), `${name} ${color} vs ${mark}`).toBeGreaterThanOrEqual(10);
  });

  it('draws every colour readable on white (at least 3:1, WCAG non-text contrast)', () => {
    for (const [name, color] of [...known, ...extension]) expect(contrastRatio(color, '#ffffff'), name).toBeGreaterThanOrEqual(3);
  });

  it('gives a type Karma does not know an extension colour, the same on every call', () => {
    for (const type of ['sns-topic', 'dynamodb-table', 'step-function', 'x']) {
      expect(EXTENSION_PALETTE).toContain(typeColor(type));
      expect(typeColor(type)).toBe(typeColor(type));
    }
    // Spread over the extension palette, not all on one colour.
    const spread = new Set(Array.from({ length: 60 }, (_, i) => typeColor(`custom-type-${i}`)));
    expect(spread.size).toBe(EXTENSION_PALETTE.length);
  });
});

describe('categories and shapes', () => {
  const expected: Record<string, Category> = {
    vpc: 'network',
    'route53-zone': 'edge',
    'acm-certificate': 'edge',
    'serverless-site': 'edge',
    openapi: 'edge',
    'ecs-cluster': 'compute',
    'ecs-service': 'compute',
    'serverless-api': 'compute',
    lambda: 'compute',
    grafana: 'compute',
    's3-bucket': 'data',
    'aurora-postgres': 'data',
    clickhouse: 'data',
    'sqs-queue': 'messaging',
    'cognito-sso': 'identity',
    'kms-key': 'identity',
  };

  it('puts each known type in its category', () => {
    expect(Object.fromEntries(KNOWN_TYPES.map((t) => [t, typeCategory(t)]))).toEqual(expected);
  });

  it('gives every category its own shape, and none of them the runtime-only ellipse', () => {
    const shapes = CATEGORIES.map((c) => CATEGORY_SHAPES[c]);
    expect(CATEGORIES).toHaveLength(6);
    expect(new Set(shapes).size).toBe(6);
    expect(shapes).not.toContain('ellipse');
  });

  it('draws a type with its category’s shape and its own colour', () => {
    expect(typeStyle('sqs-queue')).toEqual({ color: typeColor('sqs-queue'), shape: CATEGORY_SHAPES.messaging, category: 'messaging' });
    expect(typeStyle('s3-bucket').shape).toBe('barrel');
  });

  it.each([
    ['sns-topic', 'messaging'],
    ['kinesis-stream', 'messaging'],
    ['dynamodb-table', 'data'],
    ['elasticache-redis', 'data'],
    ['neptune-cluster', 'data'],
    ['cloudfront-distribution', 'edge'],
    ['iam-role', 'identity'],
    ['secrets-manager-secret', 'identity'],
    ['nat-gateway', 'network'],
    ['batch-job', 'compute'],
    ['karma', 'compute'],
  ] as const)('guesses the category of an unknown type from its name: %s → %s', (type, category) => {
    expect(typeCategory(type)).toBe(category);
  });
});
