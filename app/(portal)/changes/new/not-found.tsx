import Link from 'next/link';
import { NotFoundMessage } from '@/components/ui/not-found-message';

// /changes/new?component=<an id nobody knows>
export default function ProposalNotFound() {
  return (
    <NotFoundMessage title="No such component">
      There is no component to propose a change to at this address. Pick one in the graph, or{' '}
      <Link href="/changes/new" className="text-indigo-700 underline">
        propose a new component
      </Link>
      .
    </NotFoundMessage>
  );
}
