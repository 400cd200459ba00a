import { describe, expect, it } from 'vitest';
import { arrangeGroups } from './arrange-groups';

describe('arrangeGroups', () => {
  it('stacks wide groups for a landscape viewport', () => {
    expect(
      arrangeGroups(
        [
          { width: 1200, height: 400 },
          { width: 1000, height: 300 },
        ],
        { aspect: 1.6, gap: 100 },
      ),
    ).toEqual([
      { x: 0, y: 0 },
      { x: 0, y: 500 },
    ]);
  });

  it('puts tall groups side by side', () => {
    expect(
      arrangeGroups(
        [
          { width: 300, height: 900 },
          { width: 300, height: 800 },
        ],
        { aspect: 1.6, gap: 100 },
      ),
    ).toEqual([
      { x: 0, y: 0 },
      { x: 400, y: 0 },
    ]);
  });

  it('makes a grid of many square groups', () => {
    const offsets = arrangeGroups(
      Array.from({ length: 4 }, () => ({ width: 500, height: 500 })),
      { aspect: 1, gap: 0 },
    );
    expect(offsets).toEqual([
      { x: 0, y: 0 },
      { x: 500, y: 0 },
      { x: 0, y: 500 },
      { x: 500, y: 500 },
    ]);
  });

  it('handles no groups', () => {
    expect(arrangeGroups([], { aspect: 1, gap: 10 })).toEqual([]);
  });
});
