import 'server-only';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { NextAuthOptions } from 'next-auth';
import type { OAuthConfig, Provider } from 'next-auth/providers/index';
import CredentialsProvider from 'next-auth/providers/credentials';
import GitHubProvider from 'next-auth/providers/github';
import { getSettings, type Settings } from '@/lib/server/settings';
import { DEMO_USERS } from './roles';

/**
 * next-auth options built from settings: GitHub and a generic OIDC provider
 * (Cognito, Okta, Keycloak…) when configured, and the password-less demo
 * users only in demo mode. Sessions are JWTs; roles are looked up on every
 * request (lib/auth/current-user.ts), so a settings change applies at once.
 */

/** Demo mode without NEXTAUTH_SECRET: a random secret kept in the data folder, never in the repo. */
function demoSecret(dataDir: string): string {
  const file = path.join(dataDir, 'demo-auth-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    const secret = randomBytes(32).toString('base64url');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, secret, { mode: 0o600, flag: 'w' });
    return secret;
  }
}

export function authSecret(settings: Settings): string | undefined {
  if (settings.auth.secret) return settings.auth.secret;
  if (settings.isDemo) return demoSecret(settings.dataDir);
  // Development without a secret: next-auth derives one and warns.
  return undefined;
}

type OidcProfile = { sub: string; name?: string; preferred_username?: string; email?: string; [claim: string]: unknown };

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
      email: profile.email ?? null,
    }),
  };
}

function groupsFrom(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === 'string');
  if (typeof claim === 'string') return claim.split(/[ ,]+/).filter(Boolean);
  return [];
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
        async authorize(credentials) {
          // Registered only in demo mode; checked again in case settings change under a running process.
          if (!getSettings().isDemo) return null;
          const user = DEMO_USERS.find((u) => u.username === credentials?.username);
          return user ? { id: user.email, name: user.name, email: user.email } : null;
        },
      }),
    );
  }
  return {
    providers,
    secret: authSecret(settings),
    session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
    pages: { signIn: '/signin', error: '/signin' },
    callbacks: {
      async jwt({ token, account, profile }) {
        if (account) {
          token.provider = account.provider;
          token.groups = settings.auth.oidc && account.provider === 'oidc' ? groupsFrom((profile as OidcProfile | undefined)?.[settings.auth.oidc.groupsClaim]) : [];
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

const cache = globalThis as unknown as { karmaAuthOptions?: NextAuthOptions };

export function getAuthOptions(): NextAuthOptions {
  cache.karmaAuthOptions ??= buildAuthOptions(getSettings());
  return cache.karmaAuthOptions;
}
