#!/usr/bin/env node
// `npm run build:lambda`: the portal and its API as one AWS Lambda function
// behind API Gateway (HTTP API, payload format 2.0), built with OpenNext's AWS
// adapter (open-next.config.ts). The output, in the working tree:
//   .open-next/server-functions/default/   the function's code (handler karma-handler.handler)
//   .open-next/assets/                     static files for a bucket (_next/static/…)
// It does nothing when the last build is newer than every source
// (scripts/lib/lambda-build.mjs); `--force` builds anyway.
//
// OpenNext's own `open-next build` would also make an image optimisation
// function and install sharp into it from npm, and a warmer and a
// revalidation function; Karma uses no next/image, no warmer and no ISR, so
// this runs the adapter's build steps Karma needs, in the adapter's order,
// and leaves those three out. Everything else (the `next build`, the
// middleware, the server bundle, the assets) is the adapter's own code.
import { copyFileSync, cpSync, linkSync, lstatSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isSettingsVariable, root } from './lib/build.mjs';
import { assetsDir, entryPointSource, HANDLER, isLambdaBuildStale, isTestOnly, LAMBDA_SOURCES, outputDir, serverFunctionDir, stagingDir, stampFile } from './lib/lambda-build.mjs';

/**
 * node_modules in the copy: hard links to the working tree's files (no bytes
 * copied, a few seconds for the whole tree). Not one symlink to the folder:
 * Turbopack refuses a node_modules that points outside the project, and the
 * standalone build traces only files inside it.
 */
function linkTree(from, to) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else if (entry.isDirectory()) linkTree(source, target);
    else linkSync(source, target);
  }
}

function stageSources() {
  // The copy's own .next stays between builds: `next build` reuses its cache in .next/cache.
  for (const entry of readdirSync(stagingDir, { withFileTypes: true })) {
    if (entry.name !== '.next') rmSync(path.join(stagingDir, entry.name), { recursive: true, force: true });
  }
  for (const name of LAMBDA_SOURCES) {
    const source = path.join(root, name);
    const isWanted = (file) => !isTestOnly(path.relative(root, file));
    if (lstatSync(source, { throwIfNoEntry: false })) cpSync(source, path.join(stagingDir, name), { recursive: true, filter: isWanted });
  }
  linkTree(path.join(root, 'node_modules'), path.join(stagingDir, 'node_modules'));
}

/** A build never depends on the mode: Karma's settings are read when the function starts, from its own environment. */
function clearSettingsFromEnv() {
  for (const name of Object.keys(process.env)) if (isSettingsVariable(name)) delete process.env[name];
  process.env.NEXT_TELEMETRY_DISABLED = '1';
}

async function runOpenNext() {
  const adapter = (file) => import(path.join(root, 'node_modules', '@opennextjs', 'aws', 'dist', file));
  const [
    { compileOpenNextConfig },
    helper,
    { buildNextjsApp, setStandaloneBuildMode },
    { patchOriginalNextConfig },
    { compileCache },
    { createMiddleware },
    { createStaticAssets },
    { createServerBundle },
  ] = await Promise.all(
    [
      'build/compileConfig.js',
      'build/helper.js',
      'build/buildNextApp.js',
      'build/patch/patches/index.js',
      'build/compileCache.js',
      'build/createMiddleware.js',
      'build/createAssets.js',
      'build/createServerBundle.js',
    ].map(adapter),
  );
  const { config, buildDir } = await compileOpenNextConfig(path.join(stagingDir, 'open-next.config.ts'));
  const options = helper.normalizeOptions(config, path.join(root, 'node_modules', '@opennextjs', 'aws', 'dist') + path.sep, buildDir);
  helper.checkRunningInsideNextjsApp(options);
  helper.printNextjsVersion(options);
  helper.printOpenNextVersion(options);
  helper.checkNextVersionSupport(options.nextVersion, false);
  setStandaloneBuildMode(options);
  helper.initOutputDir(options);
  buildNextjsApp(options);
  await patchOriginalNextConfig(options);
  compileCache(options);
  await createMiddleware(options);
  createStaticAssets(options);
  await createServerBundle(options);
  return { nextVersion: options.nextVersion, openNextVersion: options.openNextVersion };
}

function sizeMb(dir) {
  let bytes = 0;
  const walk = (at) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const file = path.join(at, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.isFile()) bytes += lstatSync(file).size;
    }
  };
  walk(dir);
  return bytes / 1024 / 1024;
}

const isForced = process.argv.includes('--force');
if (!isForced && !isLambdaBuildStale()) {
  console.log(`[build:lambda] ${path.relative(root, outputDir)}/ is newer than every source: nothing to do (--force builds anyway)`);
  process.exit(0);
}

const startedAt = performance.now();
mkdirSync(stagingDir, { recursive: true });
stageSources();
clearSettingsFromEnv();
process.chdir(stagingDir);
let versions;
try {
  versions = await runOpenNext();
} catch (error) {
  console.error(`[build:lambda] the OpenNext build failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
}
// The working tree gets the finished output only, stamped last: a build that stops half-way leaves no stamp, so the next run builds again.
rmSync(outputDir, { recursive: true, force: true });
renameSync(path.join(stagingDir, '.open-next'), outputDir);
rmSync(path.join(outputDir, '.build'), { recursive: true, force: true });
// Karma's entry point beside OpenNext's index.mjs: HTTP events pass through, a scheduled sync runs in the function.
copyFileSync(entryPointSource, path.join(serverFunctionDir, 'karma-handler.mjs'));
const seconds = (performance.now() - startedAt) / 1000;
const serverMb = sizeMb(serverFunctionDir);
writeFileSync(
  stampFile,
  `${JSON.stringify({ builtAt: new Date().toISOString(), handler: HANDLER, seconds: Math.round(seconds), serverFunctionMb: Number(serverMb.toFixed(1)), ...versions }, null, 2)}\n`,
);
console.log(
  [
    `[build:lambda] done in ${seconds.toFixed(0)} s (Next.js ${versions.nextVersion}, OpenNext ${versions.openNextVersion}):`,
    `  server function  ${path.relative(root, serverFunctionDir)}/  (${serverMb.toFixed(1)} MB unzipped; handler ${HANDLER})`,
    `  static assets    ${path.relative(root, assetsDir)}/`,
  ].join('\n'),
);
