import { ResumeSessions } from './resume-session.js';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { WebSocket as WsSocket } from 'ws';
import { closeOf } from '../errors.js';
import { closeReason, CloseCodes, isSendableCloseCode } from './close-codes.js';
import {
  ServerRequests,
  type ClientAnswer,
  type ServerRequestOptions,
  type ServerRequestSettings,
} from './server-requests.js';
import type { CodedRefusal } from './message-dispatcher.js';
import type { ResolvedLimits } from './socket-limits.js';
import { pushFrame, type MessageId } from './wire-protocol.js';
import { awaitingPong, socketClosed, upgradeValues } from './connection-internals.js';

/**
 * Per-connection metadata. Augment it to type `conn.get` / `conn.set`:
 *
 * @example
 * ```ts
 * declare module '@halyard/core' { interface ConnectionMetadata { user: { name: string } } }
 * conn.set('user', { name: 'ada' }); conn.get('user')?.name;
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ConnectionMetadata {}

/** ws sends a Buffer as a binary frame unless told otherwise; one options object for every send. */
const textFrame = { binary: false } as const;

type MetaKey = keyof ConnectionMetadata extends never ? string : keyof ConnectionMetadata | (string & {});
type MetaValue<K> = K extends keyof ConnectionMetadata ? ConnectionMetadata[K] : unknown;

/** What a connection needs from the hub; kept as an interface so the two files do not import each other. */
export interface ConnectionHost {
  joinRoom(connection: Connection, room: string): Promise<void>;
  leaveRoom(connection: Connection, room: string): Promise<void>;
  countOut(connection: Connection, frame: string | Buffer, bytes: number): void;
  countDropped(connection: Connection): void;
  countError(connection: Connection, code: string): void;
}

/** What every connection of one socket route shares: created once per route, not per connection. */
export interface ConnectionRoute {
  readonly route: string;
  readonly limits: ResolvedLimits;
  readonly host: ConnectionHost;
  /** The route's `@Requests` reply validators and request limits (`compileServerRequests`). */
  readonly requests: ServerRequestSettings;
}

export interface ConnectionInit {
  readonly id: string;
  readonly socket: WsSocket;
  readonly shared: ConnectionRoute;
  readonly params: Readonly<Record<string, unknown>>;
  readonly query: unknown;
  readonly headers: unknown;
  /** Named `@Query('x')` / `@Headers('x')` values, converted once at upgrade. */
  readonly upgradeValues: UpgradeValues;
  readonly remoteAddress: string;
  readonly identity: unknown;
  readonly request: FastifyRequest;
  readonly log: FastifyBaseLogger;
}

/** Named query/header values of the upgrade request after conversion (header names lower-cased). */
export interface UpgradeValues {
  readonly query: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, unknown>>;
}

/** A JSON value a room's other members see about this connection in presence events. */
export type PresenceData = Readonly<Record<string, unknown>> | undefined;

/**
 * One open WebSocket. Handlers receive it through `@Conn()`; the `Hub` finds it by id.
 *
 * @example
 * ```ts
 * @OnConnect() hello(@Conn() conn: Connection) {
 *   conn.presence = { name: conn.query.name };
 *   await conn.join(`room:${conn.params.room}`);
 *   conn.send('welcome', { id: conn.id });
 * }
 * ```
 */
