'use client';

import { useEffect } from 'react';
import { z } from 'zod';

/**
 * The proposal being written, kept in sessionStorage per component, so a
 * reload or a failed submit never loses the author's text. Cleared when the
 * request is submitted or the author resets the form.
 */
const draftSchema = z.object({
  text: z.string(),
  title: z.string(),
  description: z.string(),
  baseVersion: z.int().nullable(),
  names: z.object({ env: z.string(), type: z.string(), nickname: z.string() }),
});
export type ProposalDraft = z.infer<typeof draftSchema>;

export const draftKey = (componentId: string | null) => `karma:proposal:${componentId ?? 'new'}`;

export function readDraft(key: string): ProposalDraft | null {
  if (typeof window === 'undefined') return null;
  try {
    const parsed = draftSchema.safeParse(JSON.parse(window.sessionStorage.getItem(key) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function clearDraft(key: string): void {
  window.sessionStorage.removeItem(key);
}

/** Saves `draft` whenever it changes; `null` (nothing edited) removes it. */
export function useSaveDraft(key: string, draft: ProposalDraft | null): void {
  const serialised = draft === null ? null : JSON.stringify(draft);
  useEffect(() => {
    try {
      if (serialised === null) window.sessionStorage.removeItem(key);
      else window.sessionStorage.setItem(key, serialised);
    } catch {
      // Storage full or disabled: the draft is a convenience, the form still works.
    }
  }, [key, serialised]);
}
