import { describe, expect, it } from 'vitest';
import type { HistoryMoment } from '@/lib/model/history';
import { comparisonEnds, fromLocalInput, localLabel, momentAt, positionLabel, positionOf, toLocalInput, urlMoment } from './time-travel';

const moment = (at: string, components: string[], versions = components.length): HistoryMoment => ({ at, versions, components });
const MOMENTS = [
  moment('2026-06-02T14:05:00.000Z', ['prod:route53-zone/public']),
  moment('2026-06-18T09:30:00.000Z', ['prod:serverless-api/orders']),
  moment('2026-07-22T10:50:00.000Z', ['prod:serverless-api/orders', 'prod:openapi/orders'], 3),
];

describe('moments in the URL and in the picker', () => {
  it('writes UTC to the second, and refuses what is no date-time', () => {
    expect(urlMoment('2026-07-01T02:00:00+02:00')).toBe('2026-07-01T00:00:00Z');
    expect(urlMoment('2026-07-01T00:00:00.250Z')).toBe('2026-07-01T00:00:00.250Z');
    expect(urlMoment('yesterday')).toBeNull();
  });

  it('shows the picker in local time and reads it back as the same moment', () => {
    // The runtime's zone, whatever it is: the round trip is what matters.
    const local = toLocalInput('2026-07-01T09:30:00Z');
    expect(local).toMatch(/^2026-0[67]-\d{2}T\d{2}:30$/);
    expect(fromLocalInput(local)).toBe('2026-07-01T09:30:00Z');
    expect(toLocalInput(null)).toBe('');
    expect(toLocalInput('nope')).toBe('');
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('2026-07-01T09')).toBeNull();
  });

  it('labels a moment in the given zone, naming the zone', () => {
    expect(localLabel('2026-07-01T09:30:00Z', 'en-GB', 'Europe/Berlin')).toBe('1 Jul 2026, 11:30 CEST');
    expect(localLabel('2026-07-01T09:30:00Z', 'en-GB', 'UTC')).toBe('1 Jul 2026, 09:30 UTC');
    expect(localLabel('nope')).toBe('nope');
  });
});

describe('the slider over the change moments', () => {
  it('snaps a moment to the last change at or before it, now to the stop after the last', () => {
    expect(positionOf(MOMENTS, null)).toBe(3);
    expect(positionOf(MOMENTS, '2026-07-01T00:00:00Z')).toBe(1);
    expect(positionOf(MOMENTS, '2026-06-18T09:30:00Z')).toBe(1);
    expect(positionOf(MOMENTS, '2026-12-01T00:00:00Z')).toBe(2);
    expect(positionOf(MOMENTS, '2026-01-01T00:00:00Z')).toBe(0);
    expect(positionOf([], '2026-01-01T00:00:00Z')).toBe(0);
  });

  it('gives each stop its moment and a label with its date and what changed', () => {
    expect(momentAt(MOMENTS, 1)).toBe('2026-06-18T09:30:00Z');
    expect(momentAt(MOMENTS, 3)).toBeNull();
    expect(positionLabel(MOMENTS, 1, 'en-GB', 'UTC')).toBe('18 Jun 2026, 09:30 UTC · prod:serverless-api/orders');
    expect(positionLabel(MOMENTS, 2, 'en-GB', 'UTC')).toBe('22 Jul 2026, 10:50 UTC · 3 versions');
    expect(positionLabel(MOMENTS, 3)).toBe('Now');
  });
});

describe('comparisonEnds', () => {
  it('puts the earlier moment first, now last', () => {
    expect(comparisonEnds({ at: null, compare: '2026-07-01T00:00:00Z' })).toEqual({ before: '2026-07-01T00:00:00Z', after: null });
    expect(comparisonEnds({ at: '2026-06-01T00:00:00Z', compare: '2026-07-01T00:00:00Z' })).toEqual({ before: '2026-06-01T00:00:00Z', after: '2026-07-01T00:00:00Z' });
    expect(comparisonEnds({ at: '2026-08-01T00:00:00Z', compare: '2026-07-01T00:00:00Z' })).toEqual({ before: '2026-07-01T00:00:00Z', after: '2026-08-01T00:00:00Z' });
    expect(comparisonEnds({ at: '2026-08-01T00:00:00Z', compare: null })).toBeNull();
  });
});
