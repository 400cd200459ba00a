#!/usr/bin/env node
// `npm start`: the built portal (`npm run build` first) with the settings in
// the environment, under its heap budget (KARMA_HEAP_MB, scripts/lib/build.mjs).
// HOST and PORT choose where it listens (next start's defaults otherwise).
import { nextStartArgsOrExit, servePortal } from './lib/build.mjs';

servePortal(nextStartArgsOrExit({ host: process.env.HOST, port: process.env.PORT }), process.env);
