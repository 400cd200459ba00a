import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from '@/lib/server/settings';
import { authorizeDemoUser, buildAuthOptions, isEmailAllowed, signInRefusal } from './auth-options';
import { authSecret } from './auth-secret';

const root = path.resolve(import.meta.dirname, '..', '..');
const dataDir = () => mkdtempSync(path.join(tmpdir(), 'karma-auth-'));
/** Settings from these variables only (a fresh data folder unless given), as the portal would load them. */
type Vars = Omit<NodeJS.ProcessEnv, 'NODE_ENV'> & { NODE_ENV?: 'production' | 'development' | 'test' };
const settingsOf = (env: Vars) => loadSettings({ NODE_ENV: 'test', KARMA_DATA_DIR: dataDir(), ...env }, root);
// next-auth merges a provider's `options` (where the credentials provider keeps its id) over its defaults.
const providerIds = (env: Vars) => buildAuthOptions(settingsOf(env)).providers.map((p) => (p.options as { id?: string } | undefined)?.id ?? p.id);

const GITHUB = { GITHUB_ID: 'gh-id', GITHUB_SECRET: 'gh-secret' };
/** As long as a real secret must be (32 bytes or more). */
const SECRET = 'an-e2e-secret-of-at-least-32-bytes!';
const OIDC = { OIDC_ISSUER: 'https://login.example.com/realms/karma', OIDC_CLIENT_ID: 'karma', OIDC_CLIENT_SECRET: 's3cret' };

describe('the e-mail domain allow-list', () => {
  it('lets anyone in when empty, and only listed domains (any case) otherwise', () => {
    expect(isEmailAllowed('x@anywhere.io', [])).toBe(true);
    expect(isEmailAllowed('Ann@Example.COM', ['example.com'])).toBe(true);
    expect(isEmailAllowed('ann@evil.example.com.attacker.io', ['example.com'])).toBe(false);
    expect(isEmailAllowed('ann@sub.example.com', ['example.com'])).toBe(false);
    expect(isEmailAllowed(null, ['example.com'])).toBe(false);
  });
});

describe('turning people away at sign-in', () => {
  it('says whether the address was outside the allow-list or not vouched for at all', () => {
    expect(signInRefusal('ann@example.com', ['example.com'])).toBeNull();
    expect(signInRefusal('olga@outsider.test', ['example.com'])).toBe('EmailDomain');
    expect(signInRefusal(null, ['example.com'])).toBe('EmailUnverified');
    expect(signInRefusal(null, [])).toBeNull();
  });
});

describe('sign-in providers', () => {
  it('offers the demo users only in demo mode', () => {
    expect(providerIds({ KARMA_DEMO: '1' })).toEqual(['demo']);
    expect(providerIds({ NEXTAUTH_SECRET: SECRET, ...GITHUB, ...OIDC })).toEqual(['github', 'oidc']);
    expect(providerIds({ NEXTAUTH_SECRET: SECRET, KARMA_DEMO: '0' })).toEqual([]);
  });

  it('refuses demo sign-in when not in demo mode, and unknown demo users', () => {
    expect(authorizeDemoUser('alice', true)).toEqual({ id: 'alice@example.com', name: 'Alice Proposer', email: 'alice@example.com' });
    expect(authorizeDemoUser('alice', false)).toBeNull();
    expect(authorizeDemoUser('mallory', true)).toBeNull();
    expect(authorizeDemoUser(undefined, true)).toBeNull();
  });

  it('configures the OIDC provider from its issuer, with PKCE and the ID token', () => {
    const options = buildAuthOptions(settingsOf({ NEXTAUTH_SECRET: SECRET, ...OIDC, OIDC_NAME: 'Keycloak' }));
    expect(options.providers[0]).toMatchObject({
      id: 'oidc',
      name: 'Keycloak',
      wellKnown: 'https://login.example.com/realms/karma/.well-known/openid-configuration',
      idToken: true,
      checks: ['pkce', 'state'],
      clientId: 'karma',
      authorization: { params: { scope: 'openid email profile' } },
    });
  });

  it('asks for the scopes OIDC_SCOPE names, which must include openid', () => {
    const options = buildAuthOptions(settingsOf({ NEXTAUTH_SECRET: SECRET, ...OIDC, OIDC_SCOPE: 'openid email profile groups offline_access' }));
    expect(options.providers[0]).toMatchObject({ authorization: { params: { scope: 'openid email profile groups offline_access' } } });
    expect(() => settingsOf({ NEXTAUTH_SECRET: SECRET, ...OIDC, OIDC_SCOPE: 'email profile' })).toThrow(/OIDC_SCOPE.*includes openid/);
    expect(() => settingsOf({ NEXTAUTH_SECRET: SECRET, ...OIDC, OIDC_GROUPS_REFRESH_SECONDS: '-1' })).toThrow(/OIDC_GROUPS_REFRESH_SECONDS/);
  });
});

