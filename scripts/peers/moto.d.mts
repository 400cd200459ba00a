// Types for moto.mjs (SSM stand-in).
import type { ProvisionOptions, RunningPeer } from './proc.mjs';

export const MOTO_VERSION: string;
export const NETWORKX_VERSION: string;
export const motoVenvDir: string;
/** The peers venv's Python (with networkx). */
export const peersPython: string;
export function ensureMoto(options?: ProvisionOptions): Promise<{ motoServer: string; isFreshInstall: boolean }>;
/** `endpoint` is `http://127.0.0.1:<port>`, for the SSM client's `endpoint`. */
export function startMoto(options?: { port?: number }): Promise<RunningPeer>;
export function resetMoto(endpoint: string): Promise<void>;
