import { describe, expect, it } from 'vitest';
import { DEFAULT_STYLE, detectStyle, dominantStyle, formatJson, textForRepo, type JsonStyle } from './repo-style';

const TWO: JsonStyle = { indent: '  ', finalNewline: true, eol: '\n' };
const FOUR: JsonStyle = { indent: '    ', finalNewline: true, eol: '\n' };
const TAB: JsonStyle = { indent: '\t', finalNewline: true, eol: '\n' };
const ONE_LINE: JsonStyle = { indent: '', finalNewline: true, eol: '\n' };

describe('detectStyle', () => {
  it('reads the indent of one level: two spaces, four spaces or a tab', () => {
    expect(detectStyle('{\n  "a": {\n    "b": 1\n  }\n}\n')).toEqual(TWO);
    expect(detectStyle('{\n    "a": [\n        1\n    ]\n}\n')).toEqual(FOUR);
    expect(detectStyle('{\n\t"a": {\n\t\t"b": 1\n\t}\n}\n')).toEqual(TAB);
  });

  it('reads a one-line file as one line, whatever its spacing', () => {
    expect(detectStyle('{"a": 1, "b": [1, 2]}\n')).toEqual(ONE_LINE);
    expect(detectStyle('{"a":1}')).toEqual({ ...ONE_LINE, finalNewline: false });
  });

  it('reads CRLF line ends and a missing final newline', () => {
    expect(detectStyle('{\r\n  "a": 1\r\n}\r\n')).toEqual({ indent: '  ', finalNewline: true, eol: '\r\n' });
    expect(detectStyle('{\r\n  "a": 1\r\n}')).toEqual({ indent: '  ', finalNewline: false, eol: '\r\n' });
    expect(detectStyle('{\n  "a": 1\n}')).toEqual({ ...TWO, finalNewline: false });
  });

  it('says nothing of an empty file', () => {
    expect(detectStyle('')).toBeNull();
    expect(detectStyle(' \n\n')).toBeNull();
  });
});

describe('dominantStyle', () => {
  it('is the style most files use, ties going to the first seen', () => {
    const four = '{\n    "a": 1\n}\n';
    const tab = '{\n\t"a": 1\n}\n';
    expect(dominantStyle([tab, four, '', four])).toEqual(FOUR);
    expect(dominantStyle([tab, four])).toEqual(TAB);
    expect(dominantStyle([four, tab])).toEqual(FOUR);
  });

  it('tells files apart by line ends and final newline, not only by indent', () => {
    const crlf = '{\r\n  "a": 1\r\n}\r\n';
    const bare = '{\n  "a": 1\n}';
    expect(dominantStyle([bare, crlf, crlf])).toEqual({ indent: '  ', finalNewline: true, eol: '\r\n' });
  });

  it('is the default when no file says', () => {
    expect(dominantStyle([])).toEqual(DEFAULT_STYLE);
    expect(dominantStyle(['', '   '])).toEqual(DEFAULT_STYLE);
  });
});

describe('formatJson', () => {
  it("lays out like JSON.stringify with the style's indent, keeping key order", () => {
    const text = '{"z": 1, "a": {"y": true, "b": null}, "m": "x"}';
    expect(formatJson(text, TWO)).toBe(JSON.stringify({ z: 1, a: { y: true, b: null }, m: 'x' }, null, 2) + '\n');
    expect(formatJson(text, TAB)).toBe('{\n\t"z": 1,\n\t"a": {\n\t\t"y": true,\n\t\t"b": null\n\t},\n\t"m": "x"\n}\n');
    expect(formatJson(text, ONE_LINE)).toBe('{"z":1,"a":{"y":true,"b":null},"m":"x"}\n');
  });

  it('keeps numbers as they are spelled', () => {
    expect(formatJson('{"a":1.0,"b":1e3,"c":-0.50,"d":2E-7,"e":12345678901234567890}', TWO)).toBe(
      '{\n  "a": 1.0,\n  "b": 1e3,\n  "c": -0.50,\n  "d": 2E-7,\n  "e": 12345678901234567890\n}\n',
    );
  });

  it('keeps strings with their escapes, and punctuation inside strings is not layout', () => {
    const text = String.raw`{"quote":"say \"hi\"","slash":"a\\","u":"\u00e9 é 😀","p":"{[,:]}"}`;
    expect(formatJson(text, TWO)).toBe(
      ['{', String.raw`  "quote": "say \"hi\"",`, String.raw`  "slash": "a\\",`, String.raw`  "u": "\u00e9 é 😀",`, '  "p": "{[,:]}"', '}', ''].join('\n'),
    );
  });

  it('keeps empty objects and arrays on one line and lays out nested arrays', () => {
    expect(formatJson('{"o":{},"a":[],"n":[[1,2],[],[{"k":[3]}]]}', TWO)).toBe(JSON.stringify({ o: {}, a: [], n: [[1, 2], [], [{ k: [3] }]] }, null, 2) + '\n');
    expect(formatJson('{ }', TWO)).toBe('{}\n');
    expect(formatJson('[ ]', ONE_LINE)).toBe('[]\n');
  });

  it("writes the style's line ends and final newline", () => {
    expect(formatJson('{"a":[1]}', { indent: '  ', finalNewline: false, eol: '\r\n' })).toBe('{\r\n  "a": [\r\n    1\r\n  ]\r\n}');
    expect(formatJson('{"a":1}', { ...ONE_LINE, finalNewline: false })).toBe('{"a":1}');
  });

  it('leaves text it cannot tokenise as it is', () => {
    expect(formatJson('{"a": "unterminated}', TWO)).toBe('{"a": "unterminated}');
    expect(formatJson('{"a": undefined}', TWO)).toBe('{"a": undefined}');
  });
});

describe('textForRepo', () => {
  it('gives back the exact file when the proposal is the same document written compactly', () => {
    const original = [
      '{',
      '  "name": "api",',
      '  "weight": 1.0,',
      '  "limit": 1e3,',
      String.raw`  "motto": "say \"hi\" \u00e9 ü",`,
      '  "tags": [],',
      '  "extra": {},',
      '  "grid": [',
      '    [',
      '      1,',
      '      2',
      '    ],',
      '    [',
      '      {',
      '        "deep": null',
      '      }',
      '    ]',
      '  ]',
      '}',
      '',
    ].join('\n');
    const compact = String.raw`{"name":"api","weight":1.0,"limit":1e3,"motto":"say \"hi\" \u00e9 ü","tags":[],"extra":{},"grid":[[1,2],[{"deep":null}]]}`;

    expect(textForRepo(compact, original, [])).toBe(original);
  });

  it("writes in the existing file's style, and a new file in the style most of the repo uses", () => {
    const tabbed = '{\r\n\t"a": 1\r\n}';
    expect(textForRepo('{"a": 2}', tabbed, ['{\n    "x": 1\n}\n'])).toBe('{\r\n\t"a": 2\r\n}');
    expect(textForRepo('{"a": 2}', null, ['{\n    "x": 1\n}\n', '{"y":1}', '{\n    "z": 1\n}\n'])).toBe('{\n    "a": 2\n}\n');
    // An empty existing file says nothing: the repo's style decides.
    expect(textForRepo('{"a": 2}', '', ['{"y":1}\n'])).toBe('{"a":2}\n');
    expect(textForRepo('{"a": 2}', null, [])).toBe('{\n  "a": 2\n}\n');
  });
});
