// Types for gremlin.mjs (Neptune stand-in).
import type { ProvisionOptions, RunningPeer } from './proc.mjs';

export const TINKERPOP_VERSION: string;
export const gremlinServerDir: string;
export function ensureGremlinServer(options?: ProvisionOptions): Promise<{ libDir: string; isFreshInstall: boolean }>;
/** `endpoint` is `ws://127.0.0.1:<port>/gremlin`, for DriverRemoteConnection. */
export function startGremlinServer(options?: { port?: number }): Promise<RunningPeer>;
