import 'server-only';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { AppError } from '@/lib/model/errors';

/**
 * IAM authentication for Neptune: the WebSocket handshake `GET /gremlin` is
 * signed with SigV4 for service `neptune-db`, and the signed headers travel
 * with the upgrade request. Neptune checks them only when the connection
 * opens, so the caller opens a new connection (with new headers) before the
 * credentials behind the old one expire.
 */

export type AwsCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date };
export type CredentialsProvider = () => Promise<AwsCredentials>;

export type SignedHandshake = {
  headers: Record<string, string>;
  /** When to stop using a connection opened with these headers (ms since epoch); null: never. */
  renewAt: number | null;
};

/** Renew this long before temporary credentials expire, so no request races the expiry. */
const RENEW_MARGIN_MS = 5 * 60_000;

export async function signHandshake(options: { endpoint: string; region: string; credentials: CredentialsProvider; now?: Date }): Promise<SignedHandshake> {
  const url = new URL(options.endpoint);
  if (url.protocol !== 'wss:' && url.protocol !== 'ws:') {
    throw new AppError('bad_request', `The Neptune endpoint must be ws(s)://host:port/gremlin, not ${options.endpoint}`);
  }
  const credentials = await options.credentials();
  // No x-amz-content-sha256: the handshake has no body, and Neptune's documented set is host, x-amz-date (+ token).
  const signer = new SignatureV4({ credentials, region: options.region, service: 'neptune-db', sha256: Sha256, applyChecksum: false });
  // `url.host` keeps a non-default port, as the `ws` client sends it in its Host header.
  const signed = await signer.sign(
    {
      method: 'GET',
      protocol: url.protocol === 'wss:' ? 'https:' : 'http:',
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { host: url.host },
    },
    { signingDate: options.now },
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) headers[name] = String(value);
  const expiresAt = credentials.expiration?.getTime();
  return { headers, renewAt: expiresAt === undefined ? null : expiresAt - RENEW_MARGIN_MS };
}
