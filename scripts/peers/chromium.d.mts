// Types for chromium.mjs.
import type { ProvisionOptions } from './proc.mjs';

export const CHROMIUM_LAUNCH_ARGS: readonly string[];
export function ensureChromium(options?: ProvisionOptions): Promise<string>;
