#!/usr/bin/env node
// `npm run test:e2e [-- <playwright args>]`: Playwright against Debian's
// Chromium (Playwright's own browser download is not reachable from here).
// playwright.config.ts reads the browser from CHROMIUM_PATH.
import { ensureChromium } from './peers/chromium.mjs';
import { localBin, runForeground } from './peers/proc.mjs';

let chromiumPath;
try {
  chromiumPath = await ensureChromium({ log: (line) => console.log(`[e2e] ${line}`) });
} catch (error) {
  console.error(`[e2e] ${error.message}`);
  process.exit(1);
}

const playwright = localBin('playwright');
const exitCode = await runForeground(playwright, ['test', ...process.argv.slice(2)], {
  env: { ...process.env, CHROMIUM_PATH: chromiumPath },
});
process.exit(exitCode);
