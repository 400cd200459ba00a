/**
 * Approvals by ownership (README "Change requests", ARCHITECTURE.md §6).
 * Settings `owners` name the groups that own components by pattern
 * (`{ "match": "prod:aurora-postgres/*", "groups": ["data-team"] }`). A change
 * whose members, or whose blast radius, reach an owned component needs one
 * approval from someone who was in one of the rule's groups when they
 * approved, besides its environment's count; one approval may count for
 * both. This is what Spacelift and HCP need hand-written policies for, and
 * what CODEOWNERS cannot do: it sees files, not what depends on them.
 *
 * Pure: the request's members and stored blast radius, the rules and the
 * approvals (with the groups each approver was in then) are passed in. The
 * policy (policy.ts) refuses an apply while a requirement is missing, the
 * approve step (lib/workflow/decide-change.ts) makes a request `approved`
 * only when they are all met, and the review page says who is missing and
 * why, from the same requirements.
 */
import { z } from 'zod';
import type { ChangeRequest } from '@/lib/model/change-request';
import type { ComponentKey } from '@/lib/model/ids';
import { OWNER_MATCH, type OwnerRule } from '@/lib/model/settings';
import type { BlastRadiusEntry, SimulationResult } from '@/lib/model/simulation';

export type OwnerPattern = { env: string | null; type: string; nickname: string };

/** `[<env>:]<type>/<nickname>` (settings.ts OWNER_MATCH); null for anything else. */
export function parseOwnerPattern(match: string): OwnerPattern | null {
  const parts = OWNER_MATCH.exec(match);
  if (!parts) return null;
  const [, env, type, nickname] = parts;
  return { env: env ?? null, type, nickname };
}

/** A part of a pattern as a regular expression: `*` is any run of characters, everything else itself. */
function globRegex(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map(escapeRegex).join('.*')}$`);
}
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

const globs = new Map<string, RegExp>();
function matchesGlob(glob: string, value: string): boolean {
  if (glob === '*') return true;
  let regex = globs.get(glob);
  if (!regex) globs.set(glob, (regex = globRegex(glob)));
  return regex.test(value);
}

/** Whether `pattern` names the component (or, with `nickname` null, some component of that env and type). */
export function matchesOwnerPattern(pattern: OwnerPattern, key: { env: string; type: string; nickname: string | null }): boolean {
  return (
    (pattern.env === null || matchesGlob(pattern.env, key.env)) && matchesGlob(pattern.type, key.type) && (key.nickname === null || matchesGlob(pattern.nickname, key.nickname))
  );
}

/** How the change reaches an owned component. */
export type OwnedReach = {
  /** The owned component; for `unlisted`, `<env>:<type>/*` (which ones is not known). */
  componentId: string;
  /** `changed`: a member of the change; `dependent`: in its blast radius; `unlisted`: maybe among the dependents the stored blast radius does not list. */
  reach: 'changed' | 'dependent' | 'unlisted';
  /** From the owned component to the changed member it depends on, through what lies between (`[owned]` when changed, `[]` when unlisted). */
  path: string[];
  /** The rule's pattern that names it. */
  match: string;
  /** `data-team owns prod:aurora-postgres/orders, which depends on prod:vpc/main` */
  reason: string;
};

/** One owner approval a change needs: from any one of `groups`, for everything listed in `owns`. */
export type OwnerRequirement = {
  /** Any one of them will do; rules with the same groups are one requirement. */
  groups: string[];
  owns: OwnedReach[];
  /** The first approval that meets it, and the group its approver was in; null: still missing. */
  metBy: { approver: string; group: string } | null;
  /** The first owned component's reason, and how many more there are. */
  reason: string;
};

export type OwnershipInput = {
  /** The request's author: their own approval never counts (nor could they give one). */
  author: string;
  members: ReadonlyArray<ComponentKey & { componentId: string }>;
  /** The blast radius stored with the request at submission; null when it has none (nothing but the members is owned then). */
  blastRadius: Pick<SimulationResult['blastRadius'], 'components' | 'groups' | 'isTruncated'> | null;
  rules: readonly OwnerRule[];
  /** In the order given, each with the groups its approver was in when they approved. */
  approvals: ReadonlyArray<Approval>;
};

