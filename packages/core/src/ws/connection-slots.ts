/**
 * `maxConnections` for one route, counting upgrades still in progress: a slot is taken when the
 * upgrade checks pass the limit and released when the upgrade is refused, fails, or becomes an
 * open connection (which the hub then counts). Without the reservation, parallel upgrades all read
 * the same count and overshoot the limit.
 */
export class ConnectionSlots {
  /** Upgrades that passed the limit but are not open connections yet. */
  #pending = 0;

  constructor(
    private readonly max: number,
    private readonly open: () => number,
  ) {}

  /** Slots taken by upgrades in progress. */
  get pending(): number {
    return this.#pending;
  }

  /** Takes a slot; returns its (idempotent) release, or `undefined` when the route is full. */
  reserve(): (() => void) | undefined {
    if (this.open() + this.#pending >= this.max) return undefined;
    this.#pending++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.#pending--;
    };
  }
}
