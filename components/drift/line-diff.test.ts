import { describe, expect, it } from 'vitest';
import { sideBySide, unifiedDiff } from './line-diff';

const kinds = (before: string, after: string) => sideBySide(before, after).map((r) => `${r.kind}:${r.left?.number ?? '-'}:${r.right?.number ?? '-'}`);

describe('sideBySide', () => {
  it('keeps common lines side by side and pairs a replaced line as a change', () => {
    expect(kinds('a\nb\nc', 'a\nB\nc')).toEqual(['same:1:1', 'changed:2:2', 'same:3:3']);
  });

  it('shows added and removed lines on one side only, with their line numbers', () => {
    expect(kinds('a\nc', 'a\nb\nc')).toEqual(['same:1:1', 'added:-:2', 'same:2:3']);
    expect(kinds('a\nb\nc', 'a\nc')).toEqual(['same:1:1', 'removed:2:-', 'same:3:2']);
  });

  it('answers all-same for equal texts', () => {
    expect(sideBySide('x\ny', 'x\ny').every((r) => r.kind === 'same')).toBe(true);
  });
});

const unified = (before: string | null, after: string, context = 3) =>
  unifiedDiff(before, after, { context }).map((l) => (l.kind === 'skipped' ? `…${l.count}` : `${l.kind === 'same' ? ' ' : l.kind === 'added' ? '+' : '-'}${l.text}`));

describe('unifiedDiff', () => {
  it('lists a changed run as its removed lines, then its added ones', () => {
    expect(unified('a\nb\nc\nd', 'a\nB\nC\nd')).toEqual([' a', '-b', '-c', '+B', '+C', ' d']);
  });

  it('keeps the line numbers of each side', () => {
    const lines = unifiedDiff('a\nb\nc', 'a\nc\nd');
    expect(lines.map((l) => (l.kind === 'skipped' ? null : [l.left, l.right]))).toEqual([
      [1, 1],
      [2, null],
      [3, 2],
      [null, 3],
    ]);
  });

  it('folds unchanged lines far from any change', () => {
    expect(unified('1\n2\n3\n4\n5\n6\n7\n8', '1\n2\n3\n4\n5\n6\n7\nX', 2)).toEqual(['…5', ' 6', ' 7', '-8', '+X']);
    expect(unified('x\ny', 'x\ny')).toEqual(['…2']);
  });

  it('shows a new file as every line added, and ignores the final newline', () => {
    expect(unified(null, '{\n  "a": 1\n}\n')).toEqual(['+{', '+  "a": 1', '+}']);
    expect(unified('a\n', 'b\n')).toEqual(['-a', '+b']);
    expect(unified('', 'b')).toEqual(['+b']);
  });
});
