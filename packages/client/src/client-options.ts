import { resolveReconnect, type ReconnectOptions, type ResolvedReconnect } from './backoff.js';
import type { AuthProvider } from './client-auth.js';
import type { HalyardClientError } from './errors.js';
import type { QueryParams } from './client-url.js';
import { resolveHeartbeat, type HeartbeatOptions, type ResolvedHeartbeat } from './heartbeat.js';
import type { OverflowPolicy } from './outbox.js';
import type { WebSocketConstructor } from './transport.js';

/**
 * Close codes after which the client does not reconnect, because the same attempt would be
 * refused again: 1008 (policy violation, e.g. rate limit) and 4400/4401/4403/4404 (the
 * `HttpError` statuses of a refused `@OnConnect`). The same list as the server's `doNotRetryCloseCodes`.
 *
 * @example `connect(url, { doNotRetry: [...defaultDoNotRetry, 4409] })`
 */
export const defaultDoNotRetry: readonly number[] = Object.freeze([1008, 4400, 4401, 4403, 4404]);

/** `connect(url, { queue })`: the outgoing queue used while the socket is not open. */
export interface QueueOptions {
  /** How many messages it holds. Default 100. */
  readonly max?: number;
  /** What a message sent to a full queue does. Default `'drop-oldest'`. */
  readonly overflow?: OverflowPolicy;
}

/** Options of `connect(url, options)`. Every field has a default. */
export interface ClientOptions {
  /** Appended to the URL; a function is called before every attempt (e.g. for a fresh token). */
  readonly query?: QueryParams | (() => QueryParams);
  /**
   * The credential provider: called before every connection attempt (its token goes in the query
   * parameter `authParam`, since browsers cannot set headers on a WebSocket upgrade) and again when
   * the server pushes `$expiring`, whose answer is a `$auth` frame on the open socket: the socket,
   * the queue and pending requests stay as they are. After a 4401 close it reconnects once with a
   * fresh credential (then ends the client if that is refused too). Default: none.
   */
  readonly auth?: AuthProvider;
  /** The query parameter the `auth` token goes in; the name the server guard's `static security` reads. Default `'token'`. */
  readonly authParam?: string;
  /** Backoff between reconnect attempts, or `false` to never reconnect. */
  readonly reconnect?: ReconnectOptions | false;
  /** A connection open this long resets the attempt count, so the next drop starts at the first delay. Default 5 000 ms. */
  readonly stableAfterMs?: number;
  /** Close codes that end the client instead of reconnecting. Default `defaultDoNotRetry`. */
  readonly doNotRetry?: readonly number[];
  /** The bounded outgoing queue. */
  readonly queue?: QueueOptions;
  /** Default timeout of `request()`. Default 10 000 ms. */
  readonly requestTimeoutMs?: number;
  /**
   * How often one request is sent again after the socket dropped before its reply. Default 3;
   * `Infinity` re-sends until the timeout, 0 never re-sends. A request whose frame the server
   * refused (close 1003/1007/1009) is never re-sent.
   */
  readonly maxResends?: number;
  /** Close (4000 'idle') and reconnect when nothing arrived for this long. Default 0: off. */
  readonly idleTimeoutMs?: number;
  /**
   * Detects a dead link on a quiet socket, in browsers too: `$ping` after `intervalMs` of silence,
   * reconnect when nothing answers within `timeoutMs`. Default `{ intervalMs: 25_000, timeoutMs: 10_000 }`;
   * `false` turns it off.
   */
  readonly heartbeat?: HeartbeatOptions | false;
  /** Random numbers in [0, 1) for the backoff jitter. Default `Math.random`; inject one for tests. */
  readonly random?: () => number;
  /** The WebSocket class. Default: the platform's `WebSocket`, else the `ws` package (Node 20). */
  readonly WebSocket?: WebSocketConstructor;
  /**
   * Called for every message sent; the W3C trace context it returns goes in the envelope
   * (`traceparent`, `tracestate`), so the server's span continues the caller's trace. Default: none.
   * In Node, `clientTraceContext` from `@halyard/tracing`; in a page, a function over
   * `@opentelemetry/api` (docs/observability.md), so the bundle carries no SDK.
   */
  readonly traceContext?: () => TraceContextFields | undefined;
  /**
   * Sees every frame's text, sent (just before it goes out) and received (before the client reads
   * it); `report` emits an error on `onError`. For development tools: `withContract` from
   * `@halyard/client/contract` checks the frames against the app's AsyncAPI document. Default: none.
   */
  readonly onFrame?: FrameObserver;
}

/** `connect(url, { onFrame })`: observes the text of every frame; see `ClientOptions.onFrame`. */
export type FrameObserver = (
  direction: 'sent' | 'received',
  text: string,
  report: (error: HalyardClientError) => void,
) => void;

/** W3C trace context of the active span (`traceparent` at most 55 characters, `tracestate` 512). */
export interface TraceContextFields {
  readonly traceparent: string;
  readonly tracestate?: string;
}

export interface ResolvedOptions {
  readonly query: () => QueryParams | undefined;
  readonly auth: AuthProvider | undefined;
  readonly authParam: string;
  readonly reconnect: ResolvedReconnect | false;
  readonly stableAfterMs: number;
  readonly doNotRetry: ReadonlySet<number>;
  readonly queueMax: number;
  readonly overflow: OverflowPolicy;
  readonly requestTimeoutMs: number;
  readonly maxResends: number;
  readonly idleTimeoutMs: number;
  readonly heartbeat: ResolvedHeartbeat | false;
  readonly random: () => number;
  readonly WebSocket: WebSocketConstructor | undefined;
  readonly traceContext: (() => TraceContextFields | undefined) | undefined;
  readonly onFrame: FrameObserver | undefined;
}

export function resolveOptions(options: ClientOptions = {}): ResolvedOptions {
  const query = options.query;
  return {
    query: typeof query === 'function' ? query : () => query,
    auth: options.auth,
    authParam: options.authParam ?? 'token',
    reconnect: resolveReconnect(options.reconnect),
    stableAfterMs: options.stableAfterMs ?? 5_000,
    doNotRetry: new Set(options.doNotRetry ?? defaultDoNotRetry),
    queueMax: options.queue?.max ?? 100,
    overflow: options.queue?.overflow ?? 'drop-oldest',
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    maxResends: options.maxResends ?? 3,
    idleTimeoutMs: options.idleTimeoutMs ?? 0,
    heartbeat: resolveHeartbeat(options.heartbeat),
    random: options.random ?? Math.random,
    WebSocket: options.WebSocket,
    traceContext: options.traceContext,
    onFrame: options.onFrame,
  };
}
