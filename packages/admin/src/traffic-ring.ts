import type { TrafficEvent } from '@halyard/core';

/** The last `capacity` frames, in a fixed array, so recording costs no allocation per frame. */
export class TrafficRing {
  readonly #slots: Array<TrafficEvent | undefined>;
  #next = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    this.#slots = new Array<TrafficEvent | undefined>(capacity);
  }

  push(event: TrafficEvent): void {
    this.#slots[this.#next] = event;
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
  }

  /** Oldest first. */
  toArray(): TrafficEvent[] {
    const start = (this.#next - this.#size + this.capacity) % this.capacity;
    const out: TrafficEvent[] = [];
    for (let index = 0; index < this.#size; index++)
      out.push(this.#slots[(start + index) % this.capacity] as TrafficEvent);
    return out;
  }
}
