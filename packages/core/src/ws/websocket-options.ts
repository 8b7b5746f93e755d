import type { SocketLimitOptions } from '../metadata.js';
import type { BroadcastAdapter } from './broadcast-adapter.js';

/** `createApp({ websocket })`: app-wide WebSocket settings. Every field has a default. */
export interface WebSocketAppOptions {
  /** Defaults for every socket route; `@WebSocket(path, { ...limits })` overrides per route. */
  readonly limits?: SocketLimitOptions;
  /** Ping every `intervalMs` (default 30 000); a peer that has not answered the previous ping is terminated. `false` turns it off. */
  readonly heartbeat?: { readonly intervalMs: number } | false;
  /** Where rooms and broadcasts live. Default: `new MemoryAdapter()` (one process). */
  readonly adapter?: BroadcastAdapter;
  /** How long `app.close()` waits for running handlers and close handshakes. Default 10 000 ms. */
  readonly shutdownTimeoutMs?: number;
}
