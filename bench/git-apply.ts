/**
 * bench/git-apply: how much committing to the config repo adds to an apply.
 * Two harnesses (lib/workflow/testing/review-harness.ts) on the same tiny
 * estate (the harness ESTATE in `dev`), each with its own local parameter
 * file and memory graph store in a temp folder, so the figures are about
 * Git, not SSM or Neptune:
 *
 *   baseline  configRepo: null, apply writes the parameter only;
 *   git       a GitConfigRepo over git:// to a bare remote served by a git
 *             daemon on loopback (started and stopped here), seeded with the
 *             estate's iac/dev/<type>/<nickname>/config.json files.
 *
 * Each run proposes a fresh value on dev:vpc/main (so every apply writes),
 * has bob approve it, then times ONLY `service.apply(dana, id, …)`. Runs are
 * interleaved in pairs, baseline and git side by side (the order flipping
 * every pair), after 2 untimed warm-up runs of each, to cancel drift.
 *
 * Measured, in both modes: the whole apply as the service runs it — the
 * claim, the component lease, reading the parameter, the write and its
 * record, staling other requests, and the post-apply graph sync of the tiny
 * estate (3 components). In git mode also the Git leg: fetch the tip, build
 * the commit in the instance's bare clone, push it as a compare-and-set,
 * and the sync's own fetch of the repo. Not measured: proposing and
 * approving (which, in git mode, also fetch the tip), the daemon's start,
 * seeding; nor a real network, SSM or Neptune latency (all loopback or
 * embedded). Prints median and p95 per mode, the ratio git/baseline and the
 * commits the remote gained per timed git apply (goal: exactly 1), then one
 * line with a JSON object of the figures.
 *
 *   npm run bench -- git-apply [--n 20]
 */
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHarness, ESTATE, PEOPLE, propose, seedEstate, type Harness } from '@/lib/workflow/testing/review-harness';
import { GitConfigRepo } from '@/lib/gitconfig/git-config-repo';
import { configFilePath } from '@/lib/gitconfig/repo-files';
import { LocalParameterFile } from '@/lib/params/local-parameter-store';
import { MemoryGraphStore } from '@/lib/store/memory/memory-graph-store';
import { startGitDaemon } from '../scripts/peers/git-daemon.mjs';
import { commitCount, createBareRemote } from '../tests/support/git-remote';
import { median, parseSizes, round } from './lib/bench-args';

const WARM_UP = 2;
const ENV = 'dev';
const COMPONENT = `${ENV}:vpc/main`;
const BRANCH = 'main';
const { alice, bob, dana } = PEOPLE;

type Mode = 'baseline' | 'git';

/** Nearest rank, as bench/simulate.ts. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The harness estate as the config repo holds it: two-space indent, final newline. */
function writeSeed(dir: string): void {
  for (const [componentPath, config] of Object.entries(ESTATE)) {
    const [type, nickname] = componentPath.split('/');
    const target = path.join(dir, configFilePath({ env: ENV, type, nickname }));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, `${JSON.stringify(config, null, 2)}\n`);
  }
}

/** A local parameter file and a memory graph store in their own folder, seeded with the estate. */
async function harness(dir: string, configRepo: GitConfigRepo | null): Promise<Harness> {
  fs.mkdirSync(dir, { recursive: true });
  const store = LocalParameterFile.inDataDir(dir).store(ENV);
  await seedEstate(store);
  return createHarness({ stores: [store], graphStore: new MemoryGraphStore({ dataDir: dir }), configRepo });
}

let edits = 0;

/** Proposes a value never proposed before, approves it, and returns the apply's wall time in ms. */
async function applyOnce(h: Harness, mode: Mode): Promise<number> {
  const run = ++edits;
  const request = await propose(h, alice, COMPONENT, { note: `bench edit ${run}` }, `Bench edit ${run} (${mode})`);
  await h.service.approve(bob, request.id, { comment: '' });
  const started = performance.now();
  const { change, apply } = await h.service.apply(dana, request.id, { comment: '' });
  const elapsed = performance.now() - started;
  if (!apply?.ok || change.status !== 'applied') throw new Error(`${mode}: apply of ${request.id} ended ${change.status}: ${apply?.error ?? change.error ?? 'no error given'}`);
  if (apply.sync && !apply.sync.ok) throw new Error(`${mode}: the post-apply sync of ${request.id} failed: ${apply.sync.error}`);
  if (mode === 'git' && !change.gitCommit) throw new Error(`git: ${request.id} was applied without a commit`);
  if (mode === 'baseline' && change.gitCommit) throw new Error(`baseline: ${request.id} has a commit ${change.gitCommit}`);
  return elapsed;
}

