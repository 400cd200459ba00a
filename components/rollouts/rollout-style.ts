/**
 * How rollouts look wherever they show (the rollout pages, the review page's
 * plan, the graph explorer's `?rollout=`): a member's state is a colour, a
 * glyph and a word, never the colour alone; the glyph is drawn the same in
 * the page (an <img> of the same SVG) and on the graph (a node badge).
 * Colours from the Okabe–Ito set where they can be (told apart with every
 * common colour-vision deficiency); waiting is hollow, skipped filled.
 */
import type { RolloutMemberState, RolloutReason, RolloutStatus } from '@/lib/model/rollout';

export type MemberStateStyle = {
  label: string;
  /** Badge fill and graph halo. */
  color: string;
  /** Tailwind classes for a pill. */
  badge: string;
  description: string;
};

export const MEMBER_STATE_STYLE: Record<RolloutMemberState, MemberStateStyle> = {
  waiting: {
    label: 'Waiting',
    color: '#64748b',
    badge: 'bg-white text-slate-700 ring-slate-400/60',
    description: 'Its wave has not started: it waits for the components before it.',
  },
  deploying: {
    label: 'Deploying',
    color: '#0072b2',
    badge: 'bg-sky-50 text-sky-900 ring-sky-600/40',
    description: 'The deploy was asked for; waiting for its runtime to be written.',
  },
  deployed: {
    label: 'Deployed',
    color: '#009e73',
    badge: 'bg-emerald-50 text-emerald-900 ring-emerald-600/40',
    description: 'Its runtime was written after the config version it was asked to deploy.',
  },
  failed: {
    label: 'Failed',
    color: '#c81e1e',
    badge: 'bg-red-50 text-red-900 ring-red-600/40',
    description: 'The pipeline reported a failure, or no runtime was written by the deadline: the rollout stopped.',
  },
  skipped: {
    label: 'Skipped',
    color: '#6b5b4b',
    badge: 'bg-stone-100 text-stone-800 ring-stone-500/40',
    description: 'Someone chose to go on without it (with a comment).',
  },
};

/** The states in their order, without importing the model's values (and zod with them) into the graph's bundle. */
export const STATE_ORDER = Object.keys(MEMBER_STATE_STYLE) as RolloutMemberState[];

export const ROLLOUT_STATUS_STYLE: Record<RolloutStatus, { label: string; badge: string; description: string }> = {
  running: { label: 'Running', badge: 'bg-sky-50 text-sky-900 ring-sky-600/40', description: 'Deploying wave by wave.' },
  paused: { label: 'Paused', badge: 'bg-amber-50 text-amber-950 ring-amber-600/40', description: 'Stopped until someone resumes it.' },
  completed: { label: 'Completed', badge: 'bg-emerald-50 text-emerald-900 ring-emerald-600/40', description: 'Every member deployed or skipped.' },
  aborted: { label: 'Aborted', badge: 'bg-rose-50 text-rose-900 ring-rose-600/40', description: 'Stopped for good; what was deployed stays deployed.' },
};

export const REASON_TEXT: Record<RolloutReason, string> = {
  changed: 'changed',
  must_redeploy: 'must redeploy',
};

export const BADGE_SIZE = 16;

/** White strokes on a 16 × 16 badge; waiting's are grey on a hollow ring. */
const GLYPHS: Record<RolloutMemberState, string> = {
  // … (three dots)
  waiting: "<circle cx='4.6' cy='8' r='1.25' fill='#64748b'/><circle cx='8' cy='8' r='1.25' fill='#64748b'/><circle cx='11.4' cy='8' r='1.25' fill='#64748b'/>",
  // ↻ (an arrow going round)
  deploying:
    "<path d='M11.6 6.2A4 4 0 1 0 12 9.4' stroke='#fff' stroke-width='1.8' fill='none' stroke-linecap='round'/><path d='M12.4 3.4v3.3H9.1' stroke='#fff' stroke-width='1.8' fill='none' stroke-linecap='round' stroke-linejoin='round'/>",
  // ✓
  deployed: "<path d='M4.4 8.3l2.4 2.4 4.8-5' stroke='#fff' stroke-width='2' fill='none' stroke-linecap='round' stroke-linejoin='round'/>",
  // ✕
  failed: "<path d='M5.2 5.2l5.6 5.6M10.8 5.2l-5.6 5.6' stroke='#fff' stroke-width='2' stroke-linecap='round'/>",
  // » (skip forward)
  skipped: "<path d='M4.4 5l3 3-3 3M8.6 5l3 3-3 3' stroke='#fff' stroke-width='1.8' fill='none' stroke-linecap='round' stroke-linejoin='round'/>",
};

function dataUri(svg: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg).replace(/'/g, '%27')}`;
}

/** The state's badge as an SVG data URI: the page's icon and the graph node's corner badge. */
export function memberStateBadge(state: RolloutMemberState): string {
  const { color } = MEMBER_STATE_STYLE[state];
  const disc =
    state === 'waiting'
      ? `<circle cx='8' cy='8' r='6.6' fill='#fff' stroke='${color}' stroke-width='1.6'/>`
      : `<circle cx='8' cy='8' r='7.25' fill='${color}' stroke='#fff' stroke-width='1.5'/>`;
  return dataUri(`<svg xmlns='http://www.w3.org/2000/svg' width='${BADGE_SIZE}' height='${BADGE_SIZE}' viewBox='0 0 ${BADGE_SIZE} ${BADGE_SIZE}'>${disc}${GLYPHS[state]}</svg>`);
}
