/**
 * The behaviour every ConfigRepo adapter must have (config-repo.ts). Run by
 * git-config-repo.itest.ts on the Git adapter against a `git daemon` remote
 * and a bare repository's plain path. Each test gets a remote of its own,
 * seeded in one commit. What the adapter did is checked on the remote's
 * bare repository with tests/support/git-remote.ts, never through the
 * adapter itself: a read that agrees with a broken write proves nothing.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/model/errors';
import { findFreePort } from '../../../scripts/peers/ports.mjs';
import { git, log, lsRemote, showFile } from '../../../tests/support/git-remote';
import type { ConfigRepo, GitPerson } from '../config-repo';

export type ConfigRepoFixture = {
  repo: ConfigRepo;
  /** The remote's bare repository path, for the helpers that read it directly. */
  remote: string;
  /** Someone other than Karma commits `file` := `text` to main and pushes; resolves with the commit. */
  outside(file: string, text: string): Promise<string>;
  /** The remote refuses the next push (a hook, as a protected branch would), and takes the ones after it. */
  rejectNextPush(): void;
  /** Another adapter on the same remote with a clone of its own, as a second Karma instance has. */
  twin(): ConfigRepo;
  /** The adapter on any other remote (URL or path), with a clone of its own. */
  open(remote: string): ConfigRepo;
  /** A remote of the same kind that does not exist, and what git says about such a remote. */
  missing: { remote: string; why: RegExp };
};

export type ConfigRepoFactory = (input: { seed: Record<string, string> }) => Promise<ConfigRepoFixture>;

const VPC = 'iac/dev/vpc/main/config.json';
const PROD_VPC = 'iac/prod/vpc/main/config.json';
const CLUSTER = 'iac/dev/ecs-cluster/apps/config.json';
const BINDING = 'account_environments/111111111111-us-east-1.json';
const SCHEMA = 'schemas/vpc.schema.json';

const SEED: Record<string, string> = {
  [VPC]: '{\n  "cidr": "10.0.0.0/16"\n}\n',
  [PROD_VPC]: '{\n  "cidr": "10.1.0.0/16"\n}\n',
  [CLUSTER]: '{\n  "vpc_nickname": "main"\n}\n',
  [BINDING]: '{\n  "environment": "dev"\n}\n',
  [SCHEMA]: '{\n  "type": "object"\n}\n',
  'README.md': '# Config repo\n',
};

const ADA: GitPerson = { name: 'Ada Author', email: 'ada@example.com' };
const KARMA: GitPerson = { name: 'Karma Portal', email: 'karma@example.com' };
const AT = new Date('2026-03-04T05:06:07Z');

const inRemote = (remote: string, args: string[]) => git([`--git-dir=${remote}`, ...args]);

async function tipOf(remote: string): Promise<string | undefined> {
  return (await lsRemote(remote)).get('refs/heads/main');
}

async function blobOf(remote: string, ref: string, file: string): Promise<string> {
  return (await inRemote(remote, ['rev-parse', '--verify', `${ref}:${file}`])).trim();
}

/** The paths that differ between two commits' trees. */
async function changedFiles(remote: string, from: string, to: string): Promise<string[]> {
  return (await inRemote(remote, ['diff-tree', '-r', '-z', '--name-only', '--no-commit-id', from, to])).split('\0').filter(Boolean);
}

/** A commit's message exactly as stored: everything after the header's blank line. */
async function storedMessage(remote: string, commit: string): Promise<string> {
  const raw = await inRemote(remote, ['cat-file', 'commit', commit]);
  return raw.slice(raw.indexOf('\n\n') + 2);
}

