'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { SyncButton } from '@/components/sync/sync-button';
import { mainNavigation } from '@/config/navigation';
import type { Role } from '@/lib/auth/roles';

const roleStyle: Record<Role, string> = {
  viewer: 'bg-slate-100 text-slate-700 ring-slate-300',
  proposer: 'bg-sky-50 text-sky-800 ring-sky-300',
  approver: 'bg-violet-50 text-violet-800 ring-violet-300',
  admin: 'bg-amber-50 text-amber-900 ring-amber-300',
};

export function SiteHeader({ user, isDemo }: { user: { name: string; id: string; role: Role }; isDemo: boolean }) {
  const pathname = usePathname();
  return (
    <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/95 backdrop-blur">
      <div className="flex h-12 items-center gap-6 px-4">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight text-slate-900">
          <span aria-hidden className="inline-block h-5 w-5 rounded-md bg-gradient-to-br from-indigo-500 to-emerald-500" />
          Karma
          {isDemo && <span className="rounded bg-amber-100 px-1.5 py-0.5 text-[10px] font-semibold uppercase tracking-wide text-amber-800">demo</span>}
        </Link>
        <nav aria-label="Main" className="flex items-center gap-1">
          {mainNavigation.map((item) => {
            const isActive = item.match(pathname);
            return (
              <Link
                key={item.href}
                href={item.href}
                aria-current={isActive ? 'page' : undefined}
                className={`rounded-md px-3 py-1.5 text-sm font-medium ${isActive ? 'bg-slate-900 text-white' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900'}`}
              >
                {item.label}
              </Link>
            );
          })}
        </nav>
        <div className="ml-auto flex min-w-0 items-center gap-3 text-sm">
          {/* Admins only: the server refuses everyone else's POST /api/graph/sync anyway. */}
          {user.role === 'admin' && <SyncButton />}
          <span className="text-slate-700" data-testid="signed-in-user" title={user.id}>
            {user.name}
          </span>
          <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${roleStyle[user.role]}`} data-testid="signed-in-role">
            {user.role}
          </span>
          <button type="button" onClick={() => void signOut({ callbackUrl: '/signin' })} className="rounded-md px-2 py-1 text-slate-600 hover:bg-slate-100 hover:text-slate-900">
            Sign out
          </button>
        </div>
      </div>
    </header>
  );
}
