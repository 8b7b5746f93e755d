import { randomBytes } from 'node:crypto';
import type { OutboundMessage, StreamEntry, StreamPosition, StreamRead, StreamWindow } from '@halyard/core';
import type { Redis } from 'ioredis';
import { streamBusHeader } from './bus-message.js';
import { LuaScript } from './lua-script.js';
import type { AdapterContext } from './adapter-context.js';
import { describeCause, formatRedisMessage, RedisAdapterError } from './errors.js';
import type { RedisLink } from './redis-link.js';

/** A room's meta hash outlives its messages, so a quiet room keeps its epoch: at least a day. */
const minMetaTtlMs = 86_400_000;

const metaTtl = (window: StreamWindow): string => String(Math.max(window.maxAgeMs * 2, minMetaTtlMs));

/** 16 hex digits: letters and digits only, as positions require. */
const newEpoch = (): string => randomBytes(8).toString('hex');

/**
 * Creates the meta hash with a new epoch when it is missing (never written, expired or flushed),
 * so every reader of a lost log sees one new epoch. KEYS[1] meta; ARGV[1] new epoch, ARGV[2] meta TTL.
 */
const ensureMeta = `
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if not epoch then
  epoch = ARGV[1]
  redis.call('HSET', KEYS[1], 'epoch', epoch, 'top', 0)
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
local top = tonumber(redis.call('HGET', KEYS[1], 'top'))
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
`;

/**
 * Appends and publishes in one script, so the order of the bus is the order of the offsets on
 * every instance. KEYS: meta, stream. ARGV: new epoch, meta TTL, maxCount, maxAgeMs, channel,
 * bus header without its closing brace, frame. Returns { offset, epoch }.
 */
const appendScript = new LuaScript(`${ensureMeta}
local offset = redis.call('HINCRBY', KEYS[1], 'top', 1)
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], offset .. '-0', 'f', ARGV[7], 't', now)
redis.call('PEXPIRE', KEYS[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PUBLISH', ARGV[5], ARGV[6] .. ',"pos":{"offset":' .. offset .. ',"epoch":"' .. epoch .. '"}}\\n' .. ARGV[7])
return { offset, epoch }
`);

/**
 * KEYS: meta, stream. ARGV: new epoch, meta TTL, since offset, since epoch, maxCount, maxAgeMs.
 * Returns { verdict, top, epoch, entries? }: 'entries' only when every message after `since` is
 * still there and within the window.
 */
const readScript = new LuaScript(`${ensureMeta}
if ARGV[4] ~= epoch then return { 'epoch', top, epoch } end
local since = tonumber(ARGV[3])
if since > top then return { 'ahead', top, epoch } end
if since == top then return { 'entries', top, epoch, {} } end
if top - since > tonumber(ARGV[5]) then return { 'expired', top, epoch } end
local entries = redis.call('XRANGE', KEYS[2], (since + 1) .. '-0', '+')
if #entries ~= top - since then return { 'expired', top, epoch } end
local first = entries[1]
if first[1] ~= (since + 1) .. '-0' or tonumber(first[2][4]) < now - tonumber(ARGV[6]) then
  return { 'expired', top, epoch }
end
return { 'entries', top, epoch, entries }
`);

/** KEYS: meta. ARGV: new epoch, meta TTL. Returns { top, epoch }. */
const positionScript = new LuaScript(`${ensureMeta}
return { top, epoch }
`);

type RawEntry = [id: string, fields: string[]];

/**
 * Room streams over Redis Streams, shared by every instance on the key prefix: `{p}:stream:{room}`
 * holds the messages (ids `offset-0`, fields `f` frame and `t` Redis time), `{p}:stream-meta:{room}`
 * the epoch and the last offset. A flush (or a Redis restarted empty) loses both: the next reader
 * or writer draws a new epoch, and every older position is answered with a reset.
 */
