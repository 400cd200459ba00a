/**
 * A JSON parser that says exactly where a document is wrong (line, column)
 * and refuses duplicate keys, which JSON.parse silently resolves to the last
 * one — in a config, a duplicate key is almost always a merge mistake. Pure;
 * used for config repo files and for proposed configs typed in the browser.
 */
import type { JsonObject, JsonValue } from '@/lib/model/json';

export type JsonSyntaxError = {
  message: string;
  /** 1-based */
  line: number;
  /** 1-based, in UTF-16 code units like editors count */
  column: number;
  offset: number;
};

export type StrictJsonResult = { ok: true; value: JsonValue } | { ok: false; error: JsonSyntaxError };

export type StrictJsonOptions = {
  /**
   * Refuse numbers that do not survive the round trip through a 64-bit
   * float (`12345678901234567890` would be written back as
   * `12345678901234567000`, `1e400` as null): for text Karma will store.
   */
  isExactNumbers?: boolean;
};

/**
 * A decimal number's value as `<sign><digits>e<exponent>` (0.d × 10^e),
 * without leading or trailing zeros: equal keys, equal values, however the
 * numbers are written (`1e3`, `1000`, `1000.0`).
 */
function decimalKey(text: string): string {
  const match = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match) return text;
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  let digits = whole + fraction;
  let point = whole.length + Number(exponent);
  const leading = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(leading).replace(/0+$/, '');
  point -= leading;
  return digits === '' ? '0' : `${sign}${digits}e${point}`;
}

class ParseFailure extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const MAX_DEPTH = 256;
/** Sticky: matches at `lastIndex` without copying the rest of the text first. */
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const MAX_NUMBER_LENGTH = 400;

function describe(char: string | undefined): string {
  if (char === undefined) return 'end of input';
  if (char === '\n') return 'a line break';
  return `"${char}"`;
}

class Parser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly options: StrictJsonOptions = {},
  ) {}

  parse(): JsonValue {
    this.skipWhitespace();
    if (this.pos >= this.text.length) throw new ParseFailure('the document is empty', this.pos);
    const value = this.value(0);
    this.skipWhitespace();
    if (this.pos < this.text.length) {
      throw new ParseFailure(`unexpected ${describe(this.text[this.pos])} after the end of the document`, this.pos);
    }
    return value;
  }

  private skipWhitespace(): void {
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else break;
    }
  }

  private value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) throw new ParseFailure(`nesting deeper than ${MAX_DEPTH} levels`, this.pos);
    const c = this.text[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, result] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return result;
      }
    }
    if (c === "'") throw new ParseFailure('strings must use double quotes', this.pos);
    throw new ParseFailure(`unexpected ${describe(c)}; expected a value`, this.pos);
  }

  private object(depth: number): JsonObject {
    const result: JsonObject = {};
    this.pos++; // {
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      const keyStart = this.pos;
      if (this.text[this.pos] !== '"') {
        const hint = this.text[this.pos] === '}' ? ' (a trailing comma is not allowed)' : '';
        throw new ParseFailure(`expected a property name in double quotes, found ${describe(this.text[this.pos])}${hint}`, this.pos);
      }
      const key = this.string();
      // Every key read so far is an own property already, so the object itself is the set of keys seen.
      if (Object.hasOwn(result, key)) throw new ParseFailure(`duplicate key "${key}"`, keyStart);
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') throw new ParseFailure(`expected ":" after "${key}", found ${describe(this.text[this.pos])}`, this.pos);
      this.pos++;
      this.skipWhitespace();
      const value = this.value(depth + 1);
      // Assignment would set the prototype for "__proto__"; defining it keeps it as data. Only that key pays for defineProperty.
      if (key === '__proto__') Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      else result[key] = value;
      this.skipWhitespace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') {
        this.pos++;
        return result;
      }
      throw new ParseFailure(`expected "," or "}" after the value of "${key}", found ${describe(c)}`, this.pos);
    }
  }

  private array(depth: number): JsonValue[] {
    const result: JsonValue[] = [];
    this.pos++; // [
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] === ']') throw new ParseFailure('a trailing comma is not allowed', this.pos);
      result.push(this.value(depth + 1));
      this.skipWhitespace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ']') {
        this.pos++;
        return result;
      }
      throw new ParseFailure(`expected "," or "]" in the array, found ${describe(c)}`, this.pos);
    }
  }

  private string(): string {
    const start = this.pos;
    this.pos++; // opening quote
    let out = '';
    let chunkStart = this.pos;
    for (;;) {
      if (this.pos >= this.text.length) throw new ParseFailure('unterminated string', start);
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x22) {
        out += this.text.slice(chunkStart, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) throw new ParseFailure('control characters (such as line breaks) must be escaped inside strings', this.pos);
      if (c === 0x5c) {
        out += this.text.slice(chunkStart, this.pos);
        const e = this.text[this.pos + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          this.pos += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) {
          out += String.fromCharCode(parseInt(this.text.slice(this.pos + 2, this.pos + 6), 16));
          this.pos += 6;
        } else {
          throw new ParseFailure(`invalid escape "\\${e ?? ''}"`, this.pos);
        }
        chunkStart = this.pos;
        continue;
      }
      this.pos++;
    }
  }

  private number(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match || match[0].length > MAX_NUMBER_LENGTH) throw new ParseFailure('invalid number', this.pos);
    const next = this.text[this.pos + match[0].length];
    if (next !== undefined && /[0-9.eExX]/.test(next)) throw new ParseFailure('invalid number', this.pos);
    const value = Number(match[0]);
    if (this.options.isExactNumbers && (!Number.isFinite(value) || decimalKey(match[0]) !== decimalKey(String(value)))) {
      const becomes = Number.isFinite(value) ? String(value) : 'null';
      throw new ParseFailure(
        `the number ${match[0]} cannot be stored exactly (JSON numbers are 64-bit floating point: it would become ${becomes}); write it as a string`,
        this.pos,
      );
    }
    this.pos += match[0].length;
    return value;
  }
}

export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function parseStrictJson(text: string, options: StrictJsonOptions = {}): StrictJsonResult {
  // A byte-order mark is common in files saved by Windows editors; SSM never has one.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const shift = source === text ? 0 : 1;
  try {
    return { ok: true, value: new Parser(source, options).parse() };
  } catch (error) {
    if (!(error instanceof ParseFailure)) throw error;
    const offset = error.offset + shift;
    return { ok: false, error: { message: error.message, offset, ...positionOf(text, offset) } };
  }
}

export function formatSyntaxError(error: JsonSyntaxError): string {
  return `line ${error.line}, column ${error.column}: ${error.message}`;
}
