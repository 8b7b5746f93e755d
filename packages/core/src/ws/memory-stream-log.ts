import { newEpoch } from './room-streams.js';
import type { StreamEntry, StreamPosition, StreamRead, StreamWindow } from './broadcast-adapter.js';

interface Stored {
  readonly offset: number;
  readonly frame: string;
  readonly at: number;
}

/** One room's log: a ring of at most `maxCount` entries; `top` is the last offset ever given. */
class RoomLog {
  readonly #ring: (Stored | undefined)[];
  #start = 0;
  #size = 0;
  top = 0;
  lastAt = 0;

  constructor(capacity: number, createdAt: number) {
    this.#ring = new Array<Stored | undefined>(capacity);
    this.lastAt = createdAt;
  }

  get size(): number {
    return this.#size;
  }

  append(frame: string, at: number): number {
    const offset = ++this.top;
    const capacity = this.#ring.length;
    this.#ring[(this.#start + this.#size) % capacity] = { offset, frame, at };
    if (this.#size < capacity) this.#size++;
    else this.#start = (this.#start + 1) % capacity;
    this.lastAt = at;
    return offset;
  }

  /** Entries after `offset`, oldest first; `undefined` when the first of them is no longer kept. */
  after(offset: number, oldestAt: number): StreamEntry[] | undefined {
    const capacity = this.#ring.length;
    const entries: StreamEntry[] = [];
    for (let index = 0; index < this.#size; index++) {
      const stored = this.#ring[(this.#start + index) % capacity];
      if (!stored || stored.offset <= offset) continue;
      if (entries.length === 0 && (stored.offset !== offset + 1 || stored.at < oldestAt)) return undefined;
      entries.push({ offset: stored.offset, frame: stored.frame });
    }
    return entries.length === this.top - offset ? entries : undefined;
  }
}

/**
 * The memory adapter's room streams: a ring buffer per room, each under its own epoch drawn when
 * the room's log is created, so positions from before an adapter restart (or from a log dropped
 * for age) are answered with a reset, never matched against other messages. A log whose last
 * message (or creation) is older than its window is dropped by a sweep every 1 024 appends.
 */
export class MemoryStreamLog {
  readonly #rooms = new Map<string, { log: RoomLog; window: StreamWindow; epoch: string }>();
  readonly #now: () => number;
  #appends = 0;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  append(room: string, frame: string, window: StreamWindow): StreamPosition {
    const entry = this.#entry(room, window);
    const now = this.#now();
    const offset = entry.log.append(frame, now);
    if (++this.#appends % 1024 === 0) this.#sweep(now);
    return { offset, epoch: entry.epoch };
  }

  read(room: string, since: StreamPosition, window: StreamWindow): StreamRead {
    const entry = this.#entry(room, window);
    const position = { offset: entry.log.top, epoch: entry.epoch };
    if (since.epoch !== entry.epoch) return { kind: 'reset', reason: 'epoch', position };
    if (since.offset > position.offset) return { kind: 'reset', reason: 'ahead', position };
    if (since.offset === position.offset) return { kind: 'entries', entries: [], position };
    const entries = entry.log.after(since.offset, this.#now() - window.maxAgeMs);
    if (!entries) return { kind: 'reset', reason: 'expired', position };
    return { kind: 'entries', entries, position };
  }

  position(room: string, window: StreamWindow): StreamPosition {
    const entry = this.#entry(room, window);
    return { offset: entry.log.top, epoch: entry.epoch };
  }

  counts(): { streams: number; streamEntries: number } {
    let streamEntries = 0;
    for (const { log } of this.#rooms.values()) streamEntries += log.size;
    return { streams: this.#rooms.size, streamEntries };
  }

  clear(): void {
    this.#rooms.clear();
  }

  #entry(room: string, window: StreamWindow): { log: RoomLog; window: StreamWindow; epoch: string } {
    // A room's window is fixed at boot (its pattern's), so the first one seen is the one.
    let entry = this.#rooms.get(room);
    if (!entry) {
      entry = { log: new RoomLog(window.maxCount, this.#now()), window, epoch: newEpoch() };
      this.#rooms.set(room, entry);
    }
    return entry;
  }

  #sweep(now: number): void {
    for (const [room, { log, window }] of this.#rooms)
      if (log.lastAt < now - window.maxAgeMs) this.#rooms.delete(room);
  }
}
