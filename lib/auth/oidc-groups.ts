/**
 * Someone's groups as the OpenID Provider says they are now, not as they
 * were at sign-in: a session's roles follow the provider, so a person
 * removed from a group loses what it granted at their next request (or
 * within OIDC_GROUPS_REFRESH_SECONDS, when that is set to spare the
 * provider). The provider is asked through its userinfo endpoint with the
 * access token the session got at sign-in; an expired access token is
 * renewed with the refresh token, and the renewed one kept in this
 * process. A provider whose userinfo answer leaves the groups out (Cognito
 * keeps `cognito:groups` to its tokens) is asked for a new ID token with
 * the refresh token instead, and the groups read from that. A token the provider no longer honours (revoked at sign-out, or
 * the person disabled) ends the session; a provider that cannot be reached
 * leaves the session with no groups (e-mail grants still apply) rather than
 * trust an old answer.
 *
 * Sign-out revokes the session's tokens at the provider's revocation
 * endpoint, so a copy of the session cookie is worth nothing afterwards
 * on any instance.
 */
import { createHash } from 'node:crypto';
import { claimAt, groupsFromProfile } from './oidc-claims';

export type OidcTokens = { accessToken: string; refreshToken: string | null; /** Seconds since the epoch; null when the provider did not say. */ expiresAt: number | null };

export type GroupsAnswer = { kind: 'groups'; groups: string[] } | { kind: 'signed-out'; reason: string };

export type OidcGroupsOptions = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  groupsClaim: string;
  groupsRefreshSeconds: number;
  fetch?: typeof fetch;
  now?: () => number;
  warn?: (message: string) => void;
};

type Discovery = { userinfo_endpoint?: string; token_endpoint?: string; revocation_endpoint?: string };

type Entry = {
  tokens: OidcTokens;
  groups: string[] | null;
  checkedAt: number;
  inFlight: Promise<GroupsAnswer> | null;
  isEnded: boolean;
};

/** Sessions remembered per process; past this, the longest unused are forgotten (and asked about afresh). */
const MAX_ENTRIES = 10_000;
/** An access token this close to its expiry is renewed before use. */
const EXPIRY_MARGIN_MS = 10_000;
const REQUEST_TIMEOUT_MS = 5_000;

class ProviderRefused extends Error {}

