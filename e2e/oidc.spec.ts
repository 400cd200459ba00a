import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test as base, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { findFreePort } from '../scripts/peers/ports.mjs';
import { startOidcProvider, type OidcPeerUser, type RunningOidcProvider } from '../scripts/peers/oidc.mjs';
import { startPortal, TEST_SECRET, type Portal } from '../tests/support/portal';

/**
 * Sign-in through a real OpenID Provider (oidc-provider, a certified one,
 * on loopback: scripts/peers/oidc.mjs), in Chromium, through the provider's
 * own pages, on portals configured as a team would configure theirs:
 * OIDC_ISSUER/OIDC_CLIENT_ID/OIDC_CLIENT_SECRET, a groups claim (flat, and
 * Keycloak's dotted `realm_access.roles`), role grants by group and e-mail,
 * an e-mail domain allow-list. No demo sign-in exists on these portals.
 */

const PEOPLE: OidcPeerUser[] = [
  { login: 'ada', name: 'Ada Admin', email: 'ada@example.com', emailVerified: true, groups: ['karma-admins', 'engineering'] },
  { login: 'ben', name: 'Ben Approver', email: 'ben@example.com', emailVerified: true, groups: ['karma-approvers'] },
  // Claims an address that a grant names, but the provider never verified it.
  { login: 'uma', name: 'Uma Unverified', email: 'grace@example.com', emailVerified: false, groups: [] },
  { login: 'olga', name: 'Olga Outsider', email: 'olga@outsider.test', emailVerified: true, groups: ['karma-admins'] },
];

const ROLES = [
  { role: 'admin', groups: ['karma-admins'] },
  { role: 'approver', groups: ['karma-approvers'] },
  { role: 'approver', emails: ['grace@example.com'] },
];

type Setup = { provider: RunningOidcProvider; flat: Portal; dotted: Portal };

/** A portal with its own client at the provider; `file` is its settings file. */
async function oidcPortal(provider: RunningOidcProvider, claim: string, file: object): Promise<Portal> {
  const port = await findFreePort();
  const { clientId, clientSecret } = await provider.registerClient(`http://127.0.0.1:${port}/api/auth/callback/oidc`);
  const dir = mkdtempSync(path.join(tmpdir(), 'karma-oidc-settings-'));
  const settings = path.join(dir, 'settings.json');
  writeFileSync(settings, JSON.stringify(file));
  const portal = await startPortal(
    {
      KARMA_DEMO: '0',
      NEXTAUTH_SECRET: TEST_SECRET,
      KARMA_SETTINGS: settings,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: clientId,
      OIDC_CLIENT_SECRET: clientSecret,
      OIDC_NAME: 'Tidepool SSO',
      OIDC_GROUPS_CLAIM: claim,
    },
    { port },
  );
  const stop = portal.stop;
  return { ...portal, stop: async (signal) => (await stop(signal), rmSync(dir, { recursive: true, force: true })) };
}

const test = base.extend<object, { setup: Setup }>({
  setup: [
    async ({}, provide) => {
      const provider = await startOidcProvider({ users: PEOPLE });
      const flat = await oidcPortal(provider, 'groups', { roles: ROLES });
      const dotted = await oidcPortal(provider, 'realm_access.roles', { roles: ROLES, allowedEmailDomains: ['example.com'] });
      await provide({ provider, flat, dotted });
      await Promise.all([flat.stop(), dotted.stop()]);
      await provider.stop();
    },
    { scope: 'worker' },
  ],
});

/** From the portal's sign-in page through the provider's login form, back to the portal. */
async function signInThroughProvider(page: Page, portal: Portal, login: string): Promise<void> {
  await page.goto(`${portal.url}/signin`);
  await page.getByRole('button', { name: 'Continue with Tidepool SSO' }).click();
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/interaction\//);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password: the test provider checks the login only');
  await page.getByRole('button', { name: /sign-?in/i }).click();
}

/**
 * Starts a sign-in in the browser and submits the provider's login form from the same browser context (its cookies),
 * following the provider's redirects by hand: the provider's answer, the portal callback URL with code and state, is
 * returned instead of being visited, so a test can hand it back altered.
 */
