// Types for build.mjs.
export const root: string;
export const nextBin: string;
export function isOlderThanSources(marker: string, names: string[], base?: string): boolean;
export function isBuildStale(): boolean;
export function isSettingsVariable(name: string): boolean;
export function ensureBuild(options?: { log?: (line: string) => void }): boolean;
export const DEFAULT_HEAP_MB: number;
export function heapBudgetMb(env?: Record<string, string | undefined>): number;
export function nextStartArgs(options: { host?: string; port?: string | number; env?: Record<string, string | undefined> }): string[];
export function nextStartArgsOrExit(options: { host?: string; port?: string | number; env?: Record<string, string | undefined> }): string[];
export function servePortal(args: string[], env: Record<string, string | undefined>): void;
export const SOURCES: string[];
export function newestMtime(file: string): number;
