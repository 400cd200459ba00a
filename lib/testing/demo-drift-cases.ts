/**
 * The demo estate's drift cases (fixtures/demo/README.md, "Feature → where to
 * see it"), shared by the drift service test and the drift page's e2e test.
 */
import type { DriftStatus } from '@/lib/model/graph';

export const DEMO_DRIFT_CASES: ReadonlyArray<[id: string, status: DriftStatus]> = [
  ['prod:vpc/main', 'in_sync'],
  ['prod:ecs-cluster/core', 'in_sync'],
  ['prod:clickhouse/analytics', 'in_sync'],
  ['dev:sqs-queue/payment-events', 'in_sync'],
  ['prod:lambda/order-ingest', 'in_sync'],
  ['prod:openapi/orders', 'in_sync'],
  ['prod:karma/portal', 'in_sync'],
  ['prod:serverless-api/orders', 'pending'],
  ['dev:ecs-service/storefront', 'pending'],
  ['prod:aurora-postgres/orders', 'mismatch'],
  ['dev:sqs-queue/order-events', 'mismatch'],
  ['prod:sqs-queue/search-indexing', 'not_deployed'],
  ['dev:clickhouse/analytics', 'not_deployed'],
  ['dev:sqs-queue/legacy-notifications', 'orphaned'],
  ['prod:lambda/pdf-export', 'orphaned'],
  ['dev:s3-bucket/scratch', 'invalid'],
  ['dev:vpc/sandbox', 'invalid'],
  ['prod:ecs-service/storefront', 'unpublished'],
  ['dev:serverless-site/www', 'unpublished'],
];
