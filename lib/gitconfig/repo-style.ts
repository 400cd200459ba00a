/**
 * Writing a proposed config the way the repository writes its files, so
 * the commit's diff is the proposal and nothing else: the existing file's
 * indentation (spaces or a tab, or one line) and whether it ends with a
 * newline; for a new file, the style most of the repo's configs use. Key
 * order, number spelling and string escapes stay exactly as proposed: the
 * text is re-spaced token by token, never parsed into objects and printed
 * again. Pure.
 */

export type JsonStyle = {
  /** '' writes one line (`{"a": 1}` spacing is not kept: compact). */
  indent: string;
  finalNewline: boolean;
  eol: '\n' | '\r\n';
};

export const DEFAULT_STYLE: JsonStyle = { indent: '  ', finalNewline: true, eol: '\n' };

/** The style of one file's text; null when it says nothing (empty). */
export function detectStyle(text: string): JsonStyle | null {
  if (text.trim() === '') return null;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const finalNewline = /\r?\n$/.test(text);
  const body = text.trimEnd();
  if (!body.includes('\n')) return { indent: '', finalNewline, eol };
  // The first indented line of a pretty-printed document is one level deep.
  const indented = body.split(/\r?\n/).find((line) => /^[ \t]+\S/.test(line));
  const indent = indented ? /^[ \t]+/.exec(indented)![0] : DEFAULT_STYLE.indent;
  return { indent, finalNewline, eol };
}

/** The style most of these files use (ties go to the first seen); the default when none says. */
export function dominantStyle(texts: Iterable<string>): JsonStyle {
  const counts = new Map<string, { style: JsonStyle; count: number }>();
  for (const text of texts) {
    const style = detectStyle(text);
    if (!style) continue;
    const key = JSON.stringify(style);
    const entry = counts.get(key) ?? { style, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  let best: { style: JsonStyle; count: number } | null = null;
  for (const entry of counts.values()) if (!best || entry.count > best.count) best = entry;
  return best?.style ?? DEFAULT_STYLE;
}

type Token = { kind: 'punct'; text: string } | { kind: 'value'; text: string };

function tokenize(text: string): Token[] | null {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
    } else if ('{}[]:,'.includes(ch)) {
      tokens.push({ kind: 'punct', text: ch });
      i++;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) return null;
      tokens.push({ kind: 'value', text: text.slice(i, j + 1) });
      i = j + 1;
    } else {
      const match = /^(?:-?\d[\d.eE+-]*|true|false|null)/.exec(text.slice(i, i + 400));
      if (!match) return null;
      tokens.push({ kind: 'value', text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

/**
 * `text` (valid JSON) re-spaced in `style`: JSON.stringify's layout (`"k": v`,
 * one member per line, empty `{}`/`[]` kept on one line) with the style's
 * indent, or one line with `", "`-free compact spacing when the indent is ''.
 * Returns the text unchanged when it cannot be tokenised (the caller has
 * validated it; this is a guard, not a parser).
 */
export function formatJson(text: string, style: JsonStyle): string {
  const tokens = tokenize(text);
  if (!tokens) return text;
  const { indent, eol } = style;
  let out = '';
  let depth = 0;
  const newline = () => (indent === '' ? '' : eol + indent.repeat(depth));
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];
    if (token.kind === 'value') {
      out += token.text;
      continue;
    }
    const next = tokens[k + 1];
    switch (token.text) {
      case '{':
      case '[':
        if (next?.kind === 'punct' && (next.text === '}' || next.text === ']')) {
          out += token.text + next.text;
          k++;
        } else {
          depth++;
          out += token.text + newline();
        }
        break;
      case '}':
      case ']':
        depth--;
        out += newline() + token.text;
        break;
      case ',':
        out += ',' + newline();
        break;
      case ':':
        out += indent === '' ? ':' : ': ';
        break;
    }
  }
  return out + (style.finalNewline ? eol : '');
}

/** The text to commit for a proposal: in the existing file's style, or the repo's for a new file. */
export function textForRepo(proposed: string, existing: string | null, repoTexts: Iterable<string>): string {
  const style = (existing !== null ? detectStyle(existing) : null) ?? dominantStyle(repoTexts);
  return formatJson(proposed, style);
}
