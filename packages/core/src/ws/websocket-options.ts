import { HalyardError } from '../errors.js';
import type { SocketLimitOptions } from '../metadata.js';
import type { BroadcastAdapter } from './broadcast-adapter.js';
import type { RoomPolicyRule } from './room-policy.js';
import type { RoomStreamOptions } from './room-streams.js';

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
  /**
   * Rooms whose pushes are kept in a bounded log, with a position on every push, so clients that
   * reconnect resume without a gap (docs/delivery.md). Off by default: other rooms cost nothing.
   *
   * @example `streams: [{ rooms: 'room:*', maxCount: 1000, maxAgeMs: 300_000 }]`
   */
  readonly streams?: readonly RoomStreamOptions[];
  /** Where rooms and broadcasts live. Default: `new MemoryAdapter()` (one process). */
  readonly adapter?: BroadcastAdapter;
  /** How long `app.close()` waits for running handlers and close handshakes. Default 10 000 ms. */
  readonly shutdownTimeoutMs?: number;
  /**
   * The window `app.close()` asks clients to spread their reconnects over: every socket is closed
   * with 1012 `Service Restart; reconnect within <restartWindowMs> ms`, and `@halyard/client` waits a
   * uniformly random time within it before reconnecting (docs/delivery.md). Default 5 000 ms, at
   * most 600 000. `0` sends no hint: close 1001 `Server shutting down`, clients use their backoff.
   *
   * @example `websocket: { restartWindowMs: 10_000 }` for an instance holding tens of thousands of clients
   */
  readonly restartWindowMs?: number;
  /**
   * How long a close the server starts (a refused upgrade under `refuseWith: 'close'`, a limit, a
   * `conn.close()`, shutdown) waits for the peer's close frame before the TCP connection is
   * destroyed. Default 1 000 ms, so a peer that ignores the close cannot hold the socket.
   */
  readonly closeTimeoutMs?: number;
  /**
   * Most open (and upgrading) connections one client address may have, across all socket routes
   * of this instance. The address is `request.ip` (it honours Fastify's `trustProxy`); IPv6
   * addresses count per /64. Default 256; `Infinity` turns it off.
   */
  readonly maxConnectionsPerIp?: number;
  /**
   * Most bytes waiting, across all connections, in the backlogs of frames sent before `@OnConnect`
   * finished. The connection whose frame would exceed it is closed with 1008
   * (`HALYARD_ERR_WS_CONNECT_BACKLOG`). Default 64 MiB.
   */
  readonly maxBacklogBytes?: number;
  /**
   * Who may join which rooms: before `conn.join(room)` adds a member, the guards of every rule whose
   * `match` fits the room run (`context.kind === 'room'`); a refusal rejects the join with
   * `HALYARD_ERR_WS_ROOM_FORBIDDEN`. Default: none (every join is allowed, at no cost).
   */
  readonly roomPolicies?: readonly RoomPolicyRule[];
  /**
   * How long before an identity's expiry (`setIdentity(user, { expiresAt })` in an upgrade guard)
   * the server pushes `$expiring`, so the client can send `$auth` in time. Default 30 000 ms.
   */
  readonly expiryWarningMs?: number;
}

/** The app-wide settings that are not per-route limits, after defaults and checks. */
export interface ResolvedAppSocketOptions {
  readonly shutdownTimeoutMs: number;
  readonly restartWindowMs: number;
  readonly closeTimeoutMs: number;
  readonly maxConnectionsPerIp: number;
  readonly maxBacklogBytes: number;
  readonly expiryWarningMs: number;
}

export const defaultAppSocketOptions: ResolvedAppSocketOptions = Object.freeze({
  shutdownTimeoutMs: 10_000,
  restartWindowMs: 5_000,
  closeTimeoutMs: 1_000,
  maxConnectionsPerIp: 256,
  maxBacklogBytes: 64 * 1024 * 1024,
  expiryWarningMs: 30_000,
});

/** The longest `restartWindowMs`: ten minutes, beyond which a client would look gone. */
const maxRestartWindowMs = 600_000;

/** Applies the defaults and checks the values at boot (`HALYARD_ERR_OPTIONS_INVALID`). */
export function resolveAppSocketOptions(options: WebSocketAppOptions): ResolvedAppSocketOptions {
  const fail = (detail: string): HalyardError =>
    new HalyardError('HALYARD_ERR_OPTIONS_INVALID', { detail: `websocket.${detail}` });
  const wholeAtLeastOne = (value: number): boolean => Number.isInteger(value) && value >= 1;
  const resolved = {
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? defaultAppSocketOptions.shutdownTimeoutMs,
    restartWindowMs: options.restartWindowMs ?? defaultAppSocketOptions.restartWindowMs,
    closeTimeoutMs: options.closeTimeoutMs ?? defaultAppSocketOptions.closeTimeoutMs,
    maxConnectionsPerIp: options.maxConnectionsPerIp ?? defaultAppSocketOptions.maxConnectionsPerIp,
    maxBacklogBytes: options.maxBacklogBytes ?? defaultAppSocketOptions.maxBacklogBytes,
    expiryWarningMs: options.expiryWarningMs ?? defaultAppSocketOptions.expiryWarningMs,
  };
  if (!(Number.isInteger(resolved.expiryWarningMs) && resolved.expiryWarningMs >= 0))
    throw fail(
      `expiryWarningMs must be a whole number of milliseconds (0 or more), got ${String(resolved.expiryWarningMs)}`,
    );
  if (!(
    Number.isInteger(resolved.restartWindowMs) &&
    resolved.restartWindowMs >= 0 &&
    resolved.restartWindowMs <= maxRestartWindowMs
  ))
    throw fail(
      `restartWindowMs must be a whole number of milliseconds from 0 to ${maxRestartWindowMs}, got ${String(resolved.restartWindowMs)}`,
    );
  if (!wholeAtLeastOne(resolved.closeTimeoutMs))
    throw fail(
      `closeTimeoutMs must be a positive whole number of milliseconds, got ${String(resolved.closeTimeoutMs)}`,
    );
  if (!(wholeAtLeastOne(resolved.maxConnectionsPerIp) || resolved.maxConnectionsPerIp === Infinity))
    throw fail(
      `maxConnectionsPerIp must be a positive whole number or Infinity, got ${String(resolved.maxConnectionsPerIp)}`,
    );
  if (!wholeAtLeastOne(resolved.maxBacklogBytes))
    throw fail(
      `maxBacklogBytes must be a positive whole number of bytes, got ${String(resolved.maxBacklogBytes)}`,
    );
  return resolved;
}

/** The app-wide limits every route resolves against: `limits` with `heartbeat` folded in. */
export function appWideLimits(options: WebSocketAppOptions): SocketLimitOptions | undefined {
  if (options.heartbeat === undefined) return options.limits;
  return { ...options.limits, heartbeat: options.heartbeat };
}
