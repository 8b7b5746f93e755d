import { formatRedisMessage } from './errors.js';
import type { AdapterContext } from './adapter-context.js';
import type { LocalMembers } from './local-members.js';
import { byJoinOrder, type PresenceStore } from './presence-store.js';
import type { PresenceSync } from './presence-sync.js';
import type { RedisLink } from './redis-link.js';
import type { RemoteView } from './remote-view.js';

/** The adapter's presence writers, once `start()` has created them. */
export interface PresenceWriters {
  readonly store: PresenceStore;
  readonly sync: PresenceSync;
}

/**
 * Keeps this instance's presence in Redis true over time: the heartbeat (liveness key, sweep of
 * dead instances), re-syncs after a reconnect or a failed write, and one queue so re-syncs,
 * heartbeats, sweeps and catch-ups never interleave. Also the one place presence failures are logged.
 */
export class PresenceUpkeep {
  readonly #context: AdapterContext;
  readonly #link: RedisLink;
  readonly #local: LocalMembers;
  readonly #remote: RemoteView;
  #writers: PresenceWriters | undefined;
  /** A presence write failed while connected; the next heartbeat writes everything again. */
  #dirty = false;
  /** Serialises re-syncs, heartbeats and sweeps so they never interleave. */
  #tasks: Promise<unknown> = Promise.resolve();
  #heartbeat: NodeJS.Timeout | undefined;
  #beating = false;

  constructor(options: {
    context: AdapterContext;
    link: RedisLink;
    local: LocalMembers;
    remote: RemoteView;
  }) {
    this.#context = options.context;
    this.#link = options.link;
    this.#local = options.local;
    this.#remote = options.remote;
  }

  /** The store and sync to write through, set by `start()` before anything connects. */
  attach(writers: PresenceWriters): void {
    this.#writers = writers;
  }

  /** A presence change could not be written: the next heartbeat writes everything again. */
  markDirty(): void {
    this.#dirty = true;
  }

  /** Runs `task` after every task queued before it (a failed task does not stop the queue). */
  enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#tasks.then(task);
    this.#tasks = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every queued task has run. */
  async idle(): Promise<void> {
    await this.#tasks;
  }

  /** Beats every `presenceTtlMs / 3` until `stop()`. */
  startHeartbeat(): void {
    const interval = Math.floor(this.#context.options.presenceTtlMs / 3);
    this.#heartbeat = setInterval(() => this.#beat(), interval);
    this.#heartbeat.unref();
  }

  stopHeartbeat(): void {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
  }

  /** Writes this instance's memberships to Redis again; `false` (logged) when it could not. */
  async resync(): Promise<boolean> {
    const writers = this.#writers;
    if (!writers || this.#context.phase() !== 'running') return false;
    const departed = this.#local.takeDeparted();
    try {
      this.#dirty = false;
      await writers.sync.resync(departed);
      return true;
    } catch (error) {
      this.#local.restoreDeparted(departed);
      this.failed('sync', error, 'retried on the next heartbeat');
      this.#dirty = true;
      return false;
    }
  }

  /** Logs a failed presence operation (`HALYARD_ERR_REDIS_PRESENCE_FAILED`) and what happens instead. */
  failed(operation: string, error: unknown, fallback: string): void {
    if (operation === 'join' || operation === 'leave') this.#dirty = true;
    const cause = this.#link.noteError(error);
    this.#context.host()?.log.error(
      {
        code: 'HALYARD_ERR_REDIS_PRESENCE_FAILED',
        instance: this.#context.instanceId,
        operation,
        err: error,
      },
      formatRedisMessage('HALYARD_ERR_REDIS_PRESENCE_FAILED', { operation, cause, fallback }),
    );
  }

  /** Delivers locally the presence changes of other instances missed while not subscribed. */
  async catchUp(): Promise<void> {
    const writers = this.#writers;
    const host = this.#context.host();
    const rooms = this.#remote.rooms();
    if (!writers || !host || !this.#link.available || rooms.length === 0) return;
    try {
      const remote = await writers.sync.liveRemote(await writers.store.readRooms(rooms));
      const current = new Map(
        [...remote].map(([room, records]) => [
          room,
          records.sort(byJoinOrder).map((record) => record.member),
        ]),
      );
      for (const event of this.#remote.reconcile(current))
        if (this.#context.phase() === 'running') host.presence(event);
    } catch (error) {
      this.failed('catch-up', error, 'presence events missed during the outage are not delivered');
    }
  }

  #beat(): void {
    const writers = this.#writers;
    const phase = this.#context.phase();
    if (!writers || !this.#link.commandsReady || phase !== 'running' || this.#beating) return;
    this.#beating = true;
    void this.enqueue(async () => {
      try {
        const expired = await writers.store.heartbeat();
        if (expired)
          this.#context.host()?.log.warn(
            { code: 'HALYARD_ERR_REDIS_PRESENCE_EXPIRED', instance: this.#context.instanceId },
            formatRedisMessage('HALYARD_ERR_REDIS_PRESENCE_EXPIRED', {
              ttlMs: this.#context.options.presenceTtlMs,
            }),
          );
        if (expired || this.#dirty) await this.resync();
        await writers.sync.sweep();
      } catch (error) {
        this.failed('heartbeat', error, 'retried on the next heartbeat');
      }
    }).finally(() => {
      this.#beating = false;
    });
  }
}
