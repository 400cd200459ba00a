/**
 * Runs once when a Karma server process starts (not during `next build`):
 * settings are validated before the first request, so a misconfigured
 * production start (e.g. no NEXTAUTH_SECRET) stops at boot with the reason,
 * and the start-up sync runs right away instead of on the first request.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { getSettings, SettingsError } = await import('./lib/server/settings');
  try {
    getSettings();
  } catch (error) {
    if (error instanceof SettingsError) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const { getServices } = await import('./lib/server/services');
  getServices().catch((error: unknown) => console.error('[karma] start-up failed:', error));
}
