import { describe, expect, it } from 'vitest';
import { steppedOption } from './listbox-keys';

describe('steppedOption', () => {
  it('moves down and up within the list, and stays put at either end', () => {
    expect(steppedOption('ArrowDown', 0, 3)).toBe(1);
    expect(steppedOption('ArrowDown', 2, 3)).toBe(2);
    expect(steppedOption('ArrowUp', 2, 3)).toBe(1);
    expect(steppedOption('ArrowUp', 0, 3)).toBe(0);
  });

  it('stays on the first option of an empty list, and leaves other keys to the caller', () => {
    expect(steppedOption('ArrowDown', 0, 0)).toBe(0);
    expect(steppedOption('Enter', 1, 3)).toBeNull();
    expect(steppedOption('a', 1, 3)).toBeNull();
  });
});
