// Where `npm run build:lambda` (scripts/build-lambda.mjs) takes its sources
// from, where its output lands, and whether that output is older than the
// sources, so launchers and tests rebuild only when something changed.
//
// The build runs in a copy of the sources (`.cache/lambda-build/`), never in
// the working tree: OpenNext's `next build` writes a standalone build into
// `.next`, and the working tree's `.next` is the one `next start` serves in
// the integration and e2e tests (scripts/lib/build.mjs). Only the finished
// OpenNext output is moved into the working tree, as `.open-next/`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { isOlderThanSources, root, SOURCES } from './build.mjs';

/** What the lambda build reads: the portal build's sources, and what `next build` and OpenNext read besides. */
export const LAMBDA_SOURCES = [...SOURCES, 'tsconfig.json', 'postcss.config.mjs', 'types', 'open-next.config.ts', 'scripts/lambda'];

/**
 * Whether a source file (a path relative to the working tree) exists for the
 * tests only: unit and integration tests, and the contract suites and
 * harnesses under lib/ that only tests import. The copy leaves them out, so
 * the build's type check covers what the function runs (`npm run typecheck`
 * covers the rest) and needs none of tests/ or scripts/.
 */
export function isTestOnly(relativePath) {
  const parts = relativePath.split(/[\\/]/);
  const name = parts.at(-1) ?? '';
  if (/\.(test|itest|contract)\.tsx?$/.test(name)) return true;
  return parts[0] === 'lib' && parts.slice(1, -1).some((folder) => folder === 'contract' || folder === 'testing');
}

/** The copy the build runs in. */
export const stagingDir = path.join(root, '.cache', 'lambda-build');

/** OpenNext's output, in the working tree. */
export const outputDir = path.join(root, '.open-next');

/** The server function's code: zip this folder; its handler is `karma-handler.handler`. */
export const serverFunctionDir = path.join(outputDir, 'server-functions', 'default');

/** Files for the static bucket, at the paths the browser asks for (`_next/static/…`, `BUILD_ID`). */
export const assetsDir = path.join(outputDir, 'assets');

/**
 * The Lambda handler setting: Karma's entry point (scripts/lambda/karma-handler.mjs, copied beside OpenNext's
 * `index.mjs`), which passes HTTP events to OpenNext's handler and runs a scheduled `{ "karma": "sync" }` itself.
 */
export const HANDLER = 'karma-handler.handler';

/** Karma's entry point, as the build copies it into the server function. */
export const entryPointSource = path.join(root, 'scripts', 'lambda', 'karma-handler.mjs');

/** Written last by a build that finished: its time is the build's, and its presence says the output is whole. */
export const stampFile = path.join(outputDir, 'karma-lambda-build.json');

/**
 * Whether the output must be made again: no finished build (no stamp), or a
 * source changed after the stamp was written. `names` are relative to `base`.
 */
export function isLambdaBuildStale({ base = root, stamp = stampFile, names = LAMBDA_SOURCES } = {}) {
  return isOlderThanSources(stamp, names, base);
}

/** Builds when stale (in a process of its own, whose output is shown); returns false when the build failed. */
export function ensureLambdaBuild({ log = console.log } = {}) {
  if (!isLambdaBuildStale()) return true;
  log('Building the serverless bundle (npm run build:lambda; later runs reuse it)…');
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-lambda.mjs')], { cwd: root, stdio: 'inherit' });
  return result.status === 0;
}
