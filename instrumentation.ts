// Next calls register() once per server process; Karma's boot is Node-only
// (it reads settings files and opens store connections), so it is imported
// only on the Node.js runtime and never during `next build`.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { boot } = await import('./lib/server/boot');
  boot();
}
