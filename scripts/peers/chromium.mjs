// The browser for e2e tests: Debian's `chromium` driven by Playwright through
// `executablePath` (ARCHITECTURE.md §7). Playwright's own browser download
// cannot be used here: only package registries are reachable.
import fs from 'node:fs';
import { isExecutable, run, tailText } from './proc.mjs';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * Flags for a headless Chromium in CI containers: no sandbox (we run as root,
 * where the sandbox refuses to start), no GPU, and none of the background
 * traffic (updates, sync, QUIC) that would reach for the internet.
 */
export const CHROMIUM_LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const HOW_TO_INSTALL = "Install Debian's Chromium (sudo apt-get update && sudo apt-get install -y chromium) " + 'or set CHROMIUM_PATH to a Chromium/Chrome executable.';

/**
 * Returns the Chromium executable to use: CHROMIUM_PATH if set (it must
 * exist), else /usr/bin/chromium, else installs Debian's package when running
 * as root. Otherwise throws, saying how to install it.
 */
export async function ensureChromium({ log = () => {} } = {}) {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new Error(`CHROMIUM_PATH=${fromEnv} is not an executable file. ${HOW_TO_INSTALL}`);
    }
    return fromEnv;
  }
  if (isExecutable(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !fs.existsSync('/usr/bin/apt-get')) {
    throw new Error(`Chromium is not installed (${DEBIAN_CHROMIUM} is missing). ${HOW_TO_INSTALL}`);
  }

  // Root on Debian (CI): install it. Non-interactive, so no prompt can hang CI.
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    log(`apt-get ${args.join(' ')}`);
    const result = await run('apt-get', args, { env });
    if (result.code !== 0) {
      throw new Error(`\`apt-get ${args.join(' ')}\` failed while installing Chromium:\n${tailText(result.output)}`);
    }
  }
  if (!isExecutable(DEBIAN_CHROMIUM)) {
    throw new Error(`apt-get installed chromium but ${DEBIAN_CHROMIUM} is missing. ${HOW_TO_INSTALL}`);
  }
  return DEBIAN_CHROMIUM;
}
