import type { FastifyBaseLogger } from 'fastify';
import type { BroadcastAdapter, StreamPosition, StreamRead, StreamWindow } from './broadcast-adapter.js';
import type { Connection } from './connection.js';
import { isEpoch, withPosition, type RoomStreams } from './room-streams.js';
import { pushFrame, replyFrame, type MessageId } from './wire-protocol.js';

/** Most rooms one `$resume` may name; more is a client bug or an attack, answered with an error. */
export const maxResumeRooms = 100;
const maxRoomLength = 256;

/** Why a resume could not replay: the `reason` of a `$reset` frame (docs/websocket-protocol.md). */
export type ResetReason = 'expired' | 'epoch' | 'ahead' | 'not-a-stream' | 'unavailable';

/** How `$resume` answers a bad request: the dispatcher's coded error frame. */
export type RejectResume = (detail: string) => void;

type Positions = Map<string, StreamPosition>;

/** Reads `{ rooms: { [room]: { offset, epoch } } }` within the bounds, or says what is wrong. */
function readPositions(data: unknown): Positions | string {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return 'data must be { "rooms": { "<room>": { "offset", "epoch" } } }';
  const rooms = (data as Record<string, unknown>)['rooms'];
  if (typeof rooms !== 'object' || rooms === null || Array.isArray(rooms))
    return '"rooms" must be an object of room name to { "offset", "epoch" }';
  const positions: Positions = new Map();
  for (const room in rooms) {
    if (!Object.hasOwn(rooms, room)) continue;
    if (positions.size === maxResumeRooms) return `at most ${maxResumeRooms} rooms per $resume`;
    if (room.length === 0 || room.length > maxRoomLength)
      return `room names must have 1 to ${maxRoomLength} characters`;
    const position = (rooms as Record<string, unknown>)[room];
    if (typeof position !== 'object' || position === null)
      return `"${room.slice(0, 64)}": expected { "offset", "epoch" }`;
    const { offset, epoch } = position as Record<string, unknown>;
    if (!Number.isSafeInteger(offset) || (offset as number) < 0 || !isEpoch(epoch))
      return `"${room.slice(0, 64)}": offset must be a whole number >= 0 and epoch 1-64 letters or digits`;
    positions.set(room, { offset: offset as number, epoch });
  }
  return positions;
}

/**
 * The server side of `$resume` (docs/delivery.md): for each named stream room the connection is
 * in, the messages after the client's position are sent again, in order, each with its position,
 * then `$resumed`; a room not joined yet is replayed when the connection joins it. When the
 * messages in between are gone, `$reset` names the room instead. Live pushes keep flowing while a
 * replay is read: the client holds a resuming room's pushes until `$resumed` and merges by offset,
 * so the switch from replay to live has no gap and no duplicate.
 */
export class StreamResume {
  readonly #adapter: BroadcastAdapter;
  readonly #streams: RoomStreams;
  readonly #log: FastifyBaseLogger;
  /** Positions of rooms the connection has not joined yet; dropped when it closes. */
  readonly #pending = new Map<Connection, Positions>();

  constructor(adapter: BroadcastAdapter, streams: RoomStreams, log: FastifyBaseLogger) {
    this.#adapter = adapter;
    this.#streams = streams;
    this.#log = log;
  }

  /** A `$resume` frame. `isMember` says whether live pushes of a room already reach the connection. */
  handle(
    connection: Connection,
    message: { readonly id: MessageId | undefined; readonly data: unknown },
    options: { readonly isMember: (room: string) => boolean; readonly reject: RejectResume },
  ): void {
    const positions = readPositions(message.data);
    if (typeof positions === 'string') {
      options.reject(positions);
      return;
    }
    const answer: Record<string, 'replaying' | 'pending' | 'reset'> = {};
    for (const [room, since] of positions) {
      const window = this.#streams.windowFor(room);
      if (!window) {
        this.#reset(connection, { room, reason: 'not-a-stream' });
        answer[room] = 'reset';
      } else if (options.isMember(room)) {
        void this.#replay(connection, { room, since, window });
        answer[room] = 'replaying';
      } else {
        let pending = this.#pending.get(connection);
        if (!pending) this.#pending.set(connection, (pending = new Map()));
        if (pending.size >= maxResumeRooms && !pending.has(room)) {
          this.#reset(connection, { room, reason: 'unavailable' });
          answer[room] = 'reset';
          continue;
        }
        pending.set(room, since);
        answer[room] = 'pending';
      }
    }
    if (message.id !== undefined) connection.sendFrame(replyFrame('$resume', message.id, { rooms: answer }));
  }

  /** The connection now gets the room's live pushes: replay what it asked for, if anything. */
  joined(connection: Connection, room: string): void {
    const pending = this.#pending.get(connection);
    const since = pending?.get(room);
    if (!pending || !since) return;
    pending.delete(room);
    if (pending.size === 0) this.#pending.delete(connection);
    const window = this.#streams.windowFor(room);
    if (window) void this.#replay(connection, { room, since, window });
  }

  forget(connection: Connection): void {
    this.#pending.delete(connection);
  }

  /** Connections with positions waiting for a join, for `inspectRuntime`. */
  get pendingConnections(): number {
    return this.#pending.size;
  }

  async #replay(
    connection: Connection,
    request: { readonly room: string; readonly since: StreamPosition; readonly window: StreamWindow },
  ): Promise<void> {
    const { room, since, window } = request;
    let read: StreamRead;
    try {
      // Both are checked at boot (RoomStreams.resolve) whenever streams are configured.
      read = await this.#adapter.readStream!(room, since, window);
    } catch (error) {
      this.#log.warn(
        { code: 'HALYARD_ERR_WS_RESUME_FAILED', connection: connection.id, room, err: error },
        `resume of room "${room}" failed: the adapter could not read the stream; the client gets $reset`,
      );
      this.#reset(connection, { room, reason: 'unavailable' });
      return;
    }
    if (read.kind === 'reset') {
      this.#reset(connection, { room, reason: read.reason, position: read.position });
      return;
    }
    const epoch = read.position.epoch;
    for (const entry of read.entries)
      connection.sendFrame(withPosition(entry.frame, { offset: entry.offset, epoch }));
    connection.sendFrame(
      pushFrame('$resumed', { room, position: read.position, replayed: read.entries.length }),
    );
  }

  #reset(
    connection: Connection,
    reset: { readonly room: string; readonly reason: ResetReason; readonly position?: StreamPosition },
  ): void {
    connection.sendFrame(pushFrame('$reset', reset));
  }
}
