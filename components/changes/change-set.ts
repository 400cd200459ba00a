/**
 * The proposal form's change set, as data: the members being edited, the
 * bodies they make for POST /api/simulate and POST /api/changes, what still
 * blocks a submission, and how a simulation's answer maps back onto them.
 * Pure.
 */
import { parseStrictJson, type JsonSyntaxError } from '@/lib/json/parse-strict-json';
import type { MemberAction } from '@/lib/model/change-request';
import type { Component } from '@/lib/model/graph';
import { componentId } from '@/lib/model/ids';
import type { CreateChangeRequest, MemberSimulation, ProposalSimulation, SimulateRequest, ValidationIssue } from '@/lib/model/simulation';

export type ComponentNames = { env: string; type: string; nickname: string };

/** One component of the set being written: an existing one (edited, or removed) or a new one. */
export type DraftMember =
  | {
      key: string;
      kind: 'existing';
      componentId: string;
      /** The config version loaded into the editor; null when it has no config. */
      baseVersion: number | null;
      /** The text the editor started from (the current config). */
      initialText: string;
      text: string;
      /** Remove the component instead of editing its config. */
      isRemoved: boolean;
    }
  | { key: string; kind: 'new'; names: ComponentNames; text: string };

/** One member as the API takes it. */
export type MemberBody = EditBody | { componentId: string; remove: true };
/** An edit or a new component: what the single-component shape can say. */
type EditBody = { componentId: string; proposedConfig: string } | (ComponentNames & { proposedConfig: string });

export const EMPTY_CONFIG = '{\n  \n}';

/** The text an editor starts from: the current config pretty-printed, or as stored when it is not JSON (so it can be fixed). */
export function editableText(component: Pick<Component, 'config' | 'configRaw'>): string {
  if (component.config !== null) return JSON.stringify(component.config, null, 2);
  return component.configRaw ?? `${EMPTY_CONFIG}\n`;
}

export function memberAction(member: DraftMember): MemberAction {
  if (member.kind === 'new') return 'create';
  return member.isRemoved ? 'remove' : 'update';
}

export const isNamed = (names: ComponentNames) => names.env !== '' && names.type !== '' && names.nickname !== '';

/** `prod:vpc/main`; for a new component not fully named yet, null. */
export function memberId(member: DraftMember): string | null {
  if (member.kind === 'existing') return member.componentId;
  return isNamed(member.names) ? componentId(member.names) : null;
}

/** How the form names a member in its messages. */
export function memberLabel(member: DraftMember, index: number): string {
  return memberId(member) ?? `the new component (${ordinal(index)})`;
}

export function ordinal(index: number): string {
  return `component ${index + 1}`;
}

export function memberBody(member: DraftMember): MemberBody {
  if (member.kind === 'new') return { ...member.names, proposedConfig: member.text };
  return member.isRemoved ? { componentId: member.componentId, remove: true } : { componentId: member.componentId, proposedConfig: member.text };
}

/** More than one component, or a removal (which only the members shape can say). */
export function isChangeSet(members: readonly DraftMember[]): boolean {
  return members.length > 1 || members.some((m) => m.kind === 'existing' && m.isRemoved);
}

/** The one member's body when the single-component shape can carry the proposal; null for a change set. */
function singleBody(members: readonly DraftMember[]): EditBody | null {
  if (isChangeSet(members)) return null;
  const body = memberBody(members[0]);
  return 'remove' in body ? null : body;
}

/** What POST /api/simulate is sent: the old single shape for one edited component, `members` otherwise. */
export function simulateBody(members: readonly DraftMember[]): SimulateRequest {
  return singleBody(members) ?? { members: members.map(memberBody) };
}

export function baseVersionOf(member: DraftMember): number | null {
  return member.kind === 'existing' ? member.baseVersion : null;
}

/** The versions are the ones the editors loaded: if SSM moved since, the server answers 409 instead of replacing a config nobody reviewed against. */
export function createBody(members: readonly DraftMember[], title: string, description: string): CreateChangeRequest {
  const single = singleBody(members);
  if (single) return { ...single, title, description, baseVersion: baseVersionOf(members[0]) };
  return { members: members.map(memberBody), baseVersions: members.map(baseVersionOf), title, description };
}

