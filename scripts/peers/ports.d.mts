// Types for ports.mjs.
export const LOOPBACK: '127.0.0.1';
export function findFreePort(host?: string): Promise<number>;
export function isPortOpen(port: number, host?: string, timeoutMs?: number): Promise<boolean>;
export function isPortBindable(port: number, host?: string): Promise<boolean>;
