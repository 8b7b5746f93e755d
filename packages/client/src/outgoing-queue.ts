/** What happens to a message sent while the queue is full. */
export type OverflowPolicy = 'drop-oldest' | 'drop-newest' | 'error';

/** A serialised message waiting for the socket to open; `requestId` when a request awaits its reply. */
export interface QueuedFrame {
  readonly frame: string;
  readonly requestId?: string;
}

export type QueueResult =
  { readonly accepted: true; readonly evicted?: QueuedFrame } | { readonly accepted: false };

/** The bounded outgoing queue used while the socket is not open; flushed in order on open. */
export class OutgoingQueue {
  readonly max: number;
  readonly overflow: OverflowPolicy;
  #items: QueuedFrame[] = [];

  constructor(max: number, overflow: OverflowPolicy) {
    this.max = max;
    this.overflow = overflow;
  }

  get size(): number {
    return this.#items.length;
  }

  /** Queues `item`, or refuses it, or (drop-oldest) evicts the oldest item to make room. */
  push(item: QueuedFrame): QueueResult {
    if (this.#items.length < this.max) {
      this.#items.push(item);
      return { accepted: true };
    }
    switch (this.overflow) {
      case 'drop-oldest': {
        if (this.max === 0) return { accepted: false };
        const evicted = this.#items.shift() as QueuedFrame;
        this.#items.push(item);
        return { accepted: true, evicted };
      }
      case 'drop-newest':
      case 'error':
        return { accepted: false };
      default:
        return this.overflow satisfies never;
    }
  }

  /** Removes a queued request (timed out before it could be sent). */
  remove(requestId: string): void {
    this.#items = this.#items.filter((item) => item.requestId !== requestId);
  }

  /** Empties the queue and returns its items, oldest first. */
  drain(): QueuedFrame[] {
    const items = this.#items;
    this.#items = [];
    return items;
  }
}