async function main(): Promise<void> {
  const [n, ...more] = parseSizes(process.argv.slice(2), [20]);
  if (more.length > 0) throw new Error('--n takes one number of runs here');

  const root = await mkdtemp(path.join(tmpdir(), 'karma-bench-git-apply-'));
  let daemon: Awaited<ReturnType<typeof startGitDaemon>> | null = null;
  try {
    process.stdout.write('starting git daemon… ');
    daemon = await startGitDaemon({ baseDir: path.join(root, 'daemon') });
    console.log(`pid ${daemon.pid}, ${daemon.endpoint}`);

    const seed = path.join(root, 'seed');
    writeSeed(seed);
    const remote = await createBareRemote({ dir: daemon.baseDir, name: 'config', branch: BRANCH, seedFrom: seed });
    const url = `${daemon.endpoint}/config.git`;
    const repo = new GitConfigRepo({ remote: url, branch: BRANCH, cloneDir: path.join(root, 'clone.git') });

    const harnesses: Record<Mode, Harness> = {
      baseline: await harness(path.join(root, 'baseline'), null),
      git: await harness(path.join(root, 'git'), repo),
    };
    console.log(`estate: ${Object.keys(ESTATE).length} components in ${ENV}; applying to ${COMPONENT}; remote ${url}`);

    process.stdout.write(`warm-up: ${WARM_UP} untimed runs of each… `);
    for (let i = 0; i < WARM_UP; i++) {
      await applyOnce(harnesses.baseline, 'baseline');
      await applyOnce(harnesses.git, 'git');
    }
    console.log('done');

    const times: Record<Mode, number[]> = { baseline: [], git: [] };
    const commitsBefore = await commitCount(remote.path, BRANCH);
    for (let i = 0; i < n; i++) {
      // Side by side, the order flipping every pair, so neither mode always runs on a just-warmed process.
      const order: Mode[] = i % 2 === 0 ? ['baseline', 'git'] : ['git', 'baseline'];
      for (const mode of order) times[mode].push(await applyOnce(harnesses[mode], mode));
      console.log(
        `  run ${String(i + 1).padStart(String(n).length)}/${n}   baseline ${times.baseline[i].toFixed(1).padStart(7)} ms   git ${times.git[i].toFixed(1).padStart(7)} ms`,
      );
    }
    const commitsAdded = (await commitCount(remote.path, BRANCH)) - commitsBefore;

    const figures = (mode: Mode) => ({ medianMs: round(median(times[mode]), 2), p95Ms: round(percentile(times[mode], 95), 2) });
    const baseline = figures('baseline');
    const git = { ...figures('git'), commitsPerApply: round(commitsAdded / n, 3) };
    const ratio = { median: round(median(times.git) / median(times.baseline), 2), p95: round(percentile(times.git, 95) / percentile(times.baseline, 95), 2) };

    console.log('');
    const row = (cells: Array<string | number>) =>
      console.log(
        `  ${String(cells[0]).padEnd(14)}${cells
          .slice(1)
          .map((c) => String(c).padStart(15))
          .join('')}`,
      );
    row(['mode', 'applies', 'median ms', 'p95 ms', 'commits/apply']);
    row(['baseline', n, baseline.medianMs.toFixed(2), baseline.p95Ms.toFixed(2), 0]);
    row(['git', n, git.medianMs.toFixed(2), git.p95Ms.toFixed(2), git.commitsPerApply]);
    row(['git/baseline', '', `${ratio.median.toFixed(2)}×`, `${ratio.p95.toFixed(2)}×`, '']);
    console.log(`  the remote gained ${commitsAdded} commit${commitsAdded === 1 ? '' : 's'} over ${n} timed git applies\n`);

    console.log(JSON.stringify({ bench: 'git-apply', n, baseline, git, ratio }));
  } finally {
    if (daemon) await daemon.stop();
    await rm(root, { recursive: true, force: true });
  }
}

await main();
