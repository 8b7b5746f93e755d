import type {
  AdapterHost,
  BroadcastAdapter,
  OutboundMessage,
  PresenceEvent,
  PresenceMember,
  StreamPosition,
  StreamRead,
  StreamWindow,
} from '@halyard/core';
import type { Redis } from 'ioredis';
import {
  resolveRedisOptions,
  type RedisAdapterOptions,
  type ResolvedRedisOptions,
} from './adapter-options.js';
import { decodeBusMessage, encodeBusMessage, type BusMessage } from './bus-message.js';
import { describeCause, formatRedisMessage, RedisAdapterError } from './errors.js';
import { OutageLog } from './outage-log.js';
import { byJoinOrder, PresenceStore, type MemberRecord } from './presence-store.js';
import { LocalMembers } from './local-members.js';
import { PresenceSync } from './presence-sync.js';
import { closeRedisClient, createRedisClient, redactUrl, type ClientRole } from './redis-clients.js';
import { RedisKeys } from './redis-keys.js';
import { RemoteView } from './remote-view.js';
import { StreamLog } from './stream-log.js';

interface Connected {
  readonly commands: Redis;
  readonly subscriber: Redis;
  readonly store: PresenceStore;
  readonly sync: PresenceSync;
}

type State = 'new' | 'running' | 'stopping' | 'stopped';

/**
 * Rooms, broadcasts, direct sends and presence across instances over Redis pub/sub. Each message
 * is delivered to this instance's connections at once and published once on `{keyPrefix}:bus`;
 * the other instances deliver it to theirs (an instance ignores its own messages). Presence lives
 * in Redis hashes guarded by per-instance liveness keys. When Redis is unreachable the adapter
 * keeps serving this instance's connections, logs coded warnings and reconnects by itself.
 *
 * @example
 * ```ts
 * const app = await createApp({
 *   controllers: [ChatSocket],
 *   websocket: { adapter: redisAdapter({ url: process.env.REDIS_URL, keyPrefix: 'chat' }) },
 * });
 * ```
 */
export class RedisAdapter implements BroadcastAdapter {
  readonly name = 'redis';
  readonly instanceId: string;
  readonly #options: ResolvedRedisOptions;
  readonly #keys: RedisKeys;
  readonly #url: string;
  readonly #local = new LocalMembers();
  readonly #remote = new RemoteView();
  readonly #outage: OutageLog;
  readonly #streams: StreamLog;
  #host: AdapterHost | undefined;
  #redis: Connected | undefined;
  #state: State = 'new';
  #starting = false;
  #commandsReady = false;
  #subscribed = false;
  /** A presence write failed while connected; the next heartbeat writes everything again. */
  #dirty = false;
  #lastError: string | undefined;
  #subscribing: Promise<boolean> | undefined;
  #syncing: Promise<boolean> | undefined;
  /** Serialises re-syncs, heartbeats and sweeps so they never interleave. */
  #tasks: Promise<unknown> = Promise.resolve();
  #heartbeat: NodeJS.Timeout | undefined;
  #beating = false;

  constructor(options: RedisAdapterOptions = {}) {
    this.#options = resolveRedisOptions(options);
    this.instanceId = this.#options.instanceId;
    this.#keys = new RedisKeys(this.#options.keyPrefix);
    this.#url = redactUrl(this.#options.url);
    this.#streams = new StreamLog(this.#keys, this.instanceId);
    this.#outage = new OutageLog(() => this.#requireHost('log').log, { instance: this.instanceId });
  }

  /** `true` while commands and the subscription both work, i.e. other instances are reachable. */
  get available(): boolean {
    return this.#state === 'running' && this.#commandsReady && this.#subscribed;
  }

