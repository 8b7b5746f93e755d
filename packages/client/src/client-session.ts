import { backoffDelay } from './backoff.js';
import type { ResolvedOptions } from './client-options.js';
import { buildUrl } from './client-url.js';
import { HalyardClientError } from './errors.js';
import { Heartbeat, pingType } from './heartbeat.js';
import type {
  ClientStatus,
  CloseCause,
  HalyardClient,
  OpenInfo,
  ReconnectInfo,
  RequestArgs,
  RequestOptions,
  SendArgs,
  StatusChange,
} from './halyard-client.js';
import { Listeners, type Unsubscribe } from './listeners.js';
import { OutgoingQueue, type QueuedFrame } from './outgoing-queue.js';
import { PendingRequests, type PendingRequest } from './pending-requests.js';
import type { EventData, EventName, MessageData, MessageType, ReplyData, SocketSchema } from './schema.js';
import {
  openSocket,
  resolveWebSocket,
  type SocketEnd,
  type WebSocketConstructor,
  type WebSocketLike,
} from './transport.js';
import { decodeFrame, encodeMessage } from './wire-frames.js';

type Timer = ReturnType<typeof setTimeout>;

const rethrowLater = (error: unknown): void =>
  queueMicrotask(() => {
    throw error;
  });

function checkCloseArguments(code: number, reason: string): void {
  if (code !== 1000 && !(Number.isInteger(code) && code >= 3000 && code <= 4999))
    throw new RangeError(`close code ${code} is not 1000 or 3000-4999`);
  if (new TextEncoder().encode(reason).length > 123) throw new RangeError('close reason is over 123 bytes');
}

/** The client's state machine: one socket at a time, the queue, pending requests, reconnects. */
export class ClientSession<S extends SocketSchema> implements HalyardClient<S> {
  readonly #url: string | URL;
  readonly #options: ResolvedOptions;
  readonly #queue: OutgoingQueue;
  readonly #pending: PendingRequests;
  readonly #events = new Map<string, Listeners<unknown>>();
  readonly #errors = new Listeners<HalyardClientError>();
  readonly #statuses = new Listeners<StatusChange>();
  readonly #opens = new Listeners<OpenInfo>();
  readonly #reconnects = new Listeners<ReconnectInfo>();
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
  #nextId = 0;
  #reconnectTimer: Timer | undefined;
  #stableTimer: Timer | undefined;
  #idleTimer: Timer | undefined;
  /** `performance.now()` of the last frame from the server, for the idle timeout. */
  #lastSeen = 0;
  readonly #heartbeat: Heartbeat;