/** The member's JSON syntax error as typed; none for a removal. */
export function syntaxErrorOf(member: DraftMember): JsonSyntaxError | null {
  if (member.kind === 'existing' && member.isRemoved) return null;
  const parsed = parseStrictJson(member.text, { isExactNumbers: true });
  return parsed.ok ? null : parsed.error;
}

/** Two members naming the same component: the server refuses it (duplicate_member), the form says so first. */
export function duplicateIds(members: readonly DraftMember[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const member of members) {
    const id = memberId(member);
    if (id === null) continue;
    if (seen.has(id)) twice.add(id);
    seen.add(id);
  }
  return [...twice];
}

/**
 * Why the set cannot be simulated yet (it is sent only when every member is
 * named); null when it can. For one component the messages are the form's
 * of old; in a set they say which member.
 */
export function namingBlocker(members: readonly DraftMember[]): string | null {
  const isSet = members.length > 1;
  const unnamed = members.findIndex((m) => m.kind === 'new' && !isNamed(m.names));
  if (unnamed >= 0) return isSet ? `Name the new component first (${ordinal(unnamed)}).` : 'Name the new component first.';
  const twice = duplicateIds(members);
  if (twice.length > 0) return `${twice.join(', ')} is in the change set twice: remove one.`;
  return null;
}

/** The first member whose text is not JSON, as a message; null when every text parses. */
export function syntaxBlocker(members: readonly DraftMember[]): string | null {
  const index = members.findIndex((m) => syntaxErrorOf(m) !== null);
  if (index < 0) return null;
  return members.length > 1 ? `Fix the JSON of ${memberLabel(members[index], index)} first.` : 'Fix the JSON first.';
}

/**
 * The simulation's members, one per member sent, in the same order. An
 * answer without `members` (a server from before change sets) is a set of
 * one: its own facts.
 */
export function simulatedMembers(result: ProposalSimulation): MemberSimulation[] {
  if (Array.isArray(result.members) && result.members.length > 0) return result.members;
  const { members: _m, ...facts } = result;
  return [{ ...facts, isDocument: result.isDocument, schema: result.schema, diff: result.diff, references: result.references } as MemberSimulation];
}

/** The same issue, whether a member lists it (without its componentId) or the set does (with it). */
const issueKey = (issue: ValidationIssue) => `${issue.code}|${issue.path ?? ''}|${issue.message}`;

/**
 * Issues of the set as a whole: the top-level ones no member lists (a
 * duplicate member, a removal others depend on, when reported only there).
 * Issues naming a member by componentId go with that member instead.
 */
export function setLevelIssues(result: ProposalSimulation, tone: 'errors' | 'warnings'): ValidationIssue[] {
  const members = simulatedMembers(result);
  const listed = new Set(members.flatMap((m) => m[tone].map(issueKey)));
  const ids = new Set(members.map((m) => m.componentId));
  return result[tone].filter((issue) => !listed.has(issueKey(issue)) && !(issue.componentId !== undefined && ids.has(issue.componentId)));
}

/** A member's own issues: those it lists, and top-level ones that name it but it does not list. */
export function memberIssues(result: ProposalSimulation, member: MemberSimulation, tone: 'errors' | 'warnings'): ValidationIssue[] {
  const own = member[tone];
  const listed = new Set(own.map(issueKey));
  const named = result[tone].filter((issue) => issue.componentId === member.componentId && !listed.has(issueKey(issue)));
  return [...own, ...named];
}

/** Index of a member of the draft in a simulation of it (same order; matched by id when the lengths differ). */
export function simulatedMemberFor(result: ProposalSimulation, members: readonly DraftMember[], index: number): MemberSimulation | null {
  const simulated = simulatedMembers(result);
  if (simulated.length === members.length) return simulated[index] ?? null;
  const id = memberId(members[index]);
  return simulated.find((m) => m.componentId === id) ?? null;
}

let counter = 0;
/** A React key for a member added in this page's life. */
export function nextMemberKey(): string {
  counter += 1;
  return `m${counter}`;
}
