/**
 * A token bucket per connection: `perSecond` tokens refill continuously up to `burst`.
 * `take()` answers 0 when the message may pass, otherwise how many ms until one token is back.
 */
export class TokenBucket {
  #tokens: number;
  #updated: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#tokens = burst;
    this.#updated = now();
  }

  take(): number {
    const now = this.now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#updated) * this.perSecond) / 1000);
    this.#updated = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.#tokens) * 1000) / this.perSecond);
  }
}
