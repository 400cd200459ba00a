'use client';

import { signIn } from 'next-auth/react';
import { useState } from 'react';
import type { Role } from '@/lib/auth/roles';

type Props = {
  callbackUrl: string;
  providers: Array<{ id: string; name: string }>;
  demoUsers: Array<{ username: string; name: string; role: Role }>;
};

const roleNote: Record<Role, string> = {
  viewer: 'can look, not change',
  proposer: 'proposes changes',
  approver: 'reviews and applies',
  admin: 'everything, incl. sync',
};

export function SignInOptions({ callbackUrl, providers, demoUsers }: Props) {
  const [pending, setPending] = useState<string | null>(null);
  const go = (provider: string, options?: Record<string, string>) => {
    setPending(options?.username ?? provider);
    void signIn(provider, { callbackUrl, ...options });
  };
  return (
    <div className="mt-6 space-y-6">
      {providers.length > 0 && (
        <div className="space-y-2">
          {providers.map((p) => (
            <button
              key={p.id}
              type="button"
              disabled={pending !== null}
              onClick={() => go(p.id)}
              className="w-full rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60"
            >
              Continue with {p.name}
            </button>
          ))}
        </div>
      )}
      {demoUsers.length > 0 && (
        <section aria-labelledby="demo-users">
          <h2 id="demo-users" className="text-sm font-medium text-slate-700">
            Demo users <span className="font-normal text-slate-500">— no password; demo mode only</span>
          </h2>
          <ul className="mt-2 divide-y divide-slate-100 rounded-lg border border-slate-200">
            {demoUsers.map((u) => (
              <li key={u.username}>
                <button
                  type="button"
                  disabled={pending !== null}
                  onClick={() => go('demo', { username: u.username })}
                  data-testid={`demo-signin-${u.username}`}
                  className="flex w-full items-center justify-between px-4 py-2.5 text-left text-sm hover:bg-slate-50 disabled:opacity-60"
                >
                  <span>
                    <span className="font-medium">{u.name}</span>
                    <span className="ml-2 text-slate-500">{roleNote[u.role]}</span>
                  </span>
                  <span className="text-xs text-slate-500">{pending === u.username ? 'Signing in…' : u.role}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
