import type { AuthInfo } from './client-auth.js';
import type { ResetInfo, StreamPosition } from './room-positions.js';
import type { HalyardClientError } from './errors.js';
import type { Unsubscribe } from './listeners.js';
import type {
  AnySchema,
  EventData,
  EventName,
  MessageData,
  MessageType,
  ReplyData,
  ServerReplyData,
  ServerRequestData,
  ServerRequestType,
  SocketSchema,
} from './schema.js';

/** Where the client is: the first attempt, connected, between attempts, or finished for good. */
export type ClientStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * Why a client is `closed`: `close()` was called, the server closed with a do-not-retry code (or
 * refused the upgrade with the matching HTTP status), the attempts ran out, reconnecting is off,
 * or there is no WebSocket implementation.
 */
export type CloseCause = 'client' | 'do-not-retry' | 'max-attempts' | 'no-reconnect' | 'no-websocket';

/**
 * A status change. `code`/`reason` are those of the close that caused it; an upgrade refused with
 * HTTP status S (Node only) is reported as code `4000 + S` with `httpStatus: S`, the same code the
 * server uses when `@OnConnect` throws an `HttpError` with status S.
 */
export type StatusChange =
  | { readonly status: 'connecting' }
  | { readonly status: 'open' }
  | {
      readonly status: 'reconnecting';
      /** 1-based; counts since the last connection that stayed open `stableAfterMs`. */
      readonly attempt: number;
      readonly delayMs: number;
      readonly code: number;
      readonly reason: string;
      readonly httpStatus?: number;
    }
  | {
      readonly status: 'closed';
      readonly cause: CloseCause;
      readonly code: number;
      readonly reason: string;
      readonly httpStatus?: number;
    };

/** Given to `onOpen` handlers. */
export interface OpenInfo {
  /** `false` on the first connection, `true` on every later one. */
  readonly reconnected: boolean;
}

/** Given to `onReconnect` handlers once a reconnect succeeded. */
export interface ReconnectInfo {
  /** Attempts this outage took, the successful one included. */
  readonly attempts: number;
  /** Time between the close and the new open. */
  readonly downtimeMs: number;
}

/** Options of one `request()`. */
export interface RequestOptions {
  /** Rejects with `HALYARD_ERR_CLIENT_TIMEOUT` when no reply came in this time. Default: the client's `requestTimeoutMs`; `Infinity` or 0 waits forever. */
  readonly timeoutMs?: number;
  /** How often this request is sent again after a drop. Default: the client's `maxResends` (3). */
  readonly maxResends?: number;
}

/** `data` may be left out for messages typed `void`/`undefined` (and on an untyped client). */
type OptionalIfEmpty<D, Rest extends unknown[]> = unknown extends D
  ? [data?: D, ...rest: Partial<Rest>]
  : [D] extends [undefined | void]
    ? [data?: D, ...rest: Partial<Rest>]
    : [data: D, ...rest: Partial<Rest>];

export type SendArgs<D> = OptionalIfEmpty<D, []>;
export type RequestArgs<D> = OptionalIfEmpty<D, [options: RequestOptions]>;

/**
 * A connection to one Halyard socket that reconnects by itself. Returned by `connect()`.
 *
 * @example
 * ```ts
 * const game = connect<GameSchema>('wss://example.com/game/7', { query: { name: 'ann' } });
 * game.onOpen(() => void game.request('join', { side: 'white' }));
 * game.on('player.joined', (player) => render(player.name));
 * const { status } = await game.request('move', { x: 1, y: 2 });
 * ```
 */
