import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { LiveEvents } from '@/components/layout/live-events';
import { SiteHeader } from '@/components/layout/site-header';
import { getCurrentUser } from '@/lib/auth/current-user';
import { livePositionNow } from '@/lib/server/event-hub';
import { getSettings } from '@/lib/server/settings';

// Rendered per request, never at build time: every page depends on the session
// and on settings that exist only where the server runs.
export const dynamic = 'force-dynamic';

// Every page of the portal needs a session; checked here on the server (proxy.ts only redirects early).
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect('/signin');
  return (
    <div className="flex min-h-screen flex-col">
      <LiveEvents startAfter={await livePositionNow()} />
      <SiteHeader user={{ name: user.name, id: user.id, role: user.role }} isDemo={getSettings().isDemo} />
      <main className="flex min-h-0 flex-1 flex-col">{children}</main>
    </div>
  );
}
