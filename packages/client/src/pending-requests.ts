import { HalyardClientError } from './errors.js';

/** A request waiting for its reply or error frame. */
export interface PendingRequest {
  readonly id: string;
  readonly type: string;
  readonly frame: string;
  /** `true` while it waits in the outgoing queue; `false` once it was written to a socket. */
  queued: boolean;
  resolve(data: unknown): void;
  reject(error: HalyardClientError): void;
}

interface Entry extends PendingRequest {
  timer?: ReturnType<typeof setTimeout>;
}

/** Requests by correlation id, each with its own timeout. Kept in the order they were made. */
export class PendingRequests {
  readonly #entries = new Map<string, Entry>();
  readonly #onTimeout: (request: PendingRequest) => void;

  constructor(onTimeout: (request: PendingRequest) => void) {
    this.#onTimeout = onTimeout;
  }

  get size(): number {
    return this.#entries.size;
  }

  add(request: PendingRequest, timeoutMs: number): void {
    const entry: Entry = request;
    if (Number.isFinite(timeoutMs) && timeoutMs > 0) {
      entry.timer = setTimeout(() => {
        if (!this.#entries.delete(entry.id)) return;
        this.#onTimeout(entry);
        entry.reject(
          new HalyardClientError(
            'HALYARD_ERR_CLIENT_TIMEOUT',
            `No reply to "${entry.type}" (id ${entry.id}) within ${timeoutMs} ms`,
            { details: { type: entry.type, id: entry.id, timeoutMs } },
          ),
        );
      }, timeoutMs);
    }
    this.#entries.set(entry.id, entry);
  }

  get(id: string): PendingRequest | undefined {
    return this.#entries.get(id);
  }

  /** Removes the request and stops its timer; the caller settles it. */
  take(id: string): PendingRequest | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    this.#entries.delete(id);
    clearTimeout(entry.timer);
    return entry;
  }

  /** Requests already written to a socket that has since closed: they are sent again on open. */
  written(): PendingRequest[] {
    return [...this.#entries.values()].filter((entry) => !entry.queued);
  }

  rejectAll(error: HalyardClientError): void {
    for (const id of [...this.#entries.keys()]) this.take(id)?.reject(error);
  }
}
