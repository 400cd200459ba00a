import { describe, expect, it } from 'vitest';
import { canonicalJson, type JsonValue } from '@/lib/model/json';
import { diffJson, isSameJson } from './diff-json';

describe('diffJson', () => {
  it('lists added, removed and changed leaves with their paths', () => {
    const before = { cidr: '10.0.0.0/16', tags: { team: 'core', cost: 'a' }, azs: ['a', 'b'] };
    const after = { cidr: '10.1.0.0/16', tags: { team: 'core', owner: 'x' }, azs: ['a', 'b', 'c'] };
    expect(diffJson(before, after)).toEqual([
      { kind: 'added', path: 'azs[2]', after: 'c' },
      { kind: 'changed', path: 'cidr', before: '10.0.0.0/16', after: '10.1.0.0/16' },
      { kind: 'removed', path: 'tags.cost', before: 'a' },
      { kind: 'added', path: 'tags.owner', after: 'x' },
    ]);
  });

  it('reports a type change as one change of the whole value', () => {
    expect(diffJson({ a: { b: 1 } }, { a: [1] })).toEqual([{ kind: 'changed', path: 'a', before: { b: 1 }, after: [1] }]);
  });

  it('answers nothing for equal documents, whatever the key order', () => {
    expect(diffJson({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toEqual([]);
  });

  it('treats a missing document as empty', () => {
    expect(diffJson(null, { a: 1 })).toEqual([{ kind: 'added', path: '$', after: { a: 1 } }]);
  });

  it('quotes keys that are not identifiers', () => {
    expect(diffJson({ 'a.b': 1 }, { 'a.b': 2 })[0].path).toBe('["a.b"]');
  });
});

describe('isSameJson', () => {
  it('says what comparing the canonical texts says', () => {
    const pairs: Array<[JsonValue, JsonValue]> = [
      [
        { a: 1, b: [1, { c: null }] },
        { b: [1, { c: null }], a: 1 },
      ],
      [{ a: 1 }, { a: 1, b: null }],
      [{ a: null }, {}],
      [
        [1, 2],
        [2, 1],
      ],
      [
        [1, 2],
        [1, 2, 3],
      ],
      [{ a: [] }, { a: {} }],
      ['1', 1],
      [0, -0],
      [null, {}],
    ];
    for (const [a, b] of pairs) expect(isSameJson(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
  });
});
