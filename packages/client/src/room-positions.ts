/**
 * Where a message sits in a stream room's log on the server (docs/delivery.md): `offset` counts
 * up per message; `epoch` changes when the server lost the log.
 */
export interface StreamPosition {
  readonly offset: number;
  readonly epoch: string;
}

/**
 * Given to `onReset` handlers: the server cannot replay what this client missed in `room`
 * (`expired`: out of the window; `epoch`: the log was lost; `ahead`: unknown offset;
 * `unavailable`: the server could not read it; `not-a-stream`). Refetch the room's state; when
 * the server gives `position` back, everything after it arrives as usual.
 */
export interface ResetInfo {
  readonly room: string;
  readonly reason: 'expired' | 'epoch' | 'ahead' | 'unavailable' | 'not-a-stream';
  readonly position?: StreamPosition;
}

/** A push of a stream room, as the wire gives it. */
export interface StreamPush {
  readonly event: string;
  readonly data: unknown;
  readonly room: string;
  readonly pos: StreamPosition;
}

/** A room's pushes held while its resume runs; beyond this the room is released as it is. */
const maxHeld = 10_000;

function isPosition(value: unknown): value is StreamPosition {
  if (typeof value !== 'object' || value === null) return false;
  const { offset, epoch } = value as Record<string, unknown>;
  return Number.isSafeInteger(offset) && typeof epoch === 'string';
}

const reasons = new Set<string>(['expired', 'epoch', 'ahead', 'unavailable', 'not-a-stream']);

/**
 * The client side of resume: the last position seen per stream room, the `$resume` frame sent on
 * every open, and the merge at the switch from replay to live. While a room resumes, its pushes
 * (replayed and live, which may interleave) are held; `$resumed` releases them in offset order,
 * each once. After that a push at or below the last offset is a duplicate and is dropped.
 */
export class RoomPositions {
  readonly #last = new Map<string, StreamPosition>();
  readonly #held = new Map<string, StreamPush[]>();
  #session: string | undefined;
  readonly #emit: (push: StreamPush) => void;
  readonly #reset: (info: ResetInfo) => void;

  constructor(handlers: { emit: (push: StreamPush) => void; reset: (info: ResetInfo) => void }) {
    this.#emit = handlers.emit;
    this.#reset = handlers.reset;
  }

  position(room: string): StreamPosition | undefined {
    return this.#last.get(room);
  }

  /** Remembers `position` as seen; returns the `$resume` frame to send if the socket is open. */
  resumeFrom(room: string, position: StreamPosition): string {
    this.#last.set(room, position);
    this.#held.set(room, []);
    return JSON.stringify({ type: '$resume', data: { rooms: { [room]: position } } });
  }

  /**
   * The resume token of the last connection (`$session`), sent as `halyard_session` on the next
   * reconnect: that connection's id and rooms carry on (docs/delivery.md#presence-after-a-resume).
   */
  get session(): string | undefined {
    return this.#session;
  }

  /**
   * The server closed the socket with `code`: the token is kept only when the connection was lost
   * or its server went away (1001, 1005, 1006, 1011-1014); a close the server chose for this
   * connection (1000, 1008, 4xxx, an admin's disconnect) ends it, and the next one is a new member.
   */
  closed(code: number): void {
    if (code !== 1001 && code !== 1005 && code !== 1006 && (code < 1011 || code > 1014))
      this.#session = undefined;
  }

  /** On open: the `$resume` frame for every remembered room (`undefined` when there is none). */
  opened(): string | undefined {
    this.#held.clear();
    if (this.#last.size === 0) return undefined;
    for (const room of this.#last.keys()) this.#held.set(room, []);
    return JSON.stringify({ type: '$resume', data: { rooms: Object.fromEntries(this.#last) } });
  }

  /** A push from the server; `true` when it was a resume frame or a stream push (handled here). */
  take(frame: {
    readonly event: string;
    readonly data: unknown;
    readonly room?: unknown;
    readonly pos?: unknown;
  }): boolean {
    const event = frame.event;
    const data = frame.data as Record<string, unknown> | null;
    if (event === '$session') {
      const token = data?.['token'];
      // Sent back on the next reconnect, so the server continues this connection's membership.
      if (typeof token === 'string' && token.length <= 128) this.#session = token;
      return true;
    }
    if (event === '$resumed' || event === '$reset') {
      const room = data?.['room'];
      if (typeof room !== 'string') return true;
      const position = isPosition(data?.['position']) ? data['position'] : undefined;
      if (event === '$reset') {
        const reason = data?.['reason'];
        this.#held.delete(room);
        if (position) this.#last.set(room, position);
        else this.#last.delete(room);
        this.#reset({
          room,
          reason: (typeof reason === 'string' && reasons.has(reason)
            ? reason
            : 'unavailable') as ResetInfo['reason'],
          ...(position && { position }),
        });
        // What was held is dropped: the refetch the app does on reset covers it.
        return true;
      }
      this.#release(room);
      return true;
    }
    const { room, pos } = frame;
    if (typeof room !== 'string' || !isPosition(pos)) return false;
    const push: StreamPush = { event, data: frame.data, room, pos };
    const held = this.#held.get(room);
    if (held) {
      held.push(push);
      if (held.length >= maxHeld) this.#release(room);
      return true;
    }
    this.#deliver(push);
    return true;
  }

  #release(room: string): void {
    const held = this.#held.get(room) ?? [];
    this.#held.delete(room);
    held.sort((a, b) => a.pos.offset - b.pos.offset);
    for (const push of held) this.#deliver(push);
  }

  #deliver(push: StreamPush): void {
    const last = this.#last.get(push.room);
    if (last && last.epoch === push.pos.epoch && push.pos.offset <= last.offset) return;
    this.#last.set(push.room, push.pos);
    // A live push from a new epoch: the server lost the log while this client stayed connected.
    if (last && last.epoch !== push.pos.epoch)
      this.#reset({
        room: push.room,
        reason: 'epoch',
        position: { offset: push.pos.offset - 1, epoch: push.pos.epoch },
      });
    this.#emit(push);
  }
}
