import { readFile } from 'node:fs/promises';
import type { User } from '@/lib/auth/roles';
import { changeSegment } from '@/lib/changes/change-id';
import { operatorUser } from '@/lib/changes/operator';
import { requiredApprovals } from '@/lib/changes/policy';
import { shortCommit } from '@/lib/gitconfig/config-repo';
import type { ChangeRequest } from '@/lib/model/change-request';
import { isAppError } from '@/lib/model/errors';
import { componentId, type ComponentKey } from '@/lib/model/ids';
import { storedImpact, type CreateChangeBody, type ProposalSimulation, type ProposedMember, type SimulationResult, type ValidationIssue } from '@/lib/model/simulation';
import type { Services } from '@/lib/server/services';
import { loadSettings, type Settings } from '@/lib/server/settings';
import { fromGitProposal } from '@/lib/workflow/git-proposals';
import { liveConfigVersion } from '@/lib/workflow/request-config';
import type { Command } from './command';
import { checkEnvironment, checkFlags, EXIT, listFlag, parseArgs, stringFlag, UsageError, type ParsedArgs } from './io';
import { parseMemberSpecs, type MemberSpec } from './member-specs';
import { consequenceLines, errorLines, issueLine, memberLines, riskLine } from './simulation-text';

/** One component named by `<type> <nickname>` (as before change sets), or a set of `--input` pairs and `--remove`s. */
type Proposal = { form: 'single'; target: ComponentKey; input: string | undefined; ref: string | undefined } | { form: 'set'; specs: MemberSpec[] };

