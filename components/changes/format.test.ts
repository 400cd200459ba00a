import { describe, expect, it } from 'vitest';
import { age, componentHref } from './format';

describe('text helpers', () => {
  it('tells ages in words, then as a date', () => {
    const now = Date.parse('2026-11-20T12:00:00Z');
    expect(age('2026-11-20T11:59:30Z', now)).toBe('just now');
    expect(age('2026-11-20T11:57:00Z', now)).toBe('3 min ago');
    expect(age('2026-11-20T09:00:00Z', now)).toBe('3 h ago');
    expect(age('2026-11-15T12:00:00Z', now)).toBe('5 d ago');
    expect(age('2026-09-01T12:00:00Z', now)).toBe('2026-09-01');
  });

  it('links a component by its encoded id', () => {
    expect(componentHref('prod:vpc/main')).toBe('/components/prod%3Avpc%2Fmain');
  });
});
