import type { FastifyInstance } from 'fastify';
import { inspect, runtimeParts, whenIdle, type RuntimeInspection } from '../ws/runtime-probe.js';

/**
 * The sizes of the WebSocket runtime's structures (connections, rooms, adapter members, running
 * work, connection slots per route and per address, `@OnConnect` backlogs, rate buckets, ...),
 * for leak checks: once the app is idle every count is 0. A snapshot; nothing is reset.
 *
 * @example
 * ```ts
 * const idle = await whenRuntimeIdle(app);
 * t.strictSame(idle, { ...emptyRuntime, heartbeatTimers: 1 });
 * ```
 */
export function inspectRuntime(app: FastifyInstance): RuntimeInspection {
  return inspect(app.halyard.hub, runtimeParts(app));
}

/**
 * Resolves with `inspectRuntime(app)` once no WebSocket upgrade socket is open, no connection is
 * registered and no handler, hook or room cleanup runs. It waits for those events (sockets
 * closing, work settling), not for a fixed time; it rejects after `timeoutMs` (default 10 000)
 * with what was still there.
 */
export async function whenRuntimeIdle(
  app: FastifyInstance,
  options: { readonly timeoutMs?: number } = {},
): Promise<RuntimeInspection> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`not idle within ${timeoutMs} ms: ${JSON.stringify(inspectRuntime(app))}`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([whenIdle(app.halyard.hub, runtimeParts(app)), timeout]);
  } finally {
    clearTimeout(timer);
  }
  return inspectRuntime(app);
}

/** What `inspectRuntime` reports for an idle app: every count 0 (heartbeat timers aside). */
export const emptyRuntime: RuntimeInspection = Object.freeze({
  sockets: 0,
  connections: 0,
  rooms: 0,
  roomMembers: 0,
  pendingJoins: 0,
  adapter: Object.freeze({}),
  inFlight: 0,
  pendingSlots: 0,
  ipAddresses: 0,
  ipSlots: 0,
  backlogBytes: 0,
  backlogFrames: 0,
  rateBuckets: 0,
  openBursts: 0,
  expiryTimers: 0,
  serverRequests: 0,
  heartbeatTimers: 0,
});
