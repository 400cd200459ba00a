import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import type { MemberAction } from '@/lib/model/change-request';
import { componentHref } from './format';

/** What a change does to one of its components, as a word and a colour (the same on the form, the impact and the review page). */
export const ACTION_STYLE: Record<MemberAction, { label: string; badge: string }> = {
  update: { label: 'Update', badge: 'bg-sky-50 text-sky-800 ring-sky-600/30' },
  create: { label: 'Create', badge: 'bg-green-50 text-green-800 ring-green-600/30' },
  remove: { label: 'Remove', badge: 'bg-red-50 text-red-800 ring-red-600/30' },
};

export function ActionBadge({ action }: { action: MemberAction }) {
  const style = ACTION_STYLE[action] ?? ACTION_STYLE.update;
  return (
    <Badge tone={style.badge} testId="member-action">
      {style.label}
    </Badge>
  );
}

/** A member as every list of a set names it: what it does, and its component, linked. */
export function MemberName({ action, componentId }: { action: MemberAction; componentId: string }) {
  return (
    <>
      <ActionBadge action={action} />
      <Link href={componentHref(componentId)} className="font-mono text-[13px] font-medium text-indigo-700 hover:underline">
        {componentId}
      </Link>
    </>
  );
}
