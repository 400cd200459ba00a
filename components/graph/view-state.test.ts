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
      siblings: false,
      path: null,
      at: null,
      compare: null,
      layout: 'force',
      group: 'auto',
      expand: [],
      q: '10.40',
      selected: 'prod:vpc/main',
      renderer: 'canvas',
      rollout: null,
    });
  });

  it('reads a rollout as its bare uuid, whichever form names it', () => {
    const uuid = '0b7c5a2e-1f3d-4c8a-9e6b-2d4f6a8c0e1f';
    expect(parse(`rollout=${uuid}`).rollout).toBe(uuid);
    expect(parse(`rollout=ro:${uuid.toUpperCase()}`).rollout).toBe(uuid);
    expect(parse(`rollout=ro%3A${uuid}`).rollout).toBe(uuid);
    // Not a rollout id: kept, so the page can say there is no such rollout.
    expect(parse('rollout=nope').rollout).toBe('nope');
    expect(parse('rollout=%20').rollout).toBeNull();
    expect(viewSearch({ ...EMPTY_VIEW, env: ['prod'], rollout: uuid })).toBe(`?env=prod&rollout=${uuid}`);
    expect(isMeaningfulChange(EMPTY_VIEW, { ...EMPTY_VIEW, rollout: uuid })).toBe(true);
  });

  it('falls back to defaults for missing or unknown values', () => {
    expect(parse('')).toEqual(EMPTY_VIEW);
    expect(parse('status=broken,pending&layout=circle&hops=x&renderer=svg')).toMatchObject({ status: ['pending'], layout: 'layered', hops: 2, renderer: 'auto' });
  });

  it('reads a path as two different ids in their order, which replaces a focus', () => {
    expect(parse('path=prod:site/www,prod:vpc/main&focus=prod:vpc/main')).toMatchObject({ path: ['prod:site/www', 'prod:vpc/main'], focus: null });
    for (const bad of ['path=prod:vpc/main', 'path=a:b/c,a:b/c', 'path=a:b/c,,d:e/f', 'path=a:b/c,d:e/f,g:h/i']) expect(parse(bad).path, bad).toBeNull();
    expect(parse('focus=prod:vpc/main&siblings=1').siblings).toBe(true);
    expect(parse('focus=prod:vpc/main&siblings=yes').siblings).toBe(false);
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

  it('writes siblings only with a focus, and a path as from,to', () => {
    expect(viewSearch({ ...EMPTY_VIEW, focus: 'prod:vpc/main', siblings: true })).toBe('?focus=prod:vpc/main&siblings=1');
    expect(viewSearch({ ...EMPTY_VIEW, siblings: true })).toBe('');
    const path = { ...EMPTY_VIEW, path: ['prod:site/www', 'prod:vpc/main'] as [string, string] };
    expect(viewSearch(path)).toBe('?path=prod:site/www,prod:vpc/main');
    expect(parse(viewSearch(path).slice(1))).toEqual(path);
  });
});

describe('grouping in the URL', () => {
  it('round-trips the grouping mode and the opened groups, defaults left out', () => {
    const view = { ...EMPTY_VIEW, group: 'type' as const, expand: ['group::prod::lambda', 'group::dev::sqs-queue'].sort() };
    expect(viewSearch(view)).toBe('?group=type&expand=group::dev::sqs-queue,group::prod::lambda');
    expect(parse(viewSearch(view).slice(1))).toEqual(view);
    expect(viewSearch({ ...EMPTY_VIEW, expand: ['group::prod::lambda'] })).toBe('?expand=group::prod::lambda');
  });

  it('drops unknown modes, and opened groups when nothing is grouped', () => {
    expect(parse('group=cluster').group).toBe('auto');
    expect(viewSearch({ ...EMPTY_VIEW, group: 'none', expand: ['group::prod::lambda'] })).toBe('?group=none');
  });

  it('keeps grouping out of the server query', () => {
    expect(graphQuery({ ...EMPTY_VIEW, group: 'none', expand: ['group::prod::lambda'] })).toEqual({});
  });
});

describe('graphQuery', () => {
  it('passes only the server-side filters, and hops only with a focus', () => {
    expect(graphQuery({ ...EMPTY_VIEW, env: ['prod'], q: 'x', selected: 'a:b/c', hops: 3 })).toEqual({ env: ['prod'] });
    expect(graphQuery({ ...EMPTY_VIEW, focus: 'prod:vpc/main', hops: 3 })).toEqual({ focus: ['prod:vpc/main'], hops: 3 });
    expect(graphQuery({ ...EMPTY_VIEW, focus: 'prod:vpc/main', hops: 3, siblings: true })).toEqual({ focus: ['prod:vpc/main'], hops: 3, siblings: true });
    expect(graphQuery({ ...EMPTY_VIEW, type: ['vpc'], path: ['a:b/c', 'd:e/f'] })).toEqual({ type: ['vpc'], path: ['a:b/c', 'd:e/f'] });
  });
});

describe('time travel in the URL', () => {
  it('round-trips at and compare, kept readable, and passes both to the server', () => {
    const view = { ...EMPTY_VIEW, env: ['prod'], at: '2026-07-01T00:00:00Z', compare: '2026-09-01T12:30:00Z' };
    expect(viewSearch(view)).toBe('?env=prod&at=2026-07-01T00:00:00Z&compare=2026-09-01T12:30:00Z');
    expect(parse(viewSearch(view).slice(1))).toEqual(view);
    expect(graphQuery(view)).toEqual({ env: ['prod'], at: '2026-07-01T00:00:00Z', compare: '2026-09-01T12:30:00Z' });
    expect(isMeaningfulChange(EMPTY_VIEW, { ...EMPTY_VIEW, at: '2026-07-01T00:00:00Z' })).toBe(true);
  });

  it('keeps a moment that is no date-time, for the API to say what is wrong, and reads an empty one as now', () => {
    expect(parse('at=yesterday').at).toBe('yesterday');
    expect(graphQuery(parse('at=yesterday'))).toEqual({ at: 'yesterday' });
    expect(parse('at=&compare=%20')).toMatchObject({ at: null, compare: null });
  });
});

describe('isMeaningfulChange', () => {
  it('treats search typing as not worth a history entry, everything else as worth one', () => {
    expect(isMeaningfulChange(EMPTY_VIEW, { ...EMPTY_VIEW, q: 'vpc' })).toBe(false);
    expect(isMeaningfulChange(EMPTY_VIEW, { ...EMPTY_VIEW, env: ['prod'] })).toBe(true);
    expect(isMeaningfulChange(EMPTY_VIEW, { ...EMPTY_VIEW, selected: 'prod:vpc/main' })).toBe(true);
  });
});
