import { fetchCredential } from './client-auth.js';
import type { ResolvedOptions } from './client-options.js';
import { buildUrl } from './client-url.js';
import { HalyardClientError } from './errors.js';
import type { CloseCause } from './halyard-client.js';
import type { ClientEnd } from './socket-end.js';
import {
  openSocket,
  resolveWebSocket,
  type SocketEnd,
  type WebSocketConstructor,
  type WebSocketLike,
} from './transport.js';

/** The query parameter the resume token of the last connection goes back in. */
const sessionParam = 'halyard_session';

/** What a connection attempt reads from the session and reports to it. */
export interface AttemptHost {
  readonly url: string | URL;
  readonly options: ResolvedOptions;
  /** The client closed for good: an attempt under way opens nothing. */
  closed(): boolean;
  /** The resume token (`$session`) of the last connection, sent back in the URL. */
  session(): string | undefined;
  /** The 4401 end that the reconnect under way retries with a fresh credential, if it is one. */
  authRetry(): ClientEnd | undefined;
  /** Whether `socket` is still the session's current one: a given-up socket's events are ignored. */
  current(socket: WebSocketLike): boolean;
  /** The new socket becomes the current one. */
  adopt(socket: WebSocketLike): void;
  opened(socket: WebSocketLike): void;
  received(data: unknown): void;
  /** Any sign of life from the server. */
  alive(): void;
  /** The current socket closed. */
  socketClosed(end: SocketEnd): void;
  /** The attempt failed without a socket: like a refused connection, reconnected with the backoff. */
  failed(end: SocketEnd): void;
  /** The client ends for good. */
  finish(cause: CloseCause, end: ClientEnd): void;
  report(error: HalyardClientError): void;
}

/**
 * One connection attempt: finds the WebSocket class, asks the auth provider for a credential,
 * then opens the socket with the query, the resume token and the credential in its URL. With an
 * explicit or global WebSocket and no provider, the socket opens before this returns.
 */
export function attemptConnection(host: AttemptHost): void {
  if (host.closed()) return;
  const constructor = resolveWebSocket(host.options.WebSocket);
  const provider = host.options.auth;
  if (typeof constructor === 'function' && !provider) {
    openWith(host, constructor);
    return;
  }
  Promise.resolve(constructor).then(
    (resolved) => {
      if (!provider) return openWith(host, resolved);
      fetchCredential(provider).then(
        (credential) => openWith(host, resolved, credential),
        (error: HalyardClientError) => {
          if (host.closed()) return;
          // A failed attempt like a refused connection: reported, then retried with the backoff,
          // unless it was the one retry after a 4401: then the session is over.
          host.report(error);
          const expired = host.authRetry();
          if (expired) host.finish('do-not-retry', expired);
          else host.failed({ code: 1006, reason: 'auth provider failed' });
        },
      );
    },
    (error: HalyardClientError) => {
      host.report(error);
      host.finish('no-websocket', { code: 1006, reason: error.message });
    },
  );
}

function openWith(host: AttemptHost, constructor: WebSocketConstructor, credential?: string): void {
  if (host.closed()) return;
  let socket: WebSocketLike;
  const { options } = host;
  const { onFrame } = options;
  const report = (error: HalyardClientError): void => host.report(error);
  try {
    const session = host.session();
    const query = {
      ...options.query(),
      ...(session !== undefined && { [sessionParam]: session }),
    };
    const url = buildUrl(
      host.url,
      credential === undefined ? query : { ...query, [options.authParam]: credential },
    );
    socket = openSocket(constructor, url, {
      open: () => host.current(socket) && host.opened(socket),
      message: (data) =>
        host.current(socket) && (onFrame?.('received', String(data), report), host.received(data)),
      activity: () => host.current(socket) && host.alive(),
      error: (error) => host.current(socket) && host.report(error),
      close: (end) => host.current(socket) && host.socketClosed(end),
    });
  } catch (error) {
    // A throwing `query` function or a URL the WebSocket class rejects: a failed attempt.
    host.report(
      new HalyardClientError('HALYARD_ERR_CLIENT_TRANSPORT', 'Opening the WebSocket failed', {
        cause: error,
      }),
    );
    host.failed({ code: 1006, reason: '' });
    return;
  }
  if (onFrame) {
    const send = socket.send.bind(socket);
    socket.send = (text) => (onFrame('sent', text, report), send(text));
  }
  host.adopt(socket);
}