export interface HalyardClient<S extends SocketSchema = AnySchema> {
  /** The current status. */
  readonly status: ClientStatus;
  /**
   * Fire and forget: `{ type, data }` without an id. Sent now if open, else queued (see `queue`).
   * Returns `false` when it was neither sent nor queued (client closed, or `'drop-newest'` on a
   * full queue); throws `HALYARD_ERR_CLIENT_QUEUE_FULL` on a full queue with `overflow: 'error'`.
   */
  send<T extends MessageType<S>>(type: T, ...args: SendArgs<MessageData<S, T>>): boolean;
  /**
   * Sends `{ type, id, data }` and resolves with the reply's `data`; rejects with the server's
   * error frame as a `HalyardClientError`, or with `HALYARD_ERR_CLIENT_TIMEOUT`, `_CLOSED`, `_QUEUE_FULL`,
   * `_FRAME_REFUSED`, `_RESEND_LIMIT`.
   */
  request<T extends MessageType<S>>(
    type: T,
    ...args: RequestArgs<MessageData<S, T>>
  ): Promise<ReplyData<S, T>>;
  /** Calls `handler` with the `data` of every push `event`. */
  on<E extends EventName<S>>(event: E, handler: (data: EventData<S, E>) => void): Unsubscribe;
  /**
   * Answers the server's `conn.ask(type, data)`: `handler` gets the request's `data` and returns
   * (or resolves with) the reply's `data`, sent as `$reply` on the connection the request came on.
   * A throw or a rejection is sent as `$error` with the thrown value's `code` (1-128 characters;
   * else `HALYARD_ERR_CLIENT_HANDLER_FAILED`), `message` and `details`, and `conn.ask()` rejects
   * with `HALYARD_ERR_WS_REQUEST_REFUSED`; so does a type without a handler
   * (`HALYARD_ERR_CLIENT_NO_HANDLER`). One handler per type: a later one replaces it.
   *
   * @example `client.onRequest('confirm', async ({ text }) => ({ ok: await dialog(text) }));`
   */
  onRequest<T extends ServerRequestType<S>>(
    type: T,
    handler: (data: ServerRequestData<S, T>) => ServerReplyData<S, T> | PromiseLike<ServerReplyData<S, T>>,
  ): Unsubscribe;
  /** Error frames no request waits for, transport errors, refused upgrades, bad frames, handler failures. */
  onError(handler: (error: HalyardClientError) => void): Unsubscribe;
  /** Every status change; handlers added in the tick of `connect()` also see the first `connecting`. */
  onStatus(handler: (change: StatusChange) => void): Unsubscribe;
  /** Called on every open, first and later, before queued messages are flushed: re-join rooms here. */
  onOpen(handler: (info: OpenInfo) => void): Unsubscribe;
  /** Called after a reconnect succeeded (after the `onOpen` handlers). */
  onReconnect(handler: (info: ReconnectInfo) => void): Unsubscribe;
  /**
   * The server could not replay what this client missed in a stream room (docs/delivery.md):
   * refetch the room, then `resumeFrom(room, position)` with the position the refetch returned.
   *
   * @example `client.onReset(async ({ room }) => { const { messages, position } = await load(room); show(messages); client.resumeFrom(room, position); })`
   */
  onReset(handler: (info: ResetInfo) => void): Unsubscribe;
  /** The position of the last message seen in a stream room, `undefined` before the first. */
  position(room: string): StreamPosition | undefined;
  /**
   * Continue a stream room from `position` (e.g. the one a REST handler returned with the
   * history it read): the server sends every later message once, in order, then live ones.
   * Remembered across reconnects like every position this client sees.
   *
   * @example `const { messages, position } = await (await fetch('/rooms/42')).json(); client.resumeFrom('room:42', position);`
   */
  resumeFrom(room: string, position: StreamPosition): void;
  /**
   * Sends a fresh credential from the `auth` provider on the open socket (`$auth`), without
   * reconnecting: the connection, the queue and pending requests stay. The client does this by
   * itself when the server pushes `$expiring`; call it after a login or a role change. Waits for
   * the socket to open first. Resolves with the new expiry; rejects with
   * `HALYARD_ERR_CLIENT_AUTH_FAILED` (`details.stage`: `provider` or `server`), and then, if the
   * server refused the credential, the client is `closed` with its code (4401, 4403).
   *
   * @example `await client.reauthenticate(); // { expiresAt: '2026-12-02T10:15:00.000Z' }`
   */
  reauthenticate(): Promise<AuthInfo>;
  /** Resolves when the client is open (now, or at the next open); rejects if it closes for good first. */
  ready(): Promise<void>;
  /** Closes for good: no reconnect, pending requests reject with `HALYARD_ERR_CLIENT_CLOSED`, the queue is dropped. */
  close(code?: number, reason?: string): void;
}
