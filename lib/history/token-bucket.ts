/**
 * Paces calls to a rate, shared by everyone who takes from it: the history
 * worker takes one token before each GetParameterHistory page of every
 * slot it reads, so however many reads run at once, SSM sees at most
 * `ratePerSecond` of them (after a first `burst`) and the account is never
 * throttled on Karma's account. Taking reserves the next free moment, so
 * concurrent takers queue in order. The clock and the sleep are injected:
 * tests run it on a fake clock.
 */
export type TokenBucketOptions = {
  ratePerSecond: number;
  /** Tokens available at once after an idle spell; 1 spaces every call evenly. */
  burst?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class TokenBucket {
  private readonly ratePerMs: number;
  private readonly burst: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** May go negative: each token below zero is a taker waiting its turn. */
  private tokens: number;
  private updatedAt: number;

  constructor({ ratePerSecond, burst = 1, now = Date.now, sleep = realSleep }: TokenBucketOptions) {
    if (!(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
    this.ratePerMs = ratePerSecond / 1_000;
    this.burst = Math.max(1, burst);
    this.now = now;
    this.sleep = sleep;
    this.tokens = this.burst;
    this.updatedAt = now();
  }

  /** Resolves when the caller may make its call; the wait is reserved at once, so the next taker waits behind it. */
  async take(): Promise<void> {
    const waitMs = this.reserve();
    if (waitMs > 0) await this.sleep(waitMs);
  }

  /** Takes one token and says how long until it is the caller's (0: now). */
  reserve(): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.updatedAt) * this.ratePerMs);
    this.updatedAt = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : -this.tokens / this.ratePerMs;
  }
}
