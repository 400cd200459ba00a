import Link from 'next/link';
import { Fragment } from 'react';
import { componentHref } from '@/components/changes/format';
import type { PlannedMember, PlannedWave, RolloutPlan } from '@/lib/model/rollout';
import { REASON_TEXT } from './rollout-style';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A wave's members by environment, each group in the plan's order. */
function byEnv(members: readonly PlannedMember[]): Array<[string, PlannedMember[]]> {
  const groups = new Map<string, PlannedMember[]>();
  for (const m of members) groups.set(m.env, [...(groups.get(m.env) ?? []), m]);
  return [...groups.entries()];
}

/** `prod:vpc/main` within the same environment reads as `vpc/main`. */
const shortId = (id: string, env: string) => (id.startsWith(`${env}:`) ? id.slice(env.length + 1) : id);

function ComponentLink({ id, label }: { id: string; label?: string }) {
  return (
    <Link href={componentHref(id)} className="font-mono text-[13px] text-indigo-700 hover:underline" title={id}>
      {label ?? id}
    </Link>
  );
}

function ReasonTag({ member }: { member: PlannedMember }) {
  const isChanged = member.reason === 'changed';
  const text = isChanged ? (member.action === 'remove' ? 'removed' : member.action === 'create' ? 'new' : 'changed') : REASON_TEXT[member.reason];
  return (
    <span
      className={`rounded px-1.5 py-0.5 text-[11px] font-medium ring-1 ring-inset ${isChanged ? 'bg-indigo-50 text-indigo-800 ring-indigo-600/30' : 'bg-orange-50 text-orange-900 ring-orange-600/30'}`}
      data-testid="plan-reason"
      data-reason={member.reason}
    >
      {text}
    </span>
  );
}

function PlanMember({ member }: { member: PlannedMember }) {
  return (
    <li className="space-y-0.5 py-1" data-testid="plan-member" data-component-id={member.componentId} data-reason={member.reason}>
      <div className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
        <ComponentLink id={member.componentId} label={shortId(member.componentId, member.env)} />
        <ReasonTag member={member} />
        {member.inCycle && <span className="text-[11px] font-medium text-orange-800">on a cycle</span>}
      </div>
      {member.waitsFor.length > 0 && (
        <p className="text-xs text-slate-500" data-testid="plan-waits-for">
          waits for{' '}
          {member.waitsFor.map((id, i) => (
            <Fragment key={id}>
              {i > 0 && ', '}
              <ComponentLink id={id} label={shortId(id, member.env)} />
            </Fragment>
          ))}
        </p>
      )}
    </li>
  );
}

function Wave({ wave, isLast }: { wave: PlannedWave; isLast: boolean }) {
  return (
    <li className="relative pl-8" data-testid="plan-wave" data-wave={wave.wave} data-count={wave.members.length}>
      <span aria-hidden className="absolute top-0 left-0 flex h-6 w-6 items-center justify-center rounded-full bg-white text-xs font-semibold text-slate-700 ring-1 ring-slate-300">
        {wave.wave}
      </span>
      {!isLast && <span aria-hidden className="absolute top-6 bottom-0 left-3 w-px bg-slate-200" />}
      <h4 className="text-sm font-medium text-slate-900">
        Wave {wave.wave} <span className="font-normal text-slate-500">· {plural(wave.members.length, 'component')}</span>
      </h4>
      <div className="space-y-1.5 pb-3">
        {byEnv(wave.members).map(([env, members]) => (
          <div key={env} data-testid="plan-env" data-env={env}>
            <p className="text-[11px] font-semibold uppercase tracking-wide text-slate-500">{env}</p>
            <ul className="divide-y divide-slate-100">
              {members.map((m) => (
                <PlanMember key={m.componentId} member={m} />
              ))}
            </ul>
          </div>
        ))}
      </div>
    </li>
  );
}

/** `a, b and c` */
const andList = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

function Cycles({ cycles }: { cycles: string[][] }) {
  if (cycles.length === 0) return null;
  return (
    <ul className="space-y-0.5 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-950" data-testid="plan-cycles">
      {cycles.map((cycle) => (
        <li key={cycle.join(',')}>
          {andList(cycle)} depend on each other (a reference cycle): they deploy together, in one wave, in no particular order. Nothing else is held up by it.
        </li>
      ))}
    </ul>
  );
}

/**
 * The rollout a change would run after apply (lib/model/rollout.ts
 * RolloutPlan): each wave with its components by environment, why each is
 * in it (changed, or must redeploy) and what it waits for; cycles said
 * plainly. `compact`: one line per wave, for the proposal form's result.
 */
export function RolloutPlanView({ plan, compact = false, isStored = false }: { plan: RolloutPlan | null; compact?: boolean; isStored?: boolean }) {
  if (!plan) {
    return (
      <p className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-600" data-testid="rollout-plan-none">
        {isStored
          ? 'No plan was worked out for this request: it was opened before rollouts were. After apply, the dependents that must redeploy are for someone to deploy by hand.'
          : 'No rollout plan was worked out for this simulation.'}
      </p>
    );
  }
  const redeploy = plan.waves.flatMap((w) => w.members).filter((m) => m.reason === 'must_redeploy').length;
  const summary =
    plan.waves.length <= 1 && redeploy === 0
      ? 'Only the change itself deploys: nothing must redeploy after it.'
      : `${plural(plan.waves.length, 'wave')}, ${plural(plan.total, 'component')}: the change first, then ${plural(redeploy, 'dependent')} that must redeploy, each after every provider of its in the rollout.`;
  if (compact) {
    return (
      <div className="space-y-1.5" data-testid="rollout-plan" data-waves={plan.waves.length} data-compact>
        <p className="text-sm text-slate-700">{summary}</p>
        <ol className="space-y-0.5 text-sm">
          {plan.waves.map((wave) => (
            <li key={wave.wave} className="flex gap-2" data-testid="plan-wave" data-wave={wave.wave} data-count={wave.members.length}>
              <span className="shrink-0 font-medium text-slate-800">Wave {wave.wave}:</span>
              <span className="min-w-0 text-slate-600">
                {wave.members.map((m, i) => (
                  <Fragment key={m.componentId}>
                    {i > 0 && ', '}
                    <ComponentLink id={m.componentId} />
                  </Fragment>
                ))}
              </span>
            </li>
          ))}
        </ol>
        <Cycles cycles={plan.cycles} />
      </div>
    );
  }
  return (
    <div className="space-y-3" data-testid="rollout-plan" data-waves={plan.waves.length}>
      <p className="text-sm text-slate-700">{summary}</p>
      <Cycles cycles={plan.cycles} />
      <ol>
        {plan.waves.map((wave, i) => (
          <Wave key={wave.wave} wave={wave} isLast={i === plan.waves.length - 1} />
        ))}
      </ol>
    </div>
  );
}
