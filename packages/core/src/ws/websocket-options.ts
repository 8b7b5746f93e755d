import type { SocketLimitOptions } from '../metadata.js';
import type { BroadcastAdapter } from './broadcast-adapter.js';

/** `createApp({ websocket })`: app-wide WebSocket settings. Every field has a default. */
export interface WebSocketAppOptions {
  /** Defaults for every socket route; `@WebSocket(path, { ...limits })` overrides per route. */
  readonly limits?: SocketLimitOptions;
  /**
   * Ping every `intervalMs` (default 30 000); a peer that has not answered the previous ping is
   * terminated. `false` turns it off. The app-wide default of `limits.heartbeat` (it wins over
   * that when both are set); a route overrides it with `@WebSocket(path, { heartbeat })`.
   */
  readonly heartbeat?: { readonly intervalMs: number } | false;
  /** Where rooms and broadcasts live. Default: `new MemoryAdapter()` (one process). */
  readonly adapter?: BroadcastAdapter;
  /** How long `app.close()` waits for running handlers and close handshakes. Default 10 000 ms. */
  readonly shutdownTimeoutMs?: number;
}

/** The app-wide limits every route resolves against: `limits` with `heartbeat` folded in. */
export function appWideLimits(options: WebSocketAppOptions): SocketLimitOptions | undefined {
  if (options.heartbeat === undefined) return options.limits;
  return { ...options.limits, heartbeat: options.heartbeat };
}
