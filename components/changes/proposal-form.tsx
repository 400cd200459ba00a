'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useMemo, useState } from 'react';
import { changeSegment } from '@/lib/changes/change-id';
import { ApiError } from '@/lib/client/api-fetch';
import { useCreateChange } from '@/lib/client/use-changes';
import { useLoadComponent } from '@/lib/client/use-component';
import { useSimulation } from '@/lib/client/use-simulation';
import { parseComponentId } from '@/lib/model/ids';
import type { ProposalSimulation } from '@/lib/model/simulation';
import { AddMember } from './add-member';
import {
  createBody,
  EMPTY_CONFIG,
  editableText,
  isChangeSet,
  memberId,
  memberIssues,
  namingBlocker,
  nextMemberKey,
  simulateBody,
  simulatedMemberFor,
  syntaxBlocker,
  type DraftMember,
} from './change-set';
import type { FieldIssue } from './config-editor';
import { componentHref } from './format';
import { ImpactReport } from './impact-report';
import { MemberEditor } from './member-editor';
import { clearDraft, draftKey, readDraft, useSaveDraft } from './use-proposal-draft';
import { TEXT_FIELD_CLASS } from '@/components/ui/text-field';

export type ProposalTarget = { kind: 'existing'; id: string; configText: string; baseVersion: number | null } | { kind: 'new' };

/** Where an applied proposal goes: the config repo first, or SSM only (and why). */
export type ProposalDestination = { kind: 'git'; remote: string; branch: string } | { kind: 'ssm'; reason: string };

/** The environments and types there are, for naming new components. */
export type KnownNames = { envs: string[]; types: string[] };

type Props = { target: ProposalTarget; known: KnownNames; canPropose: boolean; role: string; destination: ProposalDestination };

