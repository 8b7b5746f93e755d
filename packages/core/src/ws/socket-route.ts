import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RawData, WebSocket as WsSocket } from 'ws';
import type { SocketDefinition } from '../definition/app-definition.js';
import type { Container } from '../di/container.js';
import { HttpError } from '../http/http-error.js';
import type { ValidationSettings } from '../validation/validation-settings.js';
import { closeCodeForStatus, closeReason } from './close-codes.js';
import { Connection, type ConnectionRoute } from './connection.js';
import { awaitingPong, flatString, socketClosed } from './connection-internals.js';
import type { BacklogBudget } from './connect-backlog.js';
import type { ConnectionSlots } from './connection-slots.js';
import { FrameIntake } from './frame-intake.js';
import type { Hub } from './hub.js';
import type { LifecycleHooks } from './lifecycle-hooks.js';
import { sessionQueryKey } from './resume-session.js';
import type { MessageDispatcher } from './message-dispatcher.js';
import type { SocketAuth } from './socket-auth.js';
import type { IpSlots } from './ip-slots.js';
import type { SocketGauges } from './socket-gauges.js';
import { outcomeOf } from './message-observation.js';
import type { UpgradeObservation } from './socket-observer.js';
import type { ResolvedLimits } from './socket-limits.js';
import type { ServerRequestSettings } from './server-requests.js';
import {
  compileUpgradeChecks,
  refusedBeforeUpgrade,
  upgradeRequired,
  type UpgradeResult,
} from './upgrade-checks.js';
import {
  kConnectionHost,
  kObservers,
  kRegister,
  kReporter,
  kResumedId,
  kUnregister,
} from './hub-internals.js';

const upgradeKey = Symbol('halyard.upgrade');
/** The observers' view of an accepted upgrade, ended once the connection is open (after `@OnConnect`). */
const observedKey = Symbol('halyard.upgrade.observed');
/** A refusal that `refuseWith: 'close'` turns into an immediate close after the upgrade. */
interface Refusal {
  readonly refused: { readonly code: number; readonly reason: string; readonly errorCode: string };
}
type UpgradeRequest = FastifyRequest & {
  [upgradeKey]?: UpgradeResult | Refusal;
  [observedKey]?: UpgradeObservation;
};

/** The frame intake of the connection on a socket: the one per-socket link the shared listeners need. */
const intakeKey = Symbol('halyard.intake');
type RouteSocket = WsSocket & { [intakeKey]: FrameIntake };
const intakeOf = (ws: WsSocket): FrameIntake => (ws as RouteSocket)[intakeKey];

// Module-level listeners (ws calls them with `this` = the socket) instead of closures per
// connection: an idle connection keeps no function objects or contexts of its own.
function onMessage(this: WsSocket, data: RawData, isBinary: boolean): void {
  intakeOf(this).receive(data, isBinary);
}

function onPong(this: WsSocket): void {
  intakeOf(this).connection[awaitingPong] = false;
}

/** One socket route's compiled parts. */
export interface SocketRuntime {
  readonly socket: SocketDefinition;
  readonly limits: ResolvedLimits;
  readonly dispatcher: MessageDispatcher;
  readonly hooks: LifecycleHooks;
  /** `maxConnections`, counting upgrades in progress and the hub's open connections. */
  readonly slots: ConnectionSlots;
  /** Expiry and `$auth` of a route with upgrade guards. */
  readonly auth?: SocketAuth;
  /** What `conn.ask()` needs: reply validators and limits. */
  readonly requests: ServerRequestSettings;
}

/** What every route of the app shares. */
export interface SharedSocketState {
  readonly container: Container;
  readonly settings: ValidationSettings;
  readonly hub: Hub;
  readonly isShuttingDown: () => boolean;
  /** What `app.close()` closes sockets with; also an upgrade that completes while it runs. */
  readonly shutdownClose: { readonly code: number; readonly reason: string };
  readonly gauges: SocketGauges;
  readonly ipSlots: IpSlots;
  readonly backlogBudget: BacklogBudget;
}

