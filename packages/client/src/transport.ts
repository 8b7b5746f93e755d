import { clientError, type HalyardClientError } from './errors.js';

/**
 * The part of the WHATWG `WebSocket` the client uses. The browser's `WebSocket`, Node 22's global
 * one and the `ws` package's class all fit.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(
    type: 'open' | 'message' | 'close' | 'error',
    listener: (event: WebSocketEvent) => void,
  ): void;
}

/** What every WebSocket event has; the client reads the rest (`data`, `code`, `reason`) per type. */
export interface WebSocketEvent {
  readonly type: string;
}

/** A `WebSocket` class, e.g. `globalThis.WebSocket` or `WebSocket` from the `ws` package. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

type MessageEventLike = WebSocketEvent & { readonly data: unknown };
type CloseEventLike = WebSocketEvent & { readonly code: number; readonly reason: string };
/** `ws` and Node's global WebSocket give a message and the error; a browser gives neither. */
type ErrorEventLike = WebSocketEvent & { readonly message?: unknown; readonly error?: unknown };

/** The extra events of the `ws` package (Node): the HTTP answer to a refused upgrade, and pings. */
interface NodeEmitter {
  on(event: 'unexpected-response', listener: (request: unknown, response: IncomingResponse) => void): void;
  on(event: 'ping', listener: () => void): void;
  terminate(): void;
}

interface IncomingResponse {
  readonly statusCode?: number;
  on(event: 'data', listener: (chunk: Uint8Array | string) => void): void;
  on(event: 'end' | 'error', listener: () => void): void;
}

/** How a socket ended: its close code and reason, plus the HTTP status when the upgrade was refused. */
export interface SocketEnd {
  readonly code: number;
  readonly reason: string;
  readonly httpStatus?: number;
  readonly httpBody?: unknown;
}

export interface TransportEvents {
  open(): void;
  message(data: unknown): void;
  /** Any sign of life from the server: a message or (Node only) a ping. */
  activity(): void;
  error(error: HalyardClientError): void;
  close(end: SocketEnd): void;
}

let fallback: Promise<WebSocketConstructor> | undefined;

async function importWs(): Promise<WebSocketConstructor> {
  // A computed specifier keeps bundlers from following the import, so browser bundles never
  // contain `ws`; Node resolves it at run time.
  const specifier = ['w', 's'].join('');
  try {
    const module = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as {
      readonly WebSocket?: WebSocketConstructor;
      readonly default?: WebSocketConstructor;
    };
    return (module.WebSocket ?? module.default) as WebSocketConstructor;
  } catch (error) {
    fallback = undefined;
    throw clientError('HALYARD_ERR_CLIENT_NO_WEBSOCKET', {}, { cause: error });
  }
}

/** The explicit class, else the platform's `WebSocket`, else (Node 20) the `ws` package. */
export function resolveWebSocket(
  explicit: WebSocketConstructor | undefined,
): WebSocketConstructor | Promise<WebSocketConstructor> {
  if (explicit) return explicit;
  const platform = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (platform) return platform;
  fallback ??= importWs();
  return fallback;
}

const maxBodyBytes = 4096;

function readBody(response: IncomingResponse, done: (body: unknown) => void): void {
  const decoder = new TextDecoder();
  let text = '';
  response.on('data', (chunk) => {
    if (text.length < maxBodyBytes)
      text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  });
  const finish = (): void => {
    try {
      done(JSON.parse(text));
    } catch {
      // Not a problem document: keep the text as it is.
      done(text.slice(0, maxBodyBytes));
    }
  };
  response.on('end', finish);
  response.on('error', finish);
}

/**
 * Opens one socket and reports its life to `events`. Every listener stays attached until the end:
 * `ws` throws an `error` event that has no listener, even on a socket the client has given up.
 */
export function openSocket(
  constructor: WebSocketConstructor,
  url: string,
  events: TransportEvents,
): WebSocketLike {
  const socket = new constructor(url);
  let refused: { status: number; body?: unknown } | undefined;
  let opened = false;
  let ended = false;
  const end = (value: SocketEnd): void => {
    if (ended) return;
    ended = true;
    events.close(value);
  };
  socket.addEventListener('open', () => {
    opened = true;
    events.activity();
    events.open();
  });
  socket.addEventListener('message', (event) => {
    events.activity();
    events.message((event as MessageEventLike).data);
  });
  socket.addEventListener('error', (raw) => {
    const event = raw as ErrorEventLike;
    // A refused upgrade is reported once, with its HTTP status, when the socket closes.
    if (refused || ended) return;
    const detail = typeof event.message === 'string' && event.message ? `: ${event.message}` : '';
    events.error(
      clientError(
        'HALYARD_ERR_CLIENT_TRANSPORT',
        { detail: `WebSocket error on ${url}${detail}` },
        event.error === undefined ? {} : { cause: event.error },
      ),
    );
    // The standard fires `close` right after an `error` that failed the connection. Node 22's
    // global WebSocket (undici) fires none and stays CONNECTING (nodejs/undici#3546), so a
    // connection that never opened is ended here unless its `close` comes first.
    if (!opened)
      setTimeout(() => {
        if (ended) return;
        end({ code: 1006, reason: '' });
        try {
          socket.close();
        } catch {
          // Already failed: nothing left to close.
        }
      }, 0);
  });
  socket.addEventListener('close', (raw) => {
    const event = raw as CloseEventLike;
    end(
      refused
        ? { code: event.code, reason: event.reason, httpStatus: refused.status, httpBody: refused.body }
        : { code: event.code, reason: event.reason },
    );
  });
  const node = socket as unknown as Partial<NodeEmitter>;
  if (typeof node.on === 'function' && typeof node.terminate === 'function') {
    const emitter = node as NodeEmitter;
    // Registering this listener makes ws hand the refused upgrade to us instead of failing with
    // a bare "Unexpected server response"; the browser never exposes this status.
    emitter.on('unexpected-response', (_request, response) => {
      readBody(response, (body) => {
        refused = { status: response.statusCode ?? 0, body };
        emitter.terminate();
      });
    });
    emitter.on('ping', () => events.activity());
  }
  return socket;
}
