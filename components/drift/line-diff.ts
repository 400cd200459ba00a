/**
 * A line diff laid out side by side (longest common subsequence), for
 * documents that are compared as text: a config that is not JSON, or the
 * pretty-printed documents beside a field diff. Configs are at most 8 KB, so
 * the quadratic table stays small; past the cap every line is paired as is.
 */
export type DiffSide = { number: number; text: string };
export type DiffRow = { kind: 'same' | 'changed' | 'removed' | 'added'; left: DiffSide | null; right: DiffSide | null };

const MAX_CELLS = 400_000;

type Op = { kind: 'same' | 'removed' | 'added'; left?: number; right?: number };

function operations(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_CELLS) {
    return Array.from({ length: Math.max(n, m) }, (_, i): Op =>
      i < n && i < m && a[i] === b[i] ? { kind: 'same', left: i, right: i } : { kind: 'removed', left: i < n ? i : undefined, right: i < m ? i : undefined },
    );
  }
  // lcs[i][j]: length of the common subsequence of a[i..] and b[j..]
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ kind: 'same', left: i++, right: j++ });
    else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) ops.push({ kind: 'added', right: j++ });
    else ops.push({ kind: 'removed', left: i++ });
  }
  return ops;
}

export function sideBySide(before: string, after: string): DiffRow[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const side = (lines: string[], index: number | undefined): DiffSide | null => (index === undefined || index >= lines.length ? null : { number: index + 1, text: lines[index] });
  const rows: DiffRow[] = [];
  const ops = operations(a, b);
  for (let k = 0; k < ops.length;) {
    if (ops[k].kind === 'same') {
      rows.push({ kind: 'same', left: side(a, ops[k].left), right: side(b, ops[k].right) });
      k++;
      continue;
    }
    // A run of removals and additions: pair them line by line as changes.
    const removed: number[] = [];
    const added: number[] = [];
    while (k < ops.length && ops[k].kind !== 'same') {
      const op = ops[k++];
      if (op.left !== undefined) removed.push(op.left);
      if (op.right !== undefined) added.push(op.right);
    }
    for (let r = 0; r < Math.max(removed.length, added.length); r++) {
      const left = side(a, removed[r]);
      const right = side(b, added[r]);
      rows.push({ kind: left && right ? 'changed' : left ? 'removed' : 'added', left, right });
    }
  }
  return rows;
}

/** One line of a unified diff: a context line, or a line only one side has, with its numbers. */
export type UnifiedLine = { kind: 'same' | 'removed' | 'added'; text: string; left: number | null; right: number | null };
/** A unified diff's lines, runs of unchanged lines far from any change folded into a count. */
export type UnifiedItem = UnifiedLine | { kind: 'skipped'; count: number };

/** Splits a text into its lines; a final newline ends the last line rather than starting an empty one. */
function linesOf(text: string): string[] {
  if (text === '') return [];
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}

/**
 * `before` → `after` as a unified diff (as `git diff` shows it): removed
 * lines then added ones within each changed run, `context` unchanged lines
 * kept around every change and the rest folded. `before` null: a new file,
 * every line added.
 */
export function unifiedDiff(before: string | null, after: string, { context = 3 }: { context?: number } = {}): UnifiedItem[] {
  const lines: UnifiedLine[] = [];
  if (before === null) {
    linesOf(after).forEach((text, i) => lines.push({ kind: 'added', text, left: null, right: i + 1 }));
  } else {
    const a = linesOf(before);
    const b = linesOf(after);
    const rows = a.length === 0 || b.length === 0 ? null : sideBySide(a.join('\n'), b.join('\n'));
    if (rows === null) {
      a.forEach((text, i) => lines.push({ kind: 'removed', text, left: i + 1, right: null }));
      b.forEach((text, i) => lines.push({ kind: 'added', text, left: null, right: i + 1 }));
    } else {
      for (let k = 0; k < rows.length;) {
        if (rows[k].kind === 'same') {
          const { left, right } = rows[k++];
          lines.push({ kind: 'same', text: left!.text, left: left!.number, right: right!.number });
          continue;
        }
        const run: DiffRow[] = [];
        while (k < rows.length && rows[k].kind !== 'same') run.push(rows[k++]);
        for (const row of run) if (row.left) lines.push({ kind: 'removed', text: row.left.text, left: row.left.number, right: null });
        for (const row of run) if (row.right) lines.push({ kind: 'added', text: row.right.text, left: null, right: row.right.number });
      }
    }
  }
  // Keep the lines within `context` of a change; fold the others.
  const isKept = lines.map(() => false);
  lines.forEach((line, i) => {
    if (line.kind === 'same') return;
    for (let j = Math.max(0, i - context); j <= Math.min(lines.length - 1, i + context); j++) isKept[j] = true;
  });
  const items: UnifiedItem[] = [];
  for (let i = 0; i < lines.length;) {
    if (isKept[i]) {
      items.push(lines[i++]);
      continue;
    }
    let count = 0;
    while (i < lines.length && !isKept[i]) {
      count++;
      i++;
    }
    items.push({ kind: 'skipped', count });
  }
  return items;
}
