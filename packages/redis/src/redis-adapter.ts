import { randomBytes } from 'node:crypto';
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
import type { AdapterContext, AdapterPhase } from './adapter-context.js';
import {
  resolveRedisOptions,
  type RedisAdapterOptions,
  type ResolvedRedisOptions,
} from './adapter-options.js';
import { deliverBusMessage } from './bus-delivery.js';
import type { BusMessage } from './bus-message.js';
import { RedisAdapterError } from './errors.js';
import { LocalMembers } from './local-members.js';
import { OutageLog } from './outage-log.js';
import { byJoinOrder, PresenceStore } from './presence-store.js';
import { PresenceSync } from './presence-sync.js';
import { PresenceUpkeep, type PresenceWriters } from './presence-upkeep.js';
import { redactUrl } from './redis-clients.js';
import { RedisKeys } from './redis-keys.js';
import { RedisLink } from './redis-link.js';
import { RemoteView } from './remote-view.js';
import { StreamLog } from './stream-log.js';

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
  readonly #local = new LocalMembers();
  readonly #remote = new RemoteView();
  readonly #context: AdapterContext;
  readonly #link: RedisLink;
  readonly #upkeep: PresenceUpkeep;
  readonly #streams: StreamLog;
  #host: AdapterHost | undefined;
  #writers: PresenceWriters | undefined;
  #state: AdapterPhase = 'new';
  #syncing: Promise<boolean> | undefined;

  constructor(options: RedisAdapterOptions = {}) {
    this.#options = resolveRedisOptions(options);
    this.instanceId = this.#options.instanceId;
    const context: AdapterContext = (this.#context = {
      instanceId: this.instanceId,
      options: this.#options,
      keys: new RedisKeys(this.#options.keyPrefix),
      url: redactUrl(this.#options.url),
      phase: () => this.#state,
      host: () => this.#host,
      requireHost: (method) => this.#requireHost(method),
    });
    const outage = new OutageLog(() => this.#requireHost('log').log, { instance: this.instanceId });
    this.#link = new RedisLink({
      context,
      outage,
      events: {
        commandsReady: () => {
          this.#syncing = this.#upkeep.enqueue(() => this.#upkeep.resync());
          void this.#syncing.then(() => this.#link.checkRecovered());
        },
        // Subscribed again: from now on no presence event is missed; catch up on those that were.
        recovered: () => void this.#upkeep.enqueue(() => this.#upkeep.catchUp()),
        message: (bus) =>
          deliverBusMessage(bus, {
            host: this.#requireHost('message'),
            local: this.#local,
            remote: this.#remote,
          }),
      },
    });
    this.#streams = new StreamLog({ context, link: this.#link });
    this.#upkeep = new PresenceUpkeep({
      context,
      link: this.#link,
      local: this.#local,
      remote: this.#remote,
    });
  }

  /** `true` while commands and the subscription both work, i.e. other instances are reachable. */
  get available(): boolean {
    return this.#link.available;
  }

  async start(host: AdapterHost): Promise<void> {
    if (this.#state !== 'new') throw new RedisAdapterError('HALYARD_ERR_REDIS_ALREADY_STARTED');
    this.#host = host;
    this.#state = 'running';
    const commands = this.#link.open();
    const store = new PresenceStore({
      client: commands,
      keys: this.#context.keys,
      instanceId: this.instanceId,
      ttlMs: this.#options.presenceTtlMs,
    });
    const sync = new PresenceSync({
      instanceId: this.instanceId,
      store,
      local: this.#local.rooms,
      publish: (event) => this.#link.publish(this.#presenceBus(event)),
      deliver: (event) => {
        if (this.#state !== 'running') return;
        this.#remote.apply(event);
        host.presence(event);
      },
      failed: (operation, error) => this.#upkeep.failed(operation, error, 'retried on the next heartbeat'),
    });
    this.#writers = { store, sync };
    this.#upkeep.attach(this.#writers);
    const ready = (await this.#link.connect()) && (await (this.#syncing ?? Promise.resolve(false)));
    this.#link.started();
    if (!ready) {
      if (this.#options.onUnavailableAtStart === 'fail') this.#state = 'stopped';
      this.#link.unavailableAtStart();
    }
    this.#upkeep.startHeartbeat();
  }

  async publish(message: OutboundMessage): Promise<void> {
    if (message.stream && message.target.kind === 'room')
      return this.#streams.publish(message.target.room, { ...message, stream: message.stream });
    this.#requireHost('publish').deliver(message);
    await this.#link.publish({ kind: 'message', origin: this.instanceId, message });
  }

  async readStream(room: string, since: StreamPosition, window: StreamWindow): Promise<StreamRead> {
    return this.#streams.read(room, { since, window });
  }

  async streamPosition(room: string, window: StreamWindow): Promise<StreamPosition> {
    return this.#streams.position(room, window);
  }

  async sessionSecret(): Promise<string> {
    const writers = this.#writers;
    if (!writers || !this.#link.commandsReady)
      throw new RedisAdapterError('HALYARD_ERR_REDIS_UNAVAILABLE', {
        url: this.#context.url,
        cause: 'not connected',
        consequence: 'resumed connections get a new id',
      });
    return writers.store.sharedSecret(randomBytes(32).toString('base64url'));
  }

  async join(room: string, member: PresenceMember): Promise<void> {
    const host = this.#requireHost('join');
    // Sub-millisecond, so members that join in the same millisecond on different instances still sort in join order.
    const at = performance.timeOrigin + performance.now();
    // Already a member, here or (as this instance's clients were told) elsewhere: a resumed
    // connection taking its id over. Nobody hears a join; Redis records it as this instance's.
    const known = this.#local.has(room, member.id) || this.#remote.has(room, member.id);
    const firstHere = this.#local.add(room, member, at);
    if (firstHere) this.#remote.track(room);
    this.#remote.forget(room, member.id);
    const event: PresenceEvent = { room, kind: 'joined', member };
    if (!known) host.presence(event);
    const writers = this.#writable('join');
    if (!writers) return;
    try {
      if (await writers.store.add(room, member, at)) await this.#link.publish(this.#presenceBus(event));
      if (firstHere)
        this.#remote.seed(
          room,
          (await writers.sync.liveRemoteRoom(room)).map((record) => record.member),
        );
    } catch (error) {
      this.#upkeep.failed(
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
    const writers = this.#writable('leave');
    if (!writers) {
      host.presence(event);
      this.#local.markDeparted(room, removed.member);
      return;
    }
    try {
      const result = await writers.store.remove(room, memberId);
      if (result === 'moved') {
        // Its resumed connection holds it on another instance: still a member, for everyone.
        this.#remote.apply({ ...event, kind: 'joined' });
        return;
      }
      host.presence(event);
      if (result) await this.#link.publish(this.#presenceBus(event));
    } catch (error) {
      host.presence(event);
      this.#local.markDeparted(room, removed.member);
      this.#upkeep.failed('leave', error, 'the member is removed from Redis again shortly');
    }
  }

  async members(room: string): Promise<PresenceMember[]> {
    this.#requireHost('members');
    const writers = this.#readable('members');
    if (!writers) return this.#local.records(room, this.instanceId).map((record) => record.member);
    try {
      const remote = await writers.sync.liveRemoteRoom(room);
      return [...this.#local.records(room, this.instanceId), ...remote]
        .sort(byJoinOrder)
        .map((record) => record.member);
    } catch (error) {
      this.#upkeep.failed('members', error, "answered with this instance's members only");
      return this.#local.records(room, this.instanceId).map((record) => record.member);
    }
  }

  async rooms(): Promise<string[]> {
    this.#requireHost('rooms');
    const local = this.#local.roomNames();
    const writers = this.#readable('rooms');
    if (!writers) return local.sort();
    try {
      const recorded = await writers.store.readRooms(await writers.store.roomNames());
      const remote = await writers.sync.liveRemote(recorded);
      const names = new Set(local);
      for (const [room, records] of remote) if (records.length > 0) names.add(room);
      return [...names].sort();
    } catch (error) {
      this.#upkeep.failed('rooms', error, "answered with this instance's rooms only");
      return local.sort();
    }
  }

  async disconnect(id: string, code: number, reason: string): Promise<void> {
    this.#requireHost('disconnect').disconnect(id, code, reason);
    await this.#link.publish({ kind: 'disconnect', origin: this.instanceId, id, code, reason });
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
    this.#upkeep.stopHeartbeat();
    const writers = this.#writers;
    if (writers && this.#link.commandsReady) {
      await this.#upkeep.idle();
      try {
        await writers.sync.removeAll();
      } catch (error) {
        this.#upkeep.failed('stop', error, 'other instances drop these members within presenceTtlMs');
      }
    }
    this.#local.clear();
    this.#state = 'stopped';
    if (!writers) return;
    await this.#link.close();
  }

  #presenceBus(event: PresenceEvent): BusMessage {
    return { kind: 'presence', origin: this.instanceId, event };
  }

  /** The writers for a presence write, or `undefined` (logged once per outage) when not connected. */
  #writable(operation: string): PresenceWriters | undefined {
    if (this.#state !== 'running') return undefined;
    if (this.#writers && this.#link.commandsReady) return this.#writers;
    this.#upkeep.markDirty();
    this.#link.notConnected('HALYARD_ERR_REDIS_PRESENCE_FAILED', operation, {
      operation,
      fallback: 'kept on this instance and written to Redis on reconnect',
    });
    return undefined;
  }

  #readable(operation: string): PresenceWriters | undefined {
    if (this.#writers && this.#link.commandsReady && this.#state === 'running') return this.#writers;
    if (this.#state === 'running')
      this.#link.notConnected('HALYARD_ERR_REDIS_PRESENCE_FAILED', operation, {
        operation,
        fallback: "answered with this instance's data only",
      });
    return undefined;
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
