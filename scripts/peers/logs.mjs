// Log files of the peers (one per start, under .cache/peers/logs/) and what
// to show of them when a peer fails: the error messages of startMoto and
// startGremlinServer quote these so a failure explains itself in CI output.
import fs from 'node:fs';
import path from 'node:path';
import { peersCacheDir } from './proc.mjs';

export const peersLogDir = path.join(peersCacheDir, 'logs');

/** How many logs of one peer to keep; older ones are deleted on each start. */
const LOGS_KEPT_PER_PEER = 20;

/**
 * Log file name unique to this start, so a restart does not overwrite the log
 * that explains why the previous run ended. Old logs are pruned.
 */
export function newLogFile(name) {
  fs.mkdirSync(peersLogDir, { recursive: true });
  const previous = fs
    .readdirSync(peersLogDir)
    .filter((file) => file.startsWith(`${name}-`) && file.endsWith('.log'))
    .sort(); // names start with an ISO timestamp, so this is oldest first
  for (const file of previous.slice(0, Math.max(0, previous.length - LOGS_KEPT_PER_PEER + 1))) {
    fs.rmSync(path.join(peersLogDir, file), { force: true });
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return path.join(peersLogDir, `${name}-${stamp}-${process.pid}.log`);
}

/** Last `maxLines` lines of a (log) file, or a note that it is missing. */
export function tailFile(file, maxLines = 40) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return `(no log at ${file})`;
  }
  const lines = text.trimEnd().split('\n');
  return lines.slice(-maxLines).join('\n') || '(log is empty)';
}

/**
 * What to show of a peer's log when it failed to start: the warnings and
 * errors it reported (each with the line after it, usually the exception),
 * then its last lines. Java stack frames are collapsed: a failed request logs
 * dozens of them and they would push the real cause out of view.
 */
export function summarizeLog(file, { maxProblems = 12, maxTailLines = 25, ignore = null } = {}) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return `(no log at ${file})`;
  }
  const lines = [];
  for (const line of text.trimEnd().split('\n')) {
    const isFrame = /^\s+(at |\.\.\. \d+ (more|common frames omitted))/.test(line);
    const last = lines.at(-1);
    if (isFrame && last?.frames !== undefined) last.frames++;
    else if (isFrame) lines.push({ frames: 1 });
    else lines.push({ text: line });
  }
  const render = (entry) => entry.text ?? `\t… ${entry.frames} stack frame(s)`;
  const isProblem = (entry) => entry.text !== undefined && /\[(WARN|ERROR)\]|^WARNING:|^SEVERE:|Error:|Exception:/.test(entry.text) && !(ignore && ignore.test(entry.text));
  const picked = new Set();
  lines.forEach((entry, index) => {
    if (picked.size >= maxProblems * 2 || !isProblem(entry)) return;
    picked.add(index);
    // The line after a warning usually names the exception behind it.
    if (lines[index + 1]?.text !== undefined && !/\[(INFO|DEBUG)\]/.test(lines[index + 1].text)) picked.add(index + 1);
  });
  const problems = [...picked].sort((a, b) => a - b).map((index) => render(lines[index]));
  const tail = lines.slice(-maxTailLines).map(render).join('\n') || '(log is empty)';
  const problemSection = problems.length > 0 ? `warnings and errors in ${file}:\n${problems.join('\n')}\n` : '';
  return `${problemSection}--- last lines of ${file} ---\n${tail}`;
}