export class StreamLog {
  readonly #context: AdapterContext;
  readonly #link: RedisLink;

  constructor(options: { context: AdapterContext; link: RedisLink }) {
    this.#context = options.context;
    this.#link = options.link;
  }

  /**
   * Appends a room message and publishes it with its position, in one script; the bus echo
   * delivers it here like everywhere else. Without Redis: delivered to this instance's
   * connections only, without a position (nothing to resume from), logged. Never throws.
   */
  async publish(room: string, message: OutboundMessage & { stream: StreamWindow }): Promise<void> {
    if (this.#context.phase() !== 'running') return;
    const host = this.#context.requireHost('publish');
    const { target, frame, except } = message;
    const local: OutboundMessage = { target, frame, ...(except !== undefined && { except }) };
    const fallback = "delivered to this instance's connections only, without a position";
    const client = this.#link.commands;
    if (!client) {
      host.deliver(local);
      this.#link.notConnected('HALYARD_ERR_REDIS_STREAM_FAILED', 'append', {
        operation: 'append',
        room,
        fallback,
      });
      return;
    }
    try {
      await this.#append(client, room, message);
    } catch (error) {
      host.deliver(local);
      host.log.error(
        { code: 'HALYARD_ERR_REDIS_STREAM_FAILED', instance: this.#context.instanceId, room, err: error },
        formatRedisMessage('HALYARD_ERR_REDIS_STREAM_FAILED', {
          operation: 'append',
          room,
          cause: describeCause(error),
          fallback,
        }),
      );
    }
  }

  async #append(
    client: Redis,
    room: string,
    message: OutboundMessage & { stream: StreamWindow },
  ): Promise<void> {
    const window = message.stream;
    const keys = this.#context.keys;
    await appendScript.run(
      client,
      [keys.streamMeta(room), keys.stream(room)],
      [
        newEpoch(),
        metaTtl(window),
        String(window.maxCount),
        String(window.maxAgeMs),
        keys.channel,
        streamBusHeader(this.#context.instanceId, message),
        message.frame,
      ],
    );
  }

  /** The commands client, or `HALYARD_ERR_REDIS_STREAM_FAILED` (the hub answers the resume with `$reset`). */
  #client(operation: string, room: string): Redis {
    const client = this.#link.commands;
    if (client) return client;
    throw new RedisAdapterError('HALYARD_ERR_REDIS_STREAM_FAILED', {
      operation,
      room,
      cause: `not connected to Redis: ${this.#link.lastError ?? 'not connected yet'}`,
      fallback: 'resuming clients get $reset with reason "unavailable"',
    });
  }

  async read(room: string, request: { since: StreamPosition; window: StreamWindow }): Promise<StreamRead> {
    const { since, window } = request;
    const keys = this.#context.keys;
    const [verdict, top, epoch, raw] = (await readScript.run(
      this.#client('read', room),
      [keys.streamMeta(room), keys.stream(room)],
      [
        newEpoch(),
        metaTtl(window),
        String(since.offset),
        since.epoch,
        String(window.maxCount),
        String(window.maxAgeMs),
      ],
    )) as [string, number, string, RawEntry[] | undefined];
    const position = { offset: Number(top), epoch };
    if (verdict === 'epoch' || verdict === 'ahead' || verdict === 'expired')
      return { kind: 'reset', reason: verdict, position };
    const entries: StreamEntry[] = (raw ?? []).map(([id, fields]) => ({
      offset: Number.parseInt(id, 10),
      frame: fields[1] ?? 'null',
    }));
    return { kind: 'entries', entries, position };
  }

  async position(room: string, window: StreamWindow): Promise<StreamPosition> {
    const [top, epoch] = (await positionScript.run(
      this.#client('position', room),
      [this.#context.keys.streamMeta(room)],
      [newEpoch(), metaTtl(window)],
    )) as [number, string];
    return { offset: Number(top), epoch };
  }
}
