import 'server-only';
import type { NextAuthOptions, Session, User as AuthUser } from 'next-auth';
import type { JWT } from 'next-auth/jwt';
import type { OAuthConfig, Provider } from 'next-auth/providers/index';
import CredentialsProvider from 'next-auth/providers/credentials';
import GitHubProvider from 'next-auth/providers/github';
import { getSettings, type Settings } from '@/lib/server/settings';
import { authSecret } from './auth-secret';
import { groupsFromProfile, trustedEmail, type OidcProfile } from './oidc-claims';
import { createOidcGroupsReader, type OidcGroupsReader, type OidcTokens } from './oidc-groups';
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
    authorization: { params: { scope: oidc.scope } },
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

/** The provider's tokens kept (encrypted) in an OIDC session's cookie, for asking about its groups later. */
function oidcTokensOf(token: JWT): OidcTokens | null {
  if (token.provider !== 'oidc' || typeof token.accessToken !== 'string') return null;
  return {
    accessToken: token.accessToken,
    refreshToken: typeof token.refreshToken === 'string' ? token.refreshToken : null,
    expiresAt: typeof token.accessTokenExpiresAt === 'number' ? token.accessTokenExpiresAt : null,
  };
}

/** Why someone was not let in, as the sign-in page explains it (app/signin/page.tsx). */
export function signInRefusal(email: string | null, domains: readonly string[]): string | null {
  if (isEmailAllowed(email, domains)) return null;
  return email === null ? 'EmailUnverified' : 'EmailDomain';
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
  const oidc = settings.auth.oidc;
  const groupsClaim = oidc?.groupsClaim;
  const groupsReader: OidcGroupsReader | null = oidc ? createOidcGroupsReader(oidc) : null;
  return {
    providers,
    secret: authSecret(settings),
    session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
    pages: { signIn: '/signin', error: '/signin' },
    callbacks: {
      // With an allow-list, an identity outside it gets no session at all, and the sign-in page says why.
      async signIn({ user, account }) {
        if (account?.provider === 'demo') return true;
        const refusal = signInRefusal(user.email ?? null, settings.file.allowedEmailDomains);
        return refusal === null || `/signin?error=${refusal}`;
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
          if (account.provider === 'oidc') {
            token.accessToken = account.access_token;
            token.refreshToken = account.refresh_token;
            token.accessTokenExpiresAt = account.expires_at;
          }
        }
        return token;
      },
      // Every server-side read of the session comes here: an OIDC session's groups are the provider's answer now (lib/auth/oidc-groups.ts).
      async session({ session, token }) {
        const tokens = groupsReader ? oidcTokensOf(token) : null;
        let groups = Array.isArray(token.groups) ? token.groups.filter((g): g is string => typeof g === 'string') : [];
        if (tokens) {
          const answer = await groupsReader!.groupsFor(tokens);
          // No user: every route answers 401 and every page sends to sign-in, as if the cookie were gone.
          if (answer.kind === 'signed-out') return { expires: session.expires } as Session;
          groups = answer.groups;
        }
        session.user = {
          name: token.name ?? null,
          email: token.email ?? null,
          image: null,
          provider: typeof token.provider === 'string' ? token.provider : 'unknown',
          login: typeof token.login === 'string' ? token.login : null,
          subject: token.sub ?? null,
          groups,
        };
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        const tokens = groupsReader && token ? oidcTokensOf(token) : null;
        if (tokens) await groupsReader!.revoke(tokens);
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
