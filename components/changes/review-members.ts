/**
 * The members of a change request as the review page shows them: each with
 * its action, versions and config comparison, and the words for what an
 * apply wrote. Requests from before change sets read as a set of one. Pure.
 */
import type { ApplyReport, ChangeView, ConfigComparison, MemberWrite } from '@/lib/changes/review-model';
import type { ChangeMember, ChangeStatus, MemberAction } from '@/lib/model/change-request';

export type ReviewMember = {
  componentId: string;
  env: string;
  action: MemberAction;
  baseVersion: number | null;
  /** Null for a removal. */
  proposedConfig: string | null;
  appliedVersion: number | null;
  isApplied: boolean;
  /** Its base and current configs against the proposal; null when the server sent none for it. */
  config: ConfigComparison | null;
};

type ChangeLike = Pick<ChangeView, 'componentId' | 'env' | 'baseVersion' | 'proposedConfig' | 'appliedVersion' | 'status' | 'config'> & {
  members?: ChangeMember[];
  memberConfigs?: ChangeView['memberConfigs'];
};

export function reviewMembers(change: ChangeLike): ReviewMember[] {
  const members: ChangeMember[] =
    Array.isArray(change.members) && change.members.length > 0
      ? change.members
      : [
          {
            componentId: change.componentId,
            env: change.env,
            type: '',
            nickname: '',
            action: change.baseVersion === null ? 'create' : 'update',
            baseVersion: change.baseVersion,
            proposedConfig: change.proposedConfig,
            git: null,
            appliedVersion: change.appliedVersion,
            isApplied: change.status === 'applied',
          },
        ];
  const configs = new Map((change.memberConfigs ?? []).map((m) => [m.componentId, m.config]));
  return members.map((member, index) => ({
    componentId: member.componentId,
    env: member.env,
    action: member.action,
    baseVersion: member.baseVersion,
    proposedConfig: member.proposedConfig,
    appliedVersion: member.appliedVersion,
    isApplied: member.isApplied,
    config: configs.get(member.componentId) ?? (index === 0 ? change.config : null),
  }));
}

/** `prod`, `dev and prod`, `dev, prod and staging`. */
export function envList(members: ReadonlyArray<Pick<ReviewMember, 'env'>>): string {
  const envs = [...new Set(members.map((m) => m.env))].sort();
  if (envs.length <= 1) return envs[0] ?? '';
  return `${envs.slice(0, -1).join(', ')} and ${envs.at(-1)}`;
}

/** Where a member stands: what it was based on and, once written, what it became. */
export function versionStep(member: ReviewMember, status: ChangeStatus): string {
  const from = member.baseVersion === null ? 'no config' : `v${member.baseVersion}`;
  if (member.isApplied) return member.action === 'remove' ? `${from} → removed` : `${from} → v${member.appliedVersion ?? '?'}`;
  if (status === 'apply_failed') return `${from}, not written`;
  if (member.action === 'remove') return `removes ${from}`;
  if (member.action === 'create') return 'new component';
  return `based on ${from}`;
}

/** `prod:vpc/main as version 5`, `prod:s3-bucket/old removed`, with `(already written)` when an earlier apply had done it. */
export function writeText(write: MemberWrite): string {
  const what = write.action === 'remove' ? `${write.componentId} removed` : `${write.componentId} as version ${write.version ?? '?'}`;
  return write.isRecovered ? `${what} (already written by an earlier apply)` : what;
}

/**
 * What an apply answered, in a sentence: the versions written (each
 * member's, providers first, for a set), the requests it made stale, the
 * webhook; or why it failed.
 */
export function applyReportText(report: ApplyReport): string {
  const writes = Array.isArray(report.members) ? report.members : [];
  // The server's error names what was written and what was not.
  if (!report.ok) return `The apply failed: ${report.error}`;
  const staled = report.staled.length ? `; ${report.staled.length} other request(s) on ${writes.length > 1 ? 'these components' : 'this component'} are now stale` : '';
  const webhook =
    report.webhook === 'failed'
      ? '; the deployment webhook failed (see the audit trail)'
      : report.webhook === 'sent'
        ? '; the deployment pipeline was notified'
        : report.webhook === 'rollout'
          ? '; its rollout asks the pipeline to deploy it and what must follow it'
          : '';
  const atWave = report.atWave ?? [];
  const wrote =
    writes.length > 1 || atWave.length > 0
      ? `Wrote ${writes.length === 1 ? '1 component' : `${writes.length} components, providers first`}: ${writes.map(writeText).join(', ')}`
      : `Wrote config version ${report.version}`;
  const later = atWave.length > 0 ? `; ${atWave.join(', ')} ${atWave.length === 1 ? 'is' : 'are'} written at ${atWave.length === 1 ? 'its' : 'their'} wave of the rollout` : '';
  return `${wrote}${later}${staled}${webhook}.`;
}

/** The members whose config moved past their base while the request is undecided. */
export function movedMembers(members: readonly ReviewMember[]): ReviewMember[] {
  return members.filter((m) => m.config?.isMoved && m.config.current);
}
