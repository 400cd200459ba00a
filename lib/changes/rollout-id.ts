/** Rollout ids in URLs: `ro:<uuid>` (its change request's uuid), the bare uuid as the path segment (`/rollouts/<uuid>`); see change-id.ts. */
import { uuidIds } from './change-id';

const rollouts = uuidIds('ro', 'rollout');
export const rolloutIdFromSegment = rollouts.fromSegment;
export const rolloutSegment = rollouts.segment;
export const rolloutIdOrNotFound = rollouts.orNotFound;
