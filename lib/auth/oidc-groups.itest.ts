import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcProvider, type RunningOidcProvider } from '../../scripts/peers/oidc.mjs';
import { createOidcGroupsReader, type OidcTokens } from './oidc-groups';

/**
 * The groups reader against a real OpenID Provider (oidc-provider on
 * loopback): tokens come from a real authorization-code sign-in with PKCE,
 * driven over HTTP through the provider's own login form; the provider's
 * answers change as a person's groups do, its access tokens expire (after
 * two seconds here) and are renewed, and revoked tokens end the session.
 */

const REDIRECT = 'http://127.0.0.1:9/api/auth/callback/oidc';
type Client = { clientId: string; clientSecret: string };
let ada: RunningOidcProvider;
let adaClient: Client;
/** A provider that keeps the groups to its tokens, as Cognito keeps cognito:groups out of userinfo. */
let tokensOnly: RunningOidcProvider;
let tokensOnlyClient: Client;

beforeAll(async () => {
  tokensOnly = await startOidcProvider({ groupsInUserinfo: false, users: [{ login: 'cy', name: 'Cy', email: 'cy@example.com', emailVerified: true, groups: ['data-team'] }] });
  tokensOnlyClient = await tokensOnly.registerClient(REDIRECT);
  ada = await startOidcProvider({
    accessTokenSeconds: 2,
    users: [
      { login: 'ada', name: 'Ada', email: 'ada@example.com', emailVerified: true, groups: ['karma-admins'] },
      { login: 'ben', name: 'Ben', email: 'ben@example.com', emailVerified: true, groups: ['karma-approvers'] },
    ],
  });
  adaClient = await ada.registerClient(REDIRECT);
});
afterAll(() => Promise.all([ada?.stop(), tokensOnly?.stop()]));

/** A cookie jar for one browser-less sign-in. */
function jar() {
  const cookies = new Map<string, string>();
  return {
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    keep(response: Response) {
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair.indexOf('=');
        cookies.set(pair.slice(0, at), pair.slice(at + 1));
      }
    },
  };
}

