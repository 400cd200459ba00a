#!/usr/bin/env node
// `npm start`: the built portal (`npm run build` first) with the settings in
// the environment, under its heap budget (KARMA_HEAP_MB, scripts/lib/build.mjs).
// HOST and PORT choose where it listens (next start's defaults otherwise).
import { spawn } from 'node:child_process';
import { nextStartArgs, root } from './lib/build.mjs';

let args;
try {
  args = nextStartArgs({ host: process.env.HOST, port: process.env.PORT });
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
const server = spawn(process.execPath, args, { cwd: root, env: process.env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
