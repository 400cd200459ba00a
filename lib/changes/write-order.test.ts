import { describe, expect, it } from 'vitest';
import type { MemberAction } from '@/lib/model/change-request';
import type { ReferenceEdge } from '@/lib/model/simulation';
import { writeOrder } from './write-order';

const edge = (to: string): ReferenceEdge => ({ path: 'x', to, rule: 'nickname', dangling: false });
const member = (componentId: string, action: MemberAction = 'update') => ({ componentId, action });
const refs = (componentId: string, { added = [] as string[], unchanged = [] as string[], removed = [] as string[] } = {}) => ({
  componentId,
  references: { added: added.map(edge), unchanged: unchanged.map(edge), removed: removed.map(edge), broken: [] },
});
const ids = (members: Array<{ componentId: string }>) => members.map((m) => m.componentId);

describe('writeOrder', () => {
  it('writes a provider before the consumer that will refer to it, whatever order the author gave', () => {
    const members = [member('prod:ecs-service/api'), member('prod:sqs-queue/orders', 'create')];
    const order = writeOrder(members, [refs('prod:ecs-service/api', { added: ['prod:sqs-queue/orders'] }), refs('prod:sqs-queue/orders')]);
    expect(ids(order)).toEqual(['prod:sqs-queue/orders', 'prod:ecs-service/api']);
  });

  it('follows chains, references kept as well as added, and keeps the author’s order for unrelated members', () => {
    const members = [member('a'), member('unrelated'), member('b'), member('c')];
    const order = writeOrder(members, [refs('a', { unchanged: ['b'] }), refs('b', { added: ['c'] }), refs('c'), refs('unrelated')]);
    expect(ids(order)).toEqual(['unrelated', 'c', 'b', 'a']);
  });

  it('removes last, a consumer before the provider it referred to', () => {
    const members = [member('old-db', 'remove'), member('old-app', 'remove'), member('vpc')];
    const order = writeOrder(members, [refs('old-db'), refs('old-app', { removed: ['old-db', 'vpc'] }), refs('vpc')]);
    expect(ids(order)).toEqual(['vpc', 'old-app', 'old-db']);
  });

  it('ignores references to components outside the set, and gives every member once even for a loop (which simulation refuses)', () => {
    const members = [member('a'), member('b')];
    const order = writeOrder(members, [refs('a', { added: ['b', 'elsewhere'] }), refs('b', { added: ['a'] })]);
    expect(ids(order).sort()).toEqual(['a', 'b']);
    expect(ids(writeOrder(members, null))).toEqual(['a', 'b']);
  });
});