/** Signs `login` in with the authorization-code flow and PKCE, as a relying party would; returns the tokens. */
async function signIn(login: string, { provider, client } = { provider: ada, client: adaClient }): Promise<OidcTokens> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const cookies = jar();
  const start = new URL(`${provider.issuer}/auth`);
  for (const [k, v] of Object.entries({
    client_id: client.clientId,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'openid email profile',
    state: 's',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  })) {
    start.searchParams.set(k, v);
  }
  let response = await fetch(start, { redirect: 'manual' });
  cookies.keep(response);
  const interaction = new URL(response.headers.get('location')!, provider.issuer);
  response = await fetch(interaction, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookies.header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ prompt: 'login', login, password: 'any' }),
  });
  for (let hop = 0; hop < 5; hop++) {
    cookies.keep(response);
    const location = new URL(response.headers.get('location')!, provider.issuer);
    if (location.href.startsWith(REDIRECT)) {
      const token = await fetch(`${provider.issuer}/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: location.searchParams.get('code')!, redirect_uri: REDIRECT, code_verifier: verifier }),
      });
      expect(token.status).toBe(200);
      const body = (await token.json()) as { access_token: string; refresh_token?: string; expires_in: number };
      return { accessToken: body.access_token, refreshToken: body.refresh_token ?? null, expiresAt: Math.floor(Date.now() / 1000) + body.expires_in };
    }
    response = await fetch(location, { redirect: 'manual', headers: { cookie: cookies.header() } });
  }
  throw new Error('the provider never redirected back');
}

const provider = { setGroups: (login: string, groups: string[]) => ada.setGroups(login, groups) };
const reader = (overrides: Partial<Parameters<typeof createOidcGroupsReader>[0]> = {}) =>
  createOidcGroupsReader({ issuer: ada.issuer, ...adaClient, groupsClaim: 'realm_access.roles', groupsRefreshSeconds: 0, warn: () => {}, ...overrides });

describe('groups from the provider, now', () => {
  it('follows a changed group at the next question', async () => {
    const tokens = await signIn('ada');
    const groups = reader();
    expect(await groups.groupsFor(tokens)).toEqual({ kind: 'groups', groups: ['karma-admins'] });
    await provider.setGroups('ada', []);
    expect(await groups.groupsFor(tokens)).toEqual({ kind: 'groups', groups: [] });
    await provider.setGroups('ada', ['karma-admins']);
    expect(await groups.groupsFor(tokens)).toEqual({ kind: 'groups', groups: ['karma-admins'] });
  });

  it('trusts an answer for groupsRefreshSeconds, then asks again', async () => {
    const tokens = await signIn('ben');
    let clock = Date.now();
    const groups = reader({ groupsRefreshSeconds: 30, now: () => clock });
    expect(await groups.groupsFor(tokens)).toEqual({ kind: 'groups', groups: ['karma-approvers'] });
    await provider.setGroups('ben', []);
    try {
      expect(await groups.groupsFor(tokens)).toEqual({ kind: 'groups', groups: ['karma-approvers'] });
      clock += 31_000;
      // The fake clock says the access token expired long ago: it is renewed with the refresh token first.
      expect(await groups.groupsFor(tokens)).toEqual({ kind: 'groups', groups: [] });
    } finally {
      await provider.setGroups('ben', ['karma-approvers']);
    }
  });

  it('renews an access token the provider let expire, with the refresh token', async () => {
    const tokens = await signIn('ada');
    expect(tokens.refreshToken).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    // As if the session had not said when its token expires: the provider's refusal is what triggers the renewal.
    expect(await reader().groupsFor({ ...tokens, expiresAt: null })).toEqual({ kind: 'groups', groups: ['karma-admins'] });
  });

  it('ends a session whose tokens were revoked, on this reader and on another instance', async () => {
    const tokens = await signIn('ada');
    const here = reader();
    const elsewhere = reader();
    expect((await elsewhere.groupsFor(tokens)).kind).toBe('groups');
    await here.revoke(tokens);
    expect((await here.groupsFor(tokens)).kind).toBe('signed-out');
    expect(await elsewhere.groupsFor(tokens)).toMatchObject({ kind: 'signed-out', reason: expect.stringMatching(/no longer accepts this session/) });
  });

  it('reads the groups from a renewed ID token when the userinfo answer leaves them out', async () => {
    const tokens = await signIn('cy', { provider: tokensOnly, client: tokensOnlyClient });
    const groups = createOidcGroupsReader({ issuer: tokensOnly.issuer, ...tokensOnlyClient, groupsClaim: 'groups', groupsRefreshSeconds: 0, warn: () => {} });
    expect(await groups.groupsFor(tokens)).toEqual({ kind: 'groups', groups: ['data-team'] });
    await tokensOnly.setGroups('cy', []);
    expect(await groups.groupsFor(tokens)).toEqual({ kind: 'groups', groups: [] });
  });

  it('gives no groups, and says so, while the provider cannot be reached', async () => {
    const tokens = await signIn('ada');
    const warnings: string[] = [];
    const unreachable = createOidcGroupsReader({ issuer: 'http://127.0.0.1:9', ...adaClient, groupsClaim: 'groups', groupsRefreshSeconds: 0, warn: (m) => warnings.push(m) });
    expect(await unreachable.groupsFor(tokens)).toEqual({ kind: 'groups', groups: [] });
    expect(warnings.join('\n')).toMatch(/could not ask the identity provider for groups/);
  });

  it('asks the provider once for requests of one session that arrive together', async () => {
    const tokens = await signIn('ben');
    let asked = 0;
    const counting: typeof fetch = (input, init) => {
      if (String(input).endsWith('/me')) asked++;
      return fetch(input, init);
    };
    const groups = reader({ fetch: counting });
    const answers = await Promise.all(Array.from({ length: 5 }, () => groups.groupsFor(tokens)));
    expect(answers.every((a) => a.kind === 'groups' && a.groups[0] === 'karma-approvers')).toBe(true);
    expect(asked).toBe(1);
  });
});
