import { describe, expect, it } from 'vitest';
import { parseStrictJson } from './parse-strict-json';

function errorOf(text: string) {
  const result = parseStrictJson(text);
  if (result.ok) throw new Error('expected a syntax error');
  return result.error;
}

describe('parseStrictJson', () => {
  it('parses what JSON.parse parses, to the same value', () => {
    const samples = ['{}', '[]', '0', '-1.5e3', '"a\\u00e9\\n"', 'true', 'null', '{"a":[1,{"b":null}],"c":"\\"q\\""}', ' \n{ "x" : 1 } \n'];
    for (const text of samples) {
      const result = parseStrictJson(text);
      expect(result).toEqual({ ok: true, value: JSON.parse(text) });
    }
  });

  it('keeps a "__proto__" key as data instead of changing the prototype', () => {
    const result = parseStrictJson('{"__proto__": {"polluted": true}}');
    expect(result.ok && Object.keys(result.value as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  describe('errors carry line and column', () => {
    it.each([
      ['{\n  "cidr": "10.0.0.0/16",\n}', 3, 1, /trailing comma/],
      ['{\n  "a": 1\n  "b": 2\n}', 3, 3, /expected "," or "}"/],
      ['{"a": 1, "a": 2}', 1, 10, /duplicate key "a"/],
      ['[1, 2,]', 1, 7, /trailing comma/],
      ["{'a': 1}", 1, 2, /double quotes/],
      ['{"a": tru}', 1, 7, /expected a value/],
      ['', 1, 1, /empty/],
      ['{"a": 1} x', 1, 10, /after the end/],
      ['{"a": "line\nbreak"}', 1, 12, /control characters/],
      ['{"a": 01}', 1, 7, /invalid number/],
    ])('%j → line %i, column %i', (text, line, column, message) => {
      const error = errorOf(text);
      expect(error).toMatchObject({ line, column });
      expect(error.message).toMatch(message);
    });
  });

  it('finds duplicate keys at any depth, "__proto__" and the names of Object.prototype too', () => {
    expect(errorOf('{"outer": {"x": 1, "y": 2, "x": 3}}').message).toBe('duplicate key "x"');
    expect(errorOf('{"__proto__": 1, "__proto__": 2}').message).toBe('duplicate key "__proto__"');
    expect(parseStrictJson('{"toString": 1, "constructor": 2}')).toEqual({ ok: true, value: { toString: 1, constructor: 2 } });
  });

  it('refuses a number longer than 400 characters', () => {
    expect(errorOf(`[${'1'.repeat(401)}]`).message).toBe('invalid number');
    expect(parseStrictJson(`[${'1'.repeat(400)}]`).ok).toBe(true);
  });

  it('skips a byte-order mark', () => {
    expect(parseStrictJson('\ufeff{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    expect(errorOf('['.repeat(10_000)).message).toMatch(/nesting/);
  });

  describe('numbers that must survive being stored (isExactNumbers)', () => {
    const exact = (text: string) => parseStrictJson(text, { isExactNumbers: true });

    it.each([
      ['{"big": 12345678901234567890}', 1, 9, /12345678901234567890 cannot be stored exactly.*would become 12345678901234567000/],
      ['{\n  "max": 1e400\n}', 2, 10, /1e400 cannot be stored exactly.*would become null/],
      ['[-1e400]', 1, 2, /would become null/],
      ['{"tiny": 1e-400}', 1, 10, /would become 0/],
      ['{"id": 9007199254740993}', 1, 8, /would become 9007199254740992/],
      ['{"pi": 3.14159265358979323846}', 1, 8, /would become 3\.141592653589793/],
    ])('refuses %j at line %i, column %i', (text, line, column, message) => {
      const result = exact(text);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error).toMatchObject({ line, column, message: expect.stringMatching(message) });
      // Without the option the same text parses (as JSON.parse would, losing precision).
      expect(parseStrictJson(text).ok).toBe(true);
    });

    it.each(['0', '-0', '1', '1.0', '1e3', '1000.000', '0.1', '-0.000125', '1.5e300', '5e-324', '9007199254740992', '0.30000000000000004', '123e-2', '1E+21'])(
      'keeps %s, which is written back as the same number',
      (number) => {
        const result = exact(`{"n": ${number}}`);
        expect(result).toEqual({ ok: true, value: { n: Number(number) } });
      },
    );
  });
});