async function failureOf(work: () => Promise<unknown>): Promise<AppError> {
  const error = await work().then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** What apply does: the tip, a commit on it, a push that expects it. */
async function commitAndPush(repo: ConfigRepo, file: string, text: string, message: string): Promise<string> {
  const tip = await repo.fileAtTip(file);
  const commit = await repo.commitFile({ parent: tip.commit, file, text, message, author: ADA, committer: KARMA, at: AT });
  expect(await repo.push(commit, tip.commit)).toEqual({ ok: true });
  return commit;
}

export function describeConfigRepoContract(name: string, makeRepo: ConfigRepoFactory): void {
  describe(`ConfigRepo contract: ${name}`, () => {
    it("reads configs, bindings and schemas at the remote's tip with their blob ids, and fetches again on the next read", async () => {
      const { repo, remote, outside } = await makeRepo({ seed: SEED });
      const seedTip = await tipOf(remote);

      const first = await repo.read();

      expect(first.commit).toBe(seedTip);
      expect(first.errors).toEqual([]);
      expect(first.configs.map((c) => ({ id: `${c.env}:${c.type}/${c.nickname}`, file: c.file, raw: c.raw, blob: c.blob }))).toEqual([
        { id: 'dev:ecs-cluster/apps', file: CLUSTER, raw: SEED[CLUSTER], blob: await blobOf(remote, 'main', CLUSTER) },
        { id: 'dev:vpc/main', file: VPC, raw: SEED[VPC], blob: await blobOf(remote, 'main', VPC) },
        { id: 'prod:vpc/main', file: PROD_VPC, raw: SEED[PROD_VPC], blob: await blobOf(remote, 'main', PROD_VPC) },
      ]);
      expect(first.configs[1].value).toEqual({ cidr: '10.0.0.0/16' });
      expect(first.bindings).toEqual([{ binding: '111111111111-us-east-1', file: BINDING, value: { environment: 'dev' } }]);
      expect(first.schemas).toEqual({ vpc: { type: 'vpc', file: SCHEMA, schema: { type: 'object' } } });

      const logs = 'iac/dev/s3-bucket/logs/config.json';
      const theirs = await outside(logs, '{"versioning": true}\n');
      const second = await repo.read();

      expect(second.commit).toBe(theirs);
      expect(second.configs.find((c) => c.file === logs)).toMatchObject({ value: { versioning: true }, blob: await blobOf(remote, theirs, logs) });
      expect(second.configs).toHaveLength(4);
    });

    it('gives the text and blob of a file at the tip, fetched on every call, and no file for a path the tip lacks', async () => {
      const { repo, remote, outside } = await makeRepo({ seed: SEED });

      const atSeed = await repo.fileAtTip(VPC);
      expect(atSeed).toEqual({ commit: await tipOf(remote), file: { text: SEED[VPC], blob: await blobOf(remote, 'main', VPC) } });
      expect(await repo.fileAtTip('iac/dev/vpc/gone/config.json')).toEqual({ commit: atSeed.commit, file: null });
      // A component's folder is in the tree, but it is not a file.
      expect(await repo.fileAtTip('iac/dev/vpc/main')).toEqual({ commit: atSeed.commit, file: null });

      // Apply decides from this answer, so an old one would make it write over someone's change.
      const theirs = await outside(VPC, '{"cidr": "10.7.0.0/16"}\n');
      expect(await repo.fileAtTip(VPC)).toEqual({ commit: theirs, file: { text: '{"cidr": "10.7.0.0/16"}\n', blob: await blobOf(remote, theirs, VPC) } });
    });

    it('commits one file as the given author and committer with the exact message, and a push makes it the tip', async () => {
      const { repo, remote } = await makeRepo({ seed: SEED });
      const tip = await repo.fileAtTip(VPC);
      const text = '{\n  "cidr": "10.0.0.0/15"\n}\n';
      const message = 'Widen the dev VPC\n\nMore room for subnets.\n\nKarma-Change-Request: cr:widen\nApproved-by: bob@example.com\n';

      const commit = await repo.commitFile({ parent: tip.commit, file: VPC, text, message, author: ADA, committer: KARMA, at: AT });
      // Made in the clone only: the remote sees nothing before the push.
      expect(await tipOf(remote)).toBe(tip.commit);

      expect(await repo.push(commit, tip.commit)).toEqual({ ok: true });

      expect(await tipOf(remote)).toBe(commit);
      const [head] = await log(remote, 'main', 1);
      expect(head).toMatchObject({ sha: commit, authorName: ADA.name, authorEmail: ADA.email, committerName: KARMA.name, committerEmail: KARMA.email });
      const seconds = AT.getTime() / 1000;
      expect((await inRemote(remote, ['log', '-1', '--format=%P|%at|%ct', commit])).trim()).toBe(`${tip.commit}|${seconds}|${seconds}`);
      expect(await changedFiles(remote, tip.commit, commit)).toEqual([VPC]);
      expect(await showFile(remote, 'main', VPC)).toBe(text);
      expect(await storedMessage(remote, commit)).toBe(message);
      expect(await repo.commitMessage(commit)).toBe(message.trimEnd());
    });

    it('commits a change set as one commit: files replaced, added and deleted together, read back at one tip', async () => {
      const { repo, remote } = await makeRepo({ seed: SEED });
      const added = 'iac/dev/sqs-queue/orders/config.json';
      const at = await repo.filesAtTip([VPC, CLUSTER, added]);
      expect(at).toEqual({
        commit: await tipOf(remote),
        files: {
          [VPC]: { text: SEED[VPC], blob: await blobOf(remote, 'main', VPC) },
          [CLUSTER]: { text: SEED[CLUSTER], blob: await blobOf(remote, 'main', CLUSTER) },
          [added]: null,
        },
      });

      const files = [
        { file: VPC, text: '{"cidr": "10.0.0.0/15"}\n' },
        { file: added, text: '{"fifo": false}\n' },
        { file: CLUSTER, text: null },
      ];
      const commit = await repo.commitFiles({ parent: at.commit, files, message: 'Orders queue\n', author: ADA, committer: KARMA, at: AT });
      expect(await repo.push(commit, at.commit)).toEqual({ ok: true });

      expect((await changedFiles(remote, at.commit, commit)).sort()).toEqual([CLUSTER, VPC, added].sort());
      expect(await showFile(remote, 'main', VPC)).toBe(files[0].text);
      expect(await showFile(remote, 'main', added)).toBe(files[1].text);
      const after = await repo.filesAtTip([CLUSTER, added]);
      expect(after.commit).toBe(commit);
      expect(after.files[CLUSTER]).toBeNull();
      expect(after.files[added]?.text).toBe(files[1].text);
    });

    it('does not push over a commit made after the tip it was built on: moved, and the other commit stays the tip', async () => {
      const { repo, remote, outside } = await makeRepo({ seed: SEED });
      const tip = await repo.fileAtTip(VPC);
      const commit = await repo.commitFile({ parent: tip.commit, file: VPC, text: '{"cidr": "10.0.0.0/15"}\n', message: 'Widen\n', author: ADA, committer: KARMA, at: AT });
      // Another file: the push is a compare-and-set on the branch, not on the file.
      const theirs = await outside(PROD_VPC, '{"cidr": "10.9.0.0/16"}\n');

      expect(await repo.push(commit, tip.commit)).toMatchObject({ ok: false, reason: 'moved' });

      expect(await tipOf(remote)).toBe(theirs);
      expect(await showFile(remote, 'main', VPC)).toBe(SEED[VPC]);
    });

    it('reports a push the remote refuses as refused, and the same push then lands', async () => {
      const { repo, remote, rejectNextPush } = await makeRepo({ seed: SEED });
      const tip = await repo.fileAtTip(VPC);
      const commit = await repo.commitFile({ parent: tip.commit, file: VPC, text: '{"cidr": "10.0.0.0/15"}\n', message: 'Widen\n', author: ADA, committer: KARMA, at: AT });
      rejectNextPush();

      expect(await repo.push(commit, tip.commit)).toMatchObject({ ok: false, reason: 'refused', message: expect.any(String) });
      expect(await tipOf(remote)).toBe(tip.commit);

      expect(await repo.push(commit, tip.commit)).toEqual({ ok: true });
      expect(await tipOf(remote)).toBe(commit);
    });

    it('finds the newest commit after `since` that changed the file and carries the trailer', async () => {
      const { repo, remote, outside } = await makeRepo({ seed: SEED });
      const seedTip = (await tipOf(remote))!;
      const earlier = await commitAndPush(repo, VPC, '{"cidr": "10.2.0.0/16"}\n', 'Earlier\n\nKarma-Change-Request: cr:earlier\n');
      await outside('README.md', '# Someone else\n');
      const wanted = await commitAndPush(repo, VPC, '{"cidr": "10.3.0.0/16"}\n', 'Wanted\n\nKarma-Change-Request: cr:wanted\n');
      // A later change to the file without the trailer is not the request's commit.
      await outside(VPC, '{"cidr": "10.4.0.0/16"}\n');

      expect(await repo.findCommit({ since: earlier, file: VPC, trailer: 'Karma-Change-Request: cr:wanted' })).toBe(wanted);
      expect(await repo.findCommit({ since: seedTip, file: VPC, trailer: 'Karma-Change-Request: cr:earlier' })).toBe(earlier);
      // `since` itself and what came before it are not searched.
      expect(await repo.findCommit({ since: earlier, file: VPC, trailer: 'Karma-Change-Request: cr:earlier' })).toBeNull();
      expect(await repo.findCommit({ since: wanted, file: VPC, trailer: 'Karma-Change-Request: cr:wanted' })).toBeNull();
      // The commit did not change this file.
      expect(await repo.findCommit({ since: seedTip, file: PROD_VPC, trailer: 'Karma-Change-Request: cr:wanted' })).toBeNull();
      expect(await repo.findCommit({ since: seedTip, file: VPC, trailer: 'Karma-Change-Request: cr:never' })).toBeNull();
    });

    it('reads a file at another branch, a tag or a commit (also abbreviated), and answers null for a ref the remote lacks', async () => {
      const { repo, remote, outside } = await makeRepo({ seed: SEED });
      const seedTip = (await tipOf(remote))!;
      // Fetched before the branch exists: fileAt must fetch the other refs itself.
      await repo.read();
      const onFeature = await outside(VPC, '{"cidr": "10.5.0.0/16"}\n');
      await inRemote(remote, ['branch', 'feature', onFeature]);
      await inRemote(remote, ['tag', '--annotate', '--message', 'Release 1', 'v1', onFeature]);
      const onMain = await outside(VPC, '{"cidr": "10.6.0.0/16"}\n');

      const featureFile = { text: '{"cidr": "10.5.0.0/16"}\n', blob: await blobOf(remote, onFeature, VPC) };
      expect(await repo.fileAt('feature', VPC)).toEqual({ commit: onFeature, file: featureFile });
      expect(await repo.fileAt('v1', VPC)).toEqual({ commit: onFeature, file: featureFile });
      expect(await repo.fileAt('main', VPC)).toEqual({ commit: onMain, file: { text: '{"cidr": "10.6.0.0/16"}\n', blob: await blobOf(remote, onMain, VPC) } });
      expect(await repo.fileAt(seedTip, VPC)).toEqual({ commit: seedTip, file: { text: SEED[VPC], blob: await blobOf(remote, seedTip, VPC) } });
      expect(await repo.fileAt(onFeature.slice(0, 12), VPC)).toEqual({ commit: onFeature, file: featureFile });
      expect(await repo.fileAt('feature', 'iac/dev/vpc/gone/config.json')).toEqual({ commit: onFeature, file: null });

      expect(await repo.fileAt('no-such-branch', VPC)).toBeNull();
      expect(await repo.fileAt('0123456789abcdef0123456789abcdef01234567', VPC)).toBeNull();
    });

    it('commits a new file in folders the tree does not have yet, keeping every other file', async () => {
      const { repo, remote } = await makeRepo({ seed: SEED });
      const file = 'iac/staging/queue/jobs/config.json';
      const tip = await repo.fileAtTip(file);
      expect(tip.file).toBeNull();

      const commit = await repo.commitFile({ parent: tip.commit, file, text: '{\n  "fifo": true\n}\n', message: 'Add the jobs queue\n', author: ADA, committer: KARMA, at: AT });
      expect(await repo.push(commit, tip.commit)).toEqual({ ok: true });

      expect(await showFile(remote, 'main', file)).toBe('{\n  "fifo": true\n}\n');
      expect(await changedFiles(remote, tip.commit, commit)).toEqual([file]);
      const tree = (await inRemote(remote, ['ls-tree', '-r', '-z', '--name-only', 'main'])).split('\0').filter(Boolean);
      expect(tree.sort()).toEqual([...Object.keys(SEED), file].sort());
      expect((await repo.read()).configs.map((c) => `${c.env}:${c.type}/${c.nickname}`)).toContain('staging:queue/jobs');
    });

    it('lets exactly one of two instances pushing on the same tip land; the other is told the branch moved', async () => {
      const { repo, remote, twin } = await makeRepo({ seed: SEED });
      const instances = [repo, twin()];
      // Which check stops the loser depends on timing: the client's lease
      // check when the winner's update is already visible, the remote's ref
      // lock when both read the old tip. Each round is a fresh race.
      for (let round = 1; round <= 3; round++) {
        const tips = await Promise.all(instances.map((instance) => instance.fileAtTip(VPC)));
        expect(tips[1].commit).toBe(tips[0].commit);
        const base = tips[0].commit;
        const commits = await Promise.all(
          instances.map((instance, i) =>
            instance.commitFile({ parent: base, file: VPC, text: `{"round": ${round}, "by": ${i}}\n`, message: `Round ${round} by ${i}\n`, author: ADA, committer: KARMA, at: AT }),
          ),
        );

        const outcomes = await Promise.all(instances.map((instance, i) => instance.push(commits[i], base)));

        const landed = commits.filter((_, i) => outcomes[i].ok);
        expect(landed).toHaveLength(1);
        expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([expect.objectContaining({ ok: false, reason: 'moved' })]);
        expect(await tipOf(remote)).toBe(landed[0]);
        expect(await inRemote(remote, ['rev-list', '--count', `${base}..main`])).toBe('1\n');
      }
    });

    it("reports a remote it cannot reach as unavailable, naming it without the URL's credentials", async () => {
      const { open } = await makeRepo({ seed: SEED });
      // Free a moment ago: nothing listens there.
      const port = await findFreePort();
      const shown = `git://127.0.0.1:${port}/config.git`;
      const unreachable = open(`git://karma:secret@127.0.0.1:${port}/config.git`);
      expect(unreachable.info.remote).toBe(shown);

      for (const call of [() => unreachable.read(), () => unreachable.fileAtTip(VPC)]) {
        const error = await failureOf(call);
        expect(error.code).toBe('unavailable');
        expect(error.message).toContain(shown);
        // The message is shown to people and `internal` goes to the server log: a credential belongs in neither.
        expect(error.message).not.toContain('secret');
        expect(error.internal ?? '').not.toContain('secret');
      }
    });

    it('reports a remote that does not exist as unavailable, saying which and why', async () => {
      const { open, missing } = await makeRepo({ seed: SEED });

      const error = await failureOf(() => open(missing.remote).read());

      expect(error.code).toBe('unavailable');
      expect(error.message).toContain(missing.remote);
      expect(error.message).toMatch(missing.why);
    });
  });
}