/** Registers one upgrade route: checks before the upgrade, then the connection's life. */
export async function registerSocketRoute(
  app: FastifyInstance,
  runtime: SocketRuntime,
  options: SharedSocketState,
): Promise<void> {
  const { socket, limits, dispatcher, hooks } = runtime;
  const { hub } = options;
  const shared: ConnectionRoute = {
    route: socket.path,
    limits,
    host: hub[kConnectionHost],
    requests: runtime.requests,
  };
  function onClose(this: WsSocket, code: number, reason: Buffer): void {
    const intake = intakeOf(this);
    const connection = intake.connection;
    connection[socketClosed]();
    intake.closed();
    runtime.auth?.closed(connection);
    hooks.disconnect(connection, { code, reason: reason.toString('utf8') }, () =>
      hub[kUnregister](connection),
    );
  }
  const check = await compileUpgradeChecks({
    socket,
    limits,
    settings: options.settings,
    container: options.container,
    isShuttingDown: options.isShuttingDown,
    slots: runtime.slots,
    ipSlots: options.ipSlots,
  });

  const onOpen = (ws: WsSocket, request: UpgradeRequest): void => {
    const outcome = request[upgradeKey];
    // The request outlives the upgrade (the TCP socket keeps it): it keeps no result it no longer needs.
    request[upgradeKey] = undefined;
    // The 101 went out: an HTTP instrumentation's request span gets no response event to end on.
    request[observedKey]?.upgraded?.();
    if (outcome && 'refused' in outcome) {
      ws.close(outcome.refused.code, closeReason(outcome.refused.reason));
      return;
    }
    const upgrade = outcome as UpgradeResult;
    if (options.isShuttingDown()) {
      // Its checks passed before app.close() began: not registered (the open ones were already
      // told), so it is closed like them and its client moves on with the same window.
      upgrade.release();
      ws.close(options.shutdownClose.code, options.shutdownClose.reason);
      return;
    }
    const resumedId = hub[kResumedId]((request.query as Record<string, unknown>)[sessionQueryKey]);
    // The id lives as long as the connection: one flat string, not a rope or a slice of the token.
    const connection = new Connection({
      id: flatString(resumedId ?? randomUUID()),
      socket: ws,
      shared,
      params: upgrade.params,
      query: upgrade.query,
      headers: upgrade.headers,
      upgradeValues: upgrade.values,
      remoteAddress: request.ip,
      identity: request.halyardIdentity,
      request,
      log: request.log,
    });
    // The slot becomes the hub's count in the same tick, so the limit never sees a gap; its
    // listener for an upgrade that never opened is not needed any more.
    upgrade.release();
    request.raw.socket.removeListener('close', upgrade.release);
    hub[kRegister](connection, resumedId !== undefined);
    const intake = new FrameIntake({
      connection,
      limits,
      dispatcher,
      hub,
      log: request.log,
      waitForConnect: hooks.hasOnConnect,
      gauges: options.gauges,
      backlogBudget: options.backlogBudget,
    });

    // Listeners go on synchronously so no frame sent right after the upgrade is lost while @OnConnect runs.
    (ws as RouteSocket)[intakeKey] = intake;
    ws.on('message', onMessage);
    ws.on('pong', onPong);
    runtime.auth?.opened(connection, upgrade.expiresAt);
    ws.on('close', onClose);

    const seen = request[observedKey];
    if (hooks.hasOnConnect) {
      const connect = () => hooks.connect(connection);
      void (seen?.run ? seen.run(connect) : connect()).then((open) => {
        seen?.end(open ? 'ok' : 'closed');
        connection.markConnected();
        intake.opened(open);
      });
    } else {
      seen?.end('ok');
      connection.markConnected();
    }
  };

  app.route({
    method: 'GET',
    url: socket.path,
    config: { halyardHandler: socket.name },
    preValidation: async (request: FastifyRequest) => {
      const upgrading = (request as FastifyRequest & { ws?: boolean }).ws === true;
      // Observers follow real upgrades only: a plain GET's 426 is the HTTP span's business.
      const seen =
        upgrading && hub[kObservers].active
          ? hub[kObservers].upgrade({ route: socket.path, handler: socket.name, request })
          : undefined;
      try {
        const result = await check(request, seen);
        (request as UpgradeRequest)[upgradeKey] = result;
        // An upgrade that fails after the checks (the socket dies first) gives its slot back too.
        request.raw.socket.once('close', result.release);
        if (seen) {
          (request as UpgradeRequest)[observedKey] = seen;
          // Ends the observation if the handshake never completes (a no-op once it ended).
          request.raw.socket.once('close', () => seen.end('closed'));
        }
      } catch (error) {
        if (seen) outcomeOf(seen, error);
        // Refused upgrades count in the route's stats; the error handler answers and logs them.
        hub[kReporter].upgradeRefused(
          socket.path,
          error instanceof HttpError ? error.code : 'HALYARD_ERR_INTERNAL',
        );
        if (
          limits.refuseWith === 'close' &&
          upgrading &&
          error instanceof HttpError &&
          !refusedBeforeUpgrade.has(error.code)
        ) {
          // Let the upgrade happen so a browser can read the code; onOpen closes it at once (and
          // ws destroys the socket after closeTimeoutMs if the peer never answers the close).
          hub[kReporter].upgradeClosing(request.log, { route: socket.path, error });
          if (seen) (request as UpgradeRequest)[observedKey] = seen;
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
      throw upgradeRequired(request);
    },
    wsHandler: onOpen as (socket: WsSocket, request: FastifyRequest) => void,
  });
}
