import type { FastifyBaseLogger } from 'fastify';
import type { SocketDefinition } from '../definition/app-definition.js';
import type { Container } from '../di/container.js';
import { compileGuards } from '../guards/guard-runner.js';
import type { Connection } from './connection.js';
import type { StatsRecorder } from './hub-stats.js';
import { SocketAuth } from './socket-auth.js';
import type { SocketGauges } from './socket-gauges.js';
import type { SocketObservers } from './socket-observers.js';
import type { ResolvedAppSocketOptions } from './websocket-options.js';

/**
 * The live authentication of a socket route: only routes with upgrade guards have one (`$auth`
 * re-runs those guards), so sockets without guards pay nothing and treat `$auth` as unknown.
 */
export async function compileSocketAuth(options: {
  socket: SocketDefinition;
  container: Container;
  gauges: SocketGauges;
  log: FastifyBaseLogger;
  stats: StatsRecorder;
  appOptions: ResolvedAppSocketOptions;
  /** `@OnReauth` of the socket, if it has one. */
  onReauth?: (connection: Connection) => Promise<boolean>;
  /** The app's socket observers: tracing gives each `$auth` a span with its guards. */
  observers?: SocketObservers;
}): Promise<SocketAuth | undefined> {
  const { socket } = options;
  const guard = await compileGuards(socket.guards, options.container, {
    kind: 'upgrade',
    handler: socket.name,
  });
  if (!guard) return undefined;
  return new SocketAuth({
    guard,
    guards: socket.guards,
    warnBeforeMs: options.appOptions.expiryWarningMs,
    stats: options.stats,
    log: options.log,
    route: socket.path,
    gauges: options.gauges,
    handler: socket.name,
    ...(options.onReauth && { onReauth: options.onReauth }),
    ...(options.observers && { observers: options.observers }),
  });
}
