import { test as base, expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { DemoUsername } from '@/lib/auth/roles';

/**
 * Signs in through next-auth's own endpoints (CSRF token, then the demo
 * credentials callback), as the sign-in page does, without clicking through it.
 * The session cookie lands in the page's browser context.
 */
export async function signInAs(page: Page, username: DemoUsername): Promise<void> {
  const request = page.context().request;
  const csrf = await request.get('/api/auth/csrf');
  expect(csrf.ok()).toBe(true);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await request.post('/api/auth/callback/demo', {
    form: { csrfToken, username, callbackUrl: '/', json: 'true' },
  });
  expect(response.ok(), `demo sign-in as ${username}`).toBe(true);
  const session = await (await request.get('/api/auth/session')).json();
  expect(session?.user?.email).toBe(`${username}@example.com`);
}

/** Someone signed in in a browser context of their own, for tests where several people take turns. */
export type Person = { context: BrowserContext; page: Page; request: APIRequestContext };

export async function person(browser: Browser, username: DemoUsername): Promise<Person> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, username);
  return { context, page, request: context.request };
}

type Fixtures = { signIn: (username: DemoUsername) => Promise<void> };

export const test = base.extend<Fixtures>({
  // Playwright calls the second argument `use`; named otherwise so the React hooks lint rule does not mistake it for a hook.
  signIn: async ({ page }, provide) => {
    await provide((username) => signInAs(page, username));
  },
});

export { expect };
