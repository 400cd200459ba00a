import { describe, expect, it } from 'vitest';
import { parseOnce } from './parse-once';
import { parseStrictJson } from './parse-strict-json';

describe('parseOnce', () => {
  const counted = () => {
    const texts: string[] = [];
    return { texts, parse: (text: string) => (texts.push(text), parseStrictJson(text)) };
  };

  it('parses each text once and hands every caller the same result, failures included', () => {
    const { texts, parse } = counted();
    const memo = parseOnce(parse);
    const first = memo('{"a":1}');
    expect(memo('{"a":1}')).toBe(first);
    expect(memo('{"a": ')).toEqual(memo('{"a": '));
    expect(memo('{"a": ').ok).toBe(false);
    expect(texts).toEqual(['{"a":1}', '{"a": ']);
  });

  it('never parses a text it was told the value of', () => {
    const { texts, parse } = counted();
    const memo = parseOnce(parse);
    const value = { cidr: '10.0.0.0/16' };
    memo.remember('{ "cidr": "10.0.0.0/16" }\n', value);
    expect(memo('{ "cidr": "10.0.0.0/16" }\n')).toEqual({ ok: true, value });
    expect(texts).toEqual([]);
  });
});
