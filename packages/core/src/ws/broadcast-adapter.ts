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
  /** W3C trace context of the publish, when a tracing observer gave one; adapters carry it across instances. */
  readonly traceparent?: string;
  readonly tracestate?: string;
  /** When the origin instance published it (epoch ms); set by adapters that cross instances. */
  readonly publishedAt?: number;
}

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
   * Optional: the sizes of this instance's own structures (rooms, members, ...), all 0 when it
   * has no members; `inspectRuntime(app).adapter` shows them so a leak check covers the adapter.
   */
  inspect?(): Readonly<Record<string, number>>;
}
