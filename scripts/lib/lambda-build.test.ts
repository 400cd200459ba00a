import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isLambdaBuildStale, isTestOnly, LAMBDA_SOURCES } from './lambda-build.mjs';

describe('what the lambda build copies', () => {
  it('leaves out what only tests use: tests, contract suites and harnesses', () => {
    for (const file of [
      'lib/server/settings.test.ts',
      'lib/params/ssm-parameter-store.itest.ts',
      'lib/store/graph-store.contract.ts',
      'lib/store/contract/fixtures.ts',
      'lib/workflow/testing/review-harness.ts',
      'components/graph/layout.test.ts',
    ]) {
      expect(isTestOnly(file)).toBe(true);
    }
  });

  it('keeps everything the function runs', () => {
    for (const file of ['lib/server/settings.ts', 'app/api/graph/route.ts', 'app/(portal)/layout.tsx', 'lib/testing.ts', 'proxy.ts', 'components/ui/contract-badge.tsx']) {
      expect(isTestOnly(file)).toBe(false);
    }
  });

  it('reads the portal build’s sources and the adapter’s config', () => {
    expect(LAMBDA_SOURCES).toEqual(
      expect.arrayContaining(['app', 'lib', 'proxy.ts', 'instrumentation.ts', 'next.config.js', 'package-lock.json', 'open-next.config.ts', 'tsconfig.json']),
    );
  });
});

describe('whether the lambda build is stale', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  function tree() {
    const base = mkdtempSync(path.join(tmpdir(), 'karma-lambda-stale-'));
    dirs.push(base);
    mkdirSync(path.join(base, 'app', 'api'), { recursive: true });
    writeFileSync(path.join(base, 'app', 'api', 'route.ts'), '');
    writeFileSync(path.join(base, 'proxy.ts'), '');
    const stamp = path.join(base, '.open-next', 'stamp.json');
    const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);
    return { base, stamp, at, names: ['app', 'proxy.ts', 'missing.ts'] };
  }

  it('is stale with no finished build (no stamp)', () => {
    const { base, stamp, names } = tree();
    expect(isLambdaBuildStale({ base, stamp, names })).toBe(true);
  });

  it('is fresh when the stamp is newer than every source, and stale once a file deep in a source folder changes', () => {
    const { base, stamp, names, at } = tree();
    mkdirSync(path.dirname(stamp));
    writeFileSync(stamp, '{}');
    for (const file of ['app', 'app/api', 'app/api/route.ts', 'proxy.ts']) at(path.join(base, file), 1_000);
    at(stamp, 2_000);
    expect(isLambdaBuildStale({ base, stamp, names })).toBe(false);
    at(path.join(base, 'app', 'api', 'route.ts'), 3_000);
    expect(isLambdaBuildStale({ base, stamp, names })).toBe(true);
  });
});
