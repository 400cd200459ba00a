import { describe, expect, it } from 'vitest';
import { commitMessage, personFor, REQUEST_TRAILER, requestTrailer } from './commit-message';

describe('commitMessage', () => {
  it('is the title, a blank line, the description, a blank line and the trailers', () => {
    const message = commitMessage({
      id: 'cr:42',
      title: 'Widen the dev VPC',
      description: 'More room for subnets.\r\n\r\nSee the capacity plan.',
      approvals: ['bob@example.com', 'github:carol'],
    });

    expect(message).toBe(
      'Widen the dev VPC\n\nMore room for subnets.\n\nSee the capacity plan.\n\nKarma-Change-Request: cr:42\nApproved-by: bob@example.com\nApproved-by: github:carol\n',
    );
  });

  it('flattens a multi-line title to one subject line', () => {
    expect(commitMessage({ id: 'cr:1', title: '  Widen\nthe\r\n  VPC\t', description: '', approvals: [] }).split('\n')[0]).toBe('Widen the VPC');
  });

  it('names the request when the title is blank', () => {
    expect(commitMessage({ id: 'cr:1', title: ' \n ', description: '', approvals: [] }).split('\n')[0]).toBe('Change cr:1');
  });

  it('has no body paragraph without a description: the trailers follow the subject', () => {
    expect(commitMessage({ id: 'cr:7', title: 'Widen', description: ' \n\n ', approvals: ['bob@example.com'] })).toBe(
      'Widen\n\nKarma-Change-Request: cr:7\nApproved-by: bob@example.com\n',
    );
  });

  it('keeps every trailer on one line, so an approver cannot start another', () => {
    const message = commitMessage({ id: 'cr:7', title: 'Widen', description: '', approvals: ['Bob\nSigned-off-by: mallory'] });
    expect(message.split('\n').filter((line) => /^[A-Za-z-]+: /.test(line))).toEqual(['Karma-Change-Request: cr:7', 'Approved-by: Bob Signed-off-by: mallory']);
  });

  it('carries the trailer findCommit looks for', () => {
    expect(requestTrailer('cr:9')).toBe(`${REQUEST_TRAILER}: cr:9`);
    expect(commitMessage({ id: 'cr:9', title: 't', description: 'd', approvals: [] }).split('\n')).toContain(requestTrailer('cr:9'));
  });
});

describe('personFor', () => {
  it('uses an e-mail id as the address, and the name when there is one', () => {
    expect(personFor({ id: 'alice@example.com', name: 'Alice Proposer', email: null })).toEqual({ name: 'Alice Proposer', email: 'alice@example.com' });
    expect(personFor({ id: 'alice@example.com' })).toEqual({ name: 'alice@example.com', email: 'alice@example.com' });
  });

  it('gives a github:login a placeholder address made of safe characters', () => {
    expect(personFor({ id: 'github:octo-cat', name: 'Octo Cat', email: null })).toEqual({ name: 'Octo Cat', email: 'github-octo-cat@users.noreply.karma' });
    expect(personFor({ id: 'github:a b<c>', name: null })).toEqual({ name: 'github:a b<c>', email: 'github-a-b-c-@users.noreply.karma' });
  });

  it('prefers a known e-mail address, and keeps a name on one line', () => {
    expect(personFor({ id: 'github:octocat', name: 'Octo\nCat ', email: 'octo@example.com' })).toEqual({ name: 'Octo Cat', email: 'octo@example.com' });
  });
});
