import { describe, expect, it } from 'vitest';
import { sideBySide } from './line-diff';

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
