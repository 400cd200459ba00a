import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLoopback } from './demo-guard';
import { loadSettings, SettingsError } from './settings';

const root = path.resolve(import.meta.dirname, '../..');
const SECRET = 'a'.repeat(32);
const load = (env: Record<string, string>) => loadSettings({ NODE_ENV: 'test', ...env }, root);

function refusal(env: Record<string, string>): string {
  try {
    load(env);
  } catch (error) {
    if (error instanceof SettingsError) return error.message;
    throw error;
  }
  return 'started';
}

describe('demo sign-in stays in the demo', () => {
  it.each<[string, Record<string, string>, RegExp]>([
    ['SSM on AWS', { KARMA_PARAMETERS: 'ssm', KARMA_ENVIRONMENTS: 'dev' }, /KARMA_PARAMETERS=ssm \(environment "dev" goes to AWS\) is not on loopback/],
    [
      'SSM through a remote endpoint',
      { KARMA_PARAMETERS: 'ssm', KARMA_ENVIRONMENTS: 'dev', AWS_ENDPOINT_URL_SSM: 'https://ssm.eu-west-1.amazonaws.com' },
      /AWS_ENDPOINT_URL_SSM \(https:\/\/ssm\.eu-west-1\.amazonaws\.com\)/,
    ],
    [
      'SSM through the generic SDK endpoint',
      { KARMA_PARAMETERS: 'ssm', KARMA_ENVIRONMENTS: 'dev', AWS_ENDPOINT_URL: 'http://10.0.0.5:4566' },
      /AWS_ENDPOINT_URL \(http:\/\/10\.0\.0\.5:4566\)/,
    ],
    ['Neptune', { NEPTUNE_ENDPOINT: 'wss://db.cluster-abc.eu-west-1.neptune.amazonaws.com:8182/gremlin' }, /NEPTUNE_ENDPOINT \(wss:\/\/db\.cluster-abc/],
    [
      'a real config repo over HTTPS',
      { KARMA_CONFIG_REMOTE: 'https://bot:t0ken@github.com/acme/iac.git' },
      /the config repo remote \(https:\/\/github\.com\/acme\/iac\.git\) is not on loopback/,
    ],
    ['a real config repo over SSH', { KARMA_CONFIG_REMOTE: 'git@github.com:acme/iac.git' }, /the config repo remote \(git@github\.com:acme\/iac\.git\)/],
    [
      'a real deploy pipeline',
      { KARMA_WEBHOOK_URL: 'https://ci.example.com/hooks/karma?token=s3cret', KARMA_WEBHOOK_SECRET: 'x'.repeat(16) },
      /KARMA_WEBHOOK_URL \(https:\/\/ci\.example\.com\) is not on loopback/,
    ],
  ])('refuses to start with %s, naming the setting', (_, env, message) => {
    const text = refusal({ KARMA_DEMO: '1', ...env });
    expect(text).toMatch(message);
    expect(text).toContain('password-less demo sign-in');
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('t0ken');
  });

  it('starts on the embedded stores and on the test peers on loopback', () => {
    expect(load({ KARMA_DEMO: '1' }).isDemo).toBe(true);
    const peers = load({
      KARMA_DEMO: '1',
      KARMA_PARAMETERS: 'ssm',
      KARMA_ENVIRONMENTS: 'dev',
      AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:5000',
      NEPTUNE_ENDPOINT: 'ws://localhost:8182/gremlin',
      KARMA_WEBHOOK_URL: 'http://[::1]:9000/hook',
      KARMA_WEBHOOK_SECRET: 'x'.repeat(16),
    });
    expect(peers).toMatchObject({ isDemo: true, parameters: { kind: 'ssm' }, graphStore: { kind: 'gremlin' } });
  });

  it('needs no loopback outside demo mode', () => {
    expect(load({ NEXTAUTH_SECRET: SECRET, NEPTUNE_ENDPOINT: 'wss://db.example.com:8182/gremlin' }).graphStore.kind).toBe('gremlin');
  });

  it('loads the demo settings, and their e-mail grants, only in demo mode', () => {
    expect(load({ KARMA_DEMO: '1' }).file.roles).not.toEqual([]);
    const local = load({ KARMA_PARAMETERS: 'local' });
    expect(local.settingsFile).toBeNull();
    expect(local.file.roles).toEqual([]);
    expect(local.file.operator).toBeUndefined();
    expect(load({ KARMA_SETTINGS: 'fixtures/demo/settings.json' }).file.roles).not.toEqual([]);
  });

  it.each(['localhost', '127.0.0.1', '127.1.2.3', '[::1]', 'app.localhost'])('counts %s as loopback', (host) => {
    expect(isLoopback(`http://${host}:1234/x`)).toBe(true);
  });

  it.each(['10.0.0.1', '0.0.0.0', '127.0.0.1.nip.io', 'localhost.example.com', '[::ffff:7f00:1]x'])('does not count %s as loopback', (host) => {
    expect(isLoopback(`http://${host}:1234/x`)).toBe(false);
  });
});

describe('the config repo', () => {
  it('is a folder, read only, when only KARMA_CONFIG_REPO names one', () => {
    expect(load({ KARMA_CONFIG_REPO: 'fixtures/demo/config-repo' }).configRepo).toEqual({ kind: 'folder', path: path.join(root, 'fixtures/demo/config-repo') });
    expect(load({}).configRepo).toBeNull();
  });

  it('is a Git remote with a branch, a clone per remote in the data folder, the token and the committer', () => {
    const repo = load({
      KARMA_CONFIG_REMOTE: 'https://github.com/acme/iac-config.git',
      KARMA_CONFIG_BRANCH: 'trunk',
      KARMA_GIT_TOKEN: 'ghp_x',
      KARMA_GIT_COMMITTER: 'Karma Bot <karma@acme.example>',
      KARMA_DATA_DIR: '/tmp/k',
    }).configRepo;
    expect(repo).toMatchObject({
      kind: 'git',
      remote: 'https://github.com/acme/iac-config.git',
      branch: 'trunk',
      token: 'ghp_x',
      committer: { name: 'Karma Bot', email: 'karma@acme.example' },
      commitUrl: 'https://github.com/acme/iac-config/commit/{commit}',
      seedFrom: null,
    });
    expect(repo?.kind === 'git' && repo.cloneDir.startsWith('/tmp/k/git/')).toBe(true);
    const other = load({ KARMA_CONFIG_REMOTE: 'git@gitlab.com:acme/iac.git', KARMA_DATA_DIR: '/tmp/k' }).configRepo;
    expect(other).toMatchObject({ branch: 'main', commitUrl: 'https://gitlab.com/acme/iac/commit/{commit}', committer: { name: 'Karma' } });
    expect(other?.kind === 'git' && repo?.kind === 'git' && other.cloneDir !== repo.cloneDir).toBe(true);
  });

  it('takes a path remote relative to where it is set, and no forge link for an unknown host', () => {
    expect(load({ KARMA_CONFIG_REMOTE: 'remotes/iac.git' }).configRepo).toMatchObject({ remote: path.join(root, 'remotes/iac.git'), commitUrl: null });
    expect(load({ KARMA_CONFIG_REMOTE: 'ssh://git@git.acme.example/iac.git', KARMA_GIT_COMMIT_URL: 'https://git.acme.example/iac/-/commit/{commit}' }).configRepo).toMatchObject({
      commitUrl: 'https://git.acme.example/iac/-/commit/{commit}',
    });
  });

  it('refuses a folder and a remote at once, a commit URL without {commit}, and a committer that is not "Name <email>"', () => {
    expect(refusal({ KARMA_CONFIG_REPO: 'x', KARMA_CONFIG_REMOTE: 'y' })).toMatch(/are alternatives: set one/);
    expect(refusal({ KARMA_CONFIG_REMOTE: 'y', KARMA_GIT_COMMIT_URL: 'https://x.example/commit' })).toMatch(/KARMA_GIT_COMMIT_URL: a URL template with \{commit\}/);
    expect(refusal({ KARMA_CONFIG_REMOTE: 'y', KARMA_GIT_COMMITTER: 'karma' })).toMatch(/KARMA_GIT_COMMITTER: "Name <email>"/);
  });

  it('is, in the demo, a real repository in the data folder made from the fixture folder', () => {
    expect(load({ KARMA_DEMO: '1', KARMA_DATA_DIR: '/tmp/demo' }).configRepo).toMatchObject({
      kind: 'git',
      remote: '/tmp/demo/config-repo',
      seedFrom: path.join(root, 'fixtures/demo/config-repo'),
    });
  });
});

describe('background syncs (KARMA_SYNC_INTERVAL_SECONDS)', () => {
  const ssm = { KARMA_PARAMETERS: 'ssm', KARMA_ENVIRONMENTS: 'dev,prod' };

  it('are every 300 s outside the demo and off in it, unless set; 0 turns them off', () => {
    expect(load({}).sync).toEqual({ onStart: true, intervalSeconds: 300 });
    expect(load(ssm).sync.intervalSeconds).toBe(300);
    expect(load({ KARMA_DEMO: '1' }).sync.intervalSeconds).toBe(0);
    expect(load({ KARMA_DEMO: '1', KARMA_SYNC_INTERVAL_SECONDS: '30' }).sync.intervalSeconds).toBe(30);
    expect(load({ ...ssm, KARMA_SYNC_INTERVAL_SECONDS: '0' }).sync.intervalSeconds).toBe(0);
    expect(load({ ...ssm, KARMA_SYNC_INTERVAL_SECONDS: '900' }).sync.intervalSeconds).toBe(900);
  });

  it('refuse, on SSM, an interval under a minute, and anything that is not a whole number of seconds', () => {
    expect(refusal({ ...ssm, KARMA_SYNC_INTERVAL_SECONDS: '30' })).toMatch(/KARMA_SYNC_INTERVAL_SECONDS=30 is too short for SSM/);
    expect(load({ KARMA_SYNC_INTERVAL_SECONDS: '30' }).sync.intervalSeconds).toBe(30);
    expect(refusal({ KARMA_SYNC_INTERVAL_SECONDS: '-1' })).toMatch(/KARMA_SYNC_INTERVAL_SECONDS/);
    expect(refusal({ KARMA_SYNC_INTERVAL_SECONDS: '2.5' })).toMatch(/KARMA_SYNC_INTERVAL_SECONDS/);
    expect(refusal({ KARMA_SYNC_INTERVAL_SECONDS: '5m' })).toMatch(/KARMA_SYNC_INTERVAL_SECONDS/);
  });
});

describe('serverless mode (a Lambda function)', () => {
  const fn = { AWS_LAMBDA_FUNCTION_NAME: 'karma-portal', KARMA_PARAMETERS: 'ssm', KARMA_ENVIRONMENTS: 'dev', NEPTUNE_ENDPOINT: 'wss://db.example:8182/gremlin' };

  it('is on in a function (the Lambda runtime names it) and wherever KARMA_SERVERLESS says so, off elsewhere', () => {
    expect(load(fn).serverless).toBe(true);
    expect(load({ ...fn, AWS_LAMBDA_FUNCTION_NAME: '', KARMA_SERVERLESS: '1' }).serverless).toBe(true);
    expect(load({ ...fn, KARMA_SERVERLESS: '0' }).serverless).toBe(false);
    expect(load({}).serverless).toBe(false);
  });

  it('runs no background syncs and no sync at start unless asked, and keeps its data under /tmp', () => {
    const settings = load(fn);
    expect(settings.sync).toEqual({ onStart: false, intervalSeconds: 0 });
    expect(settings.dataDir).toBe('/tmp/karma');
    expect(load({ ...fn, KARMA_SYNC_ON_START: '1', KARMA_SYNC_INTERVAL_SECONDS: '0', KARMA_DATA_DIR: '/tmp/elsewhere' })).toMatchObject({
      sync: { onStart: true, intervalSeconds: 0 },
      dataDir: '/tmp/elsewhere',
    });
  });

  it('turns the demo’s rollouts off, since nothing in a function would drive them', () => {
    const demo = { ...fn, KARMA_DEMO: '1', AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:5000', NEPTUNE_ENDPOINT: 'ws://127.0.0.1:8182/gremlin' };
    expect(load(demo).rollouts.enabled).toBe(false);
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['an interval sync', { KARMA_SYNC_INTERVAL_SECONDS: '300' }, /KARMA_SYNC_INTERVAL_SECONDS=300: a function runs no background syncs.*schedule `karma graph build --sync`/],
    ['rollouts', { KARMA_ROLLOUTS: '1' }, /rollouts need a portal that stays up.*KARMA_ROLLOUTS=0/],
    ['the embedded graph store', { NEPTUNE_ENDPOINT: '', KARMA_GRAPH_STORE: 'memory' }, /serverless mode needs a shared graph store.*NEPTUNE_ENDPOINT/],
    ['parameters in files', { KARMA_PARAMETERS: 'local' }, /serverless mode reads and writes parameters in SSM/],
  ])('refuses %s, saying what to do instead', (_, env, message) => {
    const merged = Object.fromEntries(Object.entries({ ...fn, ...env }).filter(([, value]) => value !== ''));
    expect(refusal(merged)).toMatch(message);
  });
});
