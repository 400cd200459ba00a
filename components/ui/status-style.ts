/**
 * The one palette for statuses, shared by the graph, the drift page and the
 * change pages, so a colour means the same thing everywhere. Colours pass
 * WCAG AA for text on their own background.
 */
import type { ChangeStatus } from '@/lib/model/change-request';
import type { DriftStatus } from '@/lib/model/graph';

export type StatusStyle = { label: string; /** graph node border / legend swatch */ color: string; /** Tailwind classes for a badge */ badge: string; description: string };

export const DRIFT_STYLE: Record<DriftStatus, StatusStyle> = {
  in_sync: { label: 'In sync', color: '#16a34a', badge: 'bg-green-50 text-green-800 ring-green-600/30', description: 'Deployed after the current config; mirrored fields agree' },
  pending: { label: 'Pending', color: '#d97706', badge: 'bg-amber-50 text-amber-900 ring-amber-600/30', description: 'Config changed after the last deployment' },
  mismatch: { label: 'Mismatch', color: '#dc2626', badge: 'bg-red-50 text-red-800 ring-red-600/30', description: 'A config field and its runtime mirror disagree' },
  not_deployed: { label: 'Not deployed', color: '#64748b', badge: 'bg-slate-100 text-slate-700 ring-slate-500/30', description: 'Config without runtime' },
  orphaned: { label: 'Orphaned', color: '#9333ea', badge: 'bg-purple-50 text-purple-800 ring-purple-600/30', description: 'Runtime without config' },
  invalid: { label: 'Invalid', color: '#be123c', badge: 'bg-rose-50 text-rose-800 ring-rose-600/30', description: 'Config is not JSON or fails its schema' },
  unpublished: { label: 'Unpublished', color: '#2563eb', badge: 'bg-blue-50 text-blue-800 ring-blue-600/30', description: 'Git config differs from the published config' },
};

export const CHANGE_STYLE: Record<ChangeStatus, Omit<StatusStyle, 'description'>> = {
  open: { label: 'Open', color: '#2563eb', badge: 'bg-blue-50 text-blue-800 ring-blue-600/30' },
  approved: { label: 'Approved', color: '#7c3aed', badge: 'bg-violet-50 text-violet-800 ring-violet-600/30' },
  applied: { label: 'Applied', color: '#16a34a', badge: 'bg-green-50 text-green-800 ring-green-600/30' },
  apply_failed: { label: 'Apply failed', color: '#dc2626', badge: 'bg-red-50 text-red-800 ring-red-600/30' },
  rejected: { label: 'Rejected', color: '#be123c', badge: 'bg-rose-50 text-rose-800 ring-rose-600/30' },
  withdrawn: { label: 'Withdrawn', color: '#64748b', badge: 'bg-slate-100 text-slate-700 ring-slate-500/30' },
  stale: { label: 'Stale', color: '#d97706', badge: 'bg-amber-50 text-amber-900 ring-amber-600/30' },
};

export const RISK_STYLE = {
  low: { label: 'Low risk', badge: 'bg-green-50 text-green-800 ring-green-600/30' },
  medium: { label: 'Medium risk', badge: 'bg-amber-50 text-amber-900 ring-amber-600/30' },
  high: { label: 'High risk', badge: 'bg-red-50 text-red-800 ring-red-600/30' },
} as const;
