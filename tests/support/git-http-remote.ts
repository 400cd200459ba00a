/**
 * A Git remote over smart HTTP on loopback that wants a token, as GitHub or
 * GitLab do: a node:http server in front of `git http-backend` (run as CGI,
 * one process per request) that serves the bare repositories under
 * `projectRoot`, fetches and pushes alike. Every request must carry HTTP
 * Basic auth whose password is `token` (any user name, as GitHub accepts);
 * others get 401 with a Basic challenge, which is what makes git ask its
 * credential helper. `requests` records what arrived, so a test can tell the
 * token was used. The bare repository `<projectRoot>/<name>.git` is
 * `${url}<name>.git`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type net from 'node:net';
import { isolatedGitEnv } from '../../scripts/peers/git-daemon.mjs';

export type GitHttpRequest = {
  method: string;
  /** The request target: path and query (`/config.git/info/refs?service=git-upload-pack`). */
  path: string;
  /** Whether it carried Basic auth with the right password (and so reached git). */
  authorized: boolean;
  /** The user name of its Basic auth; null when it had none. */
  username: string | null;
};

export type GitHttpRemote = {
  /** `http://127.0.0.1:<port>/`. */
  url: string;
  requests: GitHttpRequest[];
  /** Closes the server and its connections, and kills any running `git http-backend`. */
  stop(): Promise<void>;
};

const REALM = 'karma-test';

/** User name and password of a Basic Authorization header; null when there is none or it is not Basic. */
function basicCredentials(header: string | undefined): { username: string; password: string } | null {
  const match = /^Basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { username: decoded, password: '' };
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * The CGI response's header block, up to the blank line (CRLF or LF), and
 * where the body starts; null while the blank line has not arrived.
 */
function splitCgiHead(buffer: Buffer): { head: string; bodyStart: number } | null {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf < 0 && lf < 0) return null;
  if (lf < 0 || (crlf >= 0 && crlf < lf)) return { head: buffer.subarray(0, crlf).toString('latin1'), bodyStart: crlf + 4 };
  return { head: buffer.subarray(0, lf).toString('latin1'), bodyStart: lf + 2 };
}

function parseCgiHead(head: string): { status: number; reason: string | undefined; headers: Array<[string, string]> } {
  let status = 200;
  let reason: string | undefined;
  const headers: Array<[string, string]> = [];
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') {
      const match = /^(\d{3})\s*(.*)$/.exec(value);
      if (match) {
        status = Number(match[1]);
        reason = match[2] || undefined;
      }
    } else {
      headers.push([name, value]);
    }
  }
  return { status, reason, headers };
}

export async function startGitHttpRemote({ projectRoot, token, user = 'x-access-token' }: { projectRoot: string; token: string; user?: string }): Promise<GitHttpRemote> {
  const requests: GitHttpRequest[] = [];
  const children = new Set<ChildProcessWithoutNullStreams>();

  const serveWithBackend = (req: IncomingMessage, res: ServerResponse, username: string) => {
    const target = new URL(req.url ?? '/', 'http://127.0.0.1');
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    };
    const cgi: Record<string, string> = {
      GIT_PROJECT_ROOT: projectRoot,
      GIT_HTTP_EXPORT_ALL: '1',
      // receive-pack is off over HTTP unless enabled (and then only for an authenticated REMOTE_USER).
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.receivepack',
      GIT_CONFIG_VALUE_0: 'true',
      GATEWAY_INTERFACE: 'CGI/1.1',
      SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: decodeURIComponent(target.pathname),
      QUERY_STRING: target.search.replace(/^\?/, ''),
      REMOTE_USER: username || user,
      REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    };
    const optional: Array<[string, string | undefined]> = [
      ['CONTENT_TYPE', header('content-type')],
      // Absent for a chunked body: http-backend then reads its stdin to the end.
      ['CONTENT_LENGTH', header('content-length')],
      ['HTTP_CONTENT_ENCODING', header('content-encoding')],
      ['GIT_PROTOCOL', header('git-protocol')],
    ];
    for (const [name, value] of optional) if (value !== undefined) cgi[name] = value;

    const child = spawn('git', ['http-backend'], { env: isolatedGitEnv(cgi), stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    // A refusal can exit before reading all of the request body.
    child.stdin.on('error', () => {});
    req.pipe(child.stdin);

    let pending: Buffer | null = Buffer.alloc(0);
    child.stdout.on('data', (chunk: Buffer) => {
      if (pending === null) {
        res.write(chunk);
        return;
      }
      pending = Buffer.concat([pending, chunk]);
      const split = splitCgiHead(pending);
      if (!split) return;
      const { status, reason, headers } = parseCgiHead(split.head);
      res.statusCode = status;
      if (reason) res.statusMessage = reason;
      for (const [name, value] of headers) res.appendHeader(name, value);
      res.flushHeaders();
      const body = pending.subarray(split.bodyStart);
      pending = null;
      if (body.length > 0) res.write(body);
    });
    let finished = false;
    const finish = (failure: string | null) => {
      if (finished) return;
      finished = true;
      children.delete(child);
      if (pending !== null) {
        // No (complete) CGI header block: the backend failed before answering.
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`git http-backend ${failure ?? 'sent no headers'}\n${stderr}`);
        return;
      }
      res.end();
    };
    child.on('error', (error) => finish(`could not start: ${error.message}`));
    child.stdout.on('end', () => {
      // stdout ends before (or as) the process exits; wait for the exit to report a failure.
      if (child.exitCode !== null || child.signalCode !== null) finish(child.exitCode === 0 ? null : `exited ${child.exitCode ?? child.signalCode}`);
      else child.once('exit', (code, signal) => finish(code === 0 ? null : `exited ${code ?? signal}`));
    });
    // The client gave up: nothing will read the answer.
    res.on('close', () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
  };

  const server = createServer((req, res) => {
    const credentials = basicCredentials(req.headers.authorization);
    const authorized = credentials !== null && credentials.password === token;
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', authorized, username: credentials?.username ?? null });
    if (!authorized) {
      // Drain the body so the connection can be reused for the retry with credentials.
      req.resume();
      res.writeHead(401, { 'WWW-Authenticate': `Basic realm="${REALM}"`, 'Content-Type': 'text/plain' });
      res.end('Authentication required\n');
      return;
    }
    serveWithBackend(req, res, credentials.username);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as net.AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    stop: async () => {
      for (const child of children) child.kill('SIGKILL');
      children.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
