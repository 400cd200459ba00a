import type { RolloutMemberState } from '@/lib/model/rollout';
import { MEMBER_STATE_STYLE, memberStateBadge } from './rollout-style';

/** A member state's icon, as the graph draws it on a node. */
export function MemberStateIcon({ state, size = 16 }: { state: RolloutMemberState; size?: number }) {
  // eslint-disable-next-line @next/next/no-img-element -- an inline SVG data URI, nothing for next/image to optimise
  return <img aria-hidden alt="" src={memberStateBadge(state)} width={size} height={size} className="shrink-0" data-state-icon={state} />;
}

/** A member's state: icon, word and colour, with what it means on hover. */
export function MemberStateBadge({ state, testId = 'member-state' }: { state: RolloutMemberState; testId?: string }) {
  const style = MEMBER_STATE_STYLE[state];
  return (
    <span
      title={style.description}
      data-testid={testId}
      data-state={state}
      className={`inline-flex items-center gap-1 rounded-full py-0.5 pr-2 pl-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${style.badge}`}
    >
      <MemberStateIcon state={state} />
      {style.label}
    </span>
  );
}
