/**
 * Counts running socket work (message handlers, `@OnConnect`, `@OnDisconnect`) so a graceful
 * shutdown can wait for it before the hub and its adapter stop.
 */
export class InFlight {
  #count = 0;
  #idle: Array<() => void> = [];

  get count(): number {
    return this.#count;
  }

  /** Counts `work` until it settles; `onError` sees a rejection (the work's own handlers already ran). */
  track(work: Promise<unknown>, onError: (error: unknown) => void): void {
    this.#count++;
    const done = (): void => {
      this.#count--;
      if (this.#count === 0) {
        const waiting = this.#idle;
        this.#idle = [];
        for (const resolve of waiting) resolve();
      }
    };
    work.then(done, (error: unknown) => {
      onError(error);
      done();
    });
  }

  /** Resolves once nothing is running. */
  idle(): Promise<void> {
    return this.#count === 0 ? Promise.resolve() : new Promise((resolve) => this.#idle.push(resolve));
  }
}
