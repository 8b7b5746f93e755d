import type { FastifyBaseLogger } from 'fastify';
import type { WsCloseError } from './close-codes.js';
import type { Connection } from './connection.js';
import type { StatsRecorder } from './hub-stats.js';

/**
 * Closes a connection for a `WsCloseError` thrown by `@OnConnect` or a message handler: counts it
 * as `CLOSE_<code>`, logs it at info (the client asked for nothing wrong; the app chose to close)
 * and closes with the error's code and reason.
 *
 * @example closeFor(error, connection, { stats, log, route, prefix: 'connection rejected with', fields: { route } })
 */
export function closeFor(
  error: WsCloseError,
  connection: Connection,
  report: {
    readonly stats: StatsRecorder;
    readonly log: FastifyBaseLogger;
    readonly route: string;
    /** Start of the log message; the code and reason follow. */
    readonly prefix: string;
    /** Log fields after `code` and `connection`. */
    readonly fields: Record<string, unknown>;
  },
): void {
  const code = `CLOSE_${error.code}`;
  report.stats.error(report.route, code);
  report.log.info(
    { code, connection: connection.id, ...report.fields },
    `${report.prefix} ${error.code}${error.reason ? `: ${error.reason}` : ''}`,
  );
  connection.close(error.code, error.reason);
}
