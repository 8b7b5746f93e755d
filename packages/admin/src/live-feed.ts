import { CloseCodes, type Hub, type TrafficEvent } from '@halyard/core';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import { connectionView, roomViews, type AdminSnapshot, type RoomView } from './admin-views.js';
import { formatErrorMessage } from '@halyard/core/error-table';
import { adminErrorTable } from './errors.js';
import type { LatencyTable } from './latency-table.js';
import { TrafficRing } from './traffic-ring.js';

const readOnly = adminErrorTable.HALYARD_ERR_ADMIN_LIVE_READ_ONLY;

/** The frames the live feed sends to the page (documented in docs/admin.md). */
export type LiveFrame =
  | {
      readonly type: 'hello';
      readonly data: {
        readonly trafficBuffer: number;
        readonly snapshotIntervalMs: number;
        /** Frames recorded before this page connected, oldest first. */
        readonly recent: readonly TrafficEvent[];
      };
    }
  | { readonly type: 'snapshot'; readonly data: AdminSnapshot }
  | {
      readonly type: 'traffic';
      /** `skipped`: frames not sent to this page since the last batch, because it read too slowly. */
      readonly data: { readonly events: readonly TrafficEvent[]; readonly skipped: number };
    };

interface LiveClient {
  readonly socket: WebSocket;
  skipped: number;
  awaitingPong: boolean;
}

export interface LiveFeedOptions {
  readonly trafficBuffer: number;
  readonly snapshotIntervalMs: number;
  readonly log: FastifyBaseLogger;
  /** Handler-duration percentiles, sent with each snapshot; absent under `latency: false`. */
  readonly latency: LatencyTable | undefined;
}

/** Traffic is sent in small batches: one frame per event would cost more than the event. */
const flushDelayMs = 50;
/** Above this much unsent data a page gets no traffic batch (it is counted as skipped instead). */
const maxBufferedBytes = 1 << 20;
const heartbeatMs = 30_000;
const closeGraceMs = 2_000;
/** A snapshot every second must stay small; the API's `GET connections` lists them all. */
export const maxSnapshotConnections = 500;

/**
 * Streams the hub's traffic and periodic snapshots to the open admin pages. It watches the hub only
 * while at least one page is open (`hub.observe` costs nothing otherwise), computes each snapshot
 * once for all pages, and serialises each traffic batch once.
 */
export class LiveFeed {
  readonly #hub: Hub;
  readonly #options: LiveFeedOptions;
  readonly #clients = new Set<LiveClient>();
  readonly #recent: TrafficRing;
  #pending: TrafficEvent[] = [];
  #dropped = 0;
  #stopObserving: (() => void) | undefined;
  #flushTimer: NodeJS.Timeout | undefined;
  #snapshotTimer: NodeJS.Timeout | undefined;
  #heartbeatTimer: NodeJS.Timeout | undefined;
  #snapshotting = false;

  constructor(hub: Hub, options: LiveFeedOptions) {
    this.#hub = hub;
    this.#options = options;
    this.#recent = new TrafficRing(options.trafficBuffer);
  }