  async start(host: AdapterHost): Promise<void> {
    if (this.#state !== 'new') throw new RedisAdapterError('HALYARD_ERR_REDIS_ALREADY_STARTED');
    this.#host = host;
    this.#state = 'running';
    this.#starting = true;
    const commands = this.#createClient('commands');
    const subscriber = this.#createClient('subscriber');
    const store = new PresenceStore({
      client: commands,
      keys: this.#keys,
      instanceId: this.instanceId,
      ttlMs: this.#options.presenceTtlMs,
    });
    const sync = new PresenceSync({
      instanceId: this.instanceId,
      store,
      local: this.#local.rooms,
      publish: (event) => this.#publishBus(this.#presenceBus(event)),
      deliver: (event) => {
        if (this.#state !== 'running') return;
        this.#remote.apply(event);
        host.presence(event);
      },
      failed: (operation, error) => this.#presenceFailed(operation, error, 'retried on the next heartbeat'),
    });
    this.#redis = { commands, subscriber, store, sync };
    const connected = await Promise.all([commands.connect(), subscriber.connect()]).then(
      () => true,
      (error: unknown) => {
        // The client's 'error' event (ECONNREFUSED, ENOTFOUND, ...) says more than connect()'s rejection.
        this.#lastError ??= describeCause(error);
        return false;
      },
    );
    const ready =
      connected &&
      (await (this.#subscribing ?? Promise.resolve(false))) &&
      (await (this.#syncing ?? Promise.resolve(false)));
    this.#starting = false;
    if (!ready) {
      if (this.#options.onUnavailableAtStart === 'fail') {
        this.#state = 'stopped';
        commands.disconnect();
        subscriber.disconnect();
        throw new RedisAdapterError('HALYARD_ERR_REDIS_UNAVAILABLE', {
          url: this.#url,
          cause: this.#lastError ?? 'unknown cause',
          consequence: "start Redis, fix the url, or pass onUnavailableAtStart: 'local' to start without it",
        });
      }
      host.log.warn(
        { code: 'HALYARD_ERR_REDIS_UNAVAILABLE', instance: this.instanceId },
        formatRedisMessage('HALYARD_ERR_REDIS_UNAVAILABLE', {
          url: this.#url,
          cause: this.#lastError ?? 'unknown cause',
          consequence: "serving this instance's connections only while reconnecting in the background",
        }),
      );
      this.#outage.begin({}, true);
    }
    const interval = Math.floor(this.#options.presenceTtlMs / 3);
    this.#heartbeat = setInterval(() => this.#beat(), interval);
    this.#heartbeat.unref();
  }

  async publish(message: OutboundMessage): Promise<void> {
    if (message.stream && message.target.kind === 'room')
      return this.#publishToStream(message.target.room, { ...message, stream: message.stream });
    this.#requireHost('publish').deliver(message);
    await this.#publishBus({ kind: 'message', origin: this.instanceId, message });
  }

  async readStream(room: string, since: StreamPosition, window: StreamWindow): Promise<StreamRead> {
    return this.#streams.read(this.#streamClient('read', room), room, { since, window });
  }

  async streamPosition(room: string, window: StreamWindow): Promise<StreamPosition> {
    return this.#streams.position(this.#streamClient('position', room), room, window);
  }

  /**
   * Appended and published by one script; delivered here by the bus echo like everywhere else, so
   * all instances deliver a room's messages in offset order. Without Redis: this instance only,
   * without a position (nothing to resume from), logged.
   */
  async #publishToStream(room: string, message: OutboundMessage & { stream: StreamWindow }): Promise<void> {
    const host = this.#requireHost('publish');
    const { target, frame, except } = message;
    const local: OutboundMessage = { target, frame, ...(except !== undefined && { except }) };
    const fallback = "delivered to this instance's connections only, without a position";
    if (!this.#redis || !this.#commandsReady || this.#state !== 'running') {
      if (this.#state !== 'running') return;
      host.deliver(local);
      this.#outage.skipped('HALYARD_ERR_REDIS_STREAM_FAILED', 'append', {
        operation: 'append',
        room,
        cause: `not connected to Redis: ${this.#lastError ?? 'not connected yet'}`,
        fallback,
      });
      return;
    }
    try {
      await this.#streams.append(this.#redis.commands, room, message);
    } catch (error) {
      host.deliver(local);
      host.log.error(
        { code: 'HALYARD_ERR_REDIS_STREAM_FAILED', instance: this.instanceId, room, err: error },
        formatRedisMessage('HALYARD_ERR_REDIS_STREAM_FAILED', {
          operation: 'append',
          room,
          cause: describeCause(error),
          fallback,
        }),
      );
    }
  }

  #streamClient(operation: string, room: string): Redis {
    if (this.#redis && this.#commandsReady && this.#state === 'running') return this.#redis.commands;
    throw new RedisAdapterError('HALYARD_ERR_REDIS_STREAM_FAILED', {
      operation,
      room,
      cause: `not connected to Redis: ${this.#lastError ?? 'not connected yet'}`,
      fallback: 'resuming clients get $reset with reason "unavailable"',
    });
  }

  async join(room: string, member: PresenceMember): Promise<void> {
    const host = this.#requireHost('join');
    // Sub-millisecond, so members that join in the same millisecond on different instances still sort in join order.
    const at = performance.timeOrigin + performance.now();
    const firstHere = this.#local.add(room, member, at);
    if (firstHere) this.#remote.track(room);
    const event: PresenceEvent = { room, kind: 'joined', member };
    host.presence(event);
    const redis = this.#writable('join');
    if (!redis) return;
    try {
      if (await redis.store.add(room, member, at)) await this.#publishBus(this.#presenceBus(event));
      if (firstHere)
        this.#remote.seed(
          room,
          (await this.#liveRemoteRecords(redis, room)).map((record) => record.member),
        );
    } catch (error) {
      this.#presenceFailed(
        'join',
        error,
        'the member is visible on this instance and is written again shortly',
      );
    }
  }

  async leave(room: string, memberId: string): Promise<void> {
    const host = this.#requireHost('leave');
    const removed = this.#local.remove(room, memberId);
    if (!removed) return;
    if (removed.lastHere) this.#remote.untrack(room);
    const event: PresenceEvent = { room, kind: 'left', member: removed.member };
    host.presence(event);
    const redis = this.#writable('leave');
    if (!redis) {
      this.#local.markDeparted(room, removed.member);
      return;
    }
    try {
      if (await redis.store.remove(room, memberId)) await this.#publishBus(this.#presenceBus(event));
    } catch (error) {
      this.#local.markDeparted(room, removed.member);
      this.#presenceFailed('leave', error, 'the member is removed from Redis again shortly');
    }
  }

  async members(room: string): Promise<PresenceMember[]> {
    this.#requireHost('members');
    const redis = this.#readable('members');
    if (!redis) return this.#local.records(room, this.instanceId).map((record) => record.member);
    try {
      const remote = await this.#liveRemoteRecords(redis, room);
      return [...this.#local.records(room, this.instanceId), ...remote]
        .sort(byJoinOrder)
        .map((record) => record.member);
    } catch (error) {
      this.#presenceFailed('members', error, "answered with this instance's members only");
      return this.#local.records(room, this.instanceId).map((record) => record.member);
    }
  }

  async rooms(): Promise<string[]> {
    this.#requireHost('rooms');
    const local = this.#local.roomNames();
    const redis = this.#readable('rooms');
    if (!redis) return local.sort();
    try {
      const recorded = await redis.store.readRooms(await redis.store.roomNames());
      const remote = await redis.sync.liveRemote(recorded);
      const names = new Set(local);
      for (const [room, records] of remote) if (records.length > 0) names.add(room);
      return [...names].sort();
    } catch (error) {
      this.#presenceFailed('rooms', error, "answered with this instance's rooms only");
      return local.sort();
    }
  }

  async disconnect(id: string, code: number, reason: string): Promise<void> {
    this.#requireHost('disconnect').disconnect(id, code, reason);
    await this.#publishBus({ kind: 'disconnect', origin: this.instanceId, id, code, reason });
  }

  /**
   * This instance's structure sizes, for `inspectRuntime(app).adapter`: all 0 once it has no
   * members (the Redis keys are another matter: other instances may still have members there).
   */
  inspect(): Readonly<Record<string, number>> {
    const local = this.#local.counts();
    const remote = this.#remote.counts();
    return {
      localRooms: local.rooms,
      localMembers: local.members,
      departedMembers: local.departed,
      followedRooms: remote.rooms,
      remoteMembers: remote.members,
    };
  }

  async stop(): Promise<void> {
    if (this.#state !== 'running') return;
    this.#state = 'stopping';
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    const redis = this.#redis;
    if (redis && this.#commandsReady) {
      await this.#tasks;
      try {
        await redis.sync.removeAll();
      } catch (error) {
        this.#presenceFailed('stop', error, 'other instances drop these members within presenceTtlMs');
      }
    }
    this.#local.clear();
    this.#state = 'stopped';
    if (!redis) return;
    // A failed UNSUBSCRIBE means the connection is already gone; closing below is all that is left to do.
    if (this.#subscribed) await redis.subscriber.unsubscribe(this.#keys.channel).catch(() => undefined);
    await Promise.all([closeRedisClient(redis.commands), closeRedisClient(redis.subscriber)]);
  }

  #createClient(role: ClientRole): Redis {
    const client = createRedisClient({
      url: this.#options.url,
      role,
      instanceId: this.instanceId,
      commandTimeoutMs: this.#options.commandTimeoutMs,
    });
    client.on('error', (error: unknown) => {
      this.#lastError = describeCause(error);
      this.#host?.log.debug({ instance: this.instanceId, role, err: error }, 'redis client error');
    });
    client.on('ready', () => (role === 'commands' ? this.#onCommandsReady() : this.#onSubscriberReady()));
    client.on('close', () => this.#onClosed(role));
    if (role === 'subscriber')
      client.on('message', (channel: string, raw: string) => this.#onBusMessage(channel, raw));
    return client;
  }

  #onCommandsReady(): void {
    if (this.#state !== 'running') return;
    this.#commandsReady = true;
    this.#syncing = this.#enqueue(() => this.#resync());
    void this.#syncing.then(() => this.#checkRecovered());
  }

  #onSubscriberReady(): void {
    const redis = this.#redis;
    if (this.#state !== 'running' || !redis) return;
    this.#subscribing = redis.subscriber.subscribe(this.#keys.channel).then(
      () => {
        this.#subscribed = true;
        this.#checkRecovered();
        return true;
      },
      (error: unknown) => {
        this.#lastError = describeCause(error);
        this.#requireHost('subscribe').log.error(
          { code: 'HALYARD_ERR_REDIS_SUBSCRIBE_FAILED', instance: this.instanceId, err: error },
          formatRedisMessage('HALYARD_ERR_REDIS_SUBSCRIBE_FAILED', {
            channel: this.#keys.channel,
            cause: this.#lastError ?? 'unknown cause',
          }),
        );
        return false;
      },
    );
  }

  #onClosed(role: ClientRole): void {
    const wasAvailable = this.available;
    if (role === 'commands') this.#commandsReady = false;
    else this.#subscribed = false;
    if (this.#state !== 'running') return;
    if (this.#starting || !wasAvailable) this.#outage.begin({}, true);
    else
      this.#outage.begin({
        url: this.#url,
        cause: `${role} connection closed: ${this.#lastError ?? 'no error reported'}`,
      });
  }

  #checkRecovered(): void {
    if (!this.available || !this.#outage.inOutage) return;
    this.#outage.end();
    // Subscribed again: from now on no presence event is missed; catch up on those that were.
    void this.#enqueue(() => this.#catchUpPresence());
  }

  /** Delivers locally the presence changes of other instances missed while not subscribed. */
  async #catchUpPresence(): Promise<void> {
    const redis = this.#redis;
    const host = this.#host;
    const rooms = this.#remote.rooms();
    if (!redis || !host || !this.available || rooms.length === 0) return;
    try {
      const remote = await redis.sync.liveRemote(await redis.store.readRooms(rooms));
      const current = new Map(
        [...remote].map(([room, records]) => [
          room,
          records.sort(byJoinOrder).map((record) => record.member),
        ]),
      );
      for (const event of this.#remote.reconcile(current))
        if (this.#state === 'running') host.presence(event);
    } catch (error) {
      this.#presenceFailed('catch-up', error, 'presence events missed during the outage are not delivered');
    }
  }

  /** The members of one room recorded in Redis by the other instances that are still alive. */
  async #liveRemoteRecords(redis: Connected, room: string): Promise<MemberRecord[]> {
    const records = (await redis.store.readRooms([room])).get(room) ?? [];
    const remote = await redis.sync.liveRemote(new Map([[room, records]]));
    return remote.get(room) ?? [];
  }

  #onBusMessage(channel: string, raw: string): void {
    const host = this.#host;
    if (channel !== this.#keys.channel || !host || this.#state !== 'running') return;
    const decoded = decodeBusMessage(raw);
    if (!decoded.ok) {
      host.log.warn(
        { code: 'HALYARD_ERR_REDIS_MESSAGE_MALFORMED', instance: this.instanceId },
        formatRedisMessage('HALYARD_ERR_REDIS_MESSAGE_MALFORMED', { channel, detail: decoded.detail }),
      );
      return;
    }
    const bus = decoded.bus;
    // Delivered locally when it was sent: our own echo is dropped, so nothing arrives twice.
    // Stream messages are the exception: they are delivered from the bus everywhere, in offset order.
    if (bus.origin === this.instanceId && !(bus.kind === 'message' && bus.message.position)) return;
    switch (bus.kind) {
      case 'message':
        host.deliver(bus.message);
        return;
      case 'presence':
        // Another instance swept one of our members while our liveness key had lapsed: our
        // connections never saw it leave, and the next heartbeat writes it back.
        if (bus.event.kind === 'left' && this.#local.has(bus.event.room, bus.event.member.id)) return;
        this.#remote.apply(bus.event);
        host.presence(bus.event);
        return;
      case 'disconnect':
        host.disconnect(bus.id, bus.code, bus.reason);
        return;
      default: {
        const exhaustive: never = bus;
        host.log.error({ bus: exhaustive }, 'unknown bus message');
      }
    }
  }

  #presenceBus(event: PresenceEvent): BusMessage {
    return { kind: 'presence', origin: this.instanceId, event };
  }

  async #publishBus(bus: BusMessage): Promise<void> {
    if (this.#state === 'stopped') return;
    const redis = this.#redis;
    if (!redis || !this.#commandsReady) {
      this.#outage.skipped('HALYARD_ERR_REDIS_PUBLISH_FAILED', bus.kind, {
        cause: `not connected to Redis: ${this.#lastError ?? 'not connected yet'}`,
      });
      return;
    }
    try {
      await redis.commands.publish(this.#keys.channel, encodeBusMessage(bus));
    } catch (error) {
      this.#requireHost('publish').log.error(
        { code: 'HALYARD_ERR_REDIS_PUBLISH_FAILED', instance: this.instanceId, kind: bus.kind, err: error },
        formatRedisMessage('HALYARD_ERR_REDIS_PUBLISH_FAILED', { cause: describeCause(error) }),
      );
    }
  }

  /** The connection for a presence write, or `undefined` (logged once per outage) when there is none. */
  #writable(operation: string): Connected | undefined {
    if (this.#state !== 'running') return undefined;
    if (this.#redis && this.#commandsReady) return this.#redis;
    this.#dirty = true;
    this.#outage.skipped('HALYARD_ERR_REDIS_PRESENCE_FAILED', operation, {
      operation,
      cause: `not connected to Redis: ${this.#lastError ?? 'not connected yet'}`,
      fallback: 'kept on this instance and written to Redis on reconnect',
    });
    return undefined;
  }

  #readable(operation: string): Connected | undefined {
    if (this.#redis && this.#commandsReady && this.#state === 'running') return this.#redis;
    if (this.#state === 'running')
      this.#outage.skipped('HALYARD_ERR_REDIS_PRESENCE_FAILED', operation, {
        operation,
        cause: `not connected to Redis: ${this.#lastError ?? 'not connected yet'}`,
        fallback: "answered with this instance's data only",
      });
    return undefined;
  }

  #presenceFailed(operation: string, error: unknown, fallback: string): void {
    if (operation === 'join' || operation === 'leave') this.#dirty = true;
    this.#lastError = describeCause(error);
    this.#host?.log.error(
      { code: 'HALYARD_ERR_REDIS_PRESENCE_FAILED', instance: this.instanceId, operation, err: error },
      formatRedisMessage('HALYARD_ERR_REDIS_PRESENCE_FAILED', {
        operation,
        cause: this.#lastError ?? 'unknown cause',
        fallback,
      }),
    );
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#tasks.then(task);
    this.#tasks = run.catch(() => undefined);
    return run;
  }

  /** Writes this instance's memberships to Redis again; `false` (logged) when it could not. */
  async #resync(): Promise<boolean> {
    const redis = this.#redis;
    if (!redis || this.#state !== 'running') return false;
    const departed = this.#local.takeDeparted();
    try {
      this.#dirty = false;
      await redis.sync.resync(departed);
      return true;
    } catch (error) {
      this.#local.restoreDeparted(departed);
      this.#presenceFailed('sync', error, 'retried on the next heartbeat');
      this.#dirty = true;
      return false;
    }
  }

  #beat(): void {
    const redis = this.#redis;
    if (!redis || !this.#commandsReady || this.#state !== 'running' || this.#beating) return;
    this.#beating = true;
    void this.#enqueue(async () => {
      try {
        const expired = await redis.store.heartbeat();
        if (expired)
          this.#host?.log.warn(
            { code: 'HALYARD_ERR_REDIS_PRESENCE_EXPIRED', instance: this.instanceId },
            formatRedisMessage('HALYARD_ERR_REDIS_PRESENCE_EXPIRED', { ttlMs: this.#options.presenceTtlMs }),
          );
        if (expired || this.#dirty) await this.#resync();
        await redis.sync.sweep();
      } catch (error) {
        this.#presenceFailed('heartbeat', error, 'retried on the next heartbeat');
      }
    }).finally(() => {
      this.#beating = false;
    });
  }

  #requireHost(method: string): AdapterHost {
    if (!this.#host) throw new RedisAdapterError('HALYARD_ERR_REDIS_NOT_STARTED', { method });
    return this.#host;
  }
}

/**
 * Creates a `RedisAdapter`; see `RedisAdapterOptions` for the defaults.
 *
 * @example `createApp({ controllers, websocket: { adapter: redisAdapter({ url: 'redis://redis:6379' }) } })`
 */
export function redisAdapter(options: RedisAdapterOptions = {}): RedisAdapter {
  return new RedisAdapter(options);
}
