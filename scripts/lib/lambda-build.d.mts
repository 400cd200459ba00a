// Types for lambda-build.mjs.
export const LAMBDA_SOURCES: string[];
export function isTestOnly(relativePath: string): boolean;
export const stagingDir: string;
export const outputDir: string;
export const serverFunctionDir: string;
export const assetsDir: string;
export const HANDLER: string;
export const entryPointSource: string;
export const stampFile: string;
export function isLambdaBuildStale(options?: { base?: string; stamp?: string; names?: string[] }): boolean;
export function ensureLambdaBuild(options?: { log?: (line: string) => void }): boolean;
