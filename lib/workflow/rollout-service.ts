import 'server-only';
import type { User } from '@/lib/auth/roles';
import { AppError } from '@/lib/model/errors';
import type { RolloutAction, RolloutActionBody, RolloutMemberState, RolloutsQuery, RolloutSummary, RolloutView } from '@/lib/model/rollout';

/**
 * Rollouts as people and pipelines see them (ARCHITECTURE.md §6b): list,
 * read, act (pause, resume, retry, skip, abort; audited, approver policy),
 * and the pipeline's signed callback. The driver (rollout-driver.ts) does
 * the deploying and observing.
 */
export class RolloutService {
  /** Newest first. */
  async list(_user: User, _query: RolloutsQuery): Promise<RolloutSummary[]> {
    throw new AppError('internal', 'not yet');
  }

  /** 404 for an unknown id. */
  async view(_user: User, _id: string): Promise<RolloutView> {
    throw new AppError('internal', 'not yet');
  }

  /** 403/409 with the policy's reason when refused; 400 when retry/skip name no member or skip has no comment. */
  async act(_user: User, _id: string, _action: RolloutAction, _body: RolloutActionBody): Promise<RolloutView> {
    throw new AppError('internal', 'not yet');
  }

  /**
   * The pipeline's report, checked like a webhook: `X-Karma-Signature` over
   * the raw body with the webhook secret (401 when it does not match or
   * rollouts have no secret), `sentAt` within 5 minutes, the body in
   * rolloutCallbackSchema (400), naming this rollout and one of its members
   * (404), at its current wave (409 otherwise).
   */
  async callback(_input: { id: string; rawBody: string; signature: string | null }): Promise<{ ok: true; state: RolloutMemberState }> {
    throw new AppError('internal', 'not yet');
  }
}
