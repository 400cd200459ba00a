/**
 * Drift badges: a filled circle in the status colour with a white glyph, at
 * a node's top-right corner (SVG data URIs drawn as a background image, so
 * they cost no extra element). Groups show how many of their members drift
 * in their worst member's colour. In sync and unknown components wear none.
 */
import { DRIFT_STYLE } from '@/components/ui/status-style';
import type { DriftStatus } from '@/lib/model/graph';

export const BADGE_SIZE = 16;

/** White strokes on a 16 × 16 badge. */
const GLYPHS: Record<Exclude<DriftStatus, 'in_sync'>, string> = {
  // !
  mismatch: "<path d='M8 3.6v5.4' stroke='#fff' stroke-width='2.2' stroke-linecap='round'/><circle cx='8' cy='12' r='1.3' fill='#fff'/>",
  // ×
  invalid: "<path d='M5 5l6 6M11 5l-6 6' stroke='#fff' stroke-width='2' stroke-linecap='round'/>",
  // a clock
  pending:
    "<circle cx='8' cy='8' r='4.2' fill='none' stroke='#fff' stroke-width='1.5'/><path d='M8 5.6V8l1.7 1.2' stroke='#fff' stroke-width='1.5' fill='none' stroke-linecap='round'/>",
  // –
  not_deployed: "<path d='M4.5 8h7' stroke='#fff' stroke-width='2.2' stroke-linecap='round'/>",
  // ?
  orphaned:
    "<path d='M5.9 6.1a2.2 2.2 0 1 1 3.1 2c-.7.3-1 .8-1 1.5' stroke='#fff' stroke-width='1.8' fill='none' stroke-linecap='round'/><circle cx='8' cy='12.3' r='1.1' fill='#fff'/>",
  // ↑
  unpublished: "<path d='M8 12V4.5M5 7.3L8 4.4l3 2.9' stroke='#fff' stroke-width='1.9' fill='none' stroke-linecap='round' stroke-linejoin='round'/>",
};

function dataUri(svg: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg).replace(/'/g, '%27')}`;
}

function circle(color: string, width = BADGE_SIZE): string {
  const r = BADGE_SIZE / 2;
  return `<rect x='0.75' y='0.75' width='${width - 1.5}' height='${BADGE_SIZE - 1.5}' rx='${r - 0.75}' fill='${color}' stroke='#fff' stroke-width='1.5'/>`;
}

/** The badge a component with this status wears, or null. */
export function driftBadge(status: string): string | null {
  if (!(status in GLYPHS)) return null;
  const glyph = GLYPHS[status as keyof typeof GLYPHS];
  return dataUri(
    `<svg xmlns='http://www.w3.org/2000/svg' width='${BADGE_SIZE}' height='${BADGE_SIZE}' viewBox='0 0 ${BADGE_SIZE} ${BADGE_SIZE}'>${circle(DRIFT_STYLE[status as DriftStatus].color)}${glyph}</svg>`,
  );
}

/** A group's badge: how many of its members drift, in the worst one's colour; null when none does. */
export function groupBadge(status: string, count: number): string | null {
  if (count <= 0 || !(status in GLYPHS)) return null;
  const text = count > 99 ? '99+' : String(count);
  const width = BADGE_SIZE + Math.max(0, text.length - 1) * 6;
  return dataUri(
    `<svg xmlns='http://www.w3.org/2000/svg' width='${width}' height='${BADGE_SIZE}' viewBox='0 0 ${width} ${BADGE_SIZE}'>${circle(DRIFT_STYLE[status as DriftStatus].color, width)}` +
      `<text x='${width / 2}' y='11.6' text-anchor='middle' font-family='Helvetica, Arial, sans-serif' font-size='10.5' font-weight='700' fill='#fff'>${text}</text></svg>`,
  );
}

export const BADGED_STATUSES = Object.keys(GLYPHS) as Array<keyof typeof GLYPHS>;
