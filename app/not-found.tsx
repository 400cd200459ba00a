import type { Metadata } from 'next';
import { NotFoundMessage } from '@/components/ui/not-found-message';

export const metadata: Metadata = { title: 'Not found' };

// Any address no route matches.
export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col">
      <NotFoundMessage />
    </main>
  );
}
