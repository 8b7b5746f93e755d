import { backoffDelay, restartDelay } from './backoff.js';
import type { AuthInfo } from './client-auth.js';
import type { ResolvedOptions } from './client-options.js';
import { buildUrl } from './client-url.js';
import { attemptConnection, type AttemptHost } from './connection-attempt.js';
import { ClientEvents } from './client-events.js';
import { clientError, type HalyardClientError } from './errors.js';
import { Heartbeat, pingType } from './heartbeat.js';
import { SilenceTimer } from './silence-timer.js';
import { receiveFrame } from './incoming-frames.js';
import type {
  ClientStatus,
  CloseCause,
  HalyardClient,
  OpenInfo,
  ReconnectInfo,
  RequestArgs,
  SendArgs,
  StatusChange,
} from './halyard-client.js';
import type { Unsubscribe } from './listeners.js';
import { Outbox } from './outbox.js';
import type {
  ServerRequestData,
  ServerReplyData,
  ServerRequestType,
  EventData,
  EventName,
  MessageData,
  MessageType,
  ReplyData,
  SocketSchema,
} from './schema.js';
import { SessionAuth } from './session-auth.js';
import { openSocket, type SocketEnd, type WebSocketConstructor, type WebSocketLike } from './transport.js';
import { checkCloseArguments, translateEnd, type ClientEnd } from './socket-end.js';
import { encodeMessage } from './wire-frames.js';
import { RoomPositions, type ResetInfo, type StreamPosition } from './room-positions.js';
import { RequestHandlers, type RequestHandler } from './request-handlers.js';

type Timer = ReturnType<typeof setTimeout>;

