'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { changeSegment } from '@/lib/changes/change-id';
import { formatSyntaxError, parseStrictJson } from '@/lib/json/parse-strict-json';
import { ApiError } from '@/lib/client/api-fetch';
import { useCreateChange } from '@/lib/client/use-changes';
import { useSimulation, type SimulateInput } from '@/lib/client/use-simulation';
import type { ProposalSimulation } from '@/lib/model/simulation';
import { ConfigEditor, type FieldIssue } from './config-editor';
import { componentHref } from './format';
import { ImpactReport } from './impact-report';
import { NewComponentFields, type ComponentNames } from './new-component-fields';
import { clearDraft, draftKey, readDraft, useSaveDraft } from './use-proposal-draft';
import { TEXT_FIELD_CLASS } from '@/components/ui/text-field';

export type ProposalTarget = { kind: 'existing'; id: string; configText: string; baseVersion: number | null } | { kind: 'new'; envs: string[]; types: string[] };

/** Where an applied proposal goes: the config repo first, or SSM only (and why). */
export type ProposalDestination = { kind: 'git'; remote: string; branch: string } | { kind: 'ssm'; reason: string };

type Props = { target: ProposalTarget; canPropose: boolean; role: string; destination: ProposalDestination };

const EMPTY_CONFIG = '{\n  \n}';

function describeError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'validation_failed') return `${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * The proposal form: edit the config, simulate, read the impact, submit.
 * Submitting needs a clean simulation of exactly the text on screen; the
 * text is kept in a session draft across errors and reloads.
 */
export function ProposalForm({ target, canPropose, role, destination }: Props) {
  const router = useRouter();
  const componentId = target.kind === 'existing' ? target.id : null;
  const baseVersion = target.kind === 'existing' ? target.baseVersion : null;
  const initialText = target.kind === 'existing' ? target.configText : EMPTY_CONFIG;
  const key = draftKey(componentId);
  // Rendered in the browser only (see proposal-page.tsx), so the draft can seed the state.
  const [draft] = useState(() => (canPropose ? readDraft(key) : null));
  const [text, setText] = useState(draft?.text ?? initialText);
  const [title, setTitle] = useState(draft?.title ?? '');
  const [description, setDescription] = useState(draft?.description ?? '');
  const [names, setNames] = useState<ComponentNames>(draft?.names ?? { env: target.kind === 'new' ? (target.envs[0] ?? '') : '', type: '', nickname: '' });
  const [simulated, setSimulated] = useState<{ key: string; result: ProposalSimulation } | null>(null);
  const simulation = useSimulation();
  const create = useCreateChange();

  const isEdited = text !== initialText || title !== '' || description !== '' || names.type !== '' || names.nickname !== '';
  useSaveDraft(key, canPropose && isEdited ? { text, title, description, baseVersion, names } : null);

  const input: SimulateInput = componentId ? { componentId, proposedConfig: text } : { ...names, proposedConfig: text };
  const inputKey = JSON.stringify(input);
  const result = simulated?.result ?? null;
  const isCurrent = simulated !== null && simulated.key === inputKey;
  const isTargetComplete = componentId !== null || (names.env !== '' && names.type !== '' && names.nickname !== '');

  // Parsing a config is microseconds: the author sees a syntax error as it happens, before any simulation.
  const syntaxError = useMemo(() => {
    const parsed = parseStrictJson(text, { isExactNumbers: true });
    return parsed.ok ? null : parsed.error;
  }, [text]);

  const issues = useMemo<FieldIssue[]>(() => {
    if (!simulated || !isCurrent) return [];
    return [
      ...simulated.result.errors.map((e) => ({ path: e.path, message: e.message, severity: 'error' as const })),
      ...simulated.result.warnings.map((w) => ({ path: w.path, message: w.message, severity: 'warning' as const })),
    ];
  }, [simulated, isCurrent]);

  const simulate = () => {
    const sentKey = inputKey;
    simulation.mutate(input, { onSuccess: (answer) => setSimulated({ key: sentKey, result: answer }) });
  };

  const submit = () => {
    // The version this page loaded: if SSM moved since, the server answers 409 instead of replacing a config nobody reviewed against.
    const body = { ...input, title: title.trim(), description, baseVersion };
    create.mutate(body, {
      onSuccess: (created) => {
        clearDraft(key);
        router.push(`/changes/${changeSegment(created.id)}?submitted=1`);
      },
    });
  };

  const reset = () => {
    clearDraft(key);
    setText(initialText);
    setTitle('');
    setDescription('');
    setSimulated(null);
  };

  const blocker = !isTargetComplete
    ? 'Name the new component first.'
    : syntaxError
      ? 'Fix the JSON first.'
      : !result
        ? 'Simulate to see the impact before submitting.'
        : !isCurrent
          ? 'The proposal changed since the last simulation: simulate again.'
          : !result.isValid
            ? 'Fix the errors before submitting.'
            : title.trim() === ''
              ? 'Add a title.'
              : null;

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
            {componentId ? (
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
          {componentId && <p className="text-sm text-slate-600">{baseVersion === null ? 'It has no config yet.' : `Editing config version ${baseVersion}.`}</p>}
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

        {target.kind === 'new' && <NewComponentFields names={names} onChange={setNames} envs={target.envs} types={target.types} isReadOnly={!canPropose} />}

        <div className="space-y-1">
          <label className="text-sm font-medium text-slate-700" id="config-label">
            Config (JSON)
          </label>
          <ConfigEditor value={text} onChange={canPropose ? setText : undefined} isReadOnly={!canPropose} issues={issues} label="Proposed config (JSON)" />
          {syntaxError && (
            <p className="text-sm text-red-700" data-testid="json-error" data-line={syntaxError.line}>
              Not valid JSON — {formatSyntaxError(syntaxError)}
            </p>
          )}
        </div>

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
                  Once approved, applying commits it to <span className="font-mono">{destination.branch}</span> of {destination.remote}, then publishes it to SSM.
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
                disabled={simulation.isPending || !isTargetComplete}
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
              ? 'Simulate to see the field changes, validation, blast radius and risk of your proposal. Nothing is written until you submit.'
              : 'Proposers see the simulated impact of their proposal here.'}
          </p>
        )}
      </aside>
    </div>
  );
}