async function readInput(path: string): Promise<string> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --input ${path}: ${(error as Error).message}`);
  }
}

function proposalFrom(args: ParsedArgs): Proposal {
  const env = stringFlag(args, 'env');
  const inputs = listFlag(args, 'input');
  const removes = listFlag(args, 'remove');
  const ref = stringFlag(args, 'from-git');
  if (args.positionals.length === 0 && (inputs.length > 0 || removes.length > 0)) {
    if (ref !== undefined) throw new UsageError('--from-git proposes one component: name it, <type> <nickname> --from-git REF');
    return { form: 'set', specs: parseMemberSpecs({ inputs, removes, env }) };
  }
  const [type, nickname, extra] = args.positionals;
  if (!type || !nickname) throw new UsageError('name the component: <type> <nickname>, or give the members: --input TYPE/NICKNAME=FILE, --remove TYPE/NICKNAME');
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  if (removes.length > 0) throw new UsageError('--remove names members of a set: give them with --input TYPE/NICKNAME=FILE pairs, without <type> <nickname>');
  if (inputs.length > 1) throw new UsageError('<type> <nickname> takes one --input FILE; for several components give --input TYPE/NICKNAME=FILE pairs instead');
  const input = inputs[0];
  if (!env) throw new UsageError('say which environment: --env E');
  if (input !== undefined && ref !== undefined) throw new UsageError('--input and --from-git are alternatives: give one');
  if (input === undefined && ref === undefined) throw new UsageError('give the proposed config: --input FILE (or - for stdin), or --from-git REF');
  if (ref !== undefined && ref.trim() === '') throw new UsageError('--from-git needs a branch, tag or commit');
  return { form: 'single', target: { env, type, nickname }, input, ref };
}

const envsOf = (keys: readonly ComponentKey[]) => [...new Set(keys.map((k) => k.env))];

/** `Change sqs-queue/a and vpc/b in dev`, or `Change 5 components in dev, prod` when that would be long. */
function defaultTitle(specs: readonly MemberSpec[]): string {
  const envs = envsOf(specs);
  const name = (s: MemberSpec) => `${s.kind === 'remove' ? 'remove ' : ''}${envs.length > 1 ? componentId(s) : `${s.type}/${s.nickname}`}`;
  const where = envs.length > 1 ? '' : ` in ${envs[0]}`;
  const names = specs.map(name);
  const listed = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  if (specs.length <= 3 && listed.length <= 150) return `Change ${listed}${where}`;
  return `Change ${specs.length} components in ${envs.join(', ')}`;
}

/** Each member against the config SSM holds now: an edit or removal of an existing one, a new component where there is none. */
async function setBody(services: Services, specs: readonly MemberSpec[], texts: ReadonlyArray<string | null>, args: ParsedArgs): Promise<CreateChangeBody> {
  const baseVersions = await Promise.all(specs.map((s) => liveConfigVersion(services.sources, s)));
  const members = specs.map((spec, i): ProposedMember => ({
    target: spec.kind === 'input' && baseVersions[i] === null ? { env: spec.env, type: spec.type, nickname: spec.nickname } : { componentId: componentId(spec) },
    proposedConfig: texts[i],
  }));
  return { members, baseVersions, title: stringFlag(args, 'title') ?? defaultTitle(specs), description: stringFlag(args, 'description') ?? '' };
}

async function singleBody(services: Services, proposal: Extract<Proposal, { form: 'single' }>, text: string | null, args: ParsedArgs): Promise<CreateChangeBody> {
  const { target, ref } = proposal;
  const title = stringFlag(args, 'title');
  const description = stringFlag(args, 'description');
  if (text === null) return (await fromGitProposal(services.configRepo, services.sources, target, { ref: ref ?? '', title, description })).body;
  const baseVersion = await liveConfigVersion(services.sources, target);
  return {
    members: [{ target: baseVersion === null ? target : { componentId: componentId(target) }, proposedConfig: text }],
    baseVersions: [baseVersion],
    title: title ?? `Change ${target.type}/${target.nickname} in ${target.env}`,
    description: description ?? '',
  };
}

/** `--simulate`: what the proposal would do, and nothing opened. */
function simulationText(simulation: ProposalSimulation): string {
  const count = simulation.members.length;
  const problems = simulation.members.reduce((n, m) => n + m.errors.length, 0);
  const verdict = simulation.isValid ? 'valid' : `invalid (${problems === 1 ? 'a problem' : `${problems} problems`})`;
  const lines = [`Simulated ${count === 1 ? simulation.componentId : `${count} components`}: ${verdict}; nothing was opened`, ...memberLines(simulation.members)];
  if (!simulation.isDocument) {
    lines.push('  no consequences or risk: a member is no config document');
    return lines.join('\n');
  }
  lines.push(...consequenceLines(simulation.consequences), riskLine(simulation.risk), `  blast radius: ${simulation.blastRadius.total} component(s)`);
  return lines.join('\n');
}

function needsText(needed: number, envs: readonly string[], id: string): string {
  return `  needs ${needed} approval${needed === 1 ? '' : 's'} in ${envs.join(', ')}; review it at /changes/${changeSegment(id)}`;
}

/** A request opened with `<type> <nickname>`: the lines it always printed, with the consequences after the blast radius. */
function singleOpenedText(request: ChangeRequest, impact: SimulationResult, settings: Settings): string {
  const from = request.git?.from;
  return [
    `Opened ${request.id} on ${request.componentId}: "${request.title}"`,
    ...(from ? [`  from ${request.git!.file} at ${from.ref} (${shortCommit(from.commit)})`] : []),
    `  ${request.baseVersion === null ? 'a new component' : `based on config version ${request.baseVersion}`}; ${impact.diff.length} field change(s)`,
    riskLine(impact.risk),
    `  blast radius: ${impact.blastRadius.total} component(s)`,
    ...consequenceLines(impact.consequences),
    ...impact.warnings.map((w) => `  warning: ${w.message}`),
    needsText(requiredApprovals(request.env, settings.file.approvals), [request.env], request.id),
  ].join('\n');
}

/** A change set: each member, then the set's consequences and risk. */
async function setOpenedText(services: Services, user: User, request: ChangeRequest, impact: SimulationResult): Promise<string> {
  // The service decides what a set needs (its members may be in several environments): ask it.
  const { requiredApprovals: needed } = await services.changes.view(user, request.id);
  const count = request.members.length;
  return [
    `Opened ${request.id} on ${count === 1 ? request.componentId : `${count} components`}: "${request.title}"`,
    ...memberLines(impact.members),
    ...consequenceLines(impact.consequences),
    riskLine(impact.risk),
    `  blast radius: ${impact.blastRadius.total} component(s)`,
    needsText(needed, envsOf(request.members), request.id),
  ].join('\n');
}

export const proposeCommand: Command = {
  usage:
    'propose-change (<type> <nickname> (--input FILE | --from-git REF) | --input [ENV:]TYPE/NICK=FILE… --remove [ENV:]TYPE/NICK…) --env E [--simulate] [--title T] [--description D] [--json]',
  summary:
    'open a change request for one component (FILE, "-" for stdin, or a config repo ref) or a set of edits, new components and removals; --simulate opens nothing; exits 1 when invalid',
  async run(argv) {
    const args = parseArgs(argv, new Set(['json', 'simulate']));
    checkFlags(args, ['env', 'input', 'remove', 'from-git', 'title', 'description', 'json', 'simulate']);
    const proposal = proposalFrom(args);
    const isSimulation = args.flags.has('simulate');

    const settings = loadSettings();
    const user = operatorUser(settings.file);
    // Files first: a path that cannot be read is a usage error, before any store is opened.
    // A set's texts in its order, null for a removal.
    const texts: Array<string | null> = [];
    let singleInput: string | null = null;
    if (proposal.form === 'set') {
      for (const spec of proposal.specs) texts.push(spec.kind === 'input' ? await readInput(spec.file) : null);
    } else if (proposal.input !== undefined) {
      singleInput = await readInput(proposal.input);
    }
    const keys = proposal.form === 'set' ? proposal.specs : [proposal.target];

    // Loaded only here: it brings the graph store adapters (and their drivers) along.
    const { createServices } = await import('@/lib/server/services');
    const services = await createServices(settings, { syncOnStart: false, syncInterval: false });
    try {
      for (const env of envsOf(keys)) checkEnvironment(services.sources, env);
      // Simulate against the parameters as they are now, not the graph store's last sync.
      const sync = await services.graph.sync('cli');
      if (!sync.ok) {
        console.error(`Could not sync the graph before simulating: ${sync.error}`);
        return EXIT.error;
      }
      const bodyOf = () => (proposal.form === 'set' ? setBody(services, proposal.specs, texts, args) : singleBody(services, proposal, singleInput, args));

      if (isSimulation) {
        const simulation = await services.changes.simulate(user, { members: (await bodyOf()).members });
        console.log(args.flags.has('json') ? JSON.stringify(simulation, null, 2) : simulationText(simulation));
        return simulation.isValid ? EXIT.ok : EXIT.problems;
      }

      const opening =
        proposal.form === 'single' && proposal.ref !== undefined
          ? services.changes.proposeFromGit(user, proposal.target, { ref: proposal.ref, title: stringFlag(args, 'title'), description: stringFlag(args, 'description') })
          : bodyOf().then((body) => services.changes.create(user, body));
      const request = await opening.catch((error: unknown) => {
        if (isAppError(error) && error.code === 'validation_failed') {
          const { errors } = (error.details ?? { errors: [] }) as { errors: ValidationIssue[] };
          // A set of one names its component once, above; a larger set's errors each name theirs.
          const ids = keys.map(componentId);
          const text = ids.length === 1 ? errors.map((e) => issueLine(e)) : errorLines(errors, ids);
          console.error(`The proposal${ids.length === 1 ? ` for ${ids[0]}` : ''} is invalid; nothing was opened:\n${text.join('\n')}`);
          return null;
        }
        throw error;
      });
      if (!request) return EXIT.problems;

      if (args.flags.has('json')) {
        console.log(JSON.stringify(request, null, 2));
        return EXIT.ok;
      }
      // The service stores the simulation it just ran: always a whole one.
      const impact = storedImpact(request.impact);
      if (!impact) throw new Error(`${request.id} was opened without a simulated impact`);
      console.log(proposal.form === 'single' ? singleOpenedText(request, impact, settings) : await setOpenedText(services, user, request, impact));
      return EXIT.ok;
    } finally {
      await services.graphStore.close();
    }
  },
};
