import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { VERDICTS, type ChangedOutput, type ChangedOutputSource, type Consequences, type DependentConsequence, type StaleCopy, type Verdict } from '@/lib/model/consequences';
import { componentHref } from './format';
import { VERDICT_STYLE } from './verdict-style';

const SOURCE_TEXT: Record<ChangedOutputSource, string> = {
  mirror: 'a field mirror',
  'same-name': 'the output of the same name',
  derived: 'the type’s derivedOutputs',
  unmapped: 'its type maps no outputs: any may change',
  new: 'a new component: every output is new',
};

const MATCH_TEXT: Record<StaleCopy['match'], string> = {
  exact: 'the old',
  inside: 'a range inside the old',
  overlaps: 'a range overlapping the old',
};

/** Groups open by default up to this many entries (unaffected ones are often many, and matter least). */
const OPEN_UP_TO = 12;

function ComponentLink({ id }: { id: string }) {
  return (
    <Link href={componentHref(id)} className="font-mono text-[13px] text-indigo-700 hover:underline">
      {id}
    </Link>
  );
}

export function VerdictSwatch({ verdict }: { verdict: Verdict }) {
  const style = VERDICT_STYLE[verdict];
  const form = style.shape === 'diamond' ? 'rotate-45 scale-90' : style.shape === 'round-rectangle' ? 'rounded-[2px]' : 'rounded-full';
  return <span aria-hidden className={`inline-block h-2.5 w-2.5 shrink-0 border ${form}`} style={{ backgroundColor: style.color, borderColor: style.border }} />;
}

/** `prod:vpc/main ← prod:ecs-cluster/core at vpc_nickname ← …`: the references walked from a changed component to this one. */
function ViaPath({ via }: { via: DependentConsequence['via'] }) {
  if (via.length === 0) return null;
  return (
    <p className="flex flex-wrap items-baseline gap-x-1 text-xs text-slate-500" data-testid="consequence-via">
      <span>via</span>
      <ComponentLink id={via[0].to} />
      {via.map((step, i) => (
        <span key={`${i}:${step.from}`} className="inline-flex flex-wrap items-baseline gap-x-1">
          <span aria-label="referred to by">←</span>
          {i === via.length - 1 ? <span className="font-mono text-[13px] text-slate-700">{step.from}</span> : <ComponentLink id={step.from} />}
          <span>
            at <code className="text-slate-600">{step.path}</code>
          </span>
        </span>
      ))}
    </p>
  );
}

function OutputText({ output }: { output: ChangedOutput }) {
  return (
    <>
      <code className="text-slate-800">{output.output ?? 'any output'}</code> of <ComponentLink id={output.componentId} /> (from <code>{output.field}</code>)
    </>
  );
}

function DependentItem({ dependent }: { dependent: DependentConsequence }) {
  return (
    <li className="space-y-1 px-3 py-2" data-testid="consequence" data-component-id={dependent.id} data-verdict={dependent.verdict}>
      <div className="flex flex-wrap items-baseline gap-2">
        <ComponentLink id={dependent.id} />
        {dependent.isInSet && <Badge tone="bg-indigo-50 text-indigo-800 ring-indigo-600/30">in this change</Badge>}
        {dependent.verdict === 'stale_copy' && dependent.mustRedeploy && <Badge tone="bg-orange-50 text-orange-900 ring-orange-600/30">and must redeploy</Badge>}
        <span className="ml-auto shrink-0 text-xs text-slate-500">{dependent.depth === 1 ? 'direct' : `${dependent.depth} hops`}</span>
      </div>
      {dependent.reasons.length > 0 && (
        <ul className="list-disc space-y-0.5 pl-5 text-sm text-slate-700" data-testid="consequence-reasons">
          {dependent.reasons.map((reason, i) => (
            <li key={i}>{reason}</li>
          ))}
        </ul>
      )}
      <ViaPath via={dependent.via} />
    </li>
  );
}

function VerdictGroup({ verdict, dependents }: { verdict: Verdict; dependents: DependentConsequence[] }) {
  const style = VERDICT_STYLE[verdict];
  return (
    <details
      open={dependents.length > 0 && (verdict !== 'unaffected' || dependents.length <= OPEN_UP_TO)}
      className="group rounded-md border border-slate-200"
      data-testid="verdict-group"
      data-verdict={verdict}
    >
      <summary className="flex cursor-pointer items-center gap-2 px-3 py-1.5 text-sm">
        <VerdictSwatch verdict={verdict} />
        <span className="whitespace-nowrap font-medium text-slate-900">
          {style.label} ({dependents.length})
        </span>
        <span className="min-w-0 truncate text-xs text-slate-500" title={style.description}>
          {style.description}
        </span>
      </summary>
      {dependents.length === 0 ? (
        <p className="border-t border-slate-100 px-3 py-1.5 text-sm text-slate-500">None.</p>
      ) : (
        <ol className="max-h-96 divide-y divide-slate-100 overflow-y-auto border-t border-slate-100">
          {dependents.map((dependent) => (
            <DependentItem key={dependent.id} dependent={dependent} />
          ))}
        </ol>
      )}
    </details>
  );
}