function describeError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'validation_failed') return `${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

const FIRST = 'first';
const NO_ISSUES: FieldIssue[] = [];

function firstMember(target: ProposalTarget, known: KnownNames, draft: ReturnType<typeof readDraft>): DraftMember {
  if (target.kind === 'existing') {
    return {
      key: FIRST,
      kind: 'existing',
      componentId: target.id,
      baseVersion: target.baseVersion,
      initialText: target.configText,
      text: draft?.text ?? target.configText,
      isRemoved: false,
    };
  }
  return { key: FIRST, kind: 'new', names: draft?.names ?? { env: known.envs[0] ?? '', type: '', nickname: '' }, text: draft?.text ?? EMPTY_CONFIG };
}

function toFieldIssues(result: ProposalSimulation, members: readonly DraftMember[], index: number): FieldIssue[] {
  const simulated = simulatedMemberFor(result, members, index);
  if (!simulated) return [];
  return [
    ...memberIssues(result, simulated, 'errors').map((e) => ({ path: e.path, message: e.message, severity: 'error' as const })),
    ...memberIssues(result, simulated, 'warnings').map((w) => ({ path: w.path, message: w.message, severity: 'warning' as const })),
  ];
}

/**
 * The proposal form: edit one component's config — or several, as a change
 * set reviewed and applied together (members added with "Add a component to
 * this change"; an existing one may be removed instead of edited) —
 * simulate, read the impact, submit. Submitting needs a clean simulation of
 * exactly what is on screen; the first component's text is kept in a
 * session draft across errors and reloads.
 */
export function ProposalForm({ target, known, canPropose, role, destination }: Props) {
  const router = useRouter();
  const componentId = target.kind === 'existing' ? target.id : null;
  const baseVersion = target.kind === 'existing' ? target.baseVersion : null;
  const initialText = target.kind === 'existing' ? target.configText : EMPTY_CONFIG;
  const key = draftKey(componentId);
  // Rendered in the browser only (see proposal-page.tsx), so the draft can seed the state.
  const [draft] = useState(() => (canPropose ? readDraft(key) : null));
  const [members, setMembers] = useState<DraftMember[]>(() => [firstMember(target, known, draft)]);
  const [title, setTitle] = useState(draft?.title ?? '');
  const [description, setDescription] = useState(draft?.description ?? '');
  const [simulated, setSimulated] = useState<{ key: string; result: ProposalSimulation } | null>(null);
  const [loading, setLoading] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const simulation = useSimulation();
  const create = useCreateChange();
  const load = useLoadComponent();

  const first = members[0];
  const isSet = isChangeSet(members);
  const firstNames = first.kind === 'new' ? first.names : { env: '', type: '', nickname: '' };
  const isEdited =
    first.text !== initialText ||
    title !== '' ||
    description !== '' ||
    firstNames.type !== '' ||
    firstNames.nickname !== '' ||
    members.length > 1 ||
    (first.kind === 'existing' && first.isRemoved);
  // The draft keeps the first component (the page's own); a set in progress does not outlive the page.
  useSaveDraft(key, canPropose && isEdited ? { text: first.text, title, description, baseVersion, names: firstNames } : null);

  const body = simulateBody(members);
  const inputKey = JSON.stringify(body);
  const result = simulated?.result ?? null;
  const isCurrent = simulated !== null && simulated.key === inputKey;
  const naming = namingBlocker(members);
  // Parsing a config is microseconds: the author sees a syntax error as it happens, before any simulation.
  const syntax = useMemo(() => syntaxBlocker(members), [members]);

  // The same empty list while nothing is current: the editors rebuild their linting when their issues change.
  const issues = useMemo<FieldIssue[][]>(
    () => members.map((_, index) => (simulated && isCurrent ? toFieldIssues(simulated.result, members, index) : NO_ISSUES)),
    [simulated, isCurrent, members],
  );

  const update = (next: DraftMember) => setMembers((all) => all.map((m) => (m.key === next.key ? next : m)));
  const setText = useCallback((memberKey: string, text: string) => setMembers((all) => all.map((m) => (m.key === memberKey ? { ...m, text } : m))), []);
  const drop = (memberKey: string) => setMembers((all) => all.filter((m) => m.key !== memberKey));
  const taken = useMemo(() => new Set(members.flatMap((m) => memberId(m) ?? [])), [members]);

  const addExisting = async (id: string): Promise<boolean> => {
    setLoading(id);
    setLoadError(null);
    try {
      const { component } = await load.mutateAsync(id);
      setMembers((all) => [
        ...all,
        {
          key: nextMemberKey(),
          kind: 'existing',
          componentId: component.id,
          baseVersion: component.configVersion,
          initialText: editableText(component),
          text: editableText(component),
          isRemoved: false,
        },
      ]);
      return true;
    } catch (error) {
      setLoadError(`Could not read ${id}: ${describeError(error)}`);
      return false;
    } finally {
      setLoading(null);
    }
  };
  // A new member starts in the first one's environment: sets are mostly one environment's.
  const firstEnv = first.kind === 'existing' ? parseComponentId(first.componentId)?.env : first.names.env;
  const addNew = () =>
    setMembers((all) => [...all, { key: nextMemberKey(), kind: 'new', names: { env: firstEnv || (known.envs[0] ?? ''), type: '', nickname: '' }, text: EMPTY_CONFIG }]);

  const simulate = () => {
    const sentKey = inputKey;
    simulation.mutate(body, { onSuccess: (answer) => setSimulated({ key: sentKey, result: answer }) });
  };

  const submit = () => {
    create.mutate(createBody(members, title.trim(), description), {
      onSuccess: (created) => {
        clearDraft(key);
        router.push(`/changes/${changeSegment(created.id)}?submitted=1`);
      },
    });
  };

  const reset = () => {
    clearDraft(key);
    setMembers([firstMember(target, known, null)]);
    setTitle('');
    setDescription('');
    setSimulated(null);
  };

  const blocker =
    naming ??
    syntax ??
    (!result
      ? 'Simulate to see the impact before submitting.'
      : !isCurrent
        ? 'The proposal changed since the last simulation: simulate again.'
        : !result.isValid
          ? 'Fix the errors before submitting.'
          : title.trim() === ''
            ? 'Add a title.'
            : null);

  return (
    <div className="grid gap-6 p-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <div className="min-w-0 space-y-4">
        <header>
          <p className="text-sm text-slate-500">
            <Link href="/changes" className="hover:underline">
              Changes
            </Link>{' '}
            / new
          </p>
          <h1 className="text-xl font-semibold text-slate-900">
            {members.length > 1 ? (
              `Propose a change to ${members.length} components`
            ) : componentId ? (
              <>
                Propose a change to{' '}
                <Link href={componentHref(componentId)} className="text-indigo-700 hover:underline">
                  {componentId}
                </Link>
              </>
            ) : (
              'Propose a new component'
            )}
          </h1>
          {members.length > 1 ? (
            <p className="text-sm text-slate-600" data-testid="set-note">
              One request for all of them: reviewed and approved as one, checked whole before anything is written, and written providers first.
            </p>
          ) : (
            componentId && <p className="text-sm text-slate-600">{baseVersion === null ? 'It has no config yet.' : `Editing config version ${baseVersion}.`}</p>
          )}
        </header>

        {!canPropose && (
          <p role="note" className="rounded-md border border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-800" data-testid="viewer-note">
            You are signed in as a <strong>{role}</strong>: you can read the current config here, but only proposers, approvers and admins can simulate and propose changes. Ask an
            admin for the proposer role.
          </p>
        )}
        {draft && draft.baseVersion !== baseVersion && (
          <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
            Your draft was written against version {draft.baseVersion ?? 'none'}; the config is now at version {baseVersion ?? 'none'}. Simulate to see what changes against the
            current config.
          </p>
        )}

        <div className="space-y-4" data-testid="change-members">
          {members.map((member, index) => (
            <MemberEditor
              key={member.key}
              member={member}
              index={index}
              isSet={members.length > 1}
              canPropose={canPropose}
              envs={known.envs}
              types={known.types}
              issues={issues[index] ?? NO_ISSUES}
              onChange={update}
              onTextChange={setText}
              onDrop={index === 0 ? undefined : () => drop(member.key)}
            />
          ))}
        </div>

        {canPropose && <AddMember taken={taken} count={members.length} onAddExisting={addExisting} onAddNew={addNew} loading={loading} error={loadError} />}

        {canPropose && (
          <>
            <div className="space-y-1">
              <label htmlFor="proposal-title" className="text-sm font-medium text-slate-700">
                Title
              </label>
              <input
                id="proposal-title"
                value={title}
                onChange={(e) => setTitle(e.target.value)}
                maxLength={200}
                placeholder="What and why, in a line"
                className={`w-full px-3 py-1.5 ${TEXT_FIELD_CLASS}`}
              />
            </div>
            <div className="space-y-1">
              <label htmlFor="proposal-description" className="text-sm font-medium text-slate-700">
                Description <span className="font-normal text-slate-500">(optional)</span>
              </label>
              <textarea
                id="proposal-description"
                value={description}
                onChange={(e) => setDescription(e.target.value)}
                rows={3}
                placeholder="Context for the reviewers: ticket, rollout plan, how to roll back"
                className={`w-full px-3 py-1.5 ${TEXT_FIELD_CLASS}`}
              />
            </div>
            <p className="text-xs text-slate-600" data-testid="proposal-destination">
              {destination.kind === 'git' ? (
                <>
                  Once approved, applying commits {isSet ? 'them' : 'it'} to <span className="font-mono">{destination.branch}</span> of {destination.remote}, then publishes{' '}
                  {isSet ? 'them' : 'it'} to SSM.
                </>
              ) : (
                <>
                  <span className="font-medium text-amber-800">This change will not be written to Git:</span> {destination.reason}
                </>
              )}
            </p>
            <div className="flex flex-wrap items-center gap-3">
              <button
                type="button"
                onClick={simulate}
                disabled={simulation.isPending || naming !== null}
                className={`rounded-md px-4 py-1.5 text-sm font-medium disabled:opacity-50 ${isCurrent ? 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-50' : 'bg-indigo-600 text-white hover:bg-indigo-500'}`}
              >
                {simulation.isPending ? 'Simulating…' : 'Simulate'}
              </button>
              <button
                type="button"
                onClick={submit}
                disabled={blocker !== null || create.isPending}
                className="rounded-md bg-slate-900 px-4 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:cursor-not-allowed disabled:opacity-40"
              >
                {create.isPending ? 'Submitting…' : 'Submit for review'}
              </button>
              {isEdited && (
                <button type="button" onClick={reset} className="text-sm text-slate-600 hover:text-slate-900 hover:underline">
                  Reset to the current config
                </button>
              )}
            </div>
            <p className="text-sm text-slate-600" data-testid="submit-hint">
              {blocker ?? 'Ready to submit: reviewers will see this impact.'}
            </p>
            {create.error && (
              <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900" data-testid="submit-error">
                {describeError(create.error)}
              </p>
            )}
          </>
        )}
      </div>

      <aside className="min-w-0 space-y-3" aria-label="Simulated impact">
        <h2 className="text-base font-semibold text-slate-900">Impact</h2>
        {simulation.error && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
            {describeError(simulation.error)}
          </p>
        )}
        {result ? (
          <div className={isCurrent ? '' : 'opacity-50'} aria-live="polite">
            {!isCurrent && <p className="mb-2 text-sm font-medium text-amber-800">Outdated: the proposal changed since this simulation.</p>}
            <ImpactReport result={result} />
          </div>
        ) : (
          <p className="rounded-md border border-dashed border-slate-300 px-4 py-8 text-center text-sm text-slate-500">
            {canPropose
              ? 'Simulate to see the field changes, validation, consequences for every dependent, and risk of your proposal. Nothing is written until you submit.'
              : 'Proposers see the simulated impact of their proposal here.'}
          </p>
        )}
      </aside>
    </div>
  );
}
