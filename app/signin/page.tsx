import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { SignInOptions } from '@/components/auth/sign-in-options';
import { getCurrentUser } from '@/lib/auth/current-user';
import { DEMO_USERS } from '@/lib/auth/roles';
import { safeCallbackPath } from '@/lib/auth/safe-callback';
import { getSettings } from '@/lib/server/settings';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

const ERRORS: Record<string, string> = {
  CredentialsSignin: 'That demo user does not exist, or demo sign-in is off.',
  OAuthSignin: 'The identity provider could not be reached. Try again.',
  OAuthCallback:
    'Sign-in could not be completed: the answer that came back did not belong to a sign-in started here (its state or PKCE check failed), or the provider reported an error. Start again.',
  AccessDenied: 'Access was denied.',
  EmailUnverified: 'Your identity provider did not vouch for an e-mail address (none, or one it has not verified), and Karma only lets in people whose verified address it knows.',
  SessionRequired: 'Sign in to see that page.',
};

/** The allow-list refusal names the domains that are let in, so an outsider knows it is not a fault to retry. */
function domainRefusal(domains: readonly string[]): string {
  const list = domains.length === 1 ? domains[0] : `${domains.slice(0, -1).join(', ')} or ${domains.at(-1)}`;
  return `This Karma is only for people with an e-mail address at ${list}; the address your identity provider gave is not one of them. Ask an administrator if you should have access.`;
}

/** This site's origin as the browser sees it, so an absolute callback URL back to it is kept. */
async function requestOrigin(): Promise<string> {
  const list = await headers();
  const host = list.get('x-forwarded-host') ?? list.get('host') ?? 'localhost';
  return `${list.get('x-forwarded-proto') ?? 'http'}://${host}`;
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  const target = safeCallbackPath(callbackUrl, await requestOrigin());
  if (await getCurrentUser()) redirect(target);
  const settings = getSettings();
  const providers = [...(settings.auth.github ? [{ id: 'github', name: 'GitHub' }] : []), ...(settings.auth.oidc ? [{ id: 'oidc', name: settings.auth.oidc.name }] : [])];
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="flex items-center gap-2 text-xl font-semibold">
          <span aria-hidden className="inline-block h-6 w-6 rounded-md bg-gradient-to-br from-indigo-500 to-emerald-500" />
          Sign in to Karma
        </h1>
        <p className="mt-1 text-sm text-slate-600">See your infrastructure as a graph, and change it safely.</p>
        {error && (
          <p role="alert" data-testid="signin-error" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {error === 'EmailDomain' ? domainRefusal(settings.file.allowedEmailDomains) : (ERRORS[error] ?? 'Sign-in failed. Try again.')}
          </p>
        )}
        <SignInOptions callbackUrl={target} providers={providers} demoUsers={settings.isDemo ? DEMO_USERS.map(({ username, name, role }) => ({ username, name, role })) : []} />
        {!settings.isDemo && providers.length === 0 && (
          <p className="mt-6 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            No sign-in provider is configured. Set GITHUB_ID/GITHUB_SECRET or OIDC_ISSUER/OIDC_CLIENT_ID/OIDC_CLIENT_SECRET (see README), or run the demo with
            <code className="mx-1 rounded bg-amber-100 px-1">npm run demo</code>.
          </p>
        )}
      </div>
    </main>
  );
}
