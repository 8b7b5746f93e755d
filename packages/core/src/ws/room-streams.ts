import { HalyardError } from '../errors.js';
import type { BroadcastAdapter, StreamPosition, StreamWindow } from './broadcast-adapter.js';

/**
 * `createApp({ websocket: { streams: [...] } })`: rooms whose pushes are kept in a bounded,
 * ordered log so a client that reconnects (to any instance) can resume where it left off.
 * See docs/delivery.md.
 *
 * @example `{ rooms: 'room:*', maxCount: 1000, maxAgeMs: 5 * 60_000 }`
 */
export interface RoomStreamOptions {
  /** A room name, or a pattern where `*` stands for any run of characters (`'room:*'`). */
  readonly rooms: string;
  /** Most messages kept per room. Default 1 000. */
  readonly maxCount?: number;
  /** Oldest message kept, in milliseconds. Default 300 000 (5 minutes). */
  readonly maxAgeMs?: number;
}

export const defaultStreamWindow: StreamWindow = Object.freeze({ maxCount: 1_000, maxAgeMs: 300_000 });

interface CompiledPattern {
  readonly parts: readonly string[];
  readonly window: StreamWindow;
}

/** `*`-only glob matching without a regex: the first part is a prefix, the last a suffix, the rest in order. */
function matches(parts: readonly string[], room: string): boolean {
  if (parts.length === 1) return room === parts[0];
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  if (room.length < first.length + last.length || !room.startsWith(first) || !room.endsWith(last))
    return false;
  let at = first.length;
  const end = room.length - last.length;
  for (let index = 1; index < parts.length - 1; index++) {
    const part = parts[index] ?? '';
    const found = room.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

/**
 * The app's stream rooms, resolved once at boot: which window (if any) a room has. The first
 * pattern that matches wins.
 */
export class RoomStreams {
  readonly #patterns: readonly CompiledPattern[];

  private constructor(patterns: readonly CompiledPattern[]) {
    this.#patterns = patterns;
  }

  /** `undefined` when no streams are configured: then nothing is checked per push. */
  static resolve(
    options: readonly RoomStreamOptions[] | undefined,
    adapter: BroadcastAdapter,
  ): RoomStreams | undefined {
    if (options === undefined || options.length === 0) return undefined;
    const fail = (detail: string): HalyardError =>
      new HalyardError('HALYARD_ERR_OPTIONS_INVALID', { detail: `websocket.streams${detail}` });
    if (!Array.isArray(options)) throw fail(' must be an array of { rooms, maxCount?, maxAgeMs? }');
    const patterns = options.map((option: RoomStreamOptions, index): CompiledPattern => {
      if (typeof option?.rooms !== 'string' || option.rooms.length === 0)
        throw fail(`[${index}].rooms must be a non-empty room name or pattern`);
      const maxCount = option.maxCount ?? defaultStreamWindow.maxCount;
      const maxAgeMs = option.maxAgeMs ?? defaultStreamWindow.maxAgeMs;
      if (!Number.isInteger(maxCount) || maxCount < 1 || maxCount > 1_000_000)
        throw fail(`[${index}].maxCount must be a whole number from 1 to 1000000, got ${String(maxCount)}`);
      if (!Number.isInteger(maxAgeMs) || maxAgeMs < 1)
        throw fail(
          `[${index}].maxAgeMs must be a positive whole number of milliseconds, got ${String(maxAgeMs)}`,
        );
      return { parts: option.rooms.split('*'), window: Object.freeze({ maxCount, maxAgeMs }) };
    });
    if (typeof adapter.readStream !== 'function' || typeof adapter.streamPosition !== 'function')
      throw new HalyardError('HALYARD_ERR_WS_STREAMS_UNSUPPORTED', { adapter: adapter.name });
    return new RoomStreams(patterns);
  }

  /** The window of `room`, or `undefined` when the room is not a stream. */
  windowFor(room: string): StreamWindow | undefined {
    for (const pattern of this.#patterns) if (matches(pattern.parts, room)) return pattern.window;
    return undefined;
  }
}

/** The push frame of a stream room before its position is known: `{ type, data, room }`. */
export function streamPushFrame(type: string, data: unknown, room: string): string {
  return JSON.stringify({ type, data: data ?? null, room });
}

/**
 * Adds `"pos"` to a frame from `streamPushFrame`, by text: the frame is not parsed again, and an
 * epoch is letters and digits only (checked by the adapters), so it needs no escaping.
 */
export function withPosition(frame: string, position: StreamPosition): string {
  return `${frame.slice(0, -1)},"pos":{"offset":${position.offset},"epoch":${JSON.stringify(position.epoch)}}}`;
}

/** A random epoch: 16 letters and digits. */
export function newEpoch(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let epoch = '';
  for (const byte of bytes) epoch += alphabet[byte % alphabet.length];
  return epoch;
}

/** Whether `value` is an epoch the adapters could have made (bounded, letters and digits). */
export function isEpoch(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9]{1,64}$/.test(value);
}