export type Approval = { approver: string; groups: readonly string[] };

/** `data-team`, `data-team or dba` */
export function groupsText(groups: readonly string[]): string {
  return groups.length <= 1 ? (groups[0] ?? '') : `${groups.slice(0, -1).join(', ')} or ${groups[groups.length - 1]}`;
}

/** From the owned dependent back to the member it depends on: via is walked from the member, nearest first. */
function pathOf(entry: Pick<BlastRadiusEntry, 'id' | 'via'>): string[] {
  if (entry.via.length === 0) return [entry.id];
  return [entry.via[entry.via.length - 1].from, ...entry.via.map((edge) => edge.to).reverse()];
}

function reachReason(owners: string, reach: Omit<OwnedReach, 'reason' | 'match'>): string {
  if (reach.reach === 'changed') return `${owners} owns ${reach.componentId}, which this change changes`;
  const [owned, ...rest] = reach.path;
  const changed = rest[rest.length - 1];
  const between = rest.slice(0, -1);
  return `${owners} owns ${owned}, which depends on ${changed}${between.length > 0 ? ` through ${between.join(' → ')}` : ''}`;
}

/**
 * Every component of the change a rule owns: the members it names, the
 * listed dependents it names, and, when the stored blast radius lists only
 * the nearest of its dependents, an `unlisted` entry for each env and type
 * the rule could name among the rest (which nicknames is not known, so the
 * owners are asked rather than skipped).
 */
function ownedBy(rule: OwnerRule, pattern: OwnerPattern, input: OwnershipInput): OwnedReach[] {
  const owners = groupsText(rule.groups);
  const owned: OwnedReach[] = [];
  const seen = new Set<string>();
  const add = (reach: Omit<OwnedReach, 'reason' | 'match'>) => {
    if (seen.has(reach.componentId)) return;
    seen.add(reach.componentId);
    owned.push({ ...reach, match: rule.match, reason: reachReason(owners, reach) });
  };
  for (const member of input.members) {
    if (matchesOwnerPattern(pattern, member)) add({ componentId: member.componentId, reach: 'changed', path: [member.componentId] });
  }
  const radius = input.blastRadius;
  if (!radius) return owned;
  for (const entry of radius.components) {
    if (matchesOwnerPattern(pattern, entry)) add({ componentId: entry.id, reach: 'dependent', path: pathOf(entry) });
  }
  if (!radius.isTruncated) return owned;
  const listed = new Map<string, number>();
  for (const entry of radius.components) listed.set(`${entry.env}:${entry.type}`, (listed.get(`${entry.env}:${entry.type}`) ?? 0) + 1);
  for (const group of radius.groups) {
    const unlisted = group.count - (listed.get(`${group.env}:${group.type}`) ?? 0);
    if (unlisted <= 0 || !matchesOwnerPattern(pattern, { env: group.env, type: group.type, nickname: null })) continue;
    const componentId = `${group.env}:${group.type}/*`;
    owned.push({
      componentId,
      reach: 'unlisted',
      path: [],
      match: rule.match,
      reason: `${owners} may own some of the ${unlisted} ${group.env} ${group.type} dependent${unlisted === 1 ? '' : 's'} the blast radius does not list (it lists the nearest ${radius.components.length})`,
    });
  }
  return owned;
}

const groupKey = (groups: readonly string[]) => [...new Set(groups)].sort().join('\n');

/** The first approval, not the author's, by someone who was in one of `groups`. */
function firstMeeting(groups: readonly string[], approvals: ReadonlyArray<Approval>, author: string): OwnerRequirement['metBy'] {
  for (const approval of approvals) {
    if (approval.approver === author) continue;
    const group = groups.find((g) => approval.groups.includes(g));
    if (group !== undefined) return { approver: approval.approver, group };
  }
  return null;
}

function summary(owns: readonly OwnedReach[]): string {
  const more = owns.length - 1;
  return `${owns[0].reason}${more > 0 ? ` (and ${more} more owned component${more === 1 ? '' : 's'})` : ''}`;
}

