import type { FastifyBaseLogger } from 'fastify';
import type { GuardDefinition } from '../definition/app-definition.js';
import { errorTable } from '../errors.js';
import type { GuardRunner } from '../guards/guard-runner.js';
import { HttpError } from '../http/http-error.js';
import { closeCodeForStatus, CloseCodes } from './close-codes.js';
import type { Connection } from './connection.js';
import type { StatsRecorder } from './hub-stats.js';
import { outcomeOf } from './message-observation.js';
import { requestWithCredential } from './reauth-request.js';
import type { SocketGauges } from './socket-gauges.js';
import type { GuardedObservation } from './socket-observer.js';
import type { SocketObservers } from './socket-observers.js';
import { replyFrame, type MessageId } from './wire-protocol.js';

/** The longest delay `setTimeout` keeps; a later expiry is reached in steps of it. */
const maxTimerMs = 2_147_483_647;
/** Bound on a `$auth` credential, checked before any guard sees it. */
export const maxCredentialLength = 8_192;

/** What the dispatcher reports a bad `$auth` frame with. */
export type BadAuthFrame = (connection: Connection, id: MessageId | undefined, detail: string) => void;

/** A timer that may be re-armed in steps; `timer` is the one to clear. */
interface TimerBox {
  timer: NodeJS.Timeout;
}

interface Session {
  warn?: TimerBox;
  expire?: TimerBox;
  /** Re-authentications of this connection run one after the other, in arrival order. */
  queue: Promise<void>;
}

/**
 * Live authentication of one socket route: the expiry an upgrade guard gave the identity
 * (`$expiring` push before it, close 4401 at it) and `$auth` frames that re-run the route's
 * upgrade guards with a new credential. It owns every timer it starts and clears them when the
 * connection closes; `gauges.expiryTimers` counts them for the leak check.
 */
export class SocketAuth {
  readonly #guard: GuardRunner;
  readonly #guards: readonly GuardDefinition[];
  readonly #warnBeforeMs: number;
  readonly #stats: StatsRecorder;
  readonly #log: FastifyBaseLogger;
  readonly #route: string;
  readonly #gauges: SocketGauges;
  readonly #onReauth: ((connection: Connection) => Promise<boolean>) | undefined;
  readonly #observers: SocketObservers | undefined;
  readonly #handler: string;
  readonly #sessions = new Map<Connection, Session>();

  constructor(options: {
    guard: GuardRunner;
    guards: readonly GuardDefinition[];
    warnBeforeMs: number;
    stats: StatsRecorder;
    log: FastifyBaseLogger;
    route: string;
    gauges: SocketGauges;
    /** `@OnReauth`, run after the identity was replaced; resolves `false` when it closed the connection. */
    onReauth?: (connection: Connection) => Promise<boolean>;
    /** Tracing follows each `$auth`'s guards as it follows the upgrade's. */
    observers?: SocketObservers;
    /** `Class.member` of the route's controller. */
    handler?: string;
  }) {
    this.#guard = options.guard;
    this.#guards = options.guards;
    this.#warnBeforeMs = options.warnBeforeMs;
    this.#stats = options.stats;
    this.#log = options.log;
    this.#route = options.route;
    this.#gauges = options.gauges;
    this.#onReauth = options.onReauth;
    this.#observers = options.observers;
    this.#handler = options.handler ?? options.route;
  }

  /** The socket opened with an identity that may expire. */
  opened(connection: Connection, expiresAt: number | undefined): void {
    if (expiresAt !== undefined) this.#arm(connection, this.#session(connection), expiresAt);
  }

  /** The socket closed: every timer of the connection is cleared. */
  closed(connection: Connection): void {
    const session = this.#sessions.get(connection);
    if (!session) return;
    this.#disarm(session);
    this.#sessions.delete(connection);
  }

