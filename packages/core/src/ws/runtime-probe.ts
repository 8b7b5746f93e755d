import type { Duplex } from 'node:stream';
import type { ConnectionSlots } from './connection-slots.js';
import type { Hub } from './hub.js';
import type { InFlight } from './in-flight.js';
import type { SocketGauges } from './socket-gauges.js';
import { kInspect } from './hub-internals.js';

/**
 * The size of every structure the WebSocket runtime keeps per connection, upgrade or room: all
 * zero (and `adapter` all zero) once the app is idle, whatever the connections did before.
 * Read with `inspectRuntime(app)` from `@halyard/core/testing`.
 */
export interface RuntimeInspection {
  /** TCP sockets of WebSocket upgrade requests not closed yet (upgrading, open or closing). */
  readonly sockets: number;
  /** Connections registered in the hub (`hub.connections()`). */
  readonly connections: number;
  /** Rooms with local members, and local memberships over all of them. */
  readonly rooms: number;
  readonly roomMembers: number;
  /** Room joins still waiting for the adapter. */
  readonly pendingJoins: number;
  /** The adapter's own counts (`BroadcastAdapter.inspect()`; `{}` if it has none). */
  readonly adapter: Readonly<Record<string, number>>;
  /** Running handlers, `@OnConnect`, `@OnDisconnect` and room cleanups. */
  readonly inFlight: number;
  /** `maxConnections` slots taken by upgrades that are not open connections yet, over all routes. */
  readonly pendingSlots: number;
  /** Addresses holding per-IP connection slots, and the slots they hold. */
  readonly ipAddresses: number;
  readonly ipSlots: number;
  /** Bytes and frames waiting in `@OnConnect` backlogs, over all connections. */
  readonly backlogBytes: number;
  readonly backlogFrames: number;
  /** Connections with a live rate-limit bucket, and open windows of rejections. */
  readonly rateBuckets: number;
  readonly openBursts: number;
  /** Identity expiry timers of open connections (`$expiring` and the 4401 close). */
  readonly expiryTimers: number;
  /** `conn.ask()` calls awaiting the client's answer (each holds a timeout timer). */
  readonly serverRequests: number;
  /** Heartbeat interval timers (one per distinct interval while the app runs; 0 once closed). */
  readonly heartbeatTimers: number;
}

/** What the socket registrar hands over so the runtime of one app can be inspected. */
export interface RuntimeParts {
  readonly hub: Hub;
  readonly inFlight: InFlight;
  readonly gauges: SocketGauges;
  /** Every TCP socket of an upgrade request until it closes. */
  readonly sockets: ReadonlySet<Duplex>;
  readonly slots: readonly ConnectionSlots[];
  readonly heartbeatTimers: () => number;
  readonly perIp: () => { addresses: number; slots: number };
  readonly backlog: () => { bytes: number; frames: number };
}

const partsByApp = new WeakMap<object, RuntimeParts>();

export function attachRuntimeParts(app: object, parts: RuntimeParts): void {
  partsByApp.set(app, parts);
}

export function runtimeParts(app: object): RuntimeParts | undefined {
  return partsByApp.get(app);
}

export function inspect(hub: Hub, parts: RuntimeParts | undefined): RuntimeInspection {
  const perIp = parts?.perIp() ?? { addresses: 0, slots: 0 };
  const backlog = parts?.backlog() ?? { bytes: 0, frames: 0 };
  return {
    sockets: parts?.sockets.size ?? 0,
    ...hub[kInspect](),
    inFlight: parts?.inFlight.count ?? 0,
    pendingSlots: parts?.slots.reduce((sum, slots) => sum + slots.pending, 0) ?? 0,
    ipAddresses: perIp.addresses,
    ipSlots: perIp.slots,
    backlogBytes: backlog.bytes,
    backlogFrames: backlog.frames,
    rateBuckets: parts?.gauges.rateBuckets ?? 0,
    openBursts: parts?.gauges.openBursts ?? 0,
    expiryTimers: parts?.gauges.expiryTimers ?? 0,
    serverRequests: parts?.gauges.serverRequests ?? 0,
    heartbeatTimers: parts?.heartbeatTimers() ?? 0,
  };
}

/**
 * Resolves once no upgrade socket is open, no connection is registered and no socket work runs:
 * each wait is for the events that end them (socket `close`, in-flight work settling), never a
 * fixed time.
 */
export async function whenIdle(hub: Hub, parts: RuntimeParts | undefined): Promise<void> {
  for (;;) {
    await parts?.inFlight.idle();
    const open = hub.connections();
    const sockets = [...(parts?.sockets ?? [])];
    if (open.length === 0 && sockets.length === 0 && (parts?.inFlight.count ?? 0) === 0) return;
    await Promise.all([
      ...open.map((connection) => connection.whenClosed()),
      // Still in the set means its 'close' has not been emitted yet.
      ...sockets.map((socket) => new Promise<void>((resolve) => socket.once('close', () => resolve()))),
    ]);
    // Let the other `close` listeners (slot releases, unregistering, hooks) run first.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