export class Connection {
  readonly id: string;
  /** The route's path pattern (`/game/:roomId`). */
  get route(): string {
    return this.#shared.route;
  }
  /** Validated path parameters of the upgrade request. */
  readonly params: Readonly<Record<string, unknown>>;
  /** The validated query DTO of the upgrade request, or the raw query object. */
  readonly query: Readonly<Record<string, unknown>>;
  /** The validated headers DTO of the upgrade request, or the raw headers. */
  readonly headers: Readonly<Record<string, unknown>>;
  /** Named `@Query('x')` / `@Headers('x')` values, converted once at upgrade. */
  readonly [upgradeValues]: UpgradeValues;
  readonly remoteAddress: string;
  /** What the route's guards attached with `setIdentity`; replaced by a successful `$auth`. */
  get identity(): unknown {
    return this.#identity;
  }
  #identity: unknown;
  /** The upgrade request. */
  readonly request: FastifyRequest;
  get connectedAt(): Date {
    // A Date per idle connection is ~100 bytes; the epoch milliseconds are a number until asked for.
    return (this.#connectedDate ??= new Date(this.#connectedMs));
  }
  readonly #connectedMs = Date.now();
  #connectedDate: Date | undefined;
  /** Shown to other members in presence events and `hub.roomMembers()`. Set before joining. */
  presence: PresenceData;

  readonly #socket: WsSocket;
  readonly #shared: ConnectionRoute;
  readonly #log: FastifyBaseLogger;
  // Created on first use: most connections of a large idle population never set metadata or join.
  #metadata: Map<string, unknown> | undefined;
  #rooms: Set<string> | undefined;
  /** Joins waiting for the adapter, by room: a second join of the room shares the first. */
  #joining: Map<string, Promise<boolean>> | undefined;
  /** Set when the last ping got no pong yet; the heartbeat terminates such peers. */
  [awaitingPong] = false;
  /** @internal A resumed connection took this one's id over: its rooms are handed on, not left. */
  superseded = false;
  /** @internal Tells this connection object from an older one with the same id (a resume). */
  readonly incarnation = ResumeSessions.incarnation();
  /** @internal Resolves once `@OnConnect` has finished, or the socket closed first. */
  get connected(): Promise<void> {
    // Created on first use (a resume hand-over): most connections are never waited for.
    if (this.#connected) return this.#connected;
    this.#connected = this.#isConnected
      ? Promise.resolve()
      : new Promise((resolve) => (this.#markConnected = resolve));
    return this.#connected;
  }
  #connected: Promise<void> | undefined;
  #isConnected = false;
  #markConnected: (() => void) | undefined;
  #dropped = 0;
  /** Created by the first `ask()`: a connection that never asks holds nothing. */
  #requests: ServerRequests | undefined;

  constructor(init: ConnectionInit) {
    this.id = init.id;
    this.params = init.params;
    this.query = init.query as Record<string, unknown>;
    this.headers = init.headers as Record<string, unknown>;
    this[upgradeValues] = init.upgradeValues;
    this.remoteAddress = init.remoteAddress;
    this.#identity = init.identity;
    this.request = init.request;
    this.#socket = init.socket;
    this.#shared = init.shared;
    this.#log = init.log;
  }

  /**
   * @internal The socket closed. Called by the route's one shared `close` listener (before the
   * route's own close work), so no connection carries a closure of its own for it.
   */
  [socketClosed](): void {
    this.markConnected();
    this.#requests?.closed();
    this.#logDropTotal();
  }

  /** @internal A `$auth` re-authentication succeeded: handlers see the new identity from now on. */
  replaceIdentity(identity: unknown): void {
    this.#identity = identity;
  }

  get isOpen(): boolean {
    return this.#socket.readyState === this.#socket.OPEN;
  }

  /** Rooms this connection is in. */
  get rooms(): ReadonlySet<string> {
    return (this.#rooms ??= new Set());
  }

  get<K extends MetaKey>(key: K): MetaValue<K> | undefined {
    return this.#metadata?.get(key) as MetaValue<K> | undefined;
  }

  set<K extends MetaKey>(key: K, value: MetaValue<K>): void {
    (this.#metadata ??= new Map()).set(key, value);
  }

  /** A copy of all metadata, e.g. for an admin view. */
  metadata(): Record<string, unknown> {
    return this.#metadata ? Object.fromEntries(this.#metadata) : {};
  }

  /** Sends a push `{ type, data }`. Returns `false` if the socket is closed or the frame was dropped. */
  send(type: string, data?: unknown): boolean {
    return this.sendFrame(pushFrame(type, data));
  }

  /**
   * Asks the client and resolves with its answer (named `ask` because `conn.request` is the
   * upgrade request): sends `{ type, id, data }` with a server-chosen
   * `id` (`"$1"`, `"$2"`, ...) and waits for the client's `$reply` (validated against the
   * `@Requests(type, Data, { reply })` DTO when the socket declares `type`) or `$error`. Rejects
   * with a `ServerRequestError`: `HALYARD_ERR_WS_REQUEST_TIMEOUT` after `timeoutMs` (default the
   * route's `requestTimeoutMs`), `_CLOSED` when the socket closes first, `_REFUSED` when the client
   * answered `$error`, `_INVALID_REPLY`, `_LIMIT` past `maxPendingRequests`, `_NOT_SENT` when the
   * slow-consumer policy dropped the frame.
   *
   * @example `const { ok } = await conn.ask<ConfirmReply>('confirm', { text: 'Delete?' }, { timeoutMs: 30_000 });`
   */
  ask<R = unknown>(type: string, data?: unknown, options?: ServerRequestOptions): Promise<R> {
    this.#requests ??= new ServerRequests(this.#shared.requests, this);
    return this.#requests.send(type, data, options) as Promise<R>;
  }

  /** @internal The client's `$reply` / `$error` to `id`; `false` when no request awaits it. */
  answerRequest(id: MessageId, answer: ClientAnswer, refuse: (refusal: CodedRefusal) => void): boolean {
    return this.#requests?.answer(id, answer, refuse) ?? false;
  }

  /**
   * Sends an already serialised frame (a string, or the UTF-8 bytes of one so a broadcast encodes
   * once). Applies the slow-consumer policy when the socket's buffer is above the high-water mark.
   */
  sendFrame(frame: string | Buffer): boolean {
    if (!this.isOpen) return false;
    const limits = this.#shared.limits;
    if (this.#socket.bufferedAmount > limits.sendHighWaterMark) {
      if (limits.slowConsumer === 'drop') {
        this.#shared.host.countDropped(this);
        this.#noteDrop();
        return false;
      }
      this.#log.warn(
        { code: 'HALYARD_ERR_WS_SLOW_CONSUMER', connection: this.id, buffered: this.#socket.bufferedAmount },
        'closing slow consumer',
      );
      this.#shared.host.countError(this, 'HALYARD_ERR_WS_SLOW_CONSUMER');
      const { closeCode, reason } = closeOf('HALYARD_ERR_WS_SLOW_CONSUMER');
      this.close(closeCode, reason);
      return false;
    }
    // A string goes to ws as it is (it writes it to the socket without an intermediate Buffer);
    // measuring its UTF-8 length is cheaper than encoding it. A broadcast's Buffer is encoded once.
    if (typeof frame === 'string') {
      this.#socket.send(frame);
      this.#shared.host.countOut(this, frame, Buffer.byteLength(frame));
      return true;
    }
    this.#socket.send(frame, textFrame);
    this.#shared.host.countOut(this, frame, frame.length);
    return true;
  }

  // One line for the first drop; the total is logged once when the connection closes (#logDropTotal).
  #noteDrop(): void {
    if (this.#dropped++ > 0) return;
    this.#log.info(
      {
        code: 'HALYARD_ERR_WS_SLOW_CONSUMER',
        connection: this.id,
        buffered: this.#socket.bufferedAmount,
        limit: this.#shared.limits.sendHighWaterMark,
      },
      'slow consumer: dropping frames above the send high-water mark',
    );
  }

  #logDropTotal(): void {
    if (this.#dropped <= 1) return;
    this.#log.info(
      { code: 'HALYARD_ERR_WS_SLOW_CONSUMER', connection: this.id, dropped: this.#dropped },
      `slow consumer: ${this.#dropped} frames dropped in total`,
    );
  }

  /**
   * Starts the close handshake. A code that may not be sent (e.g. 1005, 1006, 2000) becomes 1011
   * with a log line, and the reason is cut to the 123 bytes a close frame holds, so a bad value
   * from application code never throws inside a handler.
   */
  close(code: number = CloseCodes.NORMAL, reason = ''): void {
    if (this.#socket.readyState === this.#socket.CLOSED || this.#socket.readyState === this.#socket.CLOSING)
      return;
    if (!isSendableCloseCode(code)) {
      this.#log.error(
        { code: 'HALYARD_ERR_WS_BAD_CLOSE_CODE', closeCode: code, connection: this.id },
        `close code ${code} cannot be sent; closing with 1011`,
      );
      this.#shared.host.countError(this, 'HALYARD_ERR_WS_BAD_CLOSE_CODE');
      const { closeCode, reason } = closeOf('HALYARD_ERR_WS_BAD_CLOSE_CODE');
      this.#socket.close(closeCode, reason);
      return;
    }
    this.#socket.close(code, closeReason(reason));
  }

  /** Resolves once the socket is closed. */
  whenClosed(): Promise<void> {
    if (this.#socket.readyState === this.#socket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => this.#socket.once('close', () => resolve()));
  }

  /** @internal `@OnConnect` has finished (the rooms it joined are this connection's). */
  markConnected(): void {
    if (this.#isConnected) return;
    this.#isConnected = true;
    this.#markConnected?.();
    this.#markConnected = undefined;
  }

  /** Drops the TCP connection without a close handshake (dead peers). */
  terminate(): void {
    this.#socket.terminate();
  }

  ping(): void {
    this[awaitingPong] = true;
    this.#socket.ping();
  }

  /**
   * Enters a room (presence `joined` for the other members). Resolves `true` once this connection
   * is a member (at once if it already was), `false` when nothing was joined: the connection was
   * already closing or closed (a handler that awaited something first), or it closed while the
   * adapter was joining, in which case the join is undone before this resolves. Rejects with the
   * adapter's error when the join failed; `rooms` then does not list the room.
   *
   * @example `if (!(await conn.join('lobby'))) return; // the client has gone`
   */
  join(room: string): Promise<boolean> {
    if (!this.isOpen) return Promise.resolve(false);
    if (this.#rooms?.has(room)) return Promise.resolve(true);
    const pending = this.#joining?.get(room);
    if (pending) return pending;
    const waiting = (this.#joining ??= new Map());
    const joining = this.#join(room).finally(() => waiting.delete(room));
    waiting.set(room, joining);
    return joining;
  }

  async #join(room: string): Promise<boolean> {
    // The room is listed only once the adapter has it, so a failed join leaves nothing behind.
    await this.#shared.host.joinRoom(this, room);
    if (this.isOpen) {
      (this.#rooms ??= new Set()).add(room);
      return true;
    }
    // Closed meanwhile: the close already left every listed room, so this one is left here.
    await this.#shared.host.leaveRoom(this, room);
    return false;
  }

  /** Leaves a room (presence `left`); waits for a join of the same room still running first. */
  async leave(room: string): Promise<void> {
    const joining = this.#joining?.get(room);
    // Only to wait: a failed join is reported to the code that called join().
    if (joining) await Promise.allSettled([joining]);
    if (!this.#rooms?.delete(room)) return;
    await this.#shared.host.leaveRoom(this, room);
  }

  /** @internal The socket closed: leaves every room, after the joins still running undid themselves. */
  async leaveAll(): Promise<void> {
    await Promise.allSettled(this.#joining ? [...this.#joining.values()] : []);
    if (this.#rooms) for (const room of [...this.#rooms]) await this.leave(room);
  }
}
