/**
 * What a rollout sends the deploy pipeline for one member: the apply
 * webhook's payload (lib/workflow/webhook-signature.ts), about the member
 * to deploy, with a `rollout` block, signed the same way. Deterministic:
 * the clock and the delivery id are passed in.
 */
import type { ChangeRequest } from '@/lib/model/change-request';
import type { Rollout, RolloutMember } from '@/lib/model/rollout';
import { aboutRequest, DEPLOY_EVENT, type AppliedPayload } from './webhook-signature';

export type RolloutDeployPayload = {
  event: typeof DEPLOY_EVENT;
  delivery: string;
  changeRequest: AppliedPayload['changeRequest'];
  /** The component to deploy. */
  component: { id: string; env: string; type: string; nickname: string };
  /** Its config parameter, and the version to deploy (null for a removal: destroy it). */
  parameter: string;
  configVersion: number | null;
  approvers: AppliedPayload['approvers'];
  git: AppliedPayload['git'];
  rollout: {
    id: string;
    wave: number;
    waves: number;
    componentId: string;
    /** `changed`: a member of the change; `must_redeploy`: a dependent consuming an output that changed. */
    reason: RolloutMember['reason'];
    action: RolloutMember['action'];
    configVersion: number | null;
    /** Where Karma watches for the deploy: write it when done (Terraform's outputs). */
    runtimeParameter: string;
    /** POST a signed report here (`{ rolloutId, componentId, wave, status: "succeeded"|"failed", message, sentAt }`); null: none. */
    callbackUrl: string | null;
    /** Karma pauses the rollout if the runtime is not written by then. */
    deadline: string | null;
  };
  sentAt: string;
};

export function rolloutDeployPayload(input: {
  rollout: Pick<Rollout, 'id' | 'waves'>;
  member: RolloutMember;
  request: Pick<ChangeRequest, 'id' | 'title' | 'author' | 'approvals' | 'git' | 'gitCommit'>;
  configParameter: string;
  runtimeParameter: string;
  callbackUrl: string | null;
  sentAt: Date;
  delivery: string;
}): RolloutDeployPayload {
  const { member, request, rollout } = input;
  return {
    event: DEPLOY_EVENT,
    delivery: input.delivery,
    component: { id: member.componentId, env: member.env, type: member.type, nickname: member.nickname },
    parameter: input.configParameter,
    configVersion: member.configVersion,
    ...aboutRequest(request),
    rollout: {
      id: rollout.id,
      wave: member.wave,
      waves: rollout.waves,
      componentId: member.componentId,
      reason: member.reason,
      action: member.action,
      configVersion: member.configVersion,
      runtimeParameter: input.runtimeParameter,
      callbackUrl: input.callbackUrl,
      deadline: member.deadline,
    },
    sentAt: input.sentAt.toISOString(),
  };
}
