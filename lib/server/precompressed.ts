import 'server-only';
import { OutgoingMessage } from 'node:http';

/**
 * Lets a route handler send a body it compressed itself. Next strips
 * `Content-Encoding` from route handler responses (it cannot tell an
 * encoded body from one fetch already decoded) and would then gzip every
 * answer again per request. A handler that sets this header instead gets it
 * written as `Content-Encoding` on the Node response, where Next's own
 * compression sees it and leaves the body alone ("already encoded").
 * Installed once per server process at boot; routes compress only when it is.
 */
export const ENCODING_HEADER = 'x-karma-content-encoding';

type Patched = typeof OutgoingMessage.prototype & { [PATCHED]?: true };
const PATCHED = Symbol.for('karma.precompressed');

export function allowPrecompressedResponses(): void {
  const proto = OutgoingMessage.prototype as Patched;
  if (proto[PATCHED]) return;
  const setHeader = proto.setHeader;
  proto.setHeader = function (this: OutgoingMessage, name: string, value: number | string | readonly string[]) {
    return setHeader.call(this, name.toLowerCase() === ENCODING_HEADER ? 'Content-Encoding' : name, value);
  };
  proto[PATCHED] = true;
}

export function isPrecompressionAllowed(): boolean {
  return (OutgoingMessage.prototype as Patched)[PATCHED] === true;
}
