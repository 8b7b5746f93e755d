import type { SocketObservers } from './socket-observers.js';

/** Traffic counters of one route, or of the whole app. */
export interface TrafficStats {
  connections: number;
  connectionsTotal: number;
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  /** Frames not sent because the receiver was a slow consumer under the `drop` policy. */
  dropped: number;
  /** Error frames and rejected upgrades, by code. */
  errors: Record<string, number>;
}

/** How `hub.toRoom()` and `hub.broadcast()` send. */
export interface SendOptions {
  /** Connection id that must not receive the message (usually the sender's `conn.id`). */
  readonly except?: string;
}

/** The sizes of the hub's structures and the adapter's (`inspectRuntime`, leak checks). */
export interface HubSizes {
  readonly connections: number;
  readonly rooms: number;
  readonly roomMembers: number;
  readonly pendingJoins: number;
  readonly adapter: Readonly<Record<string, number>>;
}

export interface HubStats extends TrafficStats {
  readonly adapter: string;
  readonly routes: Record<string, TrafficStats>;
}

export function emptyTraffic(): TrafficStats {
  return {
    connections: 0,
    connectionsTotal: 0,
    messagesIn: 0,
    messagesOut: 0,
    bytesIn: 0,
    bytesOut: 0,
    dropped: 0,
    errors: {},
  };
}

function copy(stats: TrafficStats): TrafficStats {
  return { ...stats, errors: { ...stats.errors } };
}

/**
 * Counts totals and per-route traffic in one place, so both always agree, and tells the app's
 * socket observers (metrics, tracing) about the same events when there are any (errors reach
 * them through the `SocketReporter`, the only caller of `error`).
 */
export class StatsRecorder {
  readonly #total = emptyTraffic();
  readonly #routes = new Map<string, TrafficStats>();

  constructor(readonly observers: SocketObservers) {}

  route(route: string): TrafficStats {
    let stats = this.#routes.get(route);
    if (!stats) this.#routes.set(route, (stats = emptyTraffic()));
    return stats;
  }

  opened(route: string): void {
    const stats = this.route(route);
    stats.connections++;
    stats.connectionsTotal++;
    this.#total.connections++;
    this.#total.connectionsTotal++;
    if (this.observers.active) this.observers.opened(route);
  }

  closed(route: string): void {
    this.route(route).connections--;
    this.#total.connections--;
    if (this.observers.active) this.observers.closed(route);
  }

  messageIn(route: string, bytes: number): void {
    const stats = this.route(route);
    stats.messagesIn++;
    stats.bytesIn += bytes;
    this.#total.messagesIn++;
    this.#total.bytesIn += bytes;
    if (this.observers.active) this.observers.frameIn(route, bytes);
  }

  messageOut(route: string, bytes: number): void {
    const stats = this.route(route);
    stats.messagesOut++;
    stats.bytesOut += bytes;
    this.#total.messagesOut++;
    this.#total.bytesOut += bytes;
  }

  dropped(route: string): void {
    this.route(route).dropped++;
    this.#total.dropped++;
    if (this.observers.active) this.observers.dropped(route);
  }

  error(route: string, code: string): void {
    const stats = this.route(route);
    stats.errors[code] = (stats.errors[code] ?? 0) + 1;
    this.#total.errors[code] = (this.#total.errors[code] ?? 0) + 1;
  }

  snapshot(adapter: string): HubStats {
    return {
      ...copy(this.#total),
      adapter,
      routes: Object.fromEntries([...this.#routes].map(([route, stats]) => [route, copy(stats)])),
    };
  }
}