export function createOidcGroupsReader(options: OidcGroupsOptions) {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const warn = options.warn ?? ((message: string) => console.warn(`[karma] ${message}`));
  const entries = new Map<string, Entry>();
  let discovery: Promise<Discovery> | null = null;

  function discover(): Promise<Discovery> {
    discovery ??= (async () => {
      const response = await doFetch(`${options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      if (!response.ok) throw new Error(`the provider's discovery document answered ${response.status}`);
      return (await response.json()) as Discovery;
    })().catch((error: unknown) => {
      discovery = null; // asked again next time
      throw error;
    });
    return discovery;
  }

  const basicAuth = () => `Basic ${Buffer.from(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`).toString('base64')}`;

  async function userinfo(accessToken: string): Promise<Record<string, unknown>> {
    const { userinfo_endpoint: endpoint } = await discover();
    if (!endpoint) throw new Error('the provider has no userinfo endpoint');
    const response = await doFetch(endpoint, { headers: { authorization: `Bearer ${accessToken}` }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    if (response.status === 401 || response.status === 403) throw new ProviderRefused(`userinfo answered ${response.status}`);
    if (!response.ok) throw new Error(`userinfo answered ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  }

  /** The claims of an ID token straight from the token endpoint (over TLS from the issuer: OpenID Connect Core 3.1.3.7 needs no signature check). */
  function idTokenClaims(idToken: string | undefined): Record<string, unknown> | null {
    const payload = idToken?.split('.')[1];
    if (!payload) return null;
    try {
      return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return null;
    }
  }

  /** New tokens for old, and the claims of the new ID token when one came with them. */
  async function renew(tokens: OidcTokens): Promise<{ tokens: OidcTokens; idClaims: Record<string, unknown> | null }> {
    const { token_endpoint: endpoint } = await discover();
    if (!endpoint || !tokens.refreshToken) throw new ProviderRefused('the access token expired and there is no refresh token');
    const response = await doFetch(endpoint, {
      method: 'POST',
      headers: { authorization: basicAuth(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (response.status === 400 || response.status === 401) throw new ProviderRefused(`the refresh token was refused (${response.status})`);
    if (!response.ok) throw new Error(`the token endpoint answered ${response.status}`);
    const body = (await response.json()) as { access_token?: string; refresh_token?: string; expires_in?: number; id_token?: string };
    if (!body.access_token) throw new Error('the token endpoint answered without an access token');
    return {
      tokens: {
        accessToken: body.access_token,
        refreshToken: body.refresh_token ?? tokens.refreshToken,
        expiresAt: typeof body.expires_in === 'number' ? Math.floor(now() / 1000) + body.expires_in : null,
      },
      idClaims: idTokenClaims(body.id_token),
    };
  }

  async function refresh(tokens: OidcTokens): Promise<OidcTokens> {
    return (await renew(tokens)).tokens;
  }

  const isExpired = (tokens: OidcTokens) => tokens.expiresAt !== null && tokens.expiresAt * 1000 - EXPIRY_MARGIN_MS <= now();

  async function ask(entry: Entry): Promise<GroupsAnswer> {
    try {
      if (isExpired(entry.tokens)) entry.tokens = await refresh(entry.tokens);
      let claims: Record<string, unknown>;
      try {
        claims = await userinfo(entry.tokens.accessToken);
      } catch (error) {
        // Revoked or expired early: one renewal, then the provider's word is final.
        if (!(error instanceof ProviderRefused) || !entry.tokens.refreshToken) throw error;
        entry.tokens = await refresh(entry.tokens);
        claims = await userinfo(entry.tokens.accessToken);
      }
      if (claimAt(claims, options.groupsClaim) === undefined && entry.tokens.refreshToken) {
        // Groups only in the tokens: a fresh ID token says what they are now.
        const renewed = await renew(entry.tokens);
        entry.tokens = renewed.tokens;
        if (renewed.idClaims) claims = renewed.idClaims;
      }
      entry.groups = groupsFromProfile(claims, options.groupsClaim);
      entry.checkedAt = now();
      return { kind: 'groups', groups: entry.groups };
    } catch (error) {
      if (error instanceof ProviderRefused) {
        entry.isEnded = true;
        return { kind: 'signed-out', reason: `the identity provider no longer accepts this session: ${error.message}` };
      }
      warn(`could not ask the identity provider for groups (${(error as Error).message}); this request has none`);
      return { kind: 'groups', groups: [] };
    }
  }

  /** A session is known by the access token it got at sign-in (it stays in the cookie however often the cookie is re-issued). */
  const keyOf = (tokens: OidcTokens) => createHash('sha256').update(tokens.accessToken).digest('base64url');

  function entryFor(tokens: OidcTokens): Entry {
    const key = keyOf(tokens);
    let entry = entries.get(key);
    if (entry) {
      entries.delete(key); // re-inserted: most recently used last
    } else {
      entry = { tokens, groups: null, checkedAt: 0, inFlight: null, isEnded: false };
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    }
    entries.set(key, entry);
    return entry;
  }

  return {
    /** The session's groups now; concurrent requests of one session share one question to the provider. */
    async groupsFor(tokens: OidcTokens): Promise<GroupsAnswer> {
      const entry = entryFor(tokens);
      if (entry.isEnded) return { kind: 'signed-out', reason: 'the identity provider no longer accepts this session' };
      const isFresh = entry.groups !== null && now() - entry.checkedAt < options.groupsRefreshSeconds * 1000;
      if (isFresh) return { kind: 'groups', groups: entry.groups! };
      entry.inFlight ??= ask(entry).finally(() => {
        entry.inFlight = null;
      });
      return entry.inFlight;
    },

    /** At sign-out: the provider forgets the session's tokens (RFC 7009), and so does this process. */
    async revoke(tokens: OidcTokens): Promise<void> {
      const entry = entryFor(tokens);
      entry.isEnded = true;
      try {
        const { revocation_endpoint: endpoint } = await discover();
        if (!endpoint) return;
        const all = [
          entry.tokens.refreshToken && { token: entry.tokens.refreshToken, hint: 'refresh_token' },
          { token: entry.tokens.accessToken, hint: 'access_token' },
          tokens.accessToken !== entry.tokens.accessToken && { token: tokens.accessToken, hint: 'access_token' },
        ];
        for (const item of all) {
          if (!item) continue;
          await doFetch(endpoint, {
            method: 'POST',
            headers: { authorization: basicAuth(), 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ token: item.token, token_type_hint: item.hint }),
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          });
        }
      } catch (error) {
        warn(`could not revoke the session's tokens at the identity provider (${(error as Error).message})`);
      }
    },
  };
}

export type OidcGroupsReader = ReturnType<typeof createOidcGroupsReader>;
