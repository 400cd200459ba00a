/**
 * Where a JSON path (`tags.Owner`, `subnets[2].cidr`, `["a.b"]`, `$`) sits in
 * a JSON text, so a schema error can be underlined at its field in the
 * editor. For valid JSON only (the server reports field errors only for
 * text that parsed). A path that does not exist (a missing required field)
 * falls back to its nearest existing parent. Pure.
 */

export type TextRange = { from: number; to: number };

type Segment = string | number;

/** `a.b[2]["x.y"]` → ['a', 'b', 2, 'x.y']; null when the path is not in that form. */
export function parseJsonPath(path: string): Segment[] | null {
  if (path === '$' || path === '') return [];
  const segments: Segment[] = [];
  const pattern = /\.?([A-Za-z_$][A-Za-z0-9_$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let at = 0;
  while (at < path.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(path);
    if (!match || (at === 0 && path[0] === '.')) return null;
    segments.push(match[1] ?? (match[2] !== undefined ? Number(match[2]) : (JSON.parse(match[3]) as string)));
    at = pattern.lastIndex;
  }
  return segments;
}

class Scanner {
  constructor(private readonly text: string) {}

  space(i: number): number {
    while (i < this.text.length && ' \t\n\r'.includes(this.text[i])) i++;
    return i;
  }

  /** `i` at the opening quote → just after the closing one. */
  string(i: number): number {
    for (let j = i + 1; j < this.text.length; j++) {
      if (this.text[j] === '\\') j++;
      else if (this.text[j] === '"') return j + 1;
    }
    return this.text.length;
  }

  /** `i` at a value → just after it. */
  value(i: number): number {
    const c = this.text[i];
    if (c === '"') return this.string(i);
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      let j = this.space(i + 1);
      if (this.text[j] === close) return j + 1;
      for (;;) {
        if (c === '{') j = this.space(this.space(this.string(j)) + 1);
        j = this.space(this.value(j));
        if (this.text[j] !== ',') return j + 1;
        j = this.space(j + 1);
      }
    }
    let j = i;
    while (j < this.text.length && !',]} \t\n\r'.includes(this.text[j])) j++;
    return j;
  }

  /** The value at `segments` below the value at `i`: its range, and the member key's range when it has one. */
  find(i: number, segments: Segment[]): { key: TextRange | null; value: TextRange } | null {
    let key: TextRange | null = null;
    for (const segment of segments) {
      const c = this.text[i];
      if (c !== '{' && c !== '[') return null;
      if ((c === '{') !== (typeof segment === 'string')) return null;
      let j = this.space(i + 1);
      let index = 0;
      let found: number | null = null;
      while (j < this.text.length && this.text[j] !== '}' && this.text[j] !== ']') {
        if (c === '{') {
          const keyEnd = this.string(j);
          const name = JSON.parse(this.text.slice(j, keyEnd)) as string;
          const valueStart = this.space(this.space(keyEnd) + 1);
          if (name === segment) {
            key = { from: j, to: keyEnd };
            found = valueStart;
            break;
          }
          j = valueStart;
        } else if (index++ === segment) {
          key = null;
          found = j;
          break;
        }
        j = this.space(this.value(j));
        if (this.text[j] === ',') j = this.space(j + 1);
      }
      if (found === null) return null;
      i = found;
    }
    return { key, value: { from: i, to: this.value(i) } };
  }
}

/** The range to mark for `path`: key and value of a scalar member, the key alone of an object or array member. */
export function locateJsonPath(text: string, path: string): TextRange | null {
  const segments = parseJsonPath(path);
  if (!segments) return null;
  const scanner = new Scanner(text);
  const root = scanner.space(text.charCodeAt(0) === 0xfeff ? 1 : 0);
  for (let depth = segments.length; depth >= 0; depth--) {
    const found = scanner.find(root, segments.slice(0, depth));
    if (!found) continue;
    // A parent standing in for a missing field: mark only where it opens.
    if (depth < segments.length) return { from: found.value.from, to: found.value.from + 1 };
    const isNested = text[found.value.from] === '{' || text[found.value.from] === '[';
    if (found.key) return { from: found.key.from, to: isNested ? found.key.to : found.value.to };
    return isNested ? { from: found.value.from, to: found.value.from + 1 } : found.value;
  }
  return null;
}
