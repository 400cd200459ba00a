/**
 * Environments whose prefixes nest on one endpoint (`dev=/iac,prod=/iac/prod`):
 * a recursive read of `/iac` returns prod's parameters too, so each
 * environment's read leaves out the prefixes of the others nested inside
 * its own. Environments on different endpoints (region, profile, endpoint
 * override) never shadow each other. Pure.
 */

/** Whether `name` (a parameter name or another prefix) lies below `prefix`, as a recursive GetParametersByPath of it would return it. */
export function isUnderPrefix(prefix: string, name: string): boolean {
  return prefix === '/' ? name.startsWith('/') && name !== '/' : name.startsWith(`${prefix}/`);
}

export type EnvironmentPrefix = { name: string; prefix: string; region?: string; profile?: string; endpoint?: string };

const endpointOf = (e: EnvironmentPrefix) => JSON.stringify([e.region ?? null, e.profile ?? null, e.endpoint ?? null]);

/** For each environment, the prefixes of the other environments on its endpoint that sit strictly inside its own. */
export function nestedPrefixes(environments: readonly EnvironmentPrefix[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const env of environments) {
    const inside = environments
      .filter((other) => other.name !== env.name && endpointOf(other) === endpointOf(env) && other.prefix !== env.prefix && isUnderPrefix(env.prefix, other.prefix))
      .map((other) => other.prefix)
      .sort();
    out.set(env.name, [...new Set(inside)]);
  }
  return out;
}

/** A parameter is an environment's own when it is under its prefix and under none of the nested ones. */
export function isOwnParameter(name: string, prefix: string, excluded: readonly string[]): boolean {
  return isUnderPrefix(prefix, name) && !excluded.some((inner) => isUnderPrefix(inner, name));
}

/** Why a write is refused: outside the prefix, or inside another environment's. */
export function outsideMessage(name: string, env: string, prefix: string, excluded: readonly string[]): string {
  const inner = excluded.find((p) => isUnderPrefix(p, name));
  return inner ? `${name} is under ${inner}, another environment's prefix inside the ${env} prefix ${prefix}` : `${name} is outside the ${env} prefix ${prefix}`;
}
