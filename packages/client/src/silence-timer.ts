type Timer = ReturnType<typeof setTimeout>;

/**
 * Fires once the server has been silent for `ms`. A frame only records the time (`alive()` runs
 * for every frame, so it must be cheap); the timer, when it fires, re-arms for the time still
 * left or calls `silent`. `ms` 0 turns it off. Used by the idle timeout and the heartbeat.
 */
export class SilenceTimer {
  readonly #ms: number;
  readonly #silent: () => void;
  #timer: Timer | undefined;
  /** `performance.now()` of the last frame from the server. */
  #lastSeen = 0;

  constructor(ms: number, silent: () => void) {
    this.#ms = ms;
    this.#silent = silent;
  }

  /** A sign of life from the server at `now` (`performance.now()`). */
  alive(now: number): void {
    this.#lastSeen = now;
    const ms = this.#ms;
    // Waiting for a silence already: nothing to re-arm.
    if (ms > 0) this.#timer ??= setTimeout(() => this.#ended(ms), ms);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #ended(ms: number): void {
    this.#timer = undefined;
    const silentMs = performance.now() - this.#lastSeen;
    if (silentMs < ms) this.#timer = setTimeout(() => this.#ended(ms), ms - silentMs);
    else this.#silent();
  }
}
