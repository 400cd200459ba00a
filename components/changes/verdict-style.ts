/**
 * The three verdicts of a change's consequences (lib/model/consequences.ts)
 * in one palette, shared by the impact graph and the lists, so a colour and a
 * shape mean the same thing in both. The colours are from the Okabe–Ito set
 * (told apart with every common colour-vision deficiency), and each verdict
 * has its own shape as well, so colour is never the only cue.
 */
import type { Verdict } from '@/lib/model/consequences';

export type VerdictStyle = {
  label: string;
  /** Fill and border of its graph node and legend swatch. */
  color: string;
  border: string;
  shape: 'diamond' | 'round-rectangle' | 'ellipse';
  description: string;
};

export const VERDICT_STYLE: Record<Verdict, VerdictStyle> = {
  must_redeploy: {
    label: 'Must redeploy',
    color: '#d55e00',
    border: '#7a3600',
    shape: 'diamond',
    description: 'Consumes an output of a changed component that changes (or may): it must be deployed again after this change.',
  },
  stale_copy: {
    label: 'Stale copies',
    color: '#e69f00',
    border: '#805800',
    shape: 'round-rectangle',
    description: 'Holds a copy of an old value this change replaces: its config should change too.',
  },
  unaffected: {
    label: 'Unaffected',
    color: '#cbd5e1',
    border: '#64748b',
    shape: 'ellipse',
    description: 'Depends on a changed component, but on nothing that changes.',
  },
};

/** The changed components themselves (the members of the set). */
export const CHANGED_STYLE = { color: '#4f46e5', border: '#312e81' };
