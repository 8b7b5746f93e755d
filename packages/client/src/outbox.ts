import type { ResolvedOptions } from './client-options.js';
import { clientError, type HalyardClientError } from './errors.js';
import type { RequestOptions } from './halyard-client.js';
import { PendingRequests, type PendingRequest } from './pending-requests.js';
import type { WebSocketLike } from './transport.js';
import { encodeMessage } from './wire-frames.js';

/** What happens to a message sent while the queue is full. */
export type OverflowPolicy = 'drop-oldest' | 'drop-newest' | 'error';

/** A serialised message waiting for the socket to open; `requestId` when a request awaits its reply. */
interface QueuedFrame {
  readonly frame: string;
  readonly requestId?: string;
}

/**
 * Everything on its way to the server: a message goes out on the open socket at once or waits in
 * the bounded queue (flushed in order on open); a request also waits in `pending` for its reply,
 * and is re-sent on the next socket when the last one dropped before the answer.
 */
export class Outbox {
  readonly #pending: PendingRequests;
  readonly #options: ResolvedOptions;
  #items: QueuedFrame[] = [];
  #nextId = 0;

  constructor(options: ResolvedOptions) {
    this.#options = options;
    this.#pending = new PendingRequests((request) => this.#remove(request.id));
  }

  /** The requests waiting for their reply. */
  get pending(): PendingRequests {
    return this.#pending;
  }

  /** Sends on `socket` (the open one, if any) or queues; `false` when the full queue dropped it. */
  send(type: string, data: unknown, socket: WebSocketLike | undefined): boolean {
    const frame = encodeMessage({ type, data }, this.#options.traceContext);
    if (socket) {
      socket.send(frame);
      return true;
    }
    if (this.#enqueue({ frame })) return true;
    if (this.#options.overflow === 'error') throw this.#fullError(type);
    return false;
  }

  /** Sends or queues a request; settles with its reply, error frame, timeout or the client's end. */
  request(
    type: string,
    args: readonly [data?: unknown, options?: RequestOptions],
    socket: WebSocketLike | undefined,
  ): Promise<unknown> {
    const options = args[1] ?? {};
    const id = String(++this.#nextId);
    let frame: string;
    try {
      frame = encodeMessage({ type, id, data: args[0] }, this.#options.traceContext);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return new Promise<unknown>((resolve, reject) => {
      const maxResends = options.maxResends ?? this.#options.maxResends;
      const request: PendingRequest = { id, type, frame, maxResends, queued: true, resolve, reject };
      const timeoutMs = options.timeoutMs ?? this.#options.requestTimeoutMs;
      if (socket) {
        this.#pending.add(request, timeoutMs);
        socket.send(frame);
        this.#pending.wrote(id);
        return;
      }
      if (!this.#enqueue({ frame, requestId: id })) {
        reject(this.#fullError(type));
        return;
      }
      this.#pending.add(request, timeoutMs);
    });
  }

  /** On open: re-sends `resend` (still pending ones), then the queue, in order. */
  flush(socket: WebSocketLike, resend: readonly PendingRequest[]): void {
    for (const request of resend) {
      if (!this.#pending.get(request.id)) continue;
      socket.send(request.frame);
      this.#pending.wrote(request.id);
    }
    for (const item of this.#drain()) {
      socket.send(item.frame);
      if (item.requestId !== undefined) this.#pending.wrote(item.requestId);
    }
  }

  /** The client is closed: every request fails with `error`, the queue is dropped. */
  fail(error: HalyardClientError): void {
    this.#pending.rejectAll(error);
    this.#drain();
  }

  /**
   * Queues `item`, or refuses it (`false`), or (drop-oldest) evicts the oldest item to make room;
   * an evicted request fails with `HALYARD_ERR_CLIENT_QUEUE_FULL`.
   */
  #enqueue(item: QueuedFrame): boolean {
    const { queueMax: max, overflow } = this.#options;
    if (this.#items.length < max) {
      this.#items.push(item);
      return true;
    }
    switch (overflow) {
      case 'drop-oldest': {
        if (max === 0) return false;
        const evicted = this.#items.shift() as QueuedFrame;
        this.#items.push(item);
        if (evicted.requestId !== undefined) {
          const request = this.#pending.take(evicted.requestId);
          if (request) {
            const details = { type: request.type, max, overflow };
            const outcome = 'was dropped from the full outgoing queue';
            request.reject(
              clientError('HALYARD_ERR_CLIENT_QUEUE_FULL', { ...details, outcome }, { details }),
            );
          }
        }
        return true;
      }
      case 'drop-newest':
      case 'error':
        return false;
      default:
        return overflow satisfies never;
    }
  }

  /** Removes a queued request (timed out before it could be sent). */
  #remove(requestId: string): void {
    this.#items = this.#items.filter((item) => item.requestId !== requestId);
  }

  /** Empties the queue and returns its items, oldest first. */
  #drain(): QueuedFrame[] {
    const items = this.#items;
    this.#items = [];
    return items;
  }

  #fullError(type: string): HalyardClientError {
    const { queueMax: max, overflow } = this.#options;
    const details = { type, max, overflow };
    const outcome = 'was not queued: the outgoing queue is full';
    return clientError('HALYARD_ERR_CLIENT_QUEUE_FULL', { ...details, outcome }, { details });
  }
}
