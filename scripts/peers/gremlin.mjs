// Apache TinkerPop Gremlin Server as the Neptune stand-in for integration tests
// and benchmarks (ARCHITECTURE.md §7). Its classpath is assembled from Maven
// Central into the ignored cache folder; each start writes its configuration
// from the templates in ./gremlin-server/ and runs the server on loopback.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import gremlin from 'gremlin';
import { findFreePort, isPortBindable, isPortOpen, LOOPBACK } from './ports.mjs';
import { describeExit, findOnPath, hasExited, peersCacheDir, run, spawnDetached, stopProcessGroup, tailText, waitFor } from './proc.mjs';
import { newLogFile, summarizeLog, tailFile } from './logs.mjs';

/**
 * The 3.7 line, like the npm `gremlin` client (3.7.3, the newest Neptune
 * supports). The server is 3.7.4 because 3.7.3's TinkerTransactionGraph leaves
 * an id unusable once it was read, dropped and added again (TINKERPOP-3142);
 * Neptune does not, and Karma's sync does exactly that when a component comes back.
 */
export const TINKERPOP_VERSION = '3.7.4';
/** TinkerPop 3.7's own build uses logback 1.2.13 (slf4j 1.7). */
const LOGBACK_VERSION = '1.2.13';
const DEPENDENCY_PLUGIN_VERSION = '3.8.1';

const templatesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'gremlin-server');
export const gremlinServerDir = path.join(peersCacheDir, `gremlin-server-${TINKERPOP_VERSION}`);
const libDir = path.join(gremlinServerDir, 'lib');
/** Written last, so an interrupted download is redone rather than trusted. */
const installedMarker = path.join(libDir, '.karma-installed');
const installedStamp = `gremlin-server ${TINKERPOP_VERSION}, logback-classic ${LOGBACK_VERSION}`;
/**
 * Maven's local repository is kept inside the cache too, so deleting
 * `.cache/peers` really provisions from scratch and nothing leaks into ~/.m2.
 */
const mavenRepoDir = path.join(peersCacheDir, 'm2');

const MAIN_CLASS = 'org.apache.tinkerpop.gremlin.server.GremlinServer';
/**
 * Start-up flags, measured on a 2-core machine (start to first answered
 * traversal): JVM defaults 2.2 s, serial GC 2.1 s, C1 only (TieredStopAtLevel=1)
 * 1.6 s. Tests run far too briefly for C2's optimisations to pay off; a
 * benchmark that measures the server's own throughput may want C2 back
 * (KARMA_GREMLIN_JVM_FLAGS). The heap is capped so a runaway test fails
 * instead of eating the machine.
 */
