import 'server-only';
import type { NextAuthOptions, User as AuthUser } from 'next-auth';
import type { OAuthConfig, Provider } from 'next-auth/providers/index';
import CredentialsProvider from 'next-auth/providers/credentials';
import GitHubProvider from 'next-auth/providers/github';
import { getSettings, type Settings } from '@/lib/server/settings';
import { authSecret } from './auth-secret';
import { groupsFromProfile, trustedEmail, type OidcProfile } from './oidc-claims';
import { DEMO_USERS } from './roles';
import { safeCallbackPath } from './safe-callback';

/**
 * next-auth options built from settings: GitHub and a generic OIDC provider
 * (Cognito, Okta, Keycloak…) when configured, and the password-less demo
 * users only in demo mode. Sessions are JWTs; roles are looked up on every
 * request (lib/auth/session-user.ts), so a settings change applies at once.
 */

function oidcProvider(oidc: NonNullable<Settings['auth']['oidc']>): OAuthConfig<OidcProfile> {
  return {
    id: 'oidc',
    name: oidc.name,
    type: 'oauth',
    wellKnown: `${oidc.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
    authorization: { params: { scope: 'openid email profile' } },
    idToken: true,
    checks: ['pkce', 'state'],
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    profile: (profile) => ({
      id: profile.sub,
      name: profile.name ?? profile.preferred_username ?? profile.email ?? profile.sub,
      email: trustedEmail(profile),
    }),
  };
}

/** The demo users sign in by name alone, and only while the portal runs in demo mode. */
export function authorizeDemoUser(username: unknown, isDemo: boolean): AuthUser | null {
  if (!isDemo) return null;
  const user = DEMO_USERS.find((u) => u.username === username);
  return user ? { id: user.email, name: user.name, email: user.email } : null;
}

export function buildAuthOptions(settings: Settings): NextAuthOptions {
  const providers: Provider[] = [];
  if (settings.auth.github) providers.push(GitHubProvider(settings.auth.github));
  if (settings.auth.oidc) providers.push(oidcProvider(settings.auth.oidc));
  if (settings.isDemo) {
    providers.push(
      CredentialsProvider({
        id: 'demo',
        name: 'Demo user',
        credentials: { username: { label: 'Demo user', type: 'text' } },
        authorize: async (credentials) => authorizeDemoUser(credentials?.username, settings.isDemo),
      }),
    );
  }
  const groupsClaim = settings.auth.oidc?.groupsClaim;
  return {
    providers,
    secret: authSecret(settings),
    session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
    pages: { signIn: '/signin', error: '/signin' },
    callbacks: {
      // With an allow-list, an identity outside it gets no session at all (next-auth shows AccessDenied).
      async signIn({ user, account }) {
        return account?.provider === 'demo' || isEmailAllowed(user.email ?? null, settings.file.allowedEmailDomains);
      },
      // A path, not an absolute URL: without NEXTAUTH_URL next-auth guesses http://localhost:3000 as
      // its origin, which sends the demo on any other port (or host) astray after sign-in and sign-out.
      async redirect({ url, baseUrl }) {
        return safeCallbackPath(url, baseUrl, { isSignInAllowed: true });
      },
      async jwt({ token, account, profile }) {
        if (account) {
          token.provider = account.provider;
          token.groups = groupsClaim && account.provider === 'oidc' ? groupsFromProfile(profile as Record<string, unknown> | undefined, groupsClaim) : [];
          const login = (profile as { login?: unknown } | undefined)?.login;
          token.login = typeof login === 'string' ? login : null;
        }
        return token;
      },
      async session({ session, token }) {
        session.user = {
          name: token.name ?? null,
          email: token.email ?? null,
          image: null,
          provider: typeof token.provider === 'string' ? token.provider : 'unknown',
          login: typeof token.login === 'string' ? token.login : null,
          subject: token.sub ?? null,
          groups: Array.isArray(token.groups) ? token.groups.filter((g): g is string => typeof g === 'string') : [],
        };
        return session;
      },
    },
  };
}

export function isEmailAllowed(email: string | null, domains: readonly string[]): boolean {
  if (domains.length === 0) return true;
  const domain = email?.toLowerCase().split('@')[1];
  return domain !== undefined && domains.some((d) => d.toLowerCase() === domain);
}

const cache = globalThis as unknown as { karmaAuthOptions?: NextAuthOptions };

export function getAuthOptions(): NextAuthOptions {
  cache.karmaAuthOptions ??= buildAuthOptions(getSettings());
  return cache.karmaAuthOptions;
}
