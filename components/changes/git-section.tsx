import Link from 'next/link';
import type { ReactNode } from 'react';
import { UnifiedDiff } from '@/components/drift/unified-diff';
import { Banner } from '@/components/ui/banner';
import type { ChangeView } from '@/lib/changes/review-model';
import { commitLink, shortCommit } from '@/lib/gitconfig/config-repo';
import { UNDECIDED, type GitBase, type GitFile } from '@/lib/model/change-request';
import { gitNoticeText } from './git-notice-text';

const isUndecided = (change: ChangeView) => UNDECIDED.has(change.status);

/** The forge's page for a commit of the request's repo; none when the repo this instance uses is another one. */
export function commitHref(change: Pick<ChangeView, 'repo' | 'git'>, sha: string | null): string | null {
  if (!change.repo || !sha) return null;
  if (change.git && change.repo.remote !== change.git.remote) return null;
  return commitLink(change.repo, sha);
}

/** A commit id, short, linked to the forge when its template is known. */
export function CommitId({ change, sha, testId }: { change: Pick<ChangeView, 'repo' | 'git'>; sha: string; testId?: string }) {
  const href = commitHref(change, sha);
  const text = (
    <code className="font-mono text-[12px]" title={sha}>
      {shortCommit(sha)}
    </code>
  );
  return href ? (
    <a href={href} className="text-indigo-700 hover:underline" target="_blank" rel="noreferrer" data-testid={testId} data-sha={sha}>
      {text}
    </a>
  ) : (
    <span data-testid={testId} data-sha={sha}>
      {text}
    </span>
  );
}

/** On every review page of a request that is not written to Git: why not. */
export function GitNotice({ change }: { change: ChangeView }) {
  const text = gitNoticeText(change);
  if (!text) return null;
  return (
    <Banner tone={isUndecided(change) ? 'warning' : 'info'} title={text.title} testId="git-notice">
      {text.body}
      {text.isProposeAgain && (
        <>
          {' '}
          <Link href={`/changes/new?component=${encodeURIComponent(change.componentId)}`} className="underline">
            Propose it again
          </Link>{' '}
          to have it committed.
        </>
      )}
    </Banner>
  );
}

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-slate-800" data-testid={testId}>
        {children}
      </dd>
    </>
  );
}

function diffTitle(change: ChangeView): string {
  if (change.gitCommit) return 'The Git diff that was committed';
  if (change.status === 'rejected' || change.status === 'withdrawn' || change.status === 'stale') return 'The Git diff it would have committed';
  return 'The Git diff that will be committed';
}

/** Every file the request commits: each member's, or for a request from before change sets the request's own. */
function gitFiles(change: ChangeView, git: GitBase): GitFile[] {
  const files = change.members.map((m) => m.git).filter((f): f is GitFile => f !== null);
  return files.length > 0 ? files : [{ file: git.file, blob: git.blob, baseText: git.baseText, text: git.text }];
}

function GitDiff({ change, files }: { change: ChangeView; files: GitFile[] }) {
  const changed = files.filter((f) => f.text !== f.baseText);
  if (changed.length === 0) {
    return (
      <p className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="git-no-commit">
        {change.status === 'applied'
          ? 'Git already held this config: it was published to SSM only, no commit.'
          : 'Git already holds this config: applying publishes it to SSM only, no commit.'}
      </p>
    );
  }
  return (
    <div className="space-y-2">
      <h3 className="text-sm font-medium text-slate-700">
        {diffTitle(change)}
        {files.length > 1 && <span className="font-normal text-slate-500"> (one commit, {files.length} files)</span>}
      </h3>
      {changed.map((git) => {
        if (git.text === null) {
          return (
            <p key={git.file} className="text-sm text-slate-700" data-testid="git-diff" data-file={git.file}>
              Deletes <code className="font-mono text-[13px]">{git.file}</code>.
            </p>
          );
        }
        const isOnlyNewline = git.baseText !== null && git.baseText.replace(/\n$/, '') === git.text.replace(/\n$/, '');
        return isOnlyNewline ? (
          <p key={git.file} className="text-sm text-slate-600" data-testid="git-diff" data-file={git.file}>
            Only the newline at the end of {git.file} changes.
          </p>
        ) : (
          <UnifiedDiff key={git.file} before={git.baseText} after={git.text} label={git.baseText === null ? `${git.file} (new file)` : git.file} testId="git-diff" />
        );
      })}
    </div>
  );
}

/**
 * Where the request stands in the config repo (ARCHITECTURE.md §6a): the
 * branch and files (every member's: one commit for a change set), the
 * commit and blobs it was based on, where it was proposed from, the commit
 * apply pushed, and the exact diff committed.
 */
export function GitSection({ change }: { change: ChangeView }) {
  const { git } = change;
  if (!git) return null;
  const files = gitFiles(change, git);
  const isElsewhere = isUndecided(change) && (!change.repo?.isWritable || change.repo.remote !== git.remote);
  return (
    <section className="space-y-3" aria-labelledby="git-section-title" data-testid="git-section">
      <h2 id="git-section-title" className="text-xs font-semibold uppercase tracking-wide text-slate-500">
        Git
      </h2>
      <dl className="grid grid-cols-[7rem_minmax(0,1fr)] gap-x-3 gap-y-1 rounded-md border border-slate-200 bg-white px-3 py-2 text-sm">
        <Row label="Branch" testId="git-branch">
          <code className="font-mono text-[13px]">{git.branch}</code>
          {git.remote && <span className="text-slate-500"> of {git.remote}</span>}
        </Row>
        <Row label={files.length > 1 ? 'Files' : 'File'} testId="git-file">
          {files.map((f) => (
            <span key={f.file} className="block">
              <code className="font-mono text-[13px]">{f.file}</code>
              {files.length > 1 && <span className="text-slate-500"> · {f.text === null ? 'deleted' : f.blob === null ? 'new file' : `blob ${shortCommit(f.blob)}`}</span>}
            </span>
          ))}
        </Row>
        <Row label="Base" testId="git-base">
          based on <CommitId change={change} sha={git.commit} /> of {git.branch}
          {files.length === 1 && (
            <span className="text-slate-500">
              {' · '}
              {files[0].blob === null ? (
                'a new file'
              ) : (
                <>
                  blob{' '}
                  <code className="font-mono text-[12px]" title={files[0].blob}>
                    {shortCommit(files[0].blob)}
                  </code>
                </>
              )}
            </span>
          )}
        </Row>
        {git.from && (
          <Row label="From" testId="git-from">
            proposed from <code className="font-mono text-[13px]">{git.from.ref}</code> (<CommitId change={change} sha={git.from.commit} />)
          </Row>
        )}
        <Row label="Author">
          {git.author.name} <span className="text-slate-500">&lt;{git.author.email}&gt;</span>
        </Row>
        {change.gitCommit && (
          <Row label="Committed">
            <CommitId change={change} sha={change.gitCommit} testId="git-commit" /> on {git.branch}
          </Row>
        )}
      </dl>
      {isElsewhere && (
        <p className="text-sm text-amber-800" data-testid="git-repo-moved">
          It was opened against {git.remote}, which this instance does not write to now: applying it fails until that repo is configured again.
        </p>
      )}
      <GitDiff change={change} files={files} />
    </section>
  );
}
