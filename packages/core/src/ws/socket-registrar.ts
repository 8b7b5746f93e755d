import type { Duplex } from 'node:stream';
import websocketPlugin from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket as WsSocket } from 'ws';
import type { AppDefinition } from '../definition/app-definition.js';
import type { Container } from '../di/container.js';
import { errorTable } from '../errors.js';
import { shutdownClose } from './close-codes.js';
import type { ValidationSettings } from '../validation/validation-settings.js';
import { BacklogBudget } from './connect-backlog.js';
import { ConnectionSlots } from './connection-slots.js';
import type { Hub } from './hub.js';
import { InFlight } from './in-flight.js';
import { IpSlots } from './ip-slots.js';
import { LifecycleHooks } from './lifecycle-hooks.js';
import { MessageDispatcher } from './message-dispatcher.js';
import { compileMessageGuards } from '../guards/message-guards.js';
import { compileSocketAuth } from './socket-auth-setup.js';
import { SocketGauges } from './socket-gauges.js';
import { compileServerRequests } from './server-requests.js';
import { attachRuntimeParts } from './runtime-probe.js';
import { registerSocketRoute, type SocketRuntime } from './socket-route.js';
import { awaitingPong } from './connection-internals.js';
import type { ResolvedAppSocketOptions } from './websocket-options.js';
import { kObservers, kRecorder, kReporter, kResumable, kResume } from './hub-internals.js';

/**
 * Registers `@fastify/websocket` and one upgrade route per socket definition; owns heartbeat and shutdown.
 * Each socket's limits were resolved once by the definition builder (`socket.resolvedLimits`).
 */
