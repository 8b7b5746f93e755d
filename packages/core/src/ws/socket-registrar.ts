import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import websocketPlugin from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RawData, WebSocket as WsSocket } from 'ws';
import type { AppDefinition, SocketDefinition } from '../definition/app-definition.js';
import type { Container } from '../di/container.js';
import { HttpError } from '../http/http-error.js';
import type { ValidationSettings } from '../validation/validation-settings.js';
import { closeCodeForStatus, closeReason, CloseCodes } from './close-codes.js';
import { Connection } from './connection.js';
import type { Hub } from './hub.js';
import { MessageDispatcher } from './message-dispatcher.js';
import { TokenBucket } from './rate-limiter.js';
import { resolveLimits, type ResolvedLimits } from './socket-limits.js';
import { compileUpgradeChecks, type UpgradeResult } from './upgrade-checks.js';
import { peekMessageId } from './wire-protocol.js';
import type { WebSocketAppOptions } from './websocket-options.js';

const upgradeKey = Symbol('halyard.upgrade');
/** A refusal that `refuseWith: 'close'` turns into an immediate close after the upgrade. */
interface Refusal {
  readonly refused: { readonly code: number; readonly reason: string; readonly errorCode: string };
}
type UpgradeRequest = FastifyRequest & { [upgradeKey]?: UpgradeResult | Refusal };

/** ws hands over a Buffer (or fragments, or an ArrayBuffer); only the rare forms are copied. */
function asBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

interface SocketRuntime {
  readonly socket: SocketDefinition;
  readonly limits: ResolvedLimits;
  readonly dispatcher: MessageDispatcher;
}

