/**
 * Change requests and audit events as vertex properties and back. Null
 * fields are absent properties (Neptune has no nulls); JSON documents
 * (impact, approvals, approver groups, event data) are strings. What comes back is checked
 * with the same schemas the memory store uses.
 */
import { z } from 'zod';
import type { AuditEvent, ChangeRequest } from '@/lib/model/change-request';
import { AppError } from '@/lib/model/errors';
import type { PropertyRecord, PropertyValue } from '../component-record';
import { auditEventSchema, changeRequestSchema } from '../stored-schemas';
import type { TransitionInput } from '../graph-store';

export type Properties = { present: PropertyRecord; absent: string[] };

/** Null fields become absent properties (Neptune has no nulls); undefined ones are left alone. */
export function split(values: Record<string, PropertyValue | null | undefined>): Properties {
  const present: PropertyRecord = {};
  const absent: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (value === null) absent.push(key);
    else present[key] = value;
  }
  return { present, absent };
}

/** `|a|b|`: a list kept as one text property, so a filter can ask whether it contains `|a|` (old requests have none). */
export function delimited(values: readonly string[]): string {
  return `|${[...new Set(values)].join('|')}|`;
}

/** The members as stored: the document, and the components and environments they touch, for filters. */
function memberProperties(members: ChangeRequest['members']): Record<string, string> {
  return { members: JSON.stringify(members), memberIds: delimited(members.map((m) => m.componentId)), memberEnvs: delimited(members.map((m) => m.env)) };
}

export function changeRequestProperties(request: ChangeRequest): PropertyRecord {
  const { id: _id, impact, approvals, approverGroups, git, members, ...scalars } = request;
  return split({
    ...scalars,
    impact: JSON.stringify(impact),
    approvals: JSON.stringify(approvals),
    approverGroups: JSON.stringify(approverGroups),
    git: git === null ? null : JSON.stringify(git),
    ...memberProperties(members),
  }).present;
}

/** What a transition writes: the patch, the next revision and the time. */
export function transitionProperties(input: TransitionInput, updatedAt: string): Properties {
  const { approvals, approverGroups, members, ...patch } = input.patch;
  return split({
    ...patch,
    ...(approvals === undefined ? {} : { approvals: JSON.stringify(approvals) }),
    ...(approverGroups === undefined ? {} : { approverGroups: JSON.stringify(approverGroups) }),
    ...(members === undefined ? {} : memberProperties(members)),
    revision: input.expectedRevision + 1,
    updatedAt,
  });
}

export function eventProperties(event: AuditEvent): PropertyRecord {
  const { id: _id, data, ...scalars } = event;
  return split({ ...scalars, data: JSON.stringify(data) }).present;
}

function parseJson(id: string, key: string, raw: unknown): unknown {
  if (typeof raw !== 'string') throw new AppError('internal', `Stored property ${key} of ${id} is missing or not text`);
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new AppError('internal', `Stored property ${key} of ${id} is not valid JSON`, { cause: error });
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new AppError('internal', `Stored ${what} is malformed: ${issue?.path.join('.')} ${issue?.message}`);
  }
  return result.data;
}

const NULLABLE_REQUEST_FIELDS = ['baseVersion', 'appliedVersion', 'error', 'gitCommit'] as const;

export function changeRequestFromProperties(id: string, properties: Record<string, unknown>): ChangeRequest {
  const { memberIds: _ids, memberEnvs: _envs, ...stored } = properties;
  const request: Record<string, unknown> = { ...stored, id };
  for (const key of NULLABLE_REQUEST_FIELDS) request[key] ??= null;
  request.impact = parseJson(id, 'impact', properties.impact);
  request.approvals = parseJson(id, 'approvals', properties.approvals);
  // Absent on requests stored before approvals by ownership (the schema reads that as no groups).
  request.approverGroups = properties.approverGroups === undefined ? undefined : parseJson(id, 'approverGroups', properties.approverGroups);
  request.git = properties.git === undefined ? null : parseJson(id, 'git', properties.git);
  request.members = properties.members === undefined ? undefined : parseJson(id, 'members', properties.members);
  return parseWith(changeRequestSchema, request, `change request ${id}`);
}

export function eventFromProperties(id: string, properties: Record<string, unknown>): AuditEvent {
  const event: Record<string, unknown> = { ...properties, id };
  event.changeRequestId ??= null;
  event.componentId ??= null;
  event.data = parseJson(id, 'data', properties.data);
  return parseWith(auditEventSchema, event, `event ${id}`);
}
