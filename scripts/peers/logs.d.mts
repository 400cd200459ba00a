// Types for logs.mjs.
export const peersLogDir: string;
export function newLogFile(name: string): string;
export function tailFile(file: string, maxLines?: number): string;
export function summarizeLog(file: string, options?: { maxProblems?: number; maxTailLines?: number; ignore?: RegExp | null }): string;