/** The client's state machine: one socket at a time, the queue, pending requests, reconnects. */
export class ClientSession<S extends SocketSchema> implements HalyardClient<S> {
  readonly #url: string | URL;
  readonly #options: ResolvedOptions;
  readonly #outbox: Outbox;
  readonly #events = new ClientEvents();
  readonly #positions = new RoomPositions({
    emit: (push) => this.#events.push(push.event, push.data),
    reset: (info) => this.#events.emit('reset', info),
  });
  readonly #asks = new RequestHandlers();
  #status: ClientStatus = 'connecting';
  #socket: WebSocketLike | undefined;
  #ready: Array<{ resolve: () => void; reject: (error: HalyardClientError) => void }> = [];
  #closedError: HalyardClientError | undefined;
  /** Attempts since the last connection that stayed open `stableAfterMs`: drives the backoff. */
  #failures = 0;
  /** Attempts since the last open, for `onReconnect`. */
  #outageAttempts = 0;
  #downSince: number | undefined;
  #everOpened = false;
  readonly #auth: SessionAuth;
  readonly #attempts: AttemptHost;
  #reconnectTimer: Timer | undefined;
  #stableTimer: Timer | undefined;
  readonly #idle: SilenceTimer;
  readonly #heartbeat: Heartbeat;

  constructor(url: string | URL, options: ResolvedOptions) {
    buildUrl(url, undefined); // an invalid URL throws here, from connect()
    this.#url = url;
    this.#options = options;
    this.#heartbeat = new Heartbeat(
      options.heartbeat,
      (id) => this.#socket?.send(encodeMessage({ type: pingType, id })),
      () => this.#drop(4000, 'heartbeat timeout'),
    );
    this.#idle = new SilenceTimer(options.idleTimeoutMs, () => this.#drop(4000, 'idle'));
    this.#outbox = new Outbox(options);
    this.#auth = new SessionAuth({
      provider: options.auth,
      ready: () => this.ready(),
      // Set only when the client closes for good, just before its status becomes `closed`.
      closedError: () => this.#closedError,
      sendAuth: (credential) =>
        this.#outbox.request('$auth', [{ credential }, { maxResends: 0 }], this.#openSocket()),
    });
    this.#attempts = {
      closed: () => this.#status === 'closed',
      session: () => this.#positions.session,
      authRetry: () => this.#auth.pending,
      open: (constructor, url) => this.#open(constructor, url),
      failed: (end) => this.#ended(end),
      finish: (cause, end) => this.#finish(cause, end),
      report: (error) => this.#report(error),
    };
    // The first attempt starts after the caller's tick, so handlers it adds see `connecting`.
    queueMicrotask(() => {
      if (this.#status !== 'connecting') return;
      this.#setStatus({ status: 'connecting' });
      this.#attempt();
    });
  }

  get status(): ClientStatus {
    return this.#status;
  }

  send<T extends MessageType<S>>(type: T, ...args: SendArgs<MessageData<S, T>>): boolean {
    if (this.#status === 'closed') return false;
    return this.#outbox.send(type, args[0], this.#openSocket());
  }

  request<T extends MessageType<S>>(
    type: T,
    ...args: RequestArgs<MessageData<S, T>>
  ): Promise<ReplyData<S, T>> {
    if (this.#status === 'closed') return Promise.reject(this.#closedError);
    return this.#outbox.request(type, args, this.#openSocket()) as Promise<ReplyData<S, T>>;
  }

  on<E extends EventName<S>>(event: E, handler: (data: EventData<S, E>) => void): Unsubscribe {
    return this.#events.onPush(event, handler as (data: unknown) => void);
  }

  onRequest<T extends ServerRequestType<S>>(
    type: T,
    handler: (data: ServerRequestData<S, T>) => ServerReplyData<S, T> | PromiseLike<ServerReplyData<S, T>>,
  ): Unsubscribe {
    return this.#asks.on(type, handler as RequestHandler);
  }

  onError(handler: (error: HalyardClientError) => void): Unsubscribe {
    return this.#events.on('error', handler);
  }

  onStatus(handler: (change: StatusChange) => void): Unsubscribe {
    return this.#events.on('status', handler);
  }

  onOpen(handler: (info: OpenInfo) => void): Unsubscribe {
    return this.#events.on('open', handler);
  }

  onReconnect(handler: (info: ReconnectInfo) => void): Unsubscribe {
    return this.#events.on('reconnect', handler);
  }

  onReset(handler: (info: ResetInfo) => void): Unsubscribe {
    return this.#events.on('reset', handler);
  }

  position(room: string): StreamPosition | undefined {
    return this.#positions.position(room);
  }

  resumeFrom(room: string, position: StreamPosition): void {
    const frame = this.#positions.resumeFrom(room, position);
    if (this.#socket && this.#status === 'open') this.#socket.send(frame);
  }

  reauthenticate(): Promise<AuthInfo> {
    return this.#auth.reauthenticate();
  }

  ready(): Promise<void> {
    if (this.#status === 'open') return Promise.resolve();
    if (this.#status === 'closed') return Promise.reject(this.#closedError);
    return new Promise((resolve, reject) => this.#ready.push({ resolve, reject }));
  }

  close(code = 1000, reason = ''): void {
    checkCloseArguments(code, reason);
    if (this.#status === 'closed') return;
    const socket = this.#finish('client', { code, reason });
    if (socket) this.#closeSocket(socket, code, reason);
  }

  #attempt(): void {
    attemptConnection(this.#url, this.#options, this.#attempts);
  }

  #open(constructor: WebSocketConstructor, url: string): void {
    const { onFrame } = this.#options;
    const report = (error: HalyardClientError): void => this.#report(error);
    const socket: WebSocketLike = openSocket(constructor, url, {
      open: () => socket === this.#socket && this.#opened(socket),
      message: (data) =>
        socket === this.#socket && (onFrame?.('received', String(data), report), this.#received(data)),
      activity: () => socket === this.#socket && this.#alive(),
      error: (error) => socket === this.#socket && this.#report(error),
      close: (end) => {
        if (socket !== this.#socket) return;
        this.#positions.closed(end.code);
        this.#ended(end);
      },
    });
    if (onFrame) {
      const send = socket.send.bind(socket);
      socket.send = (text) => (onFrame('sent', text, report), send(text));
    }
    this.#socket = socket;
  }

  #opened(socket: WebSocketLike): void {
    const reconnected = this.#everOpened;
    const info: ReconnectInfo = {
      attempts: this.#outageAttempts,
      downtimeMs: this.#downSince === undefined ? 0 : Date.now() - this.#downSince,
    };
    this.#everOpened = true;
    this.#outageAttempts = 0;
    this.#downSince = undefined;
    this.#auth.opened();
    this.#stableTimer = setTimeout(() => {
      this.#failures = 0;
      this.#auth.stable();
    }, this.#options.stableAfterMs);
    // Taken before the hooks run: what they send goes out now and must not be sent twice.
    const resend = this.#outbox.pending.written();
    // First of all, so the server replays stream rooms before anything this client sends next.
    const resume = this.#positions.opened();
    if (resume) socket.send(resume);
    // Any handler may close the client; each step checks that this socket is still the one.
    const current = (): boolean => socket === this.#socket && this.#status === 'open';
    this.#setStatus({ status: 'open' });
    if (!current()) return;
    for (const waiter of this.#ready.splice(0)) waiter.resolve();
    this.#events.emit('open', { reconnected });
    if (reconnected && current()) this.#events.emit('reconnect', info);
    if (!current()) return;
    this.#outbox.flush(socket, resend);
  }

  #received(data: unknown): void {
    const socket = this.#socket;
    receiveFrame(data, {
      // Answered on the socket it came on only: a new connection does not know the server's ids.
      ask: (ask) =>
        void this.#asks
          .answer(ask, (frame) => socket === this.#socket && this.#status === 'open' && socket?.send(frame))
          .catch((error: unknown) => this.#events.failed(error)),
      heartbeat: this.#heartbeat,
      pending: this.#outbox.pending,
      events: this.#events,
      positions: this.#positions,
      expiring: () => {
        if (this.#options.auth)
          this.reauthenticate().catch((error: HalyardClientError) => this.#report(error));
      },
    });
  }

  #ended(raw: SocketEnd): void {
    this.#socket = undefined;
    this.#clearTimers();
    this.#downSince ??= Date.now();
    const { end, refused } = translateEnd(raw);
    if (refused) this.#report(refused);
    const reconnect = this.#options.reconnect;
    const retryAuth = reconnect !== false && this.#auth.claim(end);
    const cause: CloseCause | undefined =
      this.#options.doNotRetry.has(end.code) && !retryAuth
        ? 'do-not-retry'
        : reconnect === false
          ? 'no-reconnect'
          : this.#failures >= reconnect.maxAttempts
            ? 'max-attempts'
            : undefined;
    // Before the status change, so a refused or over-resent request is settled, never re-sent.
    this.#outbox.pending.closed(end, cause === undefined);
    if (cause !== undefined || reconnect === false) {
      this.#finish(cause ?? 'no-reconnect', end);
      return;
    }
    this.#failures++;
    this.#outageAttempts++;
    // A restarting server names the window its clients spread over; any other close backs off.
    const delayMs =
      restartDelay(end, reconnect, this.#options.random) ??
      backoffDelay(this.#failures, reconnect, this.#options.random);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      this.#attempt();
    }, delayMs);
    this.#setStatus({ status: 'reconnecting', attempt: this.#failures, delayMs, ...end });
  }

  /** Ends the client for good; returns the socket that was current so `close()` can close it. */
  #finish(cause: CloseCause, end: ClientEnd): WebSocketLike | undefined {
    const socket = this.#socket;
    this.#socket = undefined;
    this.#clearTimers();
    clearTimeout(this.#reconnectTimer);
    const close = end.reason ? `${end.code} ${end.reason}` : `${end.code}`;
    const error = clientError('HALYARD_ERR_CLIENT_CLOSED', { cause, close }, { details: { cause, ...end } });
    this.#closedError = error;
    this.#setStatus({ status: 'closed', cause, ...end });
    this.#outbox.fail(error);
    for (const waiter of this.#ready.splice(0)) waiter.reject(error);
    return socket;
  }

  /** A sign of life from the server, on every frame: only records the time. */
  #alive(): void {
    const now = performance.now();
    this.#heartbeat.alive(now);
    this.#idle.alive(now);
  }

  /** Gives up the current socket as dead and reconnects (idle timeout, missed heartbeat). */
  #drop(code: number, reason: string): void {
    const socket = this.#socket;
    if (!socket) return;
    // Given up at once: on a dead connection the close handshake would never finish.
    this.#socket = undefined;
    this.#closeSocket(socket, code, reason);
    this.#ended({ code, reason });
  }

  #closeSocket(socket: WebSocketLike, code: number, reason: string): void {
    try {
      socket.close(code, reason);
    } catch (error) {
      this.#report(
        clientError(
          'HALYARD_ERR_CLIENT_TRANSPORT',
          { detail: 'Closing the WebSocket failed' },
          { cause: error },
        ),
      );
    }
  }

  #clearTimers(): void {
    clearTimeout(this.#stableTimer);
    this.#idle.stop();
    this.#heartbeat.stop();
  }

  #setStatus(change: StatusChange): void {
    this.#status = change.status;
    this.#events.emit('status', change);
  }

  /** The socket to write on now: the current one while the client is open. */
  #openSocket(): WebSocketLike | undefined {
    return this.#status === 'open' ? this.#socket : undefined;
  }

  #report(error: HalyardClientError): void {
    this.#events.emit('error', error);
  }
}
