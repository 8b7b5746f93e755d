import type { FastifyBaseLogger } from 'fastify';
import type { HttpError } from '../http/http-error.js';
import { wireErrorLog, type WireError } from '../wire-error.js';
import type { WsCloseError } from './close-codes.js';
import type { Connection } from './connection.js';
import type { StatsRecorder } from './hub-stats.js';
import { RejectionBurst } from './rejection-burst.js';
import type { MessageId } from './wire-protocol.js';

/**
 * One refusal, failure or close, as the reporter's listeners see it. `refused`: a frame or an upgrade
 * was answered with an error (or counted as one); `failed`: our own or the application's code threw;
 * `closed`: the server closed the connection because of it.
 */
export interface SocketReport {
  readonly kind: 'refused' | 'failed' | 'closed';
  readonly route: string;
  /** The error code, or `CLOSE_<code>` for a `WsCloseError`: the key it is counted under. */
  readonly code: string;
  /** The connection's id; absent for a refused upgrade. */
  readonly connection?: string;
}

/** Hears every report, e.g. to count it in Prometheus or add it to a span. Must not throw. */
export type SocketReportListener = (report: SocketReport) => void;

/**
 * The one place that logs and counts what goes wrong on sockets: frames the intake or the
 * dispatcher refuse, handlers and hooks that fail, connections the server closes for a reason.
 * Counts go to the route's `stats.errors`; listeners (none by default: then a report costs one
 * length check) hear each one. Built by the hub, one per app.
 *
 * @example
 * ```ts
 * const stop = reporter.listen((report) => counter.inc({ route: report.route, code: report.code }));
 * ```
 */
export class SocketReporter {
  readonly #stats: StatsRecorder;
  readonly #log: FastifyBaseLogger;
  #listeners: readonly SocketReportListener[] = [];

  constructor(options: { stats: StatsRecorder; log: FastifyBaseLogger }) {
    this.#stats = options.stats;
    this.#log = options.log;
  }

  /** Adds a listener; returns the function that removes it. */
  listen(listener: SocketReportListener): () => void {
    this.#listeners = [...this.#listeners, listener];
    return () => {
      this.#listeners = this.#listeners.filter((entry) => entry !== listener);
    };
  }

  /**
   * Counts one report under `code` on the connection's route (or `route`, for a refused upgrade);
   * the only caller of `stats.error`.
   */
  count(kind: SocketReport['kind'], code: string, where: Connection | string): void {
    const connection = typeof where === 'string' ? undefined : where;
    const route = typeof where === 'string' ? where : where.route;
    this.#stats.error(route, code);
    if (this.#listeners.length === 0) return;
    const report: SocketReport = { kind, route, code, ...(connection && { connection: connection.id }) };
    for (const listener of this.#listeners) {
      try {
        listener(report);
      } catch (error) {
        this.#log.error({ err: error, code: 'HALYARD_ERR_INTERNAL' }, 'socket report listener failed');
      }
    }
  }

  /** An error frame sent for a refused message (bad JSON, unknown type, validation, a handler's `HttpError`...). */
  messageRefused(connection: Connection, id: MessageId | undefined, error: WireError): void {
    const log = wireErrorLog(error);
    this.count('refused', error.code, connection);
    this.#log.info(
      {
        ...log.fields,
        connection: connection.id,
        route: connection.route,
        ...(id !== undefined && { messageId: id }),
      },
      `websocket message rejected: ${log.message}`,
    );
  }

  /** A frame refused for a limit that logs its own way (rate limit bursts, the connect backlog). */
  frameRefused(connection: Connection, code: string): void {
    this.count('refused', code, connection);
  }

  /**
   * The window of rate-limit rejections of one connection: its lines go to the connection's log;
   * the caller counts each rejection with {@link frameRefused}.
   */
  rateBurst(
    connection: Connection,
    options: { windowMs: number; gauge: { openBursts: number }; log: FastifyBaseLogger },
  ): RejectionBurst {
    return new RejectionBurst({
      code: 'HALYARD_ERR_WS_RATE_LIMITED',
      windowMs: options.windowMs,
      log: options.log,
      fields: { connection: connection.id, route: connection.route },
      gauge: options.gauge,
    });
  }

