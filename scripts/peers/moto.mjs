// moto's standalone server as the SSM stand-in for integration tests and
// benchmarks (ARCHITECTURE.md §7). Installed from PyPI into a venv under the
// ignored cache folder, started on a loopback port, stopped by PID.
import fs from 'node:fs';
import path from 'node:path';
import { findFreePort, LOOPBACK } from './ports.mjs';
import { describeExit, findOnPath, hasExited, peersCacheDir, run, spawnDetached, stopProcessGroup, tailText, waitFor } from './proc.mjs';
import { newLogFile, summarizeLog, tailFile } from './logs.mjs';

/** Pinned exactly: moto's SSM behaviour (paging, validation) shifts between releases. */
export const MOTO_VERSION = '5.2.5';
const MOTO_REQUIREMENT = `moto[server]==${MOTO_VERSION}`;
/** A real consumer of Karma's GraphML export (tests/integration/export-networkx.itest.ts), in the same venv. */
export const NETWORKX_VERSION = '3.6.1';
const REQUIREMENTS = [MOTO_REQUIREMENT, `networkx==${NETWORKX_VERSION}`];

export const motoVenvDir = path.join(peersCacheDir, 'moto-venv');
const motoServerBin = path.join(motoVenvDir, 'bin', 'moto_server');
const venvPython = path.join(motoVenvDir, 'bin', 'python');
/** The venv's Python, with networkx: for tests that hand Karma's exports to it. */
export const peersPython = venvPython;
/** Written last, so a half-finished install is redone rather than trusted. */
const installedMarker = path.join(motoVenvDir, '.karma-installed');

const START_TIMEOUT_MS = 30_000;
/** Retries when a port we picked ourselves was taken before moto bound it. */
const MAX_START_ATTEMPTS = 3;

/** The requirements the marker says are installed; none when there is no marker or no moto_server. */
function installedRequirements() {
  try {
    return fs.existsSync(motoServerBin) ? fs.readFileSync(installedMarker, 'utf8').split('\n').filter(Boolean) : [];
  } catch {
    return [];
  }
}

async function pipInstall(requirements) {
  const pip = await run(venvPython, ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--quiet', ...requirements]);
  if (pip.code !== 0) {
    throw new Error(`pip could not install ${requirements.join(' ')} into ${motoVenvDir}:\n${tailText(pip.output)}`);
  }
}

/**
 * Installs the pinned moto (and networkx, for the export test) into
 * `.cache/peers/moto-venv` unless those exact versions are already there.
 * Returns `{ motoServer, isFreshInstall }`.
 */
export async function ensureMoto({ log = () => {} } = {}) {
  const installed = installedRequirements();
  if (REQUIREMENTS.every((r) => installed.includes(r))) return { motoServer: motoServerBin, isFreshInstall: false };
  // The right moto with something added since (networkx): installed beside it, without rebuilding a venv another run may be using.
  if (installed.includes(MOTO_REQUIREMENT)) {
    const missing = REQUIREMENTS.filter((r) => !installed.includes(r));
    log(`pip install ${missing.join(' ')}`);
    await pipInstall(missing);
    fs.writeFileSync(installedMarker, `${REQUIREMENTS.join('\n')}\n`);
    return { motoServer: motoServerBin, isFreshInstall: false };
  }

  const python = process.env.KARMA_PYTHON ?? findOnPath('python3');
  if (!python) {
    throw new Error('moto (SSM stand-in) needs Python 3.9+ with venv: install it (Debian: apt-get install -y python3 python3-venv) or set KARMA_PYTHON.');
  }

  // A venv from another moto version (or a broken one) is rebuilt from scratch:
  // upgrading in place can leave stale dependencies behind.
  fs.rmSync(motoVenvDir, { recursive: true, force: true });
  fs.mkdirSync(peersCacheDir, { recursive: true });

  log(`creating Python venv at ${path.relative(process.cwd(), motoVenvDir)}`);
  const venv = await run(python, ['-m', 'venv', motoVenvDir]);
  if (venv.code !== 0) {
    throw new Error(`Could not create a Python venv with ${python} (Debian: apt-get install -y python3-venv):\n${tailText(venv.output)}`);
  }

  log(`pip install ${REQUIREMENTS.join(' ')}`);
  await pipInstall(REQUIREMENTS);
  if (!fs.existsSync(motoServerBin)) {
    throw new Error(`pip installed ${MOTO_REQUIREMENT} but ${motoServerBin} is missing`);
  }
  fs.writeFileSync(installedMarker, `${REQUIREMENTS.join('\n')}\n`);
  return { motoServer: motoServerBin, isFreshInstall: true };
}

/** Any HTTP answer means the server is accepting requests. */
async function answersHttp(endpoint) {
  const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2_000) });
  await response.arrayBuffer(); // drain, so the socket is released
  return true;
}

async function startOnce(port) {
  const endpoint = `http://${LOOPBACK}:${port}`;
  const logFile = newLogFile('moto');
  const child = spawnDetached(motoServerBin, ['-H', LOOPBACK, '-p', String(port)], {
    logFile,
    // Unbuffered, so the log shows why a start failed even if the process is killed.
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  try {
    await waitFor(() => answersHttp(endpoint), {
      timeoutMs: START_TIMEOUT_MS,
      description: `moto to answer HTTP on ${endpoint}`,
      failIf: () => (hasExited(child) ? `moto_server ${describeExit(child)}` : null),
    });
  } catch (error) {
    await stopProcessGroup(child, { signal: 'SIGKILL' });
    const failure = new Error(`moto (SSM stand-in) failed to start on ${endpoint}: ${error.message}\n` + summarizeLog(logFile));
    failure.isPortTaken = /address already in use/i.test(tailFile(logFile, 200));
    throw failure;
  }
  return {
    endpoint,
    port,
    pid: child.pid,
    logFile,
    /** Stops moto (SIGTERM to its process group, SIGKILL after 10 s) and waits for it to exit. */
    stop: ({ signal = 'SIGTERM' } = {}) => stopProcessGroup(child, { signal }),
  };
}

/**
 * Starts moto on 127.0.0.1 (`port`, or a free one) and resolves once it answers
 * HTTP: `{ endpoint, port, pid, logFile, stop() }`. Installs moto first if needed.
 */
export async function startMoto({ port } = {}) {
  await ensureMoto();
  for (let attempt = 1; ; attempt++) {
    const chosenPort = port ?? (await findFreePort());
    try {
      return await startOnce(chosenPort);
    } catch (error) {
      const canRetry = port === undefined && error.isPortTaken && attempt < MAX_START_ATTEMPTS;
      if (!canRetry) throw error;
    }
  }
}

/** Forgets every parameter (all of moto's state): call between tests. */
export async function resetMoto(endpoint) {
  const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`POST ${endpoint}/moto-api/reset answered ${response.status}`);
}