const DEFAULT_JVM_FLAGS = ['-Xms256m', '-Xmx2g', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'];

/** KARMA_GREMLIN_JVM_FLAGS (space-separated) replaces the defaults, e.g. for a bigger heap in a benchmark. */
function jvmFlags() {
  const override = process.env.KARMA_GREMLIN_JVM_FLAGS?.trim();
  return override ? override.split(/\s+/) : DEFAULT_JVM_FLAGS;
}

/**
 * Class-data-sharing archive of the classes the server loads at start-up,
 * dumped by the JVM on the first graceful stop and mapped by later starts:
 * it cuts start-up by about 40% (1.6 s to 0.9 s here). A stale or unusable
 * archive only makes the JVM warn and start without it.
 */
const cdsDir = path.join(gremlinServerDir, 'cds');
const cdsArchive = path.join(cdsDir, 'gremlin-server.jsa');

function classDataSharing() {
  if (fs.existsSync(cdsArchive)) return { flags: [`-XX:SharedArchiveFile=${cdsArchive}`], pendingArchive: null };
  fs.mkdirSync(cdsDir, { recursive: true });
  // A per-start name, renamed into place after a clean exit: two servers
  // stopping at once must not write the same file.
  const pendingArchive = path.join(cdsDir, `gremlin-server.${process.pid}-${Date.now()}.jsa.partial`);
  return { flags: [`-XX:ArchiveClassesAtExit=${pendingArchive}`], pendingArchive };
}

function adoptArchive(pendingArchive) {
  if (!pendingArchive || !fs.existsSync(pendingArchive)) return;
  if (fs.existsSync(cdsArchive)) fs.rmSync(pendingArchive, { force: true });
  else fs.renameSync(pendingArchive, cdsArchive);
}

const START_TIMEOUT_MS = 60_000;
/** A restart on the same port waits this long for the old listener to go. */
const PORT_RELEASE_TIMEOUT_MS = 15_000;
const MAX_START_ATTEMPTS = 3;

function isInstalled() {
  try {
    return fs.readFileSync(installedMarker, 'utf8').trim() === installedStamp;
  } catch {
    return false;
  }
}

/** Java major version from `java -version` output ("17.0.15", "1.8.0_392"). */
function parseJavaMajor(output) {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return null;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

/** `java -version` takes ~40 ms; ask once per process. */
let javaCheck = null;
function checkJava() {
  javaCheck ??= findJava().catch((error) => {
    javaCheck = null; // let a later call try again (e.g. after installing Java)
    throw error;
  });
  return javaCheck;
}

async function findJava() {
  const java = findOnPath('java');
  const hint = 'Install a JDK/JRE 11 or 17 (Debian: apt-get install -y openjdk-17-jre-headless).';
  if (!java) throw new Error(`Gremlin Server (Neptune stand-in) needs Java, which is not on PATH. ${hint}`);
  const { code, output } = await run(java, ['-version']);
  const major = parseJavaMajor(output);
  if (code !== 0 || major === null) throw new Error(`\`java -version\` failed:\n${tailText(output)}\n${hint}`);
  if (major < 11) throw new Error(`Gremlin Server ${TINKERPOP_VERSION} needs Java 11+, found Java ${major}. ${hint}`);
  return java;
}

function fillTemplate(name, values) {
  let text = fs.readFileSync(path.join(templatesDir, name), 'utf8');
  for (const [key, value] of Object.entries(values)) text = text.replaceAll(`@${key}@`, value);
  const leftover = /@[A-Z_]+@/.exec(text);
  if (leftover) throw new Error(`Template ${name} still has placeholder ${leftover[0]}`);
  return text;
}

/**
 * Downloads Gremlin Server's runtime classpath into
 * `.cache/peers/gremlin-server-<version>/lib` unless it is already complete.
 * Needs Java and Maven. Returns `{ libDir, isFreshInstall }`.
 */
export async function ensureGremlinServer({ log = () => {} } = {}) {
  await checkJava(); // checked even when installed: starting needs it too
  if (isInstalled()) return { libDir, isFreshInstall: false };

  const mvn = findOnPath('mvn');
  if (!mvn) {
    throw new Error('Assembling Gremlin Server (Neptune stand-in) needs Maven, which is not on PATH (Debian: apt-get install -y maven).');
  }

  const buildDir = path.join(gremlinServerDir, 'build');
  // Download into a scratch folder and rename at the end, so `lib` is either
  // complete or absent, never half-filled.
  const scratchLibDir = path.join(gremlinServerDir, `lib.partial-${process.pid}`);
  fs.rmSync(buildDir, { recursive: true, force: true });
  for (const leftover of fs.existsSync(gremlinServerDir) ? fs.readdirSync(gremlinServerDir) : []) {
    // Scratch folders of interrupted earlier attempts.
    if (leftover.startsWith('lib.partial-')) fs.rmSync(path.join(gremlinServerDir, leftover), { recursive: true, force: true });
  }
  fs.mkdirSync(buildDir, { recursive: true });
  fs.writeFileSync(
    path.join(buildDir, 'pom.xml'),
    fillTemplate('pom.xml.template', {
      TINKERPOP_VERSION,
      LOGBACK_VERSION,
      DEPENDENCY_PLUGIN_VERSION,
    }),
  );

  log(`mvn dependency:copy-dependencies (gremlin-server ${TINKERPOP_VERSION}) into ${path.relative(process.cwd(), libDir)}`);
  const result = await run(
    mvn,
    ['--batch-mode', '--quiet', `-Dmaven.repo.local=${mavenRepoDir}`, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${scratchLibDir}`],
    { cwd: buildDir },
  );
  if (result.code !== 0) {
    fs.rmSync(scratchLibDir, { recursive: true, force: true });
    throw new Error(`Maven could not assemble Gremlin Server ${TINKERPOP_VERSION} (is Maven Central reachable?):\n${tailText(result.output)}`);
  }
  const serverJar = path.join(scratchLibDir, `gremlin-server-${TINKERPOP_VERSION}.jar`);
  if (!fs.existsSync(serverJar)) throw new Error(`Maven finished but ${serverJar} is missing`);

  fs.rmSync(libDir, { recursive: true, force: true });
  fs.rmSync(cdsDir, { recursive: true, force: true }); // built from the old classpath
  fs.renameSync(scratchLibDir, libDir);
  fs.writeFileSync(installedMarker, `${installedStamp}\n`);
  return { libDir, isFreshInstall: true };
}

/**
 * Writes this start's configuration into runs/port-<port>/ (overwritten by the
 * next start on that port) and returns the yaml's path.
 */
function writeRunConfig(port) {
  const runDir = path.join(gremlinServerDir, 'runs', `port-${port}`);
  fs.mkdirSync(runDir, { recursive: true });
  const graphProperties = path.join(runDir, 'tinkergraph.properties');
  const initScript = path.join(runDir, 'init-traversal-source.groovy');
  const logbackConfig = path.join(runDir, 'logback.xml');
  fs.copyFileSync(path.join(templatesDir, 'tinkergraph.properties'), graphProperties);
  fs.copyFileSync(path.join(templatesDir, 'init-traversal-source.groovy'), initScript);
  fs.copyFileSync(path.join(templatesDir, 'logback.xml'), logbackConfig);
  const yamlFile = path.join(runDir, 'gremlin-server.yaml');
  fs.writeFileSync(
    yamlFile,
    fillTemplate('gremlin-server.yaml.template', {
      PORT: String(port),
      GRAPH_PROPERTIES: graphProperties,
      INIT_SCRIPT: initScript,
    }),
  );
  return { yamlFile, logbackConfig };
}

/**
 * Logged by every 3.7 start: Settings.read still describes a `plugins` field
 * that Settings no longer has. Harmless; left out of failure reports.
 */
const HARMLESS_WARNING = /Settings\.plugins/;

/** Error from the server when the init script did not bind `g`. */
const UNBOUND_SOURCE = /traversal source \[g\].*not configured/is;

/**
 * One real bytecode request over a new connection. Resolves true when the
 * graph answers; rethrows an unbound-`g` error marked as fatal (waiting longer
 * does not help).
 */
async function answersTraversal(endpoint) {
  const connection = new gremlin.driver.DriverRemoteConnection(endpoint);
  try {
    const g = gremlin.process.AnonymousTraversalSource.traversal().withRemote(connection);
    await g.V().limit(1).count().next();
    return true;
  } catch (error) {
    if (UNBOUND_SOURCE.test(String(error?.message))) error.isFatal = true;
    throw error;
  } finally {
    await connection.close().catch(() => {});
  }
}

async function startOnce(port) {
  const endpoint = `ws://${LOOPBACK}:${port}/gremlin`;
  const java = await checkJava();
  const { yamlFile, logbackConfig } = writeRunConfig(port);
  const logFile = newLogFile('gremlin-server');
  const { flags: cdsFlags, pendingArchive } = classDataSharing();
  const child = spawnDetached(java, [...jvmFlags(), ...cdsFlags, `-Dlogback.configurationFile=${logbackConfig}`, '-cp', path.join(libDir, '*'), MAIN_CLASS, yamlFile], {
    cwd: gremlinServerDir,
    logFile,
  });
  const failIf = () => (hasExited(child) ? `Gremlin Server ${describeExit(child)}` : null);
  let fatal = null;
  try {
    await waitFor(() => isPortOpen(port), {
      timeoutMs: START_TIMEOUT_MS,
      description: `Gremlin Server to listen on ${LOOPBACK}:${port}`,
      failIf,
    });
    await waitFor(
      () =>
        answersTraversal(endpoint).catch((error) => {
          if (error.isFatal) fatal = error;
          throw error;
        }),
      {
        timeoutMs: 20_000,
        intervalMs: 250,
        description: `a traversal on ${endpoint} to succeed`,
        failIf: () => (fatal ? 'the traversal source `g` is not bound: the init script (init-traversal-source.groovy) failed (its errors are below)' : failIf()),
      },
    );
  } catch (error) {
    await stopProcessGroup(child, { signal: 'SIGKILL' });
    if (pendingArchive) fs.rmSync(pendingArchive, { force: true });
    const failure = new Error(`Gremlin Server (Neptune stand-in) failed to start on ${endpoint}: ${error.message}\n` + summarizeLog(logFile, { ignore: HARMLESS_WARNING }));
    failure.isPortTaken = /address already in use/i.test(tailFile(logFile, 400));
    throw failure;
  }
  return {
    endpoint,
    port,
    pid: child.pid,
    logFile,
    /**
     * Stops the server and waits for it to exit; the port is free afterwards.
     * `signal: 'SIGKILL'` simulates a crash (no graceful shutdown).
     */
    stop: async ({ signal = 'SIGTERM' } = {}) => {
      await stopProcessGroup(child, { signal });
      adoptArchive(pendingArchive);
    },
  };
}

/**
 * Starts Gremlin Server on 127.0.0.1 (`port`, or a free one) with an empty
 * graph and resolves once a bytecode traversal succeeds:
 * `{ endpoint, port, pid, logFile, stop() }`. Assembles the server first if
 * needed. Starting again on the port of a stopped server works.
 */
export async function startGremlinServer({ port } = {}) {
  await ensureGremlinServer();
  if (port !== undefined) {
    await waitFor(() => isPortBindable(port), {
      timeoutMs: PORT_RELEASE_TIMEOUT_MS,
      description: `port ${port} to be free for Gremlin Server (is another process listening on it?)`,
    });
  }
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
