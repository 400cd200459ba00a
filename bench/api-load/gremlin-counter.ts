/**
 * The tests' loopback TCP proxy in front of Gremlin Server, counting the portal's
 * round trips to it, without touching product code: each Gremlin request is
 * one WebSocket message from client to server, so it counts the data frames
 * that start a message (text or binary; not continuations, pings, pongs or
 * closes) on the client's side of every connection, after the HTTP upgrade.
 */
import { startTcpProxy } from '../../tests/support/tcp-proxy';

export type GremlinCounter = {
  /** Where the portal connects: `ws://127.0.0.1:<port>/gremlin`. */
  endpoint: string;
  /** Requests sent since the last reset. */
  requests(): number;
  reset(): void;
  close(): Promise<void>;
};

const TEXT = 0x1;
const BINARY = 0x2;

/** Reads the client→server byte stream of one connection and calls `onRequest` for each message it starts. */
function frameCounter(onRequest: () => void): (chunk: Buffer) => void {
  let isUpgraded = false;
  let pending: Buffer = Buffer.alloc(0);
  /** Payload bytes of the current frame still to come: skipped, never buffered. */
  let skip = 0;
  return (chunk) => {
    let data: Buffer = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    pending = Buffer.alloc(0);
    if (!isUpgraded) {
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) {
        pending = data;
        return;
      }
      isUpgraded = true;
      data = data.subarray(end + 4);
    }
    let at = 0;
    for (;;) {
      if (skip > 0) {
        const skipped = Math.min(skip, data.length - at);
        skip -= skipped;
        at += skipped;
        if (skip > 0) return;
      }
      if (data.length - at < 2) break;
      const opcode = data[at] & 0x0f;
      const length7 = data[at + 1] & 0x7f;
      const isMasked = (data[at + 1] & 0x80) !== 0;
      const lengthBytes = length7 === 126 ? 2 : length7 === 127 ? 8 : 0;
      const headerBytes = 2 + lengthBytes + (isMasked ? 4 : 0);
      if (data.length - at < headerBytes) break;
      const payload = length7 === 126 ? data.readUInt16BE(at + 2) : length7 === 127 ? Number(data.readBigUInt64BE(at + 2)) : length7;
      if (opcode === TEXT || opcode === BINARY) onRequest();
      at += headerBytes;
      skip = payload;
    }
    pending = Buffer.from(data.subarray(at));
  };
}

export async function startGremlinCounter(target: { port: number; host?: string }): Promise<GremlinCounter> {
  let requests = 0;
  const proxy = await startTcpProxy(target, { watchClient: () => frameCounter(() => requests++) });
  return {
    endpoint: `ws://127.0.0.1:${proxy.port}/gremlin`,
    requests: () => requests,
    reset: () => (requests = 0),
    close: () => proxy.close(),
  };
}
