import { describe, expect, it } from 'vitest';
import { applyDescription, requestIdOf } from './write-tag';

describe('requestIdOf', () => {
  it('reads the request id of a Karma write back from its Description', () => {
    const id = 'cr:1b4e28ba-2fa1-41d2-883f-0016d3cca427';
    expect(requestIdOf(applyDescription({ id, title: 'Widen: the vpc' }))).toBe(id);
  });

  it('gives null for anyone else and for a malformed id', () => {
    expect(requestIdOf('terraform apply')).toBeNull();
    expect(requestIdOf(null)).toBeNull();
    expect(requestIdOf('Karma change request cr:not-a-uuid: x')).toBeNull();
  });
});
