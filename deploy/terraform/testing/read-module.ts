/**
 * Reads a Terraform module's .tf files with HashiCorp's HCL parser
 * (@cdktf/hcl2json: the Go hcl library compiled to wasm) into one
 * description of the module, so tests can check its shape without AWS. The
 * parser gives literals as values, an object or list written out as an
 * object or array of its items, and any other expression as its source text
 * wrapped in "${…}". A name declared twice is refused, as `terraform
 * validate` would.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';

export type Block = Record<string, unknown>;

export type TerraformModule = {
  files: string[];
  variables: Record<string, Block>;
  outputs: Record<string, Block>;
  /** Each local, as the parser renders it. */
  locals: Record<string, unknown>;
  /** Keyed `type.name`. */
  resources: Record<string, Block>;
  /** Keyed `type.name`. */
  data: Record<string, Block>;
};

type Parsed = {
  variable?: Record<string, Block[]>;
  output?: Record<string, Block[]>;
  locals?: Block[];
  resource?: Record<string, Record<string, Block[]>>;
  data?: Record<string, Record<string, Block[]>>;
};

function addOnce(into: Record<string, unknown>, key: string, value: unknown, what: string, file: string): void {
  if (key in into) throw new Error(`${file}: ${what} "${key}" is declared twice in the module`);
  into[key] = value;
}

function addParsed(into: TerraformModule, parsed: Parsed, file: string): void {
  for (const [name, [block]] of Object.entries(parsed.variable ?? {})) addOnce(into.variables, name, block, 'variable', file);
  for (const [name, [block]] of Object.entries(parsed.output ?? {})) addOnce(into.outputs, name, block, 'output', file);
  for (const block of parsed.locals ?? []) for (const [name, value] of Object.entries(block)) addOnce(into.locals, name, value, 'local', file);
  for (const [kind, blocks] of [
    ['resource', into.resources],
    ['data', into.data],
  ] as const) {
    for (const [type, byName] of Object.entries(parsed[kind] ?? {})) {
      for (const [name, [block]] of Object.entries(byName)) addOnce(blocks, `${type}.${name}`, block, kind, file);
    }
  }
}

/** Every .tf file of `dir` (not its subfolders, as Terraform reads a module), parsed and merged. */
export async function readModule(dir: string): Promise<TerraformModule> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.tf')).sort();
  const read: TerraformModule = { files, variables: {}, outputs: {}, locals: {}, resources: {}, data: {} };
  for (const file of files) {
    const parsed = (await parse(file, await readFile(path.join(dir, file), 'utf8'))) as Parsed;
    addParsed(read, parsed, file);
  }
  return read;
}