async function catchProviderAnswer(page: Page, setup: Setup, login: string): Promise<URL> {
  await page.goto(`${setup.flat.url}/signin`);
  await page.getByRole('button', { name: 'Continue with Tidepool SSO' }).click();
  await expect(page.locator('input[name="login"]')).toBeVisible();
  const form = await page
    .locator('form')
    .first()
    .evaluate((element: HTMLFormElement) => ({
      action: element.action,
      fields: Object.fromEntries([...new FormData(element).entries()].map(([k, v]) => [k, String(v)])),
    }));
  let response = await page.context().request.post(form.action, { form: { ...form.fields, login, password: 'any' }, maxRedirects: 0 });
  for (let hop = 0; hop < 5; hop++) {
    const location = new URL(response.headers()['location'] ?? '', form.action);
    if (location.href.startsWith(`${setup.flat.url}/api/auth/callback/oidc?`)) return location;
    response = await page.context().request.get(location.href, { maxRedirects: 0 });
  }
  throw new Error(`the provider did not answer with a redirect to the portal (last status ${response.status()})`);
}

async function role(page: Page): Promise<string | null> {
  return page.getByTestId('signed-in-role').textContent();
}

async function sessionOf(context: BrowserContext, portal: Portal): Promise<{ user?: { email: string | null; groups: string[] } }> {
  return (await context.request.get(`${portal.url}/api/auth/session`)).json();
}

async function freshPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

test('offers the provider and no demo users', async ({ setup, request, page }) => {
  expect(Object.keys(await (await request.get(`${setup.flat.url}/api/auth/providers`)).json())).toEqual(['oidc']);
  await page.goto(`${setup.flat.url}/signin`);
  await expect(page.getByRole('button')).toHaveText(['Continue with Tidepool SSO']);
  await expect(page.getByText('Demo users')).toHaveCount(0);
  const { csrfToken } = await (await request.get(`${setup.flat.url}/api/auth/csrf`)).json();
  await request.post(`${setup.flat.url}/api/auth/callback/demo`, { form: { csrfToken, username: 'dana', callbackUrl: '/', json: 'true' }, maxRedirects: 0 });
  expect(await (await request.get(`${setup.flat.url}/api/auth/session`)).json()).toEqual({});
});