/** Registers `@fastify/websocket` and one upgrade route per socket definition; owns heartbeat and shutdown. */
export async function registerSockets(
  app: FastifyInstance,
  definition: AppDefinition,
  options: { container: Container; settings: ValidationSettings; hub: Hub; websocket: WebSocketAppOptions },
): Promise<void> {
  const { container, settings, hub } = options;
  const runtimes: SocketRuntime[] = [];
  let shuttingDown = false;
  const heartbeat =
    options.websocket.heartbeat === false ? undefined : (options.websocket.heartbeat?.intervalMs ?? 30_000);
  const shutdownTimeoutMs = options.websocket.shutdownTimeoutMs ?? 10_000;

  for (const socket of definition.sockets) {
    const limits = resolveLimits(
      options.websocket.limits,
      socket.limits,
      `${socket.name} (${socket.path}) limits`,
    );
    const instance = (await container.get(socket.controller)) as object;
    const dispatcher = new MessageDispatcher({
      socket,
      instance,
      settings,
      stats: hub.recorder,
      log: app.log,
    });
    runtimes.push({ socket, limits, dispatcher });
  }
  const socketPaths = new Set(runtimes.map((runtime) => runtime.socket.path));
  const maxPayload = Math.max(...runtimes.map((runtime) => runtime.limits.maxPayload));
  // Upgrade requests refused while closing (Fastify's own 503) never reach onResponse, so
  // @fastify/websocket does not destroy their sockets; without this a client that keeps such a
  // socket open would hold app.close() forever.
  const upgradeSockets = new Set<Duplex>();
  app.server.on('upgrade', (_request: unknown, socket: Duplex) => {
    upgradeSockets.add(socket);
    socket.once('close', () => upgradeSockets.delete(socket));
  });

  await app.register(websocketPlugin, {
    options: { maxPayload, perMessageDeflate: false },
    errorHandler(error: Error & { code?: string }, socket: WsSocket, request: FastifyRequest) {
      // ws has already sent the right close code (1009 too large, 1007 invalid UTF-8, 1002 protocol error).
      const code =
        error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'
          ? 'HALYARD_ERR_PAYLOAD_TOO_LARGE'
          : 'HALYARD_ERR_WS_PROTOCOL';
      request.log.info(
        { code, wsCode: error.code, route: request.routeOptions.url },
        `websocket error: ${error.message}`,
      );
      // Only Halyard socket routes have stats; other plugins' websocket routes are theirs.
      if (socketPaths.has(request.routeOptions.url ?? ''))
        hub.recorder.error(request.routeOptions.url ?? '', code);
      if (socket.readyState === socket.OPEN)
        socket.close(code === 'HALYARD_ERR_PAYLOAD_TOO_LARGE' ? CloseCodes.MESSAGE_TOO_BIG : 1002);
    },
    preClose: async () => {
      shuttingDown = true;
      if (timer) clearInterval(timer);
      const idle = Promise.all(runtimes.map((runtime) => runtime.dispatcher.idle()));
      await Promise.race([idle, delay(shutdownTimeoutMs)]);
      const open = hub.connections();
      const closed = Promise.all(open.map((connection) => connection.whenClosed()));
      for (const connection of open) connection.close(CloseCodes.GOING_AWAY, 'Server shutting down');
      await Promise.race([closed, delay(Math.min(shutdownTimeoutMs, 2_000))]);
      for (const connection of hub.connections()) connection.terminate();
      for (const socket of upgradeSockets) socket.destroy();
      app.websocketServer.close();
    },
  });

  // Accepted upgrades (ours or another plugin's) close their own way; only refused ones are left.
  app.websocketServer.on('connection', (_ws: WsSocket, request: { socket: Duplex }) =>
    upgradeSockets.delete(request.socket),
  );

  for (const runtime of runtimes)
    await registerSocketRoute(app, runtime, { container, settings, hub, isShuttingDown: () => shuttingDown });

  const timer = heartbeat === undefined ? undefined : setInterval(() => beat(hub, heartbeat, app), heartbeat);
  timer?.unref();
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function beat(hub: Hub, intervalMs: number, app: FastifyInstance): void {
  for (const connection of hub.connections()) {
    if (connection.awaitingPong) {
      hub.recorder.error(connection.route, 'HALYARD_ERR_WS_HEARTBEAT_TIMEOUT');
      app.log.info(
        { code: 'HALYARD_ERR_WS_HEARTBEAT_TIMEOUT', connection: connection.id },
        `no pong within ${intervalMs} ms; terminating`,
      );
      connection.terminate();
    } else if (connection.isOpen) {
      connection.ping();
    }
  }
}

async function registerSocketRoute(
  app: FastifyInstance,
  runtime: SocketRuntime,
  options: { container: Container; settings: ValidationSettings; hub: Hub; isShuttingDown: () => boolean },
): Promise<void> {
  const { socket, limits, dispatcher } = runtime;
  const { hub } = options;
  const check = await compileUpgradeChecks({
    socket,
    limits,
    settings: options.settings,
    container: options.container,
    isShuttingDown: options.isShuttingDown,
    connectionCount: () => hub.recorder.route(socket.path).connections,
  });

  const onOpen = (ws: WsSocket, request: UpgradeRequest): void => {
    const outcome = request[upgradeKey];
    if (outcome && 'refused' in outcome) {
      ws.close(outcome.refused.code, closeReason(outcome.refused.reason));
      return;
    }
    const upgrade = outcome as UpgradeResult;
    const connection = new Connection({
      id: randomUUID(),
      socket: ws,
      route: socket.path,
      params: upgrade.params,
      query: upgrade.query,
      headers: upgrade.headers,
      remoteAddress: request.ip,
      identity: request.halyardIdentity,
      request,
      limits,
      host: hub,
      log: request.log,
    });
    hub.register(connection);
    const bucket = limits.rateLimit
      ? new TokenBucket(limits.rateLimit.perSecond, limits.rateLimit.burst)
      : undefined;
    let violations = 0;
    let ready = false;
    const queued: Array<[RawData, boolean]> = [];

    const accept = (data: RawData, isBinary: boolean): void => {
      const buffer = asBuffer(data);
      const bytes = buffer.length;
      hub.countIn(connection, buffer, bytes);
      if (bytes > limits.maxPayload) {
        dispatcher.sendError(
          connection,
          undefined,
          'HALYARD_ERR_PAYLOAD_TOO_LARGE',
          `Payload exceeds ${limits.maxPayload} bytes`,
        );
        connection.close(CloseCodes.MESSAGE_TOO_BIG, 'Message too big');
        return;
      }
      if (bucket && limits.rateLimit) {
        const retryAfterMs = bucket.take();
        if (retryAfterMs > 0) {
          violations++;
          dispatcher.sendError(
            connection,
            isBinary ? undefined : peekMessageId(buffer),
            'HALYARD_ERR_WS_RATE_LIMITED',
            `Rate limit exceeded; retry after ${retryAfterMs} ms`,
            { retryAfterMs },
          );
          if (violations >= limits.rateLimit.closeAfter)
            connection.close(CloseCodes.POLICY_VIOLATION, 'Rate limit exceeded');
          return;
        }
        violations = 0;
      }
      if (isBinary) {
        dispatcher.sendError(
          connection,
          undefined,
          'HALYARD_ERR_WS_BINARY_UNSUPPORTED',
          'Binary frames are not accepted; send JSON text frames',
        );
        return;
      }
      dispatcher.dispatch(connection, buffer.toString('utf8'));
    };

    // Listeners go on synchronously so no frame sent right after the upgrade is lost while @OnConnect runs.
    ws.on('message', (data, isBinary) => {
      if (ready) accept(data, isBinary);
      else queued.push([data, isBinary]);
    });
    ws.on('pong', () => {
      connection.awaitingPong = false;
    });
    ws.on('close', (code, reason) => {
      void (async () => {
        await hub.unregister(connection);
        await dispatcher.disconnect(connection, code, reason.toString('utf8'));
      })().catch((error: unknown) =>
        request.log.error(
          { err: error, code: 'HALYARD_ERR_INTERNAL', connection: connection.id },
          'websocket cleanup failed',
        ),
      );
    });

    void dispatcher.connect(connection).then((open) => {
      ready = true;
      if (!open) return;
      for (const [data, isBinary] of queued.splice(0)) accept(data, isBinary);
    });
  };

  app.route({
    method: 'GET',
    url: socket.path,
    config: { halyardHandler: socket.name },
    preValidation: async (request: FastifyRequest) => {
      try {
        (request as UpgradeRequest)[upgradeKey] = await check(request);
      } catch (error) {
        // Refused upgrades count in the route's stats; the error handler answers and logs them.
        hub.recorder.error(socket.path, error instanceof HttpError ? error.code : 'HALYARD_ERR_INTERNAL');
        const upgrading = (request as FastifyRequest & { ws?: boolean }).ws === true;
        if (limits.refuseWith === 'close' && upgrading && error instanceof HttpError) {
          // Let the upgrade happen so a browser can read the code; onOpen closes it at once.
          request.log.info(
            { code: error.code, status: error.status, route: socket.path },
            `upgrade refused (closing): ${error.message}`,
          );
          (request as UpgradeRequest)[upgradeKey] = {
            refused: { code: closeCodeForStatus(error.status), reason: error.message, errorCode: error.code },
          };
          return;
        }
        throw error;
      }
    },
    handler: async (request: FastifyRequest) => {
      // The upgrade checks already answer plain HTTP requests with 426; this only keeps Fastify's route complete.
      throw new HttpError(426, `${request.url} is a WebSocket route; connect with a WebSocket client`, {
        code: 'HALYARD_ERR_WS_UPGRADE_REQUIRED',
      });
    },
    wsHandler: onOpen as (socket: WsSocket, request: FastifyRequest) => void,
  });
}
