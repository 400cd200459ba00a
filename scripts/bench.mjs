#!/usr/bin/env node
// `npm run bench -- <name> [--n N] [...]`: runs bench/<name>.ts (or
// bench/<name>/index.ts) under tsx with the remaining arguments. The
// react-server condition resolves `server-only` to its no-op export, so
// benchmarks can import server modules directly. Benchmarks start the peers
// they need themselves (scripts/peers/*.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, runForeground } from './peers/proc.mjs';

const benchDir = path.join(repoRoot, 'bench');

function benchFile(name) {
  // Names only, never paths: `npm run bench -- ../x` must not run arbitrary files.
  if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) return null;
  for (const candidate of [path.join(benchDir, `${name}.ts`), path.join(benchDir, name, 'index.ts')]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

function availableBenchmarks() {
  if (!fs.existsSync(benchDir)) return [];
  return fs
    .readdirSync(benchDir, { withFileTypes: true })
    .flatMap((entry) => {
      if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) return [entry.name.slice(0, -3)];
      if (entry.isDirectory() && fs.existsSync(path.join(benchDir, entry.name, 'index.ts'))) return [entry.name];
      return [];
    })
    .sort();
}

const [name, ...args] = process.argv.slice(2);
const file = name ? benchFile(name) : null;
if (!file) {
  const names = availableBenchmarks();
  console.error(name ? `Unknown benchmark: ${name}\n` : '');
  console.error('Usage: npm run bench -- <name> [--n N] [...args]\n');
  console.error(names.length > 0 ? `Benchmarks:\n${names.map((n) => `  ${n}`).join('\n')}` : 'No benchmarks in bench/ yet.');
  process.exit(2);
}

const exitCode = await runForeground(process.execPath, ['--conditions=react-server', '--import', 'tsx', file, ...args]);
process.exit(exitCode);
