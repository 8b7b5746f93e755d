import type { FastifyBaseLogger } from 'fastify';
import type {
  AdapterHost,
  BroadcastAdapter,
  BroadcastTarget,
  OutboundMessage,
  PresenceEvent,
  PresenceMember,
} from './broadcast-adapter.js';
import { CloseCodes } from './close-codes.js';
import type { Connection, ConnectionHost } from './connection.js';
import { StatsRecorder, type HubStats } from './hub-stats.js';
import { SocketReporter } from './socket-reporter.js';
import { TrafficTap, type TrafficEvent } from './traffic.js';
import { pushFrame } from './wire-protocol.js';

export interface SendOptions {
  /** Connection id that must not receive the message (usually the sender's `conn.id`). */
  readonly except?: string;
}

/**
 * Rooms, broadcast, direct sends, presence and stats, for every WebSocket route of the app.
 * Inject it anywhere (`constructor(private readonly hub: Hub)`). Frames are serialised once per
 * send, whatever the number of receivers; delivery across instances goes through the adapter.
 *
 * @example
 * ```ts
 * await this.hub.toRoom('lobby', 'chat.message', { text }, { except: conn.id });
 * const members = await this.hub.roomMembers('lobby');
 * ```
 */
export class Hub implements ConnectionHost {
  readonly #adapter: BroadcastAdapter;
  readonly #log: FastifyBaseLogger;
  readonly #connections = new Map<string, Connection>();
  readonly #localRooms = new Map<string, Set<Connection>>();
  readonly #stats = new StatsRecorder();
  readonly #reporter: SocketReporter;
  readonly #tap = new TrafficTap((error) =>
    this.#log.error({ err: error, code: 'HALYARD_ERR_INTERNAL' }, 'hub.observe() listener failed'),
  );
  readonly #leaving = new Set<Promise<void>>();
  #joining = 0;
  #started = false;

  constructor(adapter: BroadcastAdapter, log: FastifyBaseLogger) {
    this.#adapter = adapter;
    this.#log = log;
    this.#reporter = new SocketReporter({ stats: this.#stats, log });
  }

  get adapterName(): string {
    return this.#adapter.name;
  }

  /** Internal: the stats recorder (connection and traffic counts; errors go through `reporter`). */
  get recorder(): StatsRecorder {
    return this.#stats;
  }

  /** Internal: the one reporter of socket refusals, failures and closes (it counts `stats.errors`). */
  get reporter(): SocketReporter {
    return this.#reporter;
  }

  async start(): Promise<void> {
    if (this.#started) return;
    const host: AdapterHost = {
      deliver: (message) => this.#deliver(message),
      presence: (event) => this.#presence(event),
      disconnect: (id, code, reason) => this.#connections.get(id)?.close(code, reason),
      log: this.#log,
    };
    await this.#adapter.start(host);
    this.#started = true;
  }

  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    // Sockets closed during shutdown are still leaving their rooms: let the adapter see that first.
    await Promise.allSettled([...this.#leaving]);
    await this.#adapter.stop();
  }

  /** Internal: called by the socket registrar when a socket opens. */
  register(connection: Connection): void {
    this.#connections.set(connection.id, connection);
    this.#stats.opened(connection.route);
  }

  /** Internal: called when a socket closes; leaves every room (presence `left` events). */
  async unregister(connection: Connection): Promise<void> {
    this.#connections.delete(connection.id);
    this.#stats.closed(connection.route);
    const leaving = connection.leaveAll();
    this.#leaving.add(leaving);
    try {
      await leaving;
    } finally {
      this.#leaving.delete(leaving);
    }
  }

  /** Local connections of this instance. */
  connections(): Connection[] {
    return [...this.#connections.values()];
  }

  connection(id: string): Connection | undefined {
    return this.#connections.get(id);
  }

  /** Sends a push to every connection of every instance. */
  broadcast(type: string, data: unknown, options: SendOptions = {}): Promise<void> {
    return this.#publish({ kind: 'all' }, type, data, options);
  }

  /** Sends a push to every member of a room, on every instance. */
  // eslint-disable-next-line @typescript-eslint/max-params -- three positional values plus the options object STYLE.md allows
  toRoom(room: string, type: string, data: unknown, options: SendOptions = {}): Promise<void> {
    return this.#publish({ kind: 'room', room }, type, data, options);
  }

  /** Sends a push to one connection, on whichever instance it is. */
  toConnection(id: string, type: string, data: unknown): Promise<void> {
    const local = this.#connections.get(id);
    if (local) {
      local.send(type, data);
      return Promise.resolve();
    }
    return this.#publish({ kind: 'connection', id }, type, data, {});
  }

  /** Members of a room across instances, with their presence data. */
  roomMembers(room: string): Promise<PresenceMember[]> {
    return this.#adapter.members(room);
  }

  rooms(): Promise<string[]> {
    return this.#adapter.rooms();
  }

  /** Closes a connection wherever it is connected. */
  async disconnect(
    id: string,
    code: number = CloseCodes.NORMAL,
    reason = 'Disconnected by server',
  ): Promise<void> {
    const local = this.#connections.get(id);
    if (local) local.close(code, reason);
    else await this.#adapter.disconnect(id, code, reason);
  }

  stats(): HubStats {
    return this.#stats.snapshot(this.#adapter.name);
  }

  /** Internal: the sizes of the hub's structures and the adapter's, for `inspectRuntime`. */
  inspect(): {
    connections: number;
    rooms: number;
    roomMembers: number;
    pendingJoins: number;
    adapter: Readonly<Record<string, number>>;
  } {
    let roomMembers = 0;
    for (const members of this.#localRooms.values()) roomMembers += members.size;
    return {
      connections: this.#connections.size,
      rooms: this.#localRooms.size,
      roomMembers,
      pendingJoins: this.#joining,
      adapter: this.#adapter.inspect?.() ?? {},
    };
  }

  // ConnectionHost
  async joinRoom(connection: Connection, room: string): Promise<void> {
    let members = this.#localRooms.get(room);
    if (!members) this.#localRooms.set(room, (members = new Set()));
    members.add(connection);
    this.#joining++;
    try {
      await this.#adapter.join(room, {
        id: connection.id,
        ...(connection.presence !== undefined && { data: connection.presence }),
      });
    } catch (error) {
      // Keep the hub, the connection and the adapter in agreement: the join did not happen.
      members.delete(connection);
      if (members.size === 0) this.#localRooms.delete(room);
      throw error;
    } finally {
      this.#joining--;
    }
  }

  async leaveRoom(connection: Connection, room: string): Promise<void> {
    const members = this.#localRooms.get(room);
    members?.delete(connection);
    if (members?.size === 0) this.#localRooms.delete(room);
    await this.#adapter.leave(room, connection.id);
  }

  countOut(connection: Connection, frame: string | Buffer, bytes: number): void {
    this.#stats.messageOut(connection.route, bytes);
    if (this.#tap.active) this.#tap.emit('out', connection.id, connection.route, frame, bytes);
  }

  /** Internal: an incoming frame, counted and shown to traffic observers. */
  countIn(connection: Connection, data: Buffer | string, bytes: number): void {
    this.#stats.messageIn(connection.route, bytes);
    if (this.#tap.active) this.#tap.emit('in', connection.id, connection.route, data, bytes);
  }

  /**
   * Watches every frame in and out of this instance (previews cut to 500 characters), e.g. for an
   * admin page. Costs nothing while nobody watches. Returns the function that stops watching.
   *
   * @example `const stop = hub.observe((event) => log(event.direction, event.preview));`
   */
  observe(listener: (event: TrafficEvent) => void): () => void {
    return this.#tap.add(listener);
  }

  countError(connection: Connection, code: string): void {
    this.#reporter.count('closed', code, connection);
  }

  countDropped(connection: Connection): void {
    this.#stats.dropped(connection.route);
  }

  // eslint-disable-next-line @typescript-eslint/max-params -- three positional values plus the options object STYLE.md allows
  #publish(target: BroadcastTarget, type: string, data: unknown, options: SendOptions): Promise<void> {
    const message: OutboundMessage = {
      target,
      frame: pushFrame(type, data),
      ...(options.except !== undefined && { except: options.except }),
    };
    return this.#adapter.publish(message);
  }

  #deliver(message: OutboundMessage): void {
    const bytes = Buffer.from(message.frame);
    const target = message.target;
    switch (target.kind) {
      case 'all':
        for (const connection of this.#connections.values())
          if (connection.id !== message.except) connection.sendFrame(bytes);
        return;
      case 'room':
        for (const connection of this.#localRooms.get(target.room) ?? [])
          if (connection.id !== message.except) connection.sendFrame(bytes);
        return;
      case 'connection':
        this.#connections.get(target.id)?.sendFrame(bytes);
        return;
      default: {
        const exhaustive: never = target;
        this.#log.error({ target: exhaustive }, 'unknown broadcast target');
      }
    }
  }

  #presence(event: PresenceEvent): void {
    const members = this.#localRooms.get(event.room);
    if (!members || members.size === 0) return;
    const bytes = Buffer.from(
      pushFrame(`presence.${event.kind}`, { room: event.room, member: event.member }),
    );
    for (const connection of members) if (connection.id !== event.member.id) connection.sendFrame(bytes);
  }
}