/** Copies listed before "show all": a removal's old values can be found in dozens of places. */
const COPIES_SHOWN = 8;

function CopyRow({ copy, isDependent }: { copy: StaleCopy; isDependent: boolean }) {
  return (
    <li className="space-y-0.5 px-3 py-1.5" data-testid="stale-copy" data-component-id={copy.componentId} data-match={copy.match} data-document={copy.document}>
      <div className="flex flex-wrap items-baseline gap-x-2">
        <ComponentLink id={copy.componentId} />
        {!isDependent && <span className="text-[11px] text-slate-500">not a dependent</span>}
        <span className="ml-auto text-xs text-slate-500">
          {copy.document} <code className="text-slate-700">{copy.path}</code>
        </span>
      </div>
      <p className="text-xs text-slate-600">
        holds <code className="text-slate-900">{copy.value}</code>, {MATCH_TEXT[copy.match]} <code>{copy.of.path}</code> of {copy.of.componentId} (
        <code className="text-slate-900">{copy.of.oldValue}</code>
        {copy.of.newValue !== null ? (
          <>
            {' '}
            → <code className="text-slate-900">{copy.of.newValue}</code>
          </>
        ) : (
          ', removed'
        )}
        )
      </p>
    </li>
  );
}

function StaleCopies({ copies, dependents }: { copies: StaleCopy[]; dependents: ReadonlySet<string> }) {
  const key = (copy: StaleCopy) => `${copy.componentId}#${copy.document}#${copy.path}#${copy.of.componentId}#${copy.of.path}`;
  const rows = (list: StaleCopy[]) => list.map((copy) => <CopyRow key={key(copy)} copy={copy} isDependent={dependents.has(copy.componentId)} />);
  return (
    <div className="rounded-md border border-slate-200" data-testid="stale-copies">
      <ul className="divide-y divide-slate-100">{rows(copies.slice(0, COPIES_SHOWN))}</ul>
      {copies.length > COPIES_SHOWN && (
        <details className="border-t border-slate-100">
          <summary className="cursor-pointer px-3 py-1.5 text-sm font-medium text-slate-700 hover:text-slate-900">Show the other {copies.length - COPIES_SHOWN}</summary>
          <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto border-t border-slate-100">{rows(copies.slice(COPIES_SHOWN))}</ul>
        </details>
      )}
    </div>
  );
}

/**
 * What the change means for every dependent (ARCHITECTURE.md §6): grouped by
 * verdict — must redeploy, stale copies, unaffected — each with its reasons
 * and the references that reach it; the outputs that change; and every
 * stale copy of a changed value in the estate, dependent or not.
 */
export function ConsequencesView({ consequences }: { consequences: Consequences }) {
  const byVerdict = new Map<Verdict, DependentConsequence[]>(VERDICTS.map((v) => [v, []]));
  for (const dependent of consequences.dependents) byVerdict.get(dependent.verdict)?.push(dependent);
  const dependentIds = new Set(consequences.dependents.map((d) => d.id));
  const { counts } = consequences;
  return (
    <div className="space-y-3" data-testid="consequences-view">
      <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700" data-testid="consequence-counts">
        {VERDICTS.map((verdict) => (
          <span key={verdict} className="inline-flex items-center gap-1.5" data-verdict={verdict} data-count={counts[verdict]}>
            <VerdictSwatch verdict={verdict} />
            <span className="font-semibold tabular-nums">{counts[verdict]}</span>
            {verdict === 'must_redeploy' ? 'must redeploy' : verdict === 'stale_copy' ? `hold${counts[verdict] === 1 ? 's' : ''} a stale copy` : 'unaffected'}
          </span>
        ))}
      </p>

      <div className="space-y-1">
        <p className="text-xs font-medium text-slate-600">Changed outputs ({consequences.changedOutputs.length})</p>
        {consequences.changedOutputs.length === 0 ? (
          <p className="text-sm text-slate-500" data-testid="changed-outputs-none">
            No output of a changed component changes.
          </p>
        ) : (
          <ul className="space-y-0.5 text-sm text-slate-700" data-testid="changed-outputs">
            {consequences.changedOutputs.map((output) => (
              <li key={`${output.componentId}#${output.output ?? '*'}#${output.field}`} data-component-id={output.componentId} data-output={output.output ?? ''}>
                <OutputText output={output} /> <span className="text-xs text-slate-500">— {SOURCE_TEXT[output.source] ?? output.source}</span>
              </li>
            ))}
          </ul>
        )}
      </div>

      <div className="space-y-2">
        {VERDICTS.map((verdict) => (
          <VerdictGroup key={verdict} verdict={verdict} dependents={byVerdict.get(verdict) ?? []} />
        ))}
      </div>

      {consequences.staleCopies.length > 0 && (
        <div className="space-y-1">
          <p className="text-xs font-medium text-slate-600">Stale copies across the estate ({consequences.staleCopies.length})</p>
          <StaleCopies copies={consequences.staleCopies} dependents={dependentIds} />
        </div>
      )}
      {consequences.isTruncated && <p className="text-xs text-slate-500">The lists are cut short; the counts cover every component.</p>}
    </div>
  );
}
