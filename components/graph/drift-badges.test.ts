import { describe, expect, it } from 'vitest';
import { DRIFT_STYLE } from '@/components/ui/status-style';
import { DRIFT_STATUSES } from '@/lib/model/graph';
import { driftBadge, groupBadge } from './drift-badges';

const svgOf = (uri: string) => decodeURIComponent(uri.replace('data:image/svg+xml;utf8,', ''));

describe('drift badges', () => {
  it('gives every status but in sync a badge in its own colour, and none to in sync or unknown', () => {
    for (const status of DRIFT_STATUSES) {
      const badge = driftBadge(status);
      if (status === 'in_sync') {
        expect(badge).toBeNull();
        continue;
      }
      expect(badge, status).toMatch(/^data:image\/svg\+xml;utf8,/);
      expect(svgOf(badge!)).toContain(`fill='${DRIFT_STYLE[status].color}'`);
    }
    expect(driftBadge('unknown')).toBeNull();
    // Each status is told apart by its glyph too, not by colour alone.
    const glyphs = DRIFT_STATUSES.filter((s) => s !== 'in_sync').map((s) => svgOf(driftBadge(s)!).replace(/fill='#[0-9a-f]+'/, ''));
    expect(new Set(glyphs).size).toBe(glyphs.length);
  });

  it('counts a group’s drifting members in the worst one’s colour, none when nothing drifts', () => {
    expect(svgOf(groupBadge('mismatch', 3)!)).toContain('>3</text>');
    expect(svgOf(groupBadge('mismatch', 3)!)).toContain(`fill='${DRIFT_STYLE.mismatch.color}'`);
    expect(svgOf(groupBadge('pending', 120)!)).toContain('>99+</text>');
    expect(groupBadge('in_sync', 0)).toBeNull();
    expect(groupBadge('pending', 0)).toBeNull();
  });
});