export async function registerSockets(
  app: FastifyInstance,
  definition: AppDefinition,
  options: {
    container: Container;
    settings: ValidationSettings;
    hub: Hub;
    appOptions: ResolvedAppSocketOptions;
  },
): Promise<void> {
  const { container, settings, hub } = options;
  const runtimes: SocketRuntime[] = [];
  // Message handlers, @OnConnect and @OnDisconnect of every route: shutdown waits for all of them.
  const inFlight = new InFlight();
  let shuttingDown = false;
  const { appOptions } = options;
  const shutdownTimeoutMs = appOptions.shutdownTimeoutMs;
  const closing = shutdownClose(appOptions.restartWindowMs);

  const gauges = new SocketGauges();
  for (const socket of definition.sockets) {
    const limits = socket.resolvedLimits;
    const instance = (await container.get(socket.controller)) as object;
    const shared = { socket, instance, reporter: hub[kReporter], observers: hub[kObservers], inFlight };
    const guards = await compileMessageGuards(socket, container);
    const hooks = new LifecycleHooks(shared);
    const onReauth = hooks.reauth;
    const auth = await compileSocketAuth({
      socket,
      container,
      gauges,
      log: app.log,
      stats: hub[kRecorder],
      appOptions,
      observers: hub[kObservers],
      ...(onReauth && { onReauth }),
    });
    const dispatcher = new MessageDispatcher({
      ...shared,
      settings,
      isShuttingDown: () => shuttingDown,
      guards,
      ...(auth && { auth }),
      ...(hub[kResumable] && { resume: hub[kResume].bind(hub) }),
    });
    const slots = new ConnectionSlots(
      limits.maxConnections,
      () => hub[kRecorder].route(socket.path).connections,
    );
    runtimes.push({
      socket,
      limits,
      dispatcher,
      hooks,
      slots,
      ...(auth && { auth }),
      requests: compileServerRequests(socket, { limits, settings, gauges }),
    });
  }
  const socketPaths = new Set(runtimes.map((runtime) => runtime.socket.path));
  const maxPayload = Math.max(...runtimes.map((runtime) => runtime.limits.maxPayload));
  // Upgrade requests refused while closing (Fastify's own 503) never reach onResponse, so
  // @fastify/websocket does not destroy their sockets; without this a client that keeps such a
  // socket open would hold app.close() forever.
  const upgradeSockets = new Set<Duplex>();
  // Every upgrade's TCP socket until it closes, accepted or not: what `inspectRuntime` waits for.
  const allSockets = new Set<Duplex>();
  // One listener function for every socket (a socket emits 'close' once), not a closure each.
  function forgetSocket(this: Duplex): void {
    upgradeSockets.delete(this);
    allSockets.delete(this);
  }
  app.server.on('upgrade', (_request: unknown, socket: Duplex) => {
    upgradeSockets.add(socket);
    allSockets.add(socket);
    socket.on('close', forgetSocket);
  });

  // ws destroys a socket whose peer does not complete the close handshake within closeTimeout (its
  // default is 30 s): every close the server starts (refusals, limits, shutdown) ends by then.
  // Passed through a variable: @types/ws does not list `closeTimeout` yet (ws 8.23 has it).
  const serverOptions = { maxPayload, perMessageDeflate: false, closeTimeout: appOptions.closeTimeoutMs };
  await app.register(websocketPlugin, {
    options: serverOptions,
    errorHandler(error: Error & { code?: string }, socket: WsSocket, request: FastifyRequest) {
      // ws has already sent the right close code (1009 too large, 1007 invalid UTF-8, 1002 protocol error).
      const code: 'HALYARD_ERR_PAYLOAD_TOO_LARGE' | 'HALYARD_ERR_WS_PROTOCOL' =
        error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'
          ? 'HALYARD_ERR_PAYLOAD_TOO_LARGE'
          : 'HALYARD_ERR_WS_PROTOCOL';
      const url = request.routeOptions.url;
      // Only Halyard socket routes have stats; other plugins' websocket routes are theirs.
      hub[kReporter].protocolError(request.log, {
        code,
        error,
        url,
        route: url !== undefined && socketPaths.has(url) ? url : undefined,
      });
      if (socket.readyState === socket.OPEN) socket.close(errorTable[code].closeCode);
    },
    preClose: async () => {
      shuttingDown = true;
      for (const timer of timers.splice(0)) clearInterval(timer);
      const deadline = delay(shutdownTimeoutMs);
      // Handlers and @OnConnect that already run may finish (bounded); new messages get HALYARD_ERR_WS_SHUTTING_DOWN.
      await Promise.race([inFlight.idle(), deadline]);
      const open = hub.connections();
      const closed = Promise.all(open.map((connection) => connection.whenClosed()));
      // 1012 with the restart window: clients spread their reconnects over it instead of storming the next instance.
      for (const connection of open) connection.close(closing.code, closing.reason);
      await Promise.race([closed, delay(Math.min(shutdownTimeoutMs, 2_000))]);
      for (const connection of hub.connections()) connection.terminate();
      // Closing ran @OnDisconnect (and room leaving); the hub and its adapter stop only after them.
      await Promise.race([inFlight.idle(), deadline]);
      if (inFlight.count > 0)
        app.log.warn(
          { code: 'HALYARD_ERR_WS_SHUTTING_DOWN', running: inFlight.count, timeoutMs: shutdownTimeoutMs },
          'websocket handlers still running after shutdownTimeoutMs; closing anyway',
        );
      for (const socket of upgradeSockets) socket.destroy();
      app.websocketServer.close();
    },
  });

  // Accepted upgrades (ours or another plugin's) close their own way; only refused ones are left.
  app.websocketServer.on('connection', (_ws: WsSocket, request: { socket: Duplex }) =>
    upgradeSockets.delete(request.socket),
  );

  const ipSlots = new IpSlots(appOptions.maxConnectionsPerIp);
  const backlogBudget = new BacklogBudget(appOptions.maxBacklogBytes);
  for (const runtime of runtimes)
    await registerSocketRoute(app, runtime, {
      container,
      settings,
      hub,
      isShuttingDown: () => shuttingDown,
      shutdownClose: closing,
      gauges,
      ipSlots,
      backlogBudget,
    });

  // Routes may beat at their own interval (or not at all): one timer per distinct interval, each
  // walking the connections once per tick for all of its routes.
  const routesByInterval = new Map<number, Set<string>>();
  for (const { socket, limits } of runtimes) {
    if (limits.heartbeat === false) continue;
    const intervalMs = limits.heartbeat.intervalMs;
    const routes = routesByInterval.get(intervalMs) ?? new Set<string>();
    routes.add(socket.path);
    routesByInterval.set(intervalMs, routes);
  }
  const timers: NodeJS.Timeout[] = [];
  for (const [intervalMs, routes] of routesByInterval) {
    const timer = setInterval(() => beat(hub, routes, intervalMs), intervalMs);
    timer.unref();
    timers.push(timer);
  }

  attachRuntimeParts(app, {
    hub,
    inFlight,
    gauges,
    sockets: allSockets,
    slots: runtimes.map((runtime) => runtime.slots),
    heartbeatTimers: () => timers.length,
    perIp: () => ({ addresses: ipSlots.addresses, slots: ipSlots.slots }),
    backlog: () => ({ bytes: backlogBudget.bytes, frames: backlogBudget.frames }),
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function beat(hub: Hub, routes: ReadonlySet<string>, intervalMs: number): void {
  for (const connection of hub.connections()) {
    if (!routes.has(connection.route)) continue;
    if (connection[awaitingPong]) {
      hub[kReporter].heartbeatTimeout(connection, intervalMs);
      connection.terminate();
    } else if (connection.isOpen) {
      connection.ping();
    }
  }
}
