import type { FastifyBaseLogger } from 'fastify';
import type {
  AdapterHost,
  BroadcastAdapter,
  BroadcastTarget,
  OutboundMessage,
  PresenceEvent,
  PresenceMember,
  StreamPosition,
} from './broadcast-adapter.js';
import { CloseCodes } from './close-codes.js';
import type { Connection, ConnectionHost } from './connection.js';
import { StatsRecorder, type HubSizes, type HubStats, type SendOptions } from './hub-stats.js';
import { observedDelivery, observedPublish } from './hub-observation.js';
import * as internal from './hub-internals.js';
import { SocketObservers } from './socket-observers.js';
import { SocketReporter } from './socket-reporter.js';
import { TrafficTap, type TrafficEvent } from './traffic.js';
import type { RoomPolicy } from './room-policy.js';
import { streamPushFrame, withPosition, type RoomStreams } from './room-streams.js';
import { StreamResume, type RejectResume } from './stream-resume.js';
import { supersededCode } from './resume-session.js';
import { SessionHandover } from './session-handover.js';
import { pushFrame, type MessageId } from './wire-protocol.js';
import { HalyardError } from '../errors.js';

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
export class Hub {
  readonly #adapter: BroadcastAdapter;
  readonly #log: FastifyBaseLogger;
  readonly #connections = new Map<string, Connection>();
  readonly #localRooms = new Map<string, Set<Connection>>();
  readonly #stats: StatsRecorder;
  readonly #observers: SocketObservers;
  readonly #reporter: SocketReporter;
  readonly #tap = new TrafficTap((error) =>
    this.#log.error({ err: error, code: 'HALYARD_ERR_INTERNAL' }, 'hub.observe() listener failed'),
  );
  readonly #leaving = new Set<Promise<void>>();
  #joining = 0;
  #started = false;
  #roomPolicy: RoomPolicy | undefined;
  /** Set only when `websocket.streams` is: otherwise no push pays for streams. */
  readonly #streams: RoomStreams | undefined;
  readonly #resume: StreamResume | undefined;
  /** Resume tokens: set at start when streams are on and the adapter shares a secret. */
  #sessions: SessionHandover | undefined;
  /** What its connections call back; not on the class, so an app's `hub` shows none of it. */
  readonly #host: ConnectionHost = {
    joinRoom: (connection, room) => this.#joinRoom(connection, room),
    leaveRoom: (connection, room) => this.#leaveRoom(connection, room),
    countOut: (connection, frame, bytes) => {
      this.#stats.messageOut(connection.route, bytes);
      if (this.#observers.active) this.#observers.frameOut(connection.route, frame, bytes);
      if (this.#tap.active) this.#tap.emit('out', connection.id, connection.route, frame, bytes);
    },
    countDropped: (connection) => this.#stats.dropped(connection.route),
    countError: (connection, code) => this.#reporter.count('closed', code, connection),
  };

  constructor(adapter: BroadcastAdapter, log: FastifyBaseLogger, streams?: RoomStreams) {
    this.#adapter = adapter;
    this.#log = log;
    // Observers hear refusals, failures and closes through the reporter, listening only while attached.
    this.#observers = new SocketObservers(log, (listener) => this.#reporter.listen(listener));
    this.#stats = new StatsRecorder(this.#observers);
    this.#reporter = new SocketReporter({ stats: this.#stats, log });
    this.#streams = streams;
    this.#resume = streams && new StreamResume(adapter, streams, log);
  }

  get [internal.kResumable](): boolean {
    return this.#resume !== undefined;
  }

  /**
   * The position of a stream room's last message, e.g. returned by a REST handler with the
   * history it read, so the client resumes from there (`client.resumeFrom(room, position)`)
   * with no gap and no duplicate. Read the position before the data. Rejects with
   * `HALYARD_ERR_WS_NOT_A_STREAM` when no `websocket.streams` pattern matches the room.
   *
   * @example `const position = await hub.position('room:42'); return { messages, position };`
   */
  async position(room: string): Promise<StreamPosition> {
    const window = this.#streams?.windowFor(room);
    if (!window) throw new HalyardError('HALYARD_ERR_WS_NOT_A_STREAM', { room });
    return this.#adapter.streamPosition!(room, window);
  }

  /**
   * The REST hand-off (docs/delivery.md): reads the room's position, **then** runs `read` (your
   * store), and returns both. Every message pushed after `position` reaches a client that calls
   * `client.resumeFrom(room, position)`, so none is missing from `data` + what follows; a message
   * stored while `read` ran may be in both, which the client drops by its own id. Rejects like
   * `position` for a room that is not a stream, before `read` runs.
   *
   * @example `const { position, data } = await hub.readWithPosition('room:42', () => store.recent('42'));`
   */
  async readWithPosition<T>(
    room: string,
    read: () => T | Promise<T>,
  ): Promise<{ position: StreamPosition; data: T }> {
    const position = await this.position(room);
    return { position, data: await read() };
  }

  [internal.kResume](
    connection: Connection,
    message: { id: MessageId | undefined; data: unknown },
    reject: RejectResume,
  ): void {
    this.#resume?.handle(connection, message, {
      isMember: (room) => this.#localRooms.get(room)?.has(connection) ?? false,
      reject,
    });
  }

  /** The broadcast adapter's name: `'memory'`, `'redis'`, ... (also `stats().adapter`). */
  get adapterName(): string {
    return this.#adapter.name;
  }

  get [internal.kObservers](): SocketObservers {
    return this.#observers;
  }

  get [internal.kRecorder](): StatsRecorder {
    return this.#stats;
  }

  get [internal.kReporter](): SocketReporter {
    return this.#reporter;
  }

  get [internal.kConnectionHost](): ConnectionHost {
    return this.#host;
  }

  async [internal.kStart](): Promise<void> {
    if (this.#started) return;
    const host: AdapterHost = {
      deliver: (message) => this.#deliver(message),
      presence: (event) => this.#presence(event),
      disconnect: (id, code, reason) => {
        const local = this.#connections.get(id);
        // A resume elsewhere (or here) took the id over: `reason` is the successor's incarnation.
        if (code === supersededCode) {
          if (local && local.incarnation !== reason) this.#supersede(local);
        } else local?.close(code, reason);
      },
      log: this.#log,
    };
    await this.#adapter.start(host);
    this.#started = true;
    if (this.#resume) this.#sessions = await SessionHandover.start(this.#adapter, this.#log);
  }

  async [internal.kStop](): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    // Sockets closed during shutdown are still leaving their rooms: let the adapter see that first.
    await Promise.allSettled([...this.#leaving]);
    await this.#adapter.stop();
  }

  set [internal.kRoomPolicy](policy: RoomPolicy | undefined) {
    this.#roomPolicy = policy;
  }

  /** The new connection continues as that id (docs/delivery.md#presence-after-a-resume). */
  [internal.kResumedId](token: unknown): string | undefined {
    return this.#sessions?.resumedId(token);
  }

  [internal.kRegister](connection: Connection, resumed = false): void {
    const previous = this.#connections.get(connection.id);
    if (previous) this.#supersede(previous);
    this.#connections.set(connection.id, connection);
    this.#stats.opened(connection.route);
    this.#sessions?.opened(connection, resumed);
  }

  /** A resumed connection took `connection`'s id: it goes without a close handshake, its rooms are handed on. */
  #supersede(connection: Connection): void {
    connection.superseded = true;
    if (this.#connections.get(connection.id) === connection) this.#connections.delete(connection.id);
    connection.terminate();
  }

  async [internal.kUnregister](connection: Connection): Promise<void> {
    if (this.#connections.get(connection.id) === connection) this.#connections.delete(connection.id);
    this.#stats.closed(connection.route);
    this.#resume?.forget(connection);
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

  [internal.kInspect](): HubSizes {
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

  async #joinRoom(connection: Connection, room: string): Promise<void> {
    if (this.#roomPolicy) await this.#roomPolicy.check(connection, room);
    let members = this.#localRooms.get(room);
    if (!members) this.#localRooms.set(room, (members = new Set()));
    members.add(connection);
    this.#resume?.joined(connection, room);
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

  async #leaveRoom(connection: Connection, room: string): Promise<void> {
    const members = this.#localRooms.get(room);
    members?.delete(connection);
    if (members?.size === 0) this.#localRooms.delete(room);
    if (connection.superseded) {
      // Its successor (same id) is here: the member stays if @OnConnect rejoined the room.
      const successor = this.#connections.get(connection.id);
      if (successor) {
        await successor.connected;
        if (this.#localRooms.get(room)?.has(successor)) return;
      }
    }
    await this.#adapter.leave(room, connection.id);
  }

  [internal.kCountIn](connection: Connection, data: Buffer | string, bytes: number): void {
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

  // eslint-disable-next-line @typescript-eslint/max-params -- three positional values plus the options object STYLE.md allows
  #publish(target: BroadcastTarget, type: string, data: unknown, options: SendOptions): Promise<void> {
    const window = this.#streams && target.kind === 'room' ? this.#streams.windowFor(target.room) : undefined;
    if (window && target.kind === 'room')
      return this.#adapter.publish({
        target,
        frame: streamPushFrame(type, data, target.room),
        stream: window,
        ...(options.except !== undefined && { except: options.except }),
      });
    const message: OutboundMessage = {
      target,
      frame: pushFrame(type, data),
      ...(options.except !== undefined && { except: options.except }),
    };
    if (this.#observers.active) return observedPublish(this.#observers, this.#adapter, { message, type });
    return this.#adapter.publish(message);
  }

  #deliver(message: OutboundMessage): void {
    if (this.#observers.active) observedDelivery(this.#observers, message, () => this.#send(message));
    else this.#send(message);
  }

  /** Hands a published frame to the matching local connections; returns how many it reached. */
  #send(message: OutboundMessage): number {
    const bytes = Buffer.from(
      message.position ? withPosition(message.frame, message.position) : message.frame,
    );
    const target = message.target;
    let recipients = 0;
    switch (target.kind) {
      case 'all':
        for (const connection of this.#connections.values())
          if (connection.id !== message.except && connection.sendFrame(bytes)) recipients++;
        return recipients;
      case 'room':
        for (const connection of this.#localRooms.get(target.room) ?? [])
          if (connection.id !== message.except && connection.sendFrame(bytes)) recipients++;
        return recipients;
      case 'connection':
        return this.#connections.get(target.id)?.sendFrame(bytes) ? 1 : 0;
      default: {
        const exhaustive: never = target;
        this.#log.error({ target: exhaustive }, 'unknown broadcast target');
        return 0;
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
