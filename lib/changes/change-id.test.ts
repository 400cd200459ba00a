import { describe, expect, it } from 'vitest';
import { changeIdFromSegment, changeSegment } from './change-id';

const uuid = '3f2b8c1e-0d4a-4c5e-9b7a-1a2b3c4d5e6f';

describe('change request ids in URLs', () => {
  it('reads the bare uuid, the full id and the encoded full id', () => {
    for (const segment of [uuid, `cr:${uuid}`, `cr%3A${uuid}`, uuid.toUpperCase()]) expect(changeIdFromSegment(segment)).toBe(`cr:${uuid}`);
  });

  it('names nothing for anything else', () => {
    for (const segment of ['', 'cr:', 'cr:123', 'ev:' + uuid, '%E0%A4%A', `${uuid}/x`]) expect(changeIdFromSegment(segment)).toBeNull();
  });

  it('writes the bare uuid', () => {
    expect(changeSegment(`cr:${uuid}`)).toBe(uuid);
    expect(changeIdFromSegment(changeSegment(`cr:${uuid}`))).toBe(`cr:${uuid}`);
  });
});
