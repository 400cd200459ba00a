import { describe, expect, it } from 'vitest';
import type { AuditEvent, EventKind } from '@/lib/model/change-request';
import type { JsonValue } from '@/lib/model/json';
import { activeClaim, APPLY_LEASE_MS } from './apply-claim';

const T = Date.parse('2026-11-20T10:00:00Z');
let n = 0;
function event(kind: EventKind, minute: number, data: JsonValue = {}): AuditEvent {
  return { id: `ev:${++n}`, kind, actor: 'bob@example.com', at: new Date(T + minute * 60_000).toISOString(), note: '', data, changeRequestId: 'cr:1', componentId: 'dev:vpc/main' };
}

const trail = [event('proposed', 0), event('approved', 1, { status: 'approved' }), event('apply_started', 2, { claim: 'c1', revision: 3 })];

describe('the apply claim', () => {
  it('is in progress while the request sits at the claim’s revision, within the lease', () => {
    expect(activeClaim({ status: 'approved', revision: 3 }, trail, new Date(T + 3 * 60_000))).toEqual({
      actor: 'bob@example.com',
      since: '2026-11-20T10:02:00.000Z',
      isExpired: false,
      claim: 'c1',
    });
  });

  it('has expired once the lease ran out: the apply died before recording its outcome', () => {
    const later = new Date(T + 2 * 60_000 + APPLY_LEASE_MS + 1);
    expect(activeClaim({ status: 'approved', revision: 3 }, trail, later)).toMatchObject({ isExpired: true, claim: 'c1' });
  });

  it('is over once anything moved the request on, or the request is no longer approved', () => {
    const now = new Date(T + 3 * 60_000);
    expect(activeClaim({ status: 'approved', revision: 4 }, trail, now)).toBeNull();
    expect(activeClaim({ status: 'applied', revision: 3 }, trail, now)).toBeNull();
    expect(activeClaim({ status: 'approved', revision: 2 }, trail.slice(0, 2), now)).toBeNull();
  });

  it('ignores comments after the claim (they do not move the revision) and claim events it cannot read', () => {
    const now = new Date(T + 5 * 60_000);
    expect(activeClaim({ status: 'approved', revision: 3 }, [...trail, event('commented', 4)], now)).toMatchObject({ claim: 'c1' });
    expect(activeClaim({ status: 'approved', revision: 3 }, [...trail.slice(0, 2), event('apply_started', 2, { what: 'not a claim' })], now)).toBeNull();
  });
});
