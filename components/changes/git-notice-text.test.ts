import { describe, expect, it } from 'vitest';
import type { GitBase } from '@/lib/model/change-request';
import { gitNoticeText, inGitNotPublished } from './git-notice-text';

const git: GitBase = {
  remote: 'git@example.com:org/iac.git',
  branch: 'main',
  file: 'iac/dev/vpc/main/config.json',
  commit: 'a'.repeat(40),
  blob: 'b'.repeat(40),
  baseText: '{}\n',
  text: '{"a":1}\n',
  author: { name: 'Alice', email: 'alice@example.com' },
  from: null,
};
const writable = { remote: 'git@example.com:org/iac.git', branch: 'main', commitUrl: null, isWritable: true };

describe('gitNoticeText', () => {
  it('says nothing for a request with a Git base', () => {
    expect(gitNoticeText({ status: 'open', repo: writable, git })).toBeNull();
  });

  it('without a config repo: SSM only, and a publish from Git would revert it', () => {
    const text = gitNoticeText({ status: 'open', repo: null, git: null });
    expect(text).toEqual({
      title: 'This change will not be written to Git',
      body: 'No config repo is configured: applying writes SSM only, and the next publish from Git would revert it.',
      isProposeAgain: false,
    });
    expect(gitNoticeText({ status: 'applied', repo: null, git: null })?.title).toBe('This change was not written to Git');
  });

  it('with a folder: Karma only reads it', () => {
    expect(gitNoticeText({ status: 'approved', repo: { remote: null, branch: null, commitUrl: null, isWritable: false }, git: null })?.body).toContain(
      'The config repo is a folder Karma only reads: applying writes SSM only',
    );
  });

  it('with a writable repo now: the request predates it, and proposing again commits it while it is undecided', () => {
    const open = gitNoticeText({ status: 'open', repo: writable, git: null });
    expect(open?.body).toBe(
      'The request was opened before Karma wrote to the config repo (git@example.com:org/iac.git, main): applying writes SSM only, and the next publish from Git would revert it.',
    );
    expect(open?.isProposeAgain).toBe(true);
    expect(gitNoticeText({ status: 'rejected', repo: writable, git: null })?.isProposeAgain).toBe(false);
  });
});

describe('inGitNotPublished', () => {
  const event = (data: Record<string, unknown>) => ({
    id: 'ev:1',
    kind: 'apply_failed' as const,
    actor: 'dana',
    at: '2026-12-01T00:00:00Z',
    note: '',
    data: data as never,
    changeRequestId: 'cr:1',
    componentId: 'dev:vpc/main',
  });

  it("says why publishing failed, in SSM's words, from the last apply_failed event", () => {
    expect(inGitNotPublished({ status: 'apply_failed', events: [event({ inGit: true, publishError: 'SSM refused the write: ThrottlingException' })] })).toEqual({
      cause: 'SSM refused the write: ThrottlingException.',
    });
    expect(inGitNotPublished({ status: 'apply_failed', events: [event({ inGit: true, publishError: 'down..' })] })).toEqual({ cause: 'down.' });
  });

  it('goes by the last failure only, and says nothing for failures that wrote nothing or requests that are not failed', () => {
    const inGit = event({ inGit: true, publishError: 'down' });
    expect(inGitNotPublished({ status: 'apply_failed', events: [inGit, event({ inGit: false })] })).toBeNull();
    expect(inGitNotPublished({ status: 'apply_failed', events: [event({ code: 'unavailable' })] })).toBeNull();
    expect(inGitNotPublished({ status: 'applied', events: [inGit] })).toBeNull();
    expect(inGitNotPublished({ status: 'apply_failed', events: [event({ inGit: true })] })).toEqual({ cause: 'the parameter store refused the write.' });
  });
});