  add(socket: WebSocket): void {
    const client: LiveClient = { socket, skipped: 0, awaitingPong: false };
    this.#clients.add(client);
    if (this.#clients.size === 1) this.#start();
    socket.on('message', () =>
      socket.close(
        readOnly.closeCode,
        formatErrorMessage(adminErrorTable, 'HALYARD_ERR_ADMIN_LIVE_READ_ONLY'),
      ),
    );
    socket.on('pong', () => {
      client.awaitingPong = false;
    });
    socket.on('close', () => {
      this.#clients.delete(client);
      if (this.#clients.size === 0) this.#stop();
    });
    const hello: LiveFrame = {
      type: 'hello',
      data: {
        trafficBuffer: this.#options.trafficBuffer,
        snapshotIntervalMs: this.#options.snapshotIntervalMs,
        recent: this.#recent.toArray(),
      },
    };
    socket.send(JSON.stringify(hello));
    void this.#sendSnapshot([client]);
  }

  /** Closes every page's feed with 1001 (pages reconnect to the next instance) and waits briefly. */
  async close(): Promise<void> {
    const clients = [...this.#clients];
    const closed = Promise.all(
      clients.map(
        ({ socket }) =>
          new Promise<void>((resolve) => {
            if (socket.readyState === socket.CLOSED) resolve();
            else socket.once('close', () => resolve());
          }),
      ),
    );
    for (const { socket } of clients) socket.close(CloseCodes.GOING_AWAY, 'Server shutting down');
    const timer = new Promise<void>((resolve) => setTimeout(resolve, closeGraceMs).unref());
    await Promise.race([closed, timer]);
    for (const { socket } of clients) if (socket.readyState !== socket.CLOSED) socket.terminate();
    this.#stop();
  }

  #start(): void {
    this.#stopObserving = this.#hub.observe((event) => this.#record(event));
    this.#snapshotTimer = setInterval(() => void this.#sendSnapshot(), this.#options.snapshotIntervalMs);
    this.#snapshotTimer.unref();
    this.#heartbeatTimer = setInterval(() => this.#heartbeat(), heartbeatMs);
    this.#heartbeatTimer.unref();
  }

  #stop(): void {
    this.#stopObserving?.();
    this.#stopObserving = undefined;
    clearInterval(this.#snapshotTimer);
    clearInterval(this.#heartbeatTimer);
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    this.#pending = [];
  }

  #record(event: TrafficEvent): void {
    this.#recent.push(event);
    this.#pending.push(event);
    // A burst larger than what a page shows is cut to its newest part before it is ever serialised.
    if (this.#pending.length > 2 * this.#options.trafficBuffer) {
      const cut = this.#pending.length - this.#options.trafficBuffer;
      this.#pending = this.#pending.slice(cut);
      this.#dropped += cut;
    }
    this.#flushTimer ??= setTimeout(() => this.#flush(), flushDelayMs);
  }

  #flush(): void {
    this.#flushTimer = undefined;
    const events = this.#pending;
    const dropped = this.#dropped;
    this.#pending = [];
    this.#dropped = 0;
    if (events.length === 0) return;
    let shared: string | undefined;
    for (const client of this.#clients) {
      if (client.socket.readyState !== client.socket.OPEN) continue;
      if (client.socket.bufferedAmount > maxBufferedBytes) {
        client.skipped += events.length + dropped;
        continue;
      }
      const skipped = client.skipped + dropped;
      client.skipped = 0;
      const frame = (events: readonly TrafficEvent[]): string =>
        JSON.stringify({ type: 'traffic', data: { events, skipped } } satisfies LiveFrame);
      if (skipped === 0) client.socket.send((shared ??= frame(events)));
      else client.socket.send(frame(events));
    }
  }

  async #sendSnapshot(only?: readonly LiveClient[]): Promise<void> {
    // A slow adapter must not pile up snapshots; a page that just connected always gets one.
    if (!only && this.#snapshotting) return;
    if (!only) this.#snapshotting = true;
    try {
      let rooms: RoomView[] | null;
      try {
        rooms = await roomViews(this.#hub);
      } catch (error) {
        this.#options.log.warn({ err: error }, 'admin live feed: the broadcast adapter could not list rooms');
        rooms = null;
      }
      const snapshot: LiveFrame = {
        type: 'snapshot',
        data: {
          at: Date.now(),
          stats: this.#hub.stats(),
          connections: this.#hub.connections().slice(0, maxSnapshotConnections).map(connectionView),
          rooms,
          latency: this.#options.latency?.report().rows ?? null,
        },
      };
      const text = JSON.stringify(snapshot);
      for (const client of only ?? this.#clients)
        if (
          client.socket.readyState === client.socket.OPEN &&
          client.socket.bufferedAmount <= maxBufferedBytes
        )
          client.socket.send(text);
    } finally {
      if (!only) this.#snapshotting = false;
    }
  }

  #heartbeat(): void {
    for (const client of this.#clients) {
      if (client.awaitingPong) {
        client.socket.terminate();
        continue;
      }
      client.awaitingPong = true;
      client.socket.ping();
    }
  }
}
