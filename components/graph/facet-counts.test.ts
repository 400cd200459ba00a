import { describe, expect, it } from 'vitest';
import type { FacetCount } from '@/lib/model/api';
import { facetTotals, formatCount } from './facet-counts';

const counts: FacetCount[] = [
  { env: 'dev', type: 'lambda', status: 'in_sync', count: 4 },
  { env: 'dev', type: 'lambda', status: 'pending', count: 2 },
  { env: 'dev', type: 'vpc', status: null, count: 1 },
  { env: 'prod', type: 'lambda', status: 'pending', count: 3 },
  { env: 'prod', type: 'vpc', status: 'mismatch', count: 1 },
  { env: 'prod', type: 's3-bucket', status: 'in_sync', count: 5 },
];

const plain = (map: Map<string, number>) => Object.fromEntries([...map.entries()].sort(([a], [b]) => a.localeCompare(b)));

describe('facetTotals', () => {
  it('counts every option over the whole estate when nothing is filtered', () => {
    const totals = facetTotals(counts, { env: [], type: [], status: [] });
    expect(plain(totals.env)).toEqual({ dev: 7, prod: 9 });
    expect(plain(totals.type)).toEqual({ lambda: 9, 's3-bucket': 5, vpc: 2 });
    // A component whose drift is not known is in no status option.
    expect(plain(totals.status)).toEqual({ in_sync: 9, mismatch: 1, pending: 5 });
  });

  it('counts each menu under the other menus’ filters, not its own', () => {
    const totals = facetTotals(counts, { env: ['prod'], type: ['lambda'], status: [] });
    // Type menu: within prod (its own choice of lambda does not hide the other types).
    expect(plain(totals.type)).toEqual({ lambda: 3, 's3-bucket': 5, vpc: 1 });
    // Env menu: lambdas in each environment.
    expect(plain(totals.env)).toEqual({ dev: 6, prod: 3 });
    // Drift menu: prod lambdas.
    expect(plain(totals.status)).toEqual({ pending: 3 });
  });

  it('leaves components of unknown drift out of every count once a status is chosen', () => {
    const totals = facetTotals(counts, { env: [], type: [], status: ['pending', 'mismatch'] });
    expect(plain(totals.type)).toEqual({ lambda: 5, vpc: 1 });
    expect(plain(totals.env)).toEqual({ dev: 2, prod: 4 });
    expect(plain(totals.status)).toEqual({ in_sync: 9, mismatch: 1, pending: 5 });
  });
});

describe('formatCount', () => {
  it('writes counts exactly, grouping thousands', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1234)).toBe('1,234');
    expect(formatCount(5000)).toBe('5,000');
    expect(formatCount(1_250_000)).toBe('1,250,000');
  });
});
