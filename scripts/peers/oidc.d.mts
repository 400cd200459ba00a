// Types for oidc.mjs (the OpenID Provider test peer).
import type { RunningPeer } from './proc.mjs';

export type OidcPeerUser = { login: string; name: string; email: string; emailVerified: boolean; groups: string[] };

export type RunningOidcProvider = RunningPeer & {
  /** The provider's issuer URL, `http://127.0.0.1:<port>`. */
  issuer: string;
  /** Registers a confidential client (code flow, refresh tokens) for one redirect URI. */
  registerClient(redirectUri: string): Promise<{ clientId: string; clientSecret: string }>;
  /** What the provider says about `login`'s groups from its next answer on (flat `groups` and `realm_access.roles`). */
  setGroups(login: string, groups: string[]): Promise<void>;
};

export function ensureOidcProvider(): Promise<{ version: string; isFreshInstall: boolean }>;
export function startOidcProvider(options: { users: OidcPeerUser[]; accessTokenSeconds?: number; groupsInUserinfo?: boolean }): Promise<RunningOidcProvider>;
