import type { FastifyBaseLogger } from 'fastify';
import type { HalyardErrorCode } from '../errors.js';

/**
 * Rejections of one kind on one connection, counted in windows of `windowMs` that start at the
 * first rejection: the first one of a window is logged, the others only counted, and the window's
 * total is logged once when it ends (at the next rejection after it, or by `end()` when the
 * connection closes or is closed for them). A flood thus costs a constant number of log lines,
 * and the count is what a limit such as `closeAfter` trips on.
 *
 * Built to grow into the one reporter of socket failures (log lines, counters, metrics): it
 * already owns the log lines of its kind; the stats counters stay with the caller for now.
 *
 * @example
 * ```ts
 * const burst = new RejectionBurst({ code: 'HALYARD_ERR_WS_RATE_LIMITED', windowMs: 10_000, log, fields: { connection: id } });
 * if (burst.note(Date.now(), 'Rate limit exceeded') >= closeAfter) burst.end('closing with 1008');
 * ```
 */
export class RejectionBurst {
  readonly #code: HalyardErrorCode;
  readonly #windowMs: number;
  readonly #log: FastifyBaseLogger;
  readonly #fields: Readonly<Record<string, unknown>>;
  readonly #gauge: { openBursts: number } | undefined;
  #startedAt = 0;
  #count = 0;

  constructor(options: {
    code: HalyardErrorCode;
    windowMs: number;
    log: FastifyBaseLogger;
    /** Fields of every line (connection id, route). */
    fields: Readonly<Record<string, unknown>>;
    /** Counts this burst while it is open (`SocketGauges.openBursts`). */
    gauge?: { openBursts: number };
  }) {
    this.#code = options.code;
    this.#windowMs = options.windowMs;
    this.#log = options.log;
    this.#fields = options.fields;
    this.#gauge = options.gauge;
  }

  /** Rejections counted in the current window (0 when none is open). */
  get count(): number {
    return this.#count;
  }

  /**
   * Counts one rejection at `now` (ms); the first of a window is logged with `message` and
   * `fields`. Returns its number within the window: 1 for the first.
   */
  note(now: number, message: string, fields: Readonly<Record<string, unknown>> = {}): number {
    if (this.#count > 0 && now - this.#startedAt >= this.#windowMs) this.end();
    if (this.#count === 0) {
      this.#startedAt = now;
      if (this.#gauge) this.#gauge.openBursts++;
      this.#log.info(
        { code: this.#code, ...this.#fields, ...fields, windowMs: this.#windowMs },
        `websocket message rejected: ${message} (more within ${this.#windowMs} ms are counted, then logged once)`,
      );
    }
    return ++this.#count;
  }

  /** Ends the window: logs its total when it held more than the first (already logged) rejection. */
  end(consequence?: string): void {
    const count = this.#count;
    if (count === 0) return;
    this.#count = 0;
    if (this.#gauge) this.#gauge.openBursts--;
    if (count === 1 && consequence === undefined) return;
    this.#log.info(
      { code: this.#code, ...this.#fields, rejected: count, windowMs: this.#windowMs },
      `${count} frame(s) rejected with ${this.#code} within ${this.#windowMs} ms${consequence ? `; ${consequence}` : ''}`,
    );
  }
}