  /** A `$auth` frame: `data` must be `{ credential }`. Resolves once it was answered. */
  reauthenticate(
    connection: Connection,
    frame: { readonly id: MessageId | undefined; readonly data: unknown },
    bad: BadAuthFrame,
  ): Promise<void> {
    const { id, data } = frame;
    const credential = (data as { credential?: unknown } | null | undefined)?.credential;
    if (
      typeof data !== 'object' ||
      data === null ||
      Object.keys(data).length !== 1 ||
      typeof credential !== 'string' ||
      credential.length === 0 ||
      credential.length > maxCredentialLength
    ) {
      bad(
        connection,
        id,
        `"$auth" needs data: { "credential": "..." }, a non-empty string of at most ${maxCredentialLength} characters`,
      );
      return Promise.resolve();
    }
    const session = this.#session(connection);
    const run = session.queue.then(() => this.#run(connection, id, credential));
    session.queue = run;
    return run;
  }

  async #run(connection: Connection, id: MessageId | undefined, credential: string): Promise<void> {
    if (!connection.isOpen) return;
    const seen = this.#observers?.active
      ? this.#observers.reauth({ route: this.#route, handler: this.#handler, connectionId: connection.id })
      : undefined;
    let outcome: Awaited<ReturnType<GuardRunner>>;
    try {
      const request = requestWithCredential(connection.request, this.#guards, credential);
      const watch = seen?.guard && ((name: string) => seen.guard?.(name));
      const check = () => this.#guard(request, { credential }, watch);
      outcome = await (seen?.run ? seen.run(check) : check());
    } catch (error) {
      if (seen) outcomeOf(seen, error);
      this.#refused(connection, id, error);
      return;
    }
    if (!connection.isOpen) return seen?.end('closed');
    await this.#accept(connection, { id, outcome, seen });
  }

  async #accept(
    connection: Connection,
    accepted: {
      id: MessageId | undefined;
      outcome: Awaited<ReturnType<GuardRunner>>;
      seen: GuardedObservation | undefined;
    },
  ): Promise<void> {
    const { id, outcome, seen } = accepted;
    connection.replaceIdentity(outcome.identity);
    const session = this.#session(connection);
    this.#disarm(session);
    if (outcome.expiresAt !== undefined) this.#arm(connection, session, outcome.expiresAt);
    else if (session.warn === undefined && session.expire === undefined) this.#sessions.delete(connection);
    this.#log.info({ connection: connection.id, route: this.#route }, 'websocket re-authenticated');
    const expiresAt = outcome.expiresAt === undefined ? null : new Date(outcome.expiresAt).toISOString();
    if (this.#onReauth && !(await this.#onReauth(connection))) return seen?.end('closed');
    seen?.end('ok');
    connection.sendFrame(replyFrame('$auth', id, { expiresAt }));
  }

  #refused(connection: Connection, id: MessageId | undefined, error: unknown): void {
    const fields = {
      connection: connection.id,
      route: this.#route,
      ...(id !== undefined && { messageId: id }),
    };
    if (error instanceof HttpError) {
      this.#stats.error(this.#route, error.code);
      this.#log.info({ ...fields, code: error.code }, `re-authentication refused: ${error.message}`);
      connection.close(closeCodeForStatus(error.status), error.message);
      return;
    }
    this.#stats.error(this.#route, 'HALYARD_ERR_INTERNAL');
    this.#log.error(
      { ...fields, err: error, code: 'HALYARD_ERR_INTERNAL' },
      're-authentication guard failed',
    );
    connection.close(CloseCodes.INTERNAL_ERROR, errorTable.HALYARD_ERR_INTERNAL.message);
  }

  #session(connection: Connection): Session {
    let session = this.#sessions.get(connection);
    if (!session) this.#sessions.set(connection, (session = { queue: Promise.resolve() }));
    return session;
  }

  #arm(connection: Connection, session: Session, expiresAt: number): void {
    const left = expiresAt - Date.now();
    if (left <= 0) {
      this.#expired(connection, expiresAt);
      return;
    }
    const warnIn = left - this.#warnBeforeMs;
    session.warn = this.#timer(Math.max(0, warnIn), () => {
      session.warn = undefined;
      this.#gauges.expiryTimers--;
      connection.send('$expiring', {
        expiresAt: new Date(expiresAt).toISOString(),
        inMs: Math.max(0, expiresAt - Date.now()),
      });
    });
    session.expire = this.#timer(left, () => {
      session.expire = undefined;
      this.#gauges.expiryTimers--;
      this.#expired(connection, expiresAt);
    });
  }

  /** One timer, counted until it fires or is cleared; a delay beyond what `setTimeout` keeps is reached in steps. */
  #timer(delayMs: number, fire: () => void): TimerBox {
    this.#gauges.expiryTimers++;
    const box = {} as TimerBox;
    const step = (left: number): void => {
      box.timer = setTimeout(
        () => (left > maxTimerMs ? step(left - maxTimerMs) : fire()),
        Math.min(left, maxTimerMs),
      );
      box.timer.unref();
    };
    step(delayMs);
    return box;
  }

  #disarm(session: Session): void {
    for (const key of ['warn', 'expire'] as const) {
      const box = session[key];
      if (box === undefined) continue;
      clearTimeout(box.timer);
      session[key] = undefined;
      this.#gauges.expiryTimers--;
    }
  }

  #expired(connection: Connection, expiresAt: number): void {
    const at = new Date(expiresAt).toISOString();
    this.#stats.error(this.#route, 'HALYARD_ERR_WS_AUTH_EXPIRED');
    this.#log.info(
      { code: 'HALYARD_ERR_WS_AUTH_EXPIRED', connection: connection.id, route: this.#route, expiresAt: at },
      `credential expired at ${at}; closing with 4401`,
    );
    connection.close(closeCodeForStatus(401), 'Credential expired');
  }
}
