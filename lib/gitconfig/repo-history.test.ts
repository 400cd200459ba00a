import { describe, expect, it } from 'vitest';
import { changesByComponent, fileChangesLogArgs, parseFileChanges } from './repo-history';

/** What `git log` prints for fileChangesLogArgs: newest commit first, each with the files it touched. */
function logOutput(commits: Array<{ sha: string; at: string; name: string; email: string; files: string[] }>): string {
  return commits.map((c) => `\x01${c.sha}\x1f${c.at}\x1f${c.name}\x1f${c.email}\0\n${c.files.map((f) => `${f}\0`).join('')}`).join('');
}

describe('the config repo history', () => {
  const output = logOutput([
    { sha: 'c3', at: '2026-11-21T10:00:00+01:00', name: 'Jane Doe', email: 'jane@example.com', files: ['iac/prod/ecs-service/storefront/config.json'] },
    { sha: 'c2', at: '2026-11-20T09:00:00+00:00', name: 'Omar', email: '', files: ['iac/dev/sqs-queue/old/config.json', 'iac/prod/ecs-service/storefront/config.json'] },
    {
      sha: 'c1',
      at: '2026-01-12T09:00:00+00:00',
      name: 'Platform Team',
      email: 'platform@example.com',
      files: ['iac/dev/vpc/main/config.json', 'iac/dev/sqs-queue/old/config.json'],
    },
  ]);

  it('keeps the newest commit per file, in UTC, by the author’s e-mail (else name)', () => {
    expect(parseFileChanges(output)).toEqual({
      'iac/prod/ecs-service/storefront/config.json': { commit: 'c3', at: '2026-11-21T09:00:00.000Z', by: 'jane@example.com' },
      'iac/dev/sqs-queue/old/config.json': { commit: 'c2', at: '2026-11-20T09:00:00.000Z', by: 'Omar' },
      'iac/dev/vpc/main/config.json': { commit: 'c1', at: '2026-01-12T09:00:00.000Z', by: 'platform@example.com' },
    });
  });

  it('maps component files to component ids and leaves other files out', () => {
    const changes = parseFileChanges(
      logOutput([
        {
          sha: 'c9',
          at: '2026-11-21T10:00:00Z',
          name: 'x',
          email: 'x@example.com',
          files: ['iac/dev/vpc/main/config.json', 'iac/dev/vpc/main/modules/a.json', 'iac/Bad Env/vpc/x/config.json'],
        },
      ]),
    );
    expect([...changesByComponent(changes)]).toEqual([['dev:vpc/main', { commit: 'c9', at: '2026-11-21T10:00:00.000Z', by: 'x@example.com' }]]);
  });

  it('reads nothing from an empty log', () => {
    expect(parseFileChanges('')).toEqual({});
  });

  it('asks git for one log over the folder, files per commit, renames as delete and add', () => {
    expect(fileChangesLogArgs('abc', 'iac/')).toEqual(['log', '-z', '--no-renames', '--name-only', '--format=%x01%H%x1f%cI%x1f%an%x1f%ae', 'abc', '--', 'iac/']);
  });
});
