import type { FastifyBaseLogger } from 'fastify';
import type { PresenceData } from './connection.js';

export type BroadcastTarget =
  | { readonly kind: 'all' }
  | { readonly kind: 'room'; readonly room: string }
  | { readonly kind: 'connection'; readonly id: string };

/** A frame serialised once, and who should get it. */
export interface OutboundMessage {
  readonly target: BroadcastTarget;
  readonly frame: string;
  /** A connection id that must not receive it (usually the sender). */
  readonly except?: string;
  /**
   * Set by the hub on a push to a room that is a stream (`websocket.streams`): the adapter appends
   * it to the room's log within this window and delivers it with its `position`.
   */
  readonly stream?: StreamWindow;
  /** Set by an adapter when it delivers a stream message: where the message sits in the room's log. */
  readonly position?: StreamPosition;
  /** W3C trace context of the publish, when a tracing observer gave one; adapters carry it across instances. */
  readonly traceparent?: string;
  readonly tracestate?: string;
  /** When the origin instance published it (epoch ms); set by adapters that cross instances. */
  readonly publishedAt?: number;
}

/**
 * Where a message sits in a room's stream: `offset` counts up by one per message of the room;
 * `epoch` changes whenever the log is lost (a memory adapter restart, a Redis flush), so an old
 * offset is never mistaken for a new one.
 */
export interface StreamPosition {
  readonly offset: number;
  readonly epoch: string;
}

/** How much of a room's stream is kept: at most `maxCount` messages, none older than `maxAgeMs`. */
export interface StreamWindow {
  readonly maxCount: number;
  readonly maxAgeMs: number;
}

/** One message of a stream, as `readStream` returns it: the push frame without its position. */
export interface StreamEntry {
  readonly offset: number;
  readonly frame: string;
}

/**
 * What `readStream` found after a position: every later message (`entries`, in order, up to
 * `position`, the stream's current end), or a `reset` when the messages in between are no longer
 * all there (`expired`: out of the window; `epoch`: the log was lost; `ahead`: an offset the log
 * never reached).
 */
export type StreamRead =
  | { readonly kind: 'entries'; readonly entries: readonly StreamEntry[]; readonly position: StreamPosition }
  | {
      readonly kind: 'reset';
      readonly reason: 'expired' | 'epoch' | 'ahead';
      readonly position: StreamPosition;
    };

export interface PresenceMember {
  readonly id: string;
  readonly data?: PresenceData;
}

export interface PresenceEvent {
  readonly room: string;
  readonly kind: 'joined' | 'left';
  readonly member: PresenceMember;
}

/** What the hub gives an adapter at start: local delivery for messages and presence events. */
export interface AdapterHost {
  /** Sends to the matching connections of this instance. */
  deliver(message: OutboundMessage): void;
  /** Tells this instance's members of the room about a join or leave. */
  presence(event: PresenceEvent): void;
  /** Closes a connection of this instance (a disconnect asked for on another instance). */
  disconnect(id: string, code: number, reason: string): void;
  readonly log: FastifyBaseLogger;
}

/**
 * Where rooms and broadcasts live. The in-memory adapter serves one process; `@halyard/redis`
 * serves many. Both pass the same conformance suite (packages/integration/test/adapter-conformance.ts).
 *
 * @example `createApp({ controllers, websocket: { adapter: new MemoryAdapter() } })`
 */
export interface BroadcastAdapter {
  readonly name: string;
  start(host: AdapterHost): Promise<void>;
  /** Delivers to local connections and to every other instance; must not deliver twice locally. */
  publish(message: OutboundMessage): Promise<void>;
  join(room: string, member: PresenceMember): Promise<void>;
  leave(room: string, memberId: string): Promise<void>;
  /** Members of a room across all instances. */
  members(room: string): Promise<PresenceMember[]>;
  /** Rooms with at least one member, across all instances. */
  rooms(): Promise<string[]>;
  /** Closes a connection wherever it is connected. */
  disconnect(id: string, code: number, reason: string): Promise<void>;
  stop(): Promise<void>;
  /**
   * Streams (optional; required once `websocket.streams` is set): the messages of `room` after
   * `since`, in order, or why they cannot all be given. The same position means the same message
   * on every instance.
   */
  readStream?(room: string, since: StreamPosition, window: StreamWindow): Promise<StreamRead>;
  /** Streams: the position of the room's last message (offset 0 before the first one). */
  streamPosition?(room: string, window: StreamWindow): Promise<StreamPosition>;
  /**
   * Streams, optional: a secret every instance of the app shares, for resume tokens (a resumed
   * connection keeps its id and its room memberships: docs/delivery.md#presence-after-a-resume).
   * Without it a resumed connection is a new member. Read once at start.
   */
  sessionSecret?(): Promise<string>;
  /**
   * Optional: the sizes of this instance's own structures (rooms, members, ...), all 0 when it
   * has no members; `inspectRuntime(app).adapter` shows them so a leak check covers the adapter.
   */
  inspect?(): Readonly<Record<string, number>>;
}