  /** Frames sent while `@OnConnect` ran overflowed their bound: counted, logged on the request's log. */
  backlogOverflow(
    connection: Connection,
    line: {
      readonly log: FastifyBaseLogger;
      readonly fields: Record<string, unknown>;
      readonly message: string;
    },
  ): void {
    this.count('closed', 'HALYARD_ERR_WS_CONNECT_BACKLOG', connection);
    line.log.info(
      { code: 'HALYARD_ERR_WS_CONNECT_BACKLOG', connection: connection.id, ...line.fields },
      line.message,
    );
  }

  /** Frames waiting for `@OnConnect` were discarded (the connection closed or was refused): logged only. */
  backlogDiscarded(
    connection: Connection,
    line: { readonly log: FastifyBaseLogger; readonly discarded: number; readonly why: string },
  ): void {
    line.log.info(
      { connection: connection.id, discarded: line.discarded },
      `discarded ${line.discarded} frame(s) sent while @OnConnect ran: ${line.why}`,
    );
  }

  /**
   * Application code threw something that is not an `HttpError` or a `WsCloseError`: counted as
   * `HALYARD_ERR_INTERNAL` and logged at error with the stack.
   */
  failed(
    connection: Connection,
    error: unknown,
    context: { readonly message: string; readonly fields: Record<string, unknown> },
  ): void {
    this.count('failed', 'HALYARD_ERR_INTERNAL', connection);
    this.#log.error(
      { err: error, code: 'HALYARD_ERR_INTERNAL', connection: connection.id, ...context.fields },
      context.message,
    );
  }

  /** Our own bookkeeping around a handler failed (nothing to count on a route): logged at error. */
  dispatchFailed(route: string, error: unknown): void {
    this.#log.error({ err: error, code: 'HALYARD_ERR_INTERNAL', route }, 'websocket dispatch failed');
  }

  /**
   * A `WsCloseError` from `@OnConnect` or a handler: counted as `CLOSE_<code>`, logged at info (the
   * app chose to close), and the connection closed with its code and reason.
   */
  closedFor(
    connection: Connection,
    error: WsCloseError,
    context: { readonly prefix: string; readonly fields: Record<string, unknown> },
  ): void {
    const code = `CLOSE_${error.code}`;
    this.count('closed', code, connection);
    this.#log.info(
      { code, connection: connection.id, ...context.fields },
      `${context.prefix} ${error.code}${error.reason ? `: ${error.reason}` : ''}`,
    );
    connection.close(error.code, error.reason);
  }

  /** `@OnConnect` threw an `HttpError`: counted, logged at info; the caller closes with 4000 + status. */
  connectRefused(connection: Connection, error: HttpError): void {
    this.count('closed', error.code, connection);
    this.#log.info(
      { code: error.code, connection: connection.id, route: connection.route },
      `connection rejected: ${error.message}`,
    );
  }

  /** An upgrade refused by its checks: counted here, answered and logged by the HTTP error handler. */
  upgradeRefused(route: string, code: string): void {
    this.count('refused', code, route);
  }

  /** Under `refuseWith: 'close'` the refusal is answered after the upgrade: its info line. */
  upgradeClosing(log: FastifyBaseLogger, refusal: { route: string; error: HttpError }): void {
    const { error, route } = refusal;
    log.info(
      { code: error.code, status: error.status, route },
      `upgrade refused (closing): ${error.message}`,
    );
  }

  /** `ws` found a protocol error (or a frame over `maxPayload`) on a Halyard route. */
  protocolError(
    log: FastifyBaseLogger,
    report: {
      /** The route's URL, logged whoever owns it. */
      readonly url: string | undefined;
      /** Set when the route is a Halyard socket: only then is it counted. */
      readonly route: string | undefined;
      readonly code: string;
      readonly error: Error & { code?: string };
    },
  ): void {
    log.info(
      { code: report.code, wsCode: report.error.code, route: report.url },
      `websocket error: ${report.error.message}`,
    );
    if (report.route !== undefined) this.count('closed', report.code, report.route);
  }

  /** No pong since the last heartbeat ping: counted and logged; the caller terminates. */
  heartbeatTimeout(connection: Connection, intervalMs: number): void {
    this.count('closed', 'HALYARD_ERR_WS_HEARTBEAT_TIMEOUT', connection);
    this.#log.info(
      { code: 'HALYARD_ERR_WS_HEARTBEAT_TIMEOUT', connection: connection.id },
      `no pong within ${intervalMs} ms; terminating`,
    );
  }
}
