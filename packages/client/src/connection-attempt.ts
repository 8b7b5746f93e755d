import { fetchCredential } from './client-auth.js';
import type { ResolvedOptions } from './client-options.js';
import { buildUrl } from './client-url.js';
import { clientError, type HalyardClientError } from './errors.js';
import type { CloseCause } from './halyard-client.js';
import type { ClientEnd } from './socket-end.js';
import { resolveWebSocket, type SocketEnd, type WebSocketConstructor } from './transport.js';

/** The query parameter the resume token of the last connection goes back in. */
const sessionParam = 'halyard_session';

/** What a connection attempt reads from the session and reports to it. */
export interface AttemptHost {
  /** The client closed for good: an attempt under way opens nothing. */
  closed(): boolean;
  /** The resume token (`$session`) of the last connection, sent back in the URL. */
  session(): string | undefined;
  /** The 4401 end that the reconnect under way retries with a fresh credential, if it is one. */
  authRetry(): ClientEnd | undefined;
  /** Opens the attempt's socket at `url`; a throw fails the attempt. */
  open(constructor: WebSocketConstructor, url: string): void;
  /** The attempt failed without a socket: like a refused connection, reconnected with the backoff. */
  failed(end: SocketEnd): void;
  /** The client ends for good. */
  finish(cause: CloseCause, end: ClientEnd): void;
  report(error: HalyardClientError): void;
}

/**
 * One connection attempt: finds the WebSocket class, asks the auth provider for a credential,
 * then has the session open the socket at the URL with the query, the resume token and the
 * credential. With an explicit or global WebSocket and no provider, it opens before this returns.
 */
export function attemptConnection(url: string | URL, options: ResolvedOptions, host: AttemptHost): void {
  if (host.closed()) return;
  const constructor = resolveWebSocket(options.WebSocket);
  const provider = options.auth;
  const open = (resolved: WebSocketConstructor, credential?: string): void => {
    if (host.closed()) return;
    try {
      const session = host.session();
      const query = {
        ...options.query(),
        ...(session !== undefined && { [sessionParam]: session }),
      };
      host.open(
        resolved,
        buildUrl(url, credential === undefined ? query : { ...query, [options.authParam]: credential }),
      );
    } catch (error) {
      // A throwing `query` function or a URL the WebSocket class rejects: a failed attempt.
      host.report(
        clientError(
          'HALYARD_ERR_CLIENT_TRANSPORT',
          { detail: 'Opening the WebSocket failed' },
          { cause: error },
        ),
      );
      host.failed({ code: 1006, reason: '' });
    }
  };
  if (typeof constructor === 'function' && !provider) {
    open(constructor);
    return;
  }
  Promise.resolve(constructor).then(
    (resolved) => {
      if (!provider) return open(resolved);
      fetchCredential(provider).then(
        (credential) => open(resolved, credential),
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
