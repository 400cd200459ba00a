/** Every TanStack Query key in one place, so invalidation cannot miss one. */
import type { GraphQueryParams } from '@/lib/model/api';

export const queryKeys = {
  graph: (params: GraphQueryParams) => ['graph', params] as const,
  graphAll: ['graph'] as const,
  component: (id: string) => ['component', id] as const,
  componentAll: ['component'] as const,
  componentHistory: (id: string) => ['component', id, 'history'] as const,
  componentEvents: (id: string) => ['component', id, 'events'] as const,
  componentLineage: (id: string) => ['component', id, 'lineage'] as const,
  health: ['health'] as const,
  syncStatus: ['sync'] as const,
  search: (q: string) => ['search', q] as const,
  searchAll: ['search'] as const,
  drift: (params: Record<string, unknown>) => ['drift', params] as const,
  driftAll: ['drift'] as const,
  driftDetail: (id: string) => ['drift', 'detail', id] as const,
  changes: (params: Record<string, unknown>) => ['changes', params] as const,
  changesAll: ['changes'] as const,
  change: (id: string) => ['change', id] as const,
  changeImpact: (id: string) => ['change', id, 'impact'] as const,
  rollouts: (params: Record<string, unknown>) => ['rollouts', params] as const,
  rolloutsAll: ['rollouts'] as const,
  /** `ro:<uuid>` (use-rollouts.ts normalises a bare uuid to it). */
  rollout: (id: string) => ['rollout', id] as const,
  /** The history's state and the slider's moments: new versions come with new generations. */
  history: ['history'] as const,
  /** A view of the past (`at=`): built from what was recorded then, so no live event concerns it. */
  past: (view: 'graph' | 'drift', params: Record<string, unknown>) => ['past', view, params] as const,
  pastAll: ['past'] as const,
};
