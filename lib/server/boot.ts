import 'server-only';
import { allowPrecompressedResponses } from './precompressed';
import { getServices } from './services';
import { getSettings, SettingsError } from './settings';

/**
 * Runs once when a Karma server process starts (from instrumentation.ts):
 * settings are validated before the first request, so a misconfigured
 * production start (e.g. no NEXTAUTH_SECRET) stops at boot with the reason,
 * and the start-up sync runs right away instead of on the first request.
 * In a function (serverless mode) responses are OpenNext's, not Node's
 * (precompressed.ts patches Node's), and OpenNext's wrapper compresses them.
 */
export function boot(): void {
  let isServerless = false;
  try {
    isServerless = getSettings().serverless;
  } catch (error) {
    if (error instanceof SettingsError) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (!isServerless) allowPrecompressedResponses();
  getServices().catch((error: unknown) => console.error('[karma] start-up failed:', error));
}