describe('the session secret', () => {
  it('stops a production start without NEXTAUTH_SECRET outside demo mode, saying what to do', () => {
    expect(() => settingsOf({ NODE_ENV: 'production' })).toThrow(SettingsError);
    expect(() => settingsOf({ NODE_ENV: 'production' })).toThrow(/NEXTAUTH_SECRET must be set outside demo mode.*openssl rand -base64 32/);
    expect(() => settingsOf({ NODE_ENV: 'production', NEXTAUTH_SECRET: SECRET })).not.toThrow();
  });

  it('refuses one shorter than 32 bytes outside demo mode, in any environment, saying how to make one', () => {
    expect(() => settingsOf({ NEXTAUTH_SECRET: 'x'.repeat(31) })).toThrow(/NEXTAUTH_SECRET is 31 bytes; .* at least 32 .*openssl rand -base64 32/);
    expect(() => settingsOf({ NODE_ENV: 'production', NEXTAUTH_SECRET: 'x'.repeat(31) })).toThrow(SettingsError);
    // Bytes, not characters: 11 three-byte characters are 33 bytes.
    expect(() => settingsOf({ NEXTAUTH_SECRET: '€'.repeat(11) })).not.toThrow();
    // Demo mode keeps a random one of its own when none is given; a short one given there signs demo cookies only.
    expect(() => settingsOf({ KARMA_DEMO: '1', NEXTAUTH_SECRET: 'short' })).not.toThrow();
  });

  it('in demo mode is random, kept under the data folder (0600) and reused', () => {
    const dir = dataDir();
    const settings = settingsOf({ NODE_ENV: 'production', KARMA_DEMO: '1', KARMA_DATA_DIR: dir });
    const secret = authSecret(settings);
    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(authSecret(settings)).toBe(secret);
    const file = path.join(dir, 'demo-auth-secret');
    expect(readFileSync(file, 'utf8')).toBe(secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('is NEXTAUTH_SECRET whenever it is set', () => {
    expect(authSecret(settingsOf({ KARMA_DEMO: '1', NEXTAUTH_SECRET: 'from-env' }))).toBe('from-env');
  });
});

describe('where next-auth sends people after signing in or out', () => {
  const redirect = buildAuthOptions(settingsOf({ KARMA_DEMO: '1' })).callbacks!.redirect!;
  const baseUrl = 'http://localhost:3000';

  it('is a path of this site, whatever host next-auth believes it runs on', async () => {
    expect(await redirect({ url: '/changes?status=open', baseUrl })).toBe('/changes?status=open');
    expect(await redirect({ url: 'http://localhost:3000/drift', baseUrl })).toBe('/drift');
    expect(await redirect({ url: '/signin', baseUrl })).toBe('/signin');
  });

  it('is never another site', async () => {
    expect(await redirect({ url: 'https://evil.example/x', baseUrl })).toBe('/');
    expect(await redirect({ url: '//evil.example/x', baseUrl })).toBe('/');
  });
});