  constructor(url: string | URL, options: ResolvedOptions) {
    buildUrl(url, undefined); // an invalid URL throws here, from connect()
    this.#url = url;
    this.#options = options;
    this.#heartbeat = new Heartbeat(
      options.heartbeat,
      (id) => this.#socket?.send(encodeMessage({ type: pingType, id, data: undefined })),
      () => this.#drop(4000, 'heartbeat timeout'),
    );
    this.#queue = new OutgoingQueue(options.queueMax, options.overflow);
    this.#pending = new PendingRequests((request) => this.#queue.remove(request.id));
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
    const frame = encodeMessage({ type, data: args[0], trace: this.#options.traceContext?.() });
    if (this.#socket && this.#status === 'open') {
      this.#socket.send(frame);
      return true;
    }
    const queued = this.#queue.push({ frame });
    if (queued.accepted) {
      if (queued.evicted) this.#evicted(queued.evicted);
      return true;
    }
    if (this.#queue.overflow === 'error') throw this.#queueFull(type);
    return false;
  }

  request<T extends MessageType<S>>(
    type: T,
    ...args: RequestArgs<MessageData<S, T>>
  ): Promise<ReplyData<S, T>> {
    if (this.#status === 'closed') return Promise.reject(this.#closedError);
    const options = (args[1] ?? {}) as RequestOptions;
    const id = String(++this.#nextId);
    let frame: string;
    try {
      frame = encodeMessage({ type, id, data: args[0], trace: this.#options.traceContext?.() });
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return new Promise<unknown>((resolve, reject) => {
      const maxResends = options.maxResends ?? this.#options.maxResends;
      const request: PendingRequest = { id, type, frame, maxResends, queued: true, resolve, reject };
      const timeoutMs = options.timeoutMs ?? this.#options.requestTimeoutMs;
      if (this.#socket && this.#status === 'open') {
        this.#pending.add(request, timeoutMs);
        this.#socket.send(frame);
        this.#pending.wrote(id);
        return;
      }
      const queued = this.#queue.push({ frame, requestId: id });
      if (!queued.accepted) {
        reject(this.#queueFull(type));
        return;
      }
      this.#pending.add(request, timeoutMs);
      if (queued.evicted) this.#evicted(queued.evicted);
    }) as Promise<ReplyData<S, T>>;
  }

  on<E extends EventName<S>>(event: E, handler: (data: EventData<S, E>) => void): Unsubscribe {
    let listeners = this.#events.get(event);
    if (!listeners) this.#events.set(event, (listeners = new Listeners<unknown>()));
    return listeners.add(handler as (data: unknown) => void);
  }

  onError(handler: (error: HalyardClientError) => void): Unsubscribe {
    return this.#errors.add(handler);
  }

  onStatus(handler: (change: StatusChange) => void): Unsubscribe {
    return this.#statuses.add(handler);
  }

  onOpen(handler: (info: OpenInfo) => void): Unsubscribe {
    return this.#opens.add(handler);
  }

  onReconnect(handler: (info: ReconnectInfo) => void): Unsubscribe {
    return this.#reconnects.add(handler);
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
    try {
      socket?.close(code, reason);
    } catch (error) {
      this.#report(
        new HalyardClientError('HALYARD_ERR_CLIENT_TRANSPORT', 'Closing the WebSocket failed', {
          cause: error,
        }),
      );
    }
  }

  #attempt(): void {
    if (this.#status === 'closed') return;
    const constructor = resolveWebSocket(this.#options.WebSocket);
    if (typeof constructor === 'function') {
      this.#openWith(constructor);
      return;
    }
    constructor.then(
      (resolved) => this.#openWith(resolved),
      (error: HalyardClientError) => {
        this.#report(error);
        this.#finish('no-websocket', { code: 1006, reason: error.message });
      },
    );
  }

  #openWith(constructor: WebSocketConstructor): void {
    if (this.#status === 'closed') return;
    let socket: WebSocketLike;
    try {
      const url = buildUrl(this.#url, this.#options.query());
      socket = openSocket(constructor, url, {
        open: () => socket === this.#socket && this.#opened(socket),
        message: (data) => socket === this.#socket && this.#received(data),
        activity: () => socket === this.#socket && this.#alive(),
        error: (error) => socket === this.#socket && this.#report(error),
        close: (end) => socket === this.#socket && this.#ended(end),
      });
    } catch (error) {
      // A throwing `query` function or a URL the WebSocket class rejects: a failed attempt.
      this.#report(
        new HalyardClientError('HALYARD_ERR_CLIENT_TRANSPORT', 'Opening the WebSocket failed', {
          cause: error,
        }),
      );
      this.#ended({ code: 1006, reason: '' });
      return;
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
    this.#stableTimer = setTimeout(() => {
      this.#failures = 0;
    }, this.#options.stableAfterMs);
    // Taken before the hooks run: what they send goes out now and must not be sent twice.
    const resend = this.#pending.written();
    // Any handler may close the client; each step checks that this socket is still the one.
    const current = (): boolean => socket === this.#socket && this.#status === 'open';
    this.#setStatus({ status: 'open' });
    if (!current()) return;
    for (const waiter of this.#ready.splice(0)) waiter.resolve();
    this.#opens.emit({ reconnected }, (error) => this.#handlerFailed(error));
    if (reconnected && current()) this.#reconnects.emit(info, (error) => this.#handlerFailed(error));
    if (!current()) return;
    for (const request of resend) {
      if (!this.#pending.get(request.id)) continue;
      socket.send(request.frame);
      this.#pending.wrote(request.id);
    }
    for (const item of this.#queue.drain()) {
      socket.send(item.frame);
      if (item.requestId !== undefined) this.#pending.wrote(item.requestId);
    }
  }

  #received(data: unknown): void {
    const frame = decodeFrame(data);
    if (!frame) {
      this.#reportBadFrame(data);
      return;
    }
    switch (frame.kind) {
      case 'pong':
        // Only the heartbeat's business: its arrival already counted as a sign of life.
        if (!this.#heartbeat.owns(frame.id)) this.#reportBadFrame(data);
        return;
      case 'reply':
        // No waiter: the request timed out, or a handler answered a fire-and-forget send.
        if (frame.id !== undefined) this.#pending.take(String(frame.id))?.resolve(frame.data);
        return;
      case 'error': {
        // A server without `$ping` answers it with an unknown-type error: still a sign of life.
        if (this.#heartbeat.owns(frame.id)) return;
        const { code, message, details, errorsOmitted } = frame.error;
        const error = new HalyardClientError(code, message, {
          details,
          ...(typeof errorsOmitted === 'number' && { errorsOmitted }),
        });
        const request = frame.id === undefined ? undefined : this.#pending.take(String(frame.id));
        if (request) request.reject(error);
        else this.#report(error);
        return;
      }
      case 'push':
        this.#events.get(frame.event)?.emit(frame.data, (error) => this.#handlerFailed(error));
        return;
      default:
        return frame satisfies never;
    }
  }

  #ended(raw: SocketEnd): void {
    this.#socket = undefined;
    this.#clearTimers();
    this.#downSince ??= Date.now();
    const end = this.#translate(raw);
    const reconnect = this.#options.reconnect;
    const cause: CloseCause | undefined = this.#options.doNotRetry.has(end.code)
      ? 'do-not-retry'
      : reconnect === false
        ? 'no-reconnect'
        : this.#failures >= reconnect.maxAttempts
          ? 'max-attempts'
          : undefined;
    // Before the status change, so a refused or over-resent request is settled, never re-sent.
    this.#pending.closed(end, cause === undefined);
    if (cause !== undefined || reconnect === false) {
      this.#finish(cause ?? 'no-reconnect', end);
      return;
    }
    this.#failures++;
    this.#outageAttempts++;
    const delayMs = backoffDelay(this.#failures, reconnect, this.#options.random);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      this.#attempt();
    }, delayMs);
    this.#setStatus({ status: 'reconnecting', attempt: this.#failures, delayMs, ...end });
  }

  /** A refused upgrade becomes close code `4000 + status`, reported once with the server's answer. */
  #translate(end: SocketEnd): { code: number; reason: string; httpStatus?: number } {
    if (end.httpStatus === undefined) return { code: end.code, reason: end.reason };
    const status = end.httpStatus;
    const body = end.httpBody as { detail?: unknown } | string | undefined;
    const detail = typeof body === 'object' && typeof body?.detail === 'string' ? `: ${body.detail}` : '';
    const reason = `HTTP ${status}${detail}`;
    this.#report(
      new HalyardClientError(
        'HALYARD_ERR_CLIENT_UPGRADE_REFUSED',
        `The server refused the WebSocket upgrade with ${reason}`,
        {
          details: { status, body: end.httpBody },
        },
      ),
    );
    return { code: 4000 + status, reason, httpStatus: status };
  }

  /** Ends the client for good; returns the socket that was current so `close()` can close it. */
  #finish(
    cause: CloseCause,
    end: { code: number; reason: string; httpStatus?: number },
  ): WebSocketLike | undefined {
    const socket = this.#socket;
    this.#socket = undefined;
    this.#clearTimers();
    clearTimeout(this.#reconnectTimer);
    const why = end.reason ? `${end.code} ${end.reason}` : `${end.code}`;
    const error = new HalyardClientError(
      'HALYARD_ERR_CLIENT_CLOSED',
      `The client is closed (${cause}, ${why})`,
      {
        details: { cause, ...end },
      },
    );
    this.#closedError = error;
    this.#setStatus({ status: 'closed', cause, ...end });
    this.#pending.rejectAll(error);
    this.#queue.drain();
    for (const waiter of this.#ready.splice(0)) waiter.reject(error);
    return socket;
  }

  #reportBadFrame(data: unknown): void {
    const text = typeof data === 'string' ? data.slice(0, 200) : `(${typeof data})`;
    this.#report(
      new HalyardClientError(
        'HALYARD_ERR_CLIENT_BAD_FRAME',
        'The server sent a frame that is not a Halyard frame',
        {
          details: { frame: text },
        },
      ),
    );
  }

  /**
   * A sign of life from the server, on every frame: only records the time. The idle timer (like
   * the heartbeat's), when it fires, re-arms for the time still left or drops the socket.
   */
  #alive(): void {
    const now = performance.now();
    this.#lastSeen = now;
    this.#heartbeat.alive(now);
    const idleMs = this.#options.idleTimeoutMs;
    if (idleMs > 0) this.#idleTimer ??= setTimeout(() => this.#idleEnded(idleMs), idleMs);
  }

  #idleEnded(idleMs: number): void {
    this.#idleTimer = undefined;
    const silentMs = performance.now() - this.#lastSeen;
    if (silentMs < idleMs) this.#idleTimer = setTimeout(() => this.#idleEnded(idleMs), idleMs - silentMs);
    else this.#drop(4000, 'idle');
  }

  /** Gives up the current socket as dead and reconnects (idle timeout, missed heartbeat). */
  #drop(code: number, reason: string): void {
    const socket = this.#socket;
    if (!socket) return;
    // Given up at once: on a dead connection the close handshake would never finish.
    this.#socket = undefined;
    try {
      socket.close(code, reason);
    } catch (error) {
      this.#report(
        new HalyardClientError('HALYARD_ERR_CLIENT_TRANSPORT', 'Closing the WebSocket failed', {
          cause: error,
        }),
      );
    }
    this.#ended({ code, reason });
  }

  #clearTimers(): void {
    clearTimeout(this.#stableTimer);
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    this.#heartbeat.stop();
  }

  #setStatus(change: StatusChange): void {
    this.#status = change.status;
    this.#statuses.emit(change, (error) => this.#handlerFailed(error));
  }

  #evicted(item: QueuedFrame): void {
    if (item.requestId === undefined) return;
    const request = this.#pending.take(item.requestId);
    request?.reject(
      new HalyardClientError(
        'HALYARD_ERR_CLIENT_QUEUE_FULL',
        `"${request.type}" was dropped from the full outgoing queue (${this.#queue.max} messages, overflow 'drop-oldest')`,
        { details: { type: request.type, max: this.#queue.max, overflow: this.#queue.overflow } },
      ),
    );
  }

  #queueFull(type: string): HalyardClientError {
    const { max, overflow } = this.#queue;
    return new HalyardClientError(
      'HALYARD_ERR_CLIENT_QUEUE_FULL',
      `"${type}" was not queued: the outgoing queue is full (${max} messages, overflow '${overflow}')`,
      { details: { type, max, overflow } },
    );
  }

  #report(error: HalyardClientError): void {
    this.#errors.emit(error, rethrowLater);
  }

  /** A handler of ours threw: `onError` gets it; with no `onError` handler it is rethrown, never lost. */
  #handlerFailed(error: unknown): void {
    if (this.#errors.size === 0) {
      rethrowLater(error);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    this.#report(
      new HalyardClientError('HALYARD_ERR_CLIENT_HANDLER_FAILED', `A handler threw: ${message}`, {
        cause: error,
      }),
    );
  }
}
