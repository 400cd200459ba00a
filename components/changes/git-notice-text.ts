/**
 * What the review page says about a request and Git, in words: why one
 * opened without a writable config repo is not written to Git, and what a
 * failed apply whose commit landed still needs. Pure.
 */
import type { ChangeView } from '@/lib/changes/review-model';
import { UNDECIDED } from '@/lib/model/change-request';
import { isJsonObject } from '@/lib/model/json';

export type GitNoticeText = { title: string; body: string; isProposeAgain: boolean };

export function gitNoticeText(change: Pick<ChangeView, 'status' | 'repo' | 'git'>): GitNoticeText | null {
  if (change.git) return null;
  const isApplied = change.status === 'applied';
  const isUndecided = UNDECIDED.has(change.status);
  const title = isApplied ? 'This change was not written to Git' : 'This change will not be written to Git';
  const ssmOnly = isApplied ? 'it was written to SSM only' : 'applying writes SSM only';
  const { repo } = change;
  if (!repo) return { title, body: `No config repo is configured: ${ssmOnly}, and the next publish from Git would revert it.`, isProposeAgain: false };
  if (!repo.isWritable) {
    return {
      title,
      body: `The config repo is a folder Karma only reads: ${ssmOnly}, so its file no longer says what SSM holds until someone commits the change there.`,
      isProposeAgain: false,
    };
  }
  const where = [repo.remote, repo.branch].filter(Boolean).join(', ');
  return {
    title,
    body: `The request was opened before Karma wrote to the config repo${where ? ` (${where})` : ''}: ${ssmOnly}, and the next publish from Git would revert it.`,
    isProposeAgain: isUndecided,
  };
}

/**
 * A failed apply that is in Git but not in SSM: its last `apply_failed`
 * event says so (`data.inGit`, with SSM's words in `data.publishError`,
 * lib/workflow/apply-change.ts); null for any other failure.
 */
export function inGitNotPublished(change: Pick<ChangeView, 'status' | 'events'>): { cause: string } | null {
  if (change.status !== 'apply_failed') return null;
  const failed = change.events.findLast((e) => e.kind === 'apply_failed');
  const data = failed && isJsonObject(failed.data) ? failed.data : null;
  if (data?.inGit !== true) return null;
  const cause = (typeof data.publishError === 'string' && data.publishError.trim()) || 'the parameter store refused the write';
  return { cause: /[.!?]$/.test(cause) ? cause.replace(/\.+$/, '.') : `${cause}.` };
}
