/**
 * The members of a change set as `karma propose-change` is given them:
 * `--input [ENV:]TYPE/NICK=FILE` (an edit, or a new component when there is
 * none) and `--remove [ENV:]TYPE/NICK`, the environment defaulting to
 * `--env`. Pure.
 */
import { componentId, isValidName, type ComponentKey } from '@/lib/model/ids';
import { UsageError } from './io';

export type MemberSpec = ComponentKey & ({ kind: 'input'; file: string } | { kind: 'remove' });

const NAME_FORM = '[ENV:]TYPE/NICKNAME';

function parseName(raw: string, env: string | undefined, flag: string): ComponentKey {
  const match = /^(?:([^:/]+):)?([^:/]+)\/([^:/]+)$/.exec(raw);
  if (!match) throw new UsageError(`--${flag} "${raw}": name the component as ${NAME_FORM}`);
  const [, ownEnv, type, nickname] = match;
  const chosen = ownEnv ?? env;
  if (chosen === undefined) throw new UsageError(`--${flag} "${raw}": say which environment: --env E, or ENV:${type}/${nickname}`);
  for (const name of [chosen, type, nickname]) {
    if (!isValidName(name)) throw new UsageError(`--${flag} "${raw}": "${name}" is not a valid name (letters, digits, ".", "_", "-"; at most 128)`);
  }
  return { env: chosen, type, nickname };
}

/** The members in the order given: every `--input` pair, then every `--remove`. */
export function parseMemberSpecs({ inputs, removes, env }: { inputs: string[]; removes: string[]; env: string | undefined }): MemberSpec[] {
  const specs: MemberSpec[] = [];
  for (const input of inputs) {
    const at = input.indexOf('=');
    if (at < 0) throw new UsageError(`--input "${input}": give ${NAME_FORM}=FILE (or <type> <nickname> --input FILE for one component)`);
    const file = input.slice(at + 1);
    if (file === '') throw new UsageError(`--input "${input}": name the file after "=" (- reads stdin)`);
    specs.push({ ...parseName(input.slice(0, at), env, 'input'), kind: 'input', file });
  }
  for (const remove of removes) specs.push({ ...parseName(remove, env, 'remove'), kind: 'remove' });
  if (specs.length === 0) throw new UsageError(`give the members: --input ${NAME_FORM}=FILE and/or --remove ${NAME_FORM}`);
  if (specs.filter((s) => s.kind === 'input' && s.file === '-').length > 1) throw new UsageError('only one --input can read stdin (-)');
  const seen = new Set<string>();
  for (const spec of specs) {
    const id = componentId(spec);
    if (seen.has(id)) throw new UsageError(`${id} is named twice: a change set changes each component once`);
    seen.add(id);
  }
  return specs;
}
