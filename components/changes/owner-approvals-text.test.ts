import { describe, expect, it } from 'vitest';
import { ownersStillNeeded, ownerStatusText } from './owner-approvals-text';

describe('owner approvals in words', () => {
  it('says who met a requirement, through which group, or that it is missing', () => {
    expect(ownerStatusText({ metBy: { approver: 'carol@example.com', group: 'data-team' } })).toBe('approved by carol@example.com (data-team)');
    expect(ownerStatusText({ metBy: null })).toBe('approval missing');
  });

  it('lists what is still needed from owners', () => {
    expect(ownersStillNeeded({ missing: [] })).toBe('');
    expect(ownersStillNeeded({ missing: [['data-team']] })).toBe('an approval from data-team');
    expect(ownersStillNeeded({ missing: [['data-team'], ['dba', 'sre']] })).toBe('an approval from data-team and one from dba or sre');
  });
});
