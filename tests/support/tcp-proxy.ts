/**
 * A TCP proxy in front of a real peer (moto, Gremlin Server) that a test can
 * turn against its client the way a network does: cut every open
 * connection, accept and never answer (a black hole), answer slowly (each
 * chunk from the peer held back a while), go down (connections refused) and
 * come back on the same port.
 */
import net from 'node:net';

export type TcpProxy = {
  port: number;
  /** Drops every open connection, as a failing network or load balancer would. */
  cut(): void;
  setBlackHole(isBlackHole: boolean): void;
  /** Holds each chunk the peer sends back for this long, in order (0: none). */
  setDelay(ms: number): void;
  /** Stops listening and cuts everything: new connections are refused. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
};

export type TcpProxyOptions = {
  /** Called once per connection; what it returns sees every chunk the client sends (the bench counts Gremlin requests with it). */
  watchClient?: () => (chunk: Buffer) => void;
};

export async function startTcpProxy(target: { host?: string; port: number }, options: TcpProxyOptions = {}): Promise<TcpProxy> {
  let isBlackHole = false;
  let delayMs = 0;
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = net.createServer((client) => {
    track(client);
    if (isBlackHole) return; // accepted, never answered
    const upstream = net.connect(target.port, target.host ?? '127.0.0.1');
    track(upstream);
    if (options.watchClient) client.on('data', options.watchClient());
    client.pipe(upstream).on('error', () => {});
    upstream.on('data', (chunk: Buffer) => {
      if (delayMs === 0) return void client.write(chunk);
      // Paused while held, so chunks stay in order and the peer feels the slow reader.
      upstream.pause();
      setTimeout(() => {
        client.write(chunk);
        upstream.resume();
      }, delayMs);
    });
    upstream.on('end', () => client.end());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  await listen(0);
  const { port } = server.address() as net.AddressInfo;
  const cut = () => sockets.forEach((socket) => socket.destroy());
  const down = () =>
    new Promise<void>((resolve) => {
      cut();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
  return {
    port,
    cut,
    setBlackHole: (value) => {
      isBlackHole = value;
    },
    setDelay: (ms) => {
      delayMs = ms;
    },
    down,
    up: () => (server.listening ? Promise.resolve() : listen(port)),
    close: down,
  };
}
