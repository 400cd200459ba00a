import { NotFoundMessage } from '@/components/ui/not-found-message';

// Inside the portal (header shown): an unknown component id or another missing thing.
export default function PortalNotFound() {
  return <NotFoundMessage />;
}
