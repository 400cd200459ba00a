/**
 * A change request for lists: without its proposed configs and impact (which
 * can be large), with the two figures a list shows from the impact and what
 * each member does. Pure.
 */
import { z } from 'zod';
import type { ChangeRequest } from '@/lib/model/change-request';
import { RISK_LEVELS, type ChangeSummary } from '@/lib/model/simulation';

// Impacts are stored JSON and may predate today's shape: read only what a list needs, and tolerate its absence.
const impactFigures = z.object({
  risk: z.object({ level: z.enum(RISK_LEVELS) }),
  blastRadius: z.object({ total: z.int().min(0) }),
});

export function summariseChange({ impact, proposedConfig: _config, members, ...request }: ChangeRequest): ChangeSummary {
  const figures = impactFigures.safeParse(impact);
  return {
    ...request,
    members: members.map(({ componentId, action, isApplied }) => ({ componentId, action, isApplied })),
    risk: figures.success ? figures.data.risk.level : null,
    blastRadius: figures.success ? figures.data.blastRadius.total : null,
  };
}
