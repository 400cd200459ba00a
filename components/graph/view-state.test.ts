import { describe, expect, it } from 'vitest';
import { EMPTY_VIEW, graphQuery, isMeaningfulChange, parseViewState, viewSearch } from './view-state';

const parse = (search: string) => parseViewState(new URLSearchParams(search));

describe('parseViewState', () => {
  it('reads every part of the view, lists sorted and de-duplicated', () => {
    expect(parse('env=prod,dev&type=vpc&type=s3-bucket&status=pending&focus=prod:vpc/main&hops=3&layout=force&q=10.40&selected=prod%3Avpc%2Fmain&renderer=canvas')).toEqual({
      env: ['dev', 'prod'],
      type: ['s3-bucket', 'vpc'],
      status: ['pending'],
      focus: 'prod:vpc/main',
      hops: 3,
      layout: 'force',
      q: '10.40',
      selected: 'prod:vpc/main',
      renderer: 'canvas',
    });
  });

  it('falls back to defaults for missing or unknown values', () => {
    expect(parse('')).toEqual(EMPTY_VIEW);
    expect(parse('status=broken,pending&layout=circle&hops=x&renderer=svg')).toMatchObject({ status: ['pending'], layout: 'layered', hops: 2, renderer: 'auto' });
  });

  it('clamps hops to 1–4', () => {
    expect(parse('hops=0').hops).toBe(1);
    expect(parse('hops=9').hops).toBe(4);
  });
});

describe('viewSearch', () => {
  it('round-trips through parseViewState', () => {
    const view = { ...EMPTY_VIEW, env: ['prod'], type: ['vpc'], focus: 'prod:vpc/main', hops: 3, q: 'a b&c', selected: 'prod:vpc/main', renderer: 'webgl' as const };
    expect(parse(viewSearch(view).slice(1))).toEqual(view);
  });

  it('keeps ids readable and leaves defaults out', () => {
    expect(viewSearch({ ...EMPTY_VIEW, env: ['prod', 'dev'], focus: 'prod:vpc/main' })).toBe('?env=dev,prod&focus=prod:vpc/main');
    expect(viewSearch(EMPTY_VIEW)).toBe('');
  });

  it('drops hops when nothing is focused', () => {
    expect(viewSearch({ ...EMPTY_VIEW, hops: 4 })).toBe('');
  });
});

describe('graphQuery', () => {
  it('passes only the server-side filters, and hops only with a focus', () => {
    expect(graphQuery({ ...EMPTY_VIEW, env: ['prod'], q: 'x', selected: 'a:b/c', hops: 3 })).toEqual({ env: ['prod'] });
    expect(graphQuery({ ...EMPTY_VIEW, focus: 'prod:vpc/main', hops: 3 })).toEqual({ focus: ['prod:vpc/main'], hops: 3 });
  });
});

describe('isMeaningfulChange', () => {
  it('treats search typing as not worth a history entry, everything else as worth one', () => {
    expect(isMeaningfulChange(EMPTY_VIEW, { ...EMPTY_VIEW, q: 'vpc' })).toBe(false);
    expect(isMeaningfulChange(EMPTY_VIEW, { ...EMPTY_VIEW, env: ['prod'] })).toBe(true);
    expect(isMeaningfulChange(EMPTY_VIEW, { ...EMPTY_VIEW, selected: 'prod:vpc/main' })).toBe(true);
  });
});
