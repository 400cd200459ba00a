import { describe, expect, it } from 'vitest';
import { planApplies, type PlannedRequest } from './apply-order';

const request = (id: string, createdAt: string, members: string[], addedReferences: PlannedRequest['addedReferences'] = []): PlannedRequest => ({
  id,
  createdAt: `2026-12-01T10:00:0${createdAt}.000Z`,
  members,
  addedReferences,
});

// service → cluster → vpc; the queue stands alone.
const EDGES = [
  { from: 'dev:ecs-service/web', to: 'dev:ecs-cluster/core' },
  { from: 'dev:ecs-cluster/core', to: 'dev:vpc/main' },
];

describe('planApplies', () => {
  it('keeps requests that do not relate oldest first', () => {
    const plan = planApplies([request('b', '2', ['dev:sqs-queue/jobs']), request('a', '1', ['dev:vpc/main'])], EDGES);
    expect(plan.order).toEqual(['a', 'b']);
    expect(plan.cycles).toEqual([]);
    expect(plan.dependsOn.get('b')).toEqual([]);
  });

  it('puts a provider first even when it was opened after its consumer, also through a component neither changes', () => {
    const plan = planApplies([request('service', '1', ['dev:ecs-service/web']), request('queue', '2', ['dev:sqs-queue/jobs']), request('vpc', '3', ['dev:vpc/main'])], EDGES);
    expect(plan.order).toEqual(['vpc', 'service', 'queue']);
    expect(plan.dependsOn.get('service')).toEqual([{ on: 'vpc', consumer: 'dev:ecs-service/web', provider: 'dev:vpc/main' }]);
  });

  it('counts the references a request adds as edges', () => {
    const plan = planApplies(
      [request('consumer', '1', ['dev:ecs-service/web'], [{ from: 'dev:ecs-service/web', to: 'dev:sqs-queue/jobs' }]), request('queue', '2', ['dev:sqs-queue/jobs'])],
      EDGES,
    );
    expect(plan.order).toEqual(['queue', 'consumer']);
  });

  it('reports a cycle between requests and applies its requests in age order, after their own providers', () => {
    const plan = planApplies(
      [
        request('x', '2', ['dev:ecs-service/web'], [{ from: 'dev:ecs-service/web', to: 'dev:sqs-queue/jobs' }]),
        request('y', '3', ['dev:sqs-queue/jobs'], [{ from: 'dev:sqs-queue/jobs', to: 'dev:ecs-service/web' }]),
        request('vpc', '4', ['dev:vpc/main']),
        request('other', '1', ['dev:s3-bucket/media']),
      ],
      EDGES,
    );
    expect(plan.cycles).toEqual([['x', 'y']]);
    expect(plan.order).toEqual(['other', 'vpc', 'x', 'y']);
  });

  it('relates sets by any of their members, and not by a component both change', () => {
    const plan = planApplies([request('set', '1', ['dev:sqs-queue/jobs', 'dev:ecs-service/web']), request('both', '2', ['dev:ecs-cluster/core', 'dev:sqs-queue/jobs'])], EDGES);
    expect(plan.order).toEqual(['both', 'set']);
    expect(plan.dependsOn.get('set')).toEqual([{ on: 'both', consumer: 'dev:ecs-service/web', provider: 'dev:ecs-cluster/core' }]);
    expect(plan.dependsOn.get('both')).toEqual([]);
  });
});
