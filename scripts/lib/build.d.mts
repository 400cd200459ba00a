// Types for build.mjs.
export const root: string;
export const nextBin: string;
export function isBuildStale(): boolean;
export function ensureBuild(options?: { log?: (line: string) => void }): boolean;