/**
 * The owner approvals a change needs, in the order of the rules (rules with
 * the same groups, in any order, are one requirement), each with what it
 * owns of the change and how the change reaches it, and the approval that
 * meets it or null. A rule that owns nothing of the change asks for nothing.
 */
export function ownerRequirements(input: OwnershipInput): OwnerRequirement[] {
  const byGroups = new Map<string, { groups: string[]; owns: OwnedReach[] }>();
  for (const rule of input.rules) {
    const pattern = parseOwnerPattern(rule.match);
    if (!pattern) continue;
    const owns = ownedBy(rule, pattern, input);
    if (owns.length === 0) continue;
    const key = groupKey(rule.groups);
    const known = byGroups.get(key);
    if (known) known.owns.push(...owns.filter((o) => !known.owns.some((k) => k.componentId === o.componentId)));
    else byGroups.set(key, { groups: [...new Set(rule.groups)], owns });
  }
  return [...byGroups.values()].map(({ groups, owns }) => ({ groups, owns, metBy: firstMeeting(groups, input.approvals, input.author), reason: summary(owns) }));
}

/** The requirements still missing an approval. */
export function missingOwners(requirements: readonly OwnerRequirement[]): OwnerRequirement[] {
  return requirements.filter((r) => r.metBy === null);
}

/** The missing requirements an approval by someone in `groups` would meet. */
export function ownersMetBy(requirements: readonly OwnerRequirement[], groups: readonly string[]): OwnerRequirement[] {
  return missingOwners(requirements).filter((r) => r.groups.some((g) => groups.includes(g)));
}

/** The requirements after one more approval (never the author's: the policy refuses those first). */
export function withApproval(requirements: readonly OwnerRequirement[], approval: Approval): OwnerRequirement[] {
  return requirements.map((r) => {
    if (r.metBy !== null) return r;
    const group = r.groups.find((g) => approval.groups.includes(g));
    return group === undefined ? r : { ...r, metBy: { approver: approval.approver, group } };
  });
}

/** `an approval from data-team (data-team owns prod:aurora-postgres/orders, which depends on prod:vpc/main)`, for every missing one. */
export function missingOwnersText(missing: readonly OwnerRequirement[]): string {
  return missing.map((r) => `an approval from ${groupsText(r.groups)} (${r.reason})`).join('; and ');
}

/** A request's approvals with the groups recorded for each approver (none for approvals recorded before ownership). */
export function recordedApprovals(request: { approvals: readonly string[]; approverGroups: Readonly<Record<string, readonly string[]>> }): Approval[] {
  return request.approvals.map((approver) => ({ approver, groups: request.approverGroups[approver] ?? [] }));
}

/** The part of a stored impact (a SimulationResult as JSON) ownership reads, checked before it is trusted. */
const storedBlastRadiusSchema = z.object({
  blastRadius: z.object({
    components: z.array(
      z.object({
        id: z.string(),
        env: z.string(),
        type: z.string(),
        nickname: z.string(),
        depth: z.number(),
        via: z.array(z.object({ from: z.string(), to: z.string(), path: z.string() })),
      }),
    ),
    groups: z.array(z.object({ env: z.string(), type: z.string(), count: z.number() })),
    isTruncated: z.boolean(),
  }),
});

/** The blast radius a request was submitted with; null when its stored impact has none that reads. */
export function storedBlastRadius(impact: unknown): OwnershipInput['blastRadius'] {
  const parsed = storedBlastRadiusSchema.safeParse(impact);
  return parsed.success ? parsed.data.blastRadius : null;
}

/** A request's owner requirements under `rules`: its members, the blast radius it was submitted with, its recorded approvals. */
export function requestOwnerRequirements(
  request: Pick<ChangeRequest, 'author' | 'members' | 'impact' | 'approvals' | 'approverGroups'>,
  rules: readonly OwnerRule[],
): OwnerRequirement[] {
  if (rules.length === 0) return [];
  return ownerRequirements({
    author: request.author,
    members: request.members,
    blastRadius: storedBlastRadius(request.impact),
    rules,
    approvals: recordedApprovals(request),
  });
}