test('signs in through the provider with PKCE and state, and the flat groups claim grants the role', async ({ setup, browser }) => {
  const { context, page } = await freshPage(browser);
  const authorize = page.waitForRequest((r) => r.url().startsWith(`${setup.provider.issuer}/auth?`));
  await signInThroughProvider(page, setup.flat, 'ada');
  const sent = new URL((await authorize).url());
  expect(sent.searchParams.get('code_challenge_method')).toBe('S256');
  expect(sent.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(sent.searchParams.get('state')).toBeTruthy();
  expect(sent.searchParams.get('scope')).toBe('openid email profile');
  await expect(page).toHaveURL(`${setup.flat.url}/`);
  await expect(page.getByTestId('signed-in-user')).toHaveText('Ada Admin');
  expect(await role(page)).toBe('admin');
  expect((await sessionOf(context, setup.flat)).user).toMatchObject({ email: 'ada@example.com', groups: ['karma-admins', 'engineering'] });
  await context.close();
});

test("Keycloak's dotted realm_access.roles claim grants the role", async ({ setup, browser }) => {
  const { context, page } = await freshPage(browser);
  await signInThroughProvider(page, setup.dotted, 'ben');
  await expect(page).toHaveURL(`${setup.dotted.url}/`);
  expect(await role(page)).toBe('approver');
  await context.close();
});

test('an unverified e-mail address gets no grant made to that address', async ({ setup, browser }) => {
  const { context, page } = await freshPage(browser);
  await signInThroughProvider(page, setup.flat, 'uma');
  await expect(page.getByTestId('signed-in-user')).toHaveText('Uma Unverified');
  expect(await role(page)).toBe('viewer');
  expect((await sessionOf(context, setup.flat)).user?.email).toBeNull();
  await context.close();
});

test('the e-mail domain allow-list turns outsiders and unverified addresses away with a page that says why', async ({ setup, browser }) => {
  const { context, page } = await freshPage(browser);
  await signInThroughProvider(page, setup.dotted, 'olga');
  await expect(page).toHaveURL(`${setup.dotted.url}/signin?error=EmailDomain`);
  await expect(page.getByTestId('signin-error')).toHaveText(/only for people with an e-mail address at example\.com/);
  expect(await sessionOf(context, setup.dotted)).toEqual({});
  expect((await context.request.get(`${setup.dotted.url}/api/changes`)).status()).toBe(401);

  await context.clearCookies();
  await signInThroughProvider(page, setup.dotted, 'uma');
  await expect(page).toHaveURL(`${setup.dotted.url}/signin?error=EmailUnverified`);
  await expect(page.getByTestId('signin-error')).toHaveText(/did not vouch for an e-mail address/);
  expect(await sessionOf(context, setup.dotted)).toEqual({});
  await context.close();
});

test('a callback whose PKCE verifier or state does not match the sign-in is refused', async ({ setup, browser }) => {
  const { context, page } = await freshPage(browser);
  const answer = await catchProviderAnswer(page, setup, 'ada');
  // The provider's genuine answer, with this browser's state, but the PKCE verifier another sign-in got: the provider refuses the code.
  const other = await freshPage(browser);
  await other.page.goto(`${setup.flat.url}/signin`);
  await other.page.getByRole('button', { name: 'Continue with Tidepool SSO' }).click();
  await expect(other.page).toHaveURL(/\/interaction\//);
  const otherVerifier = (await other.context.cookies(setup.flat.url)).find((c) => c.name === 'next-auth.pkce.code_verifier');
  const ownVerifier = (await context.cookies(setup.flat.url)).find((c) => c.name === 'next-auth.pkce.code_verifier');
  expect(otherVerifier?.value).toBeTruthy();
  expect(otherVerifier?.value).not.toBe(ownVerifier?.value);
  await context.addCookies([otherVerifier!]);
  await page.goto(answer.toString());
  await expect(page).toHaveURL(/\/signin\?(callbackUrl=%2F&)?error=OAuthCallback$/);
  await expect(page.getByTestId('signin-error')).toHaveText(/state or PKCE check failed/);
  expect(await sessionOf(context, setup.flat)).toEqual({});

  // Another browser's sign-in, whose answer comes back with a state that browser never made.
  const third = await freshPage(browser);
  const second = await catchProviderAnswer(third.page, setup, 'ada');
  second.searchParams.set('state', 'a-state-this-sign-in-never-made');
  await third.page.goto(second.toString());
  await expect(third.page).toHaveURL(/\/signin\?(callbackUrl=%2F&)?error=OAuthCallback$/);
  expect(await sessionOf(third.context, setup.flat)).toEqual({});
  await Promise.all([context.close(), other.context.close(), third.context.close()]);
});

test('a person removed from a group loses its role at the next request', async ({ setup, browser }) => {
  const { context, page } = await freshPage(browser);
  await signInThroughProvider(page, setup.flat, 'ben');
  await expect(page).toHaveURL(`${setup.flat.url}/`);
  expect(await role(page)).toBe('approver');
  try {
    await setup.provider.setGroups('ben', []);
    await page.reload();
    expect(await role(page)).toBe('viewer');
    const approve = await context.request.post(`${setup.flat.url}/api/changes/cr-0001/approve`, {
      headers: { 'content-type': 'application/json', origin: setup.flat.url },
      data: {},
    });
    expect(approve.status()).toBe(403);
    await setup.provider.setGroups('ben', ['karma-approvers']);
    await page.reload();
    expect(await role(page)).toBe('approver');
  } finally {
    await setup.provider.setGroups('ben', ['karma-approvers']);
    await context.close();
  }
});

test('signing out ends the session, and a copy of its cookie is worth nothing afterwards', async ({ setup, browser }) => {
  const { context, page } = await freshPage(browser);
  await signInThroughProvider(page, setup.flat, 'ada');
  await expect(page).toHaveURL(`${setup.flat.url}/`);
  const copied = await context.cookies(setup.flat.url);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin$/);
  expect(await sessionOf(context, setup.flat)).toEqual({});
  await page.goto(`${setup.flat.url}/changes`);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fchanges$/);

  // Someone who kept the cookie: the provider revoked the session's tokens at sign-out, so the portal turns it away.
  const thief = await freshPage(browser);
  await thief.context.addCookies(copied);
  expect((await thief.context.request.get(`${setup.flat.url}/api/changes`)).status()).toBe(401);
  expect(await sessionOf(thief.context, setup.flat)).toEqual({ expires: expect.any(String) });
  await Promise.all([context.close(), thief.context.close()]);
});
