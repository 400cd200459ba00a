import { MEMBER_STATES, type RolloutMember, type RolloutMemberState } from '@/lib/model/rollout';
import { MemberStateIcon } from './member-state';
import { MEMBER_STATE_STYLE } from './rollout-style';
import { countStates } from './rollout-view';

/** How many members are in each state: icon, number and word for the states that have any. */
export function StateCounts({
  members,
  counts: given,
  testId = 'state-counts',
}: {
  members?: readonly RolloutMember[];
  counts?: Record<RolloutMemberState, number>;
  testId?: string;
}) {
  const counts = given ?? countStates(members ?? []);
  const shown = MEMBER_STATES.filter((s) => counts[s] > 0);
  return (
    <ul className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-700" data-testid={testId} aria-label="Members by state">
      {shown.map((state) => (
        <li key={state} className="inline-flex items-center gap-1" data-state={state} data-count={counts[state]} title={MEMBER_STATE_STYLE[state].description}>
          <MemberStateIcon state={state} size={14} />
          <span className="font-semibold tabular-nums">{counts[state]}</span> {state}
        </li>
      ))}
    </ul>
  );
}
