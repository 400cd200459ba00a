/**
 * What Karma takes from an OIDC profile (the ID token's claims): the groups
 * that roles are granted to, and an e-mail address only when the provider
 * does not say it is unverified (a self-chosen, unverified address must not
 * pick up someone else's role grant). Pure.
 */

export type OidcProfile = { sub: string; name?: string; preferred_username?: string; email?: string; email_verified?: unknown; [claim: string]: unknown };

export function claimAt(profile: Record<string, unknown>, claim: string): unknown {
  // Names like `cognito:groups` or `https://example.com/groups` are whole claims; `realm_access.roles` is a path.
  if (claim in profile) return profile[claim];
  let node: unknown = profile;
  for (const key of claim.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Groups from the configured claim: an array of strings, or one space/comma-separated string. */
export function groupsFromProfile(profile: Record<string, unknown> | undefined, claim: string): string[] {
  if (!profile) return [];
  const value = claimAt(profile, claim);
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

export function trustedEmail(profile: OidcProfile): string | null {
  if (typeof profile.email !== 'string' || !profile.email) return null;
  return profile.email_verified === false || profile.email_verified === 'false' ? null : profile.email;
}
