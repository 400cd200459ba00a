import Link from 'next/link';
import { NotFoundMessage } from '@/components/ui/not-found-message';

export default function RolloutNotFound() {
  return (
    <NotFoundMessage title="There is no such rollout">
      No rollout has this id. A change request gets its rollout when it is applied;{' '}
      <Link href="/rollouts" className="text-indigo-700 underline">
        all rollouts
      </Link>{' '}
      lists every one.
    </NotFoundMessage>
  );
}
