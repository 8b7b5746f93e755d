import { clientError, type HalyardClientError } from './errors.js';

/** A request waiting for its reply or error frame. */
export interface PendingRequest {
  readonly id: string;
  readonly type: string;
  readonly frame: string;
  /** How often it may be sent again after a drop (`maxResends`). */
  readonly maxResends: number;
  /** `true` while it waits in the outgoing queue; `false` once it was written to a socket. */
  queued: boolean;
  resolve(data: unknown): void;
  reject(error: HalyardClientError): void;
}

interface Entry extends PendingRequest {
  timer?: ReturnType<typeof setTimeout>;
  /** Writes after the first one. */
  resends: number;
}

/**
 * Close codes that say the server refused a frame it read (RFC 6455 7.4.1): 1003 unsupported
 * data, 1007 invalid payload, 1009 too big. Sending the same frame again would end the same way.
 */
const refusedFrameCodes = new Set([1003, 1007, 1009]);

/**
 * Requests by correlation id, each with its own timeout. Kept in the order they were last
 * written (queued ones where they were made), so re-sends go out in the order the server saw.
 */
export class PendingRequests {
  readonly #entries = new Map<string, Entry>();
  readonly #onTimeout: (request: PendingRequest) => void;

  constructor(onTimeout: (request: PendingRequest) => void) {
    this.#onTimeout = onTimeout;
  }

  add(request: PendingRequest, timeoutMs: number): void {
    const entry = request as Entry;
    entry.resends = 0;
    if (Number.isFinite(timeoutMs) && timeoutMs > 0) {
      entry.timer = setTimeout(() => {
        if (!this.#entries.delete(entry.id)) return;
        this.#onTimeout(entry);
        const details = { type: entry.type, id: entry.id, timeoutMs };
        entry.reject(clientError('HALYARD_ERR_CLIENT_TIMEOUT', details, { details }));
      }, timeoutMs);
    }
    this.#entries.set(entry.id, entry);
  }

  get(id: string): PendingRequest | undefined {
    return this.#entries.get(id);
  }

  /** Records that the request's frame was just written to the socket (again, after a drop). */
  wrote(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    if (!entry.queued) entry.resends++;
    entry.queued = false;
    this.#entries.delete(id);
    this.#entries.set(id, entry);
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

  /**
   * The socket closed: settles the written requests that must not be sent again. After 1003, 1007
   * or 1009 the server does not say which frame it refused, so one request is blamed: after 1009
   * the largest (any frame at least as big as the refused one is over the limit too), after
   * 1003/1007 the one written last; ties go to the later one. With `reconnecting`, the requests
   * already re-sent `maxResends` times are rejected too.
   */
  closed(end: { readonly code: number; readonly reason: string }, reconnecting: boolean): void {
    const written = this.written() as Entry[];
    let blamed: Entry | undefined;
    let most = -1;
    if (refusedFrameCodes.has(end.code))
      for (const entry of written) {
        const weight = end.code === 1009 ? new TextEncoder().encode(entry.frame).length : 0;
        if (weight >= most) [blamed, most] = [entry, weight];
      }
    for (const { type, id, resends, maxResends } of written) {
      const code =
        id === blamed?.id
          ? 'HALYARD_ERR_CLIENT_FRAME_REFUSED'
          : reconnecting && resends >= maxResends
            ? 'HALYARD_ERR_CLIENT_RESEND_LIMIT'
            : undefined;
      if (code) {
        const details = { type, id, resends, ...end };
        this.take(id)?.reject(clientError(code, details, { details }));
      }
    }
  }

  rejectAll(error: HalyardClientError): void {
    for (const id of [...this.#entries.keys()]) this.take(id)?.reject(error);
  }
}
