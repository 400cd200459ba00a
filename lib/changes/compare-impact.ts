/**
 * How a proposal's impact today differs from its impact at submission, in
 * the terms a reviewer cares about: the risk level, the size of the blast
 * radius (and who joined or left it), how many must redeploy or hold stale
 * copies, validation errors that were not there,
 * the config version it now replaces, and new conflicting requests. Pure.
 */
import { z } from 'zod';
import type { JsonValue } from '@/lib/model/json';
import { RISK_LEVELS, type SimulationResult, type ValidationIssue } from '@/lib/model/simulation';
import type { ImpactDifference } from './review-model';

// Stored impacts are the SimulationResult of their day: read only what is compared, tolerating older shapes.
const submittedSchema = z.object({
  baseVersion: z.int().nullable().optional(),
  risk: z.object({ level: z.enum(RISK_LEVELS) }),
  blastRadius: z.object({ total: z.int(), isTruncated: z.boolean().optional(), components: z.array(z.object({ id: z.string() })).optional() }),
  errors: z.array(z.object({ code: z.string(), message: z.string(), path: z.string().nullable().optional() })).optional(),
  conflicts: z.array(z.object({ id: z.string() })).optional(),
  consequences: z
    .object({ counts: z.object({ must_redeploy: z.int(), stale_copy: z.int(), unaffected: z.int() }) })
    .nullable()
    .optional(),
  rollout: z
    .object({ waves: z.array(z.object({ wave: z.int(), members: z.array(z.object({ componentId: z.string() })) })) })
    .nullable()
    .optional(),
});

const issueKey = (i: { code: string; path?: string | null; message: string }) => `${i.code}|${i.path ?? ''}|${i.message}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function compareImpact(submittedImpact: JsonValue, now: SimulationResult): ImpactDifference[] {
  const parsed = submittedSchema.safeParse(submittedImpact);
  if (!parsed.success) return [];
  const before = parsed.data;
  const out: ImpactDifference[] = [];

  if (before.baseVersion !== undefined && before.baseVersion !== now.baseVersion) {
    const name = (v: number | null) => (v === null ? 'no config' : `version ${v}`);
    out.push({
      kind: 'base_version',
      before: before.baseVersion,
      after: now.baseVersion,
      message: `Simulated against ${name(now.baseVersion)}; the request was simulated against ${name(before.baseVersion)}`,
    });
  }
  if (before.risk.level !== now.risk.level) {
    out.push({ kind: 'risk', before: before.risk.level, after: now.risk.level, message: `The risk is now ${now.risk.level} (it was ${before.risk.level} at submission)` });
  }

  const beforeIds = new Set((before.blastRadius.components ?? []).map((c) => c.id));
  const afterIds = new Set(now.blastRadius.components.map((c) => c.id));
  // Lists cut short at their limit cannot say who joined or left, only how many there are.
  const isListComplete = !before.blastRadius.isTruncated && !now.blastRadius.isTruncated && before.blastRadius.components !== undefined;
  const added = isListComplete ? [...afterIds].filter((id) => !beforeIds.has(id)).sort() : [];
  const removed = isListComplete ? [...beforeIds].filter((id) => !afterIds.has(id)).sort() : [];
  if (before.blastRadius.total !== now.blastRadius.total || added.length + removed.length > 0) {
    out.push({
      kind: 'blast_radius',
      before: before.blastRadius.total,
      after: now.blastRadius.total,
      added,
      removed,
      message: `The blast radius is now ${plural(now.blastRadius.total, 'component')} (it was ${before.blastRadius.total})`,
    });
  }

  const was = before.consequences?.counts;
  const is = now.consequences.counts;
  if (was && (was.must_redeploy !== is.must_redeploy || was.stale_copy !== is.stale_copy)) {
    out.push({
      kind: 'consequences',
      before: was,
      after: is,
      message: `Now ${plural(is.must_redeploy, 'component')} must be redeployed and ${plural(is.stale_copy, 'component')} ${is.stale_copy === 1 ? 'holds' : 'hold'} a stale copy (at submission: ${was.must_redeploy} and ${was.stale_copy})`,
    });
  }

  if (before.rollout && now.rollout) {
    const waveOf = (plan: { waves: Array<{ wave: number; members: Array<{ componentId: string }> }> }) =>
      new Map(plan.waves.flatMap((w) => w.members.map((m) => [m.componentId, w.wave] as const)));
    const [then, today] = [waveOf(before.rollout), waveOf(now.rollout)];
    const joined = [...today.keys()].filter((id) => !then.has(id)).sort();
    const left = [...then.keys()].filter((id) => !today.has(id)).sort();
    const moved = [...today.keys()].filter((id) => then.has(id) && then.get(id) !== today.get(id)).sort();
    if (joined.length + left.length + moved.length > 0) {
      const parts = [joined.length > 0 ? `${joined.length} joined` : '', left.length > 0 ? `${left.length} left` : '', moved.length > 0 ? `${moved.length} moved wave` : ''];
      out.push({
        kind: 'rollout',
        before: before.rollout.waves.length,
        after: now.rollout.waves.length,
        added: joined,
        removed: left,
        moved,
        message: `The rollout plan changed since submission (${parts.filter(Boolean).join(', ')}): it now has ${plural(now.rollout.waves.length, 'wave')} and ${plural(today.size, 'component')}`,
      });
    }
  }

  const known = new Set((before.errors ?? []).map(issueKey));
  const fresh: ValidationIssue[] = now.errors.filter((e) => !known.has(issueKey(e)));
  if (fresh.length > 0) out.push({ kind: 'errors', errors: fresh, message: `${plural(fresh.length, 'new validation error')}: ${fresh.map((e) => e.message).join('; ')}` });

  const knownConflicts = new Set((before.conflicts ?? []).map((c) => c.id));
  const newConflicts = now.conflicts.map((c) => c.id).filter((id) => !knownConflicts.has(id));
  if (newConflicts.length > 0) {
    out.push({
      kind: 'conflicts',
      added: newConflicts,
      message: `${plural(newConflicts.length, 'other open request')} now touch${newConflicts.length === 1 ? 'es' : ''} the same component or its blast radius`,
    });
  }
  return out;
}
