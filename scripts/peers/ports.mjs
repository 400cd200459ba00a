// Loopback port helpers for the test peers. Peers bind to 127.0.0.1 only, so
// every check here targets that address and nothing is ever exposed.
import net from 'node:net';

export const LOOPBACK = '127.0.0.1';

/**
 * Asks the kernel for a free port by binding port 0 and releasing it. There is
 * a short window in which another process may take the port; callers that
 * picked the port this way retry with a new one when the peer fails to bind.
 */
export function findFreePort(host = LOOPBACK) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves true when something accepts TCP connections on host:port. */
export function isPortOpen(port, host = LOOPBACK, timeoutMs = 1_000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (isOpen) => {
      socket.destroy();
      resolve(isOpen);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Resolves true when host:port can be bound right now. A peer restarted on the
 * same port (tests kill Gremlin Server mid-sync and bring it back) must wait
 * for the previous listener to be gone before it starts.
 */
export function isPortBindable(port, host = LOOPBACK) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });
}
