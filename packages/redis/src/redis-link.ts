import type { Redis } from 'ioredis';
import type { AdapterContext } from './adapter-context.js';
import { decodeBusMessage, encodeBusMessage, type BusMessage } from './bus-message.js';
import {
  describeCause,
  formatRedisMessage,
  RedisAdapterError,
  type RedisErrorCode,
  type RedisErrorParams,
} from './errors.js';
import type { OutageLog } from './outage-log.js';
import { closeRedisClient, createRedisClient, type ClientRole } from './redis-clients.js';

/** What the link tells the adapter. */
export interface RedisLinkEvents {
  /** The commands connection is (again) ready: time to write presence back. */
  commandsReady(): void;
  /** Both connections work again after an outage (logged already). */
  recovered(): void;
  /** A well-formed bus message from another instance. */
  message(bus: BusMessage): void;
}

interface Clients {
  readonly commands: Redis;
  readonly subscriber: Redis;
}

/**
 * The adapter's two Redis connections (commands and the bus subscription): creating them, their
 * readiness, the last error seen, outage logging, publishing on and receiving from the bus.
 */
export class RedisLink {
  readonly #context: AdapterContext;
  readonly #outage: OutageLog;
  readonly #events: RedisLinkEvents;
  #clients: Clients | undefined;
  #starting = false;
  #commandsReady = false;
  #subscribed = false;
  #lastError: string | undefined;
  #subscribing: Promise<boolean> | undefined;

  constructor(options: { context: AdapterContext; outage: OutageLog; events: RedisLinkEvents }) {
    this.#context = options.context;
    this.#outage = options.outage;
    this.#events = options.events;
  }

  /** `true` while commands and the subscription both work, i.e. other instances are reachable. */
  get available(): boolean {
    return this.#context.phase() === 'running' && this.#commandsReady && this.#subscribed;
  }

  get commandsReady(): boolean {
    return this.#commandsReady;
  }

  get lastError(): string | undefined {
    return this.#lastError;
  }

  /** Records `error` as the last cause seen and returns its description. */
  noteError(error: unknown): string {
    this.#lastError = describeCause(error);
    return this.#lastError;
  }

  /** Creates both clients (not connected yet); returns the commands client for the presence store. */
  open(): Redis {
    this.#starting = true;
    this.#clients = {
      commands: this.#createClient('commands'),
      subscriber: this.#createClient('subscriber'),
    };
    return this.#clients.commands;
  }

  /** Connects both clients and waits for the subscription; `false` when either failed. */
  async connect(): Promise<boolean> {
    const clients = this.#clients;
    if (!clients) return false;
    const connected = await Promise.all([clients.commands.connect(), clients.subscriber.connect()]).then(
      () => true,
      (error: unknown) => {
        // The client's 'error' event (ECONNREFUSED, ENOTFOUND, ...) says more than connect()'s rejection.
        this.#lastError ??= describeCause(error);
        return false;
      },
    );
    return connected && (await (this.#subscribing ?? Promise.resolve(false)));
  }

  /** Start is over (successful or not): from now on a lost connection is logged as an outage. */
  started(): void {
    this.#starting = false;
  }

  /**
   * Redis was not reachable at start: under `onUnavailableAtStart: 'fail'` drops both connections
   * and throws `HALYARD_ERR_REDIS_UNAVAILABLE`, otherwise logs it and reconnects in the background.
   */
  unavailableAtStart(): void {
    const { options, url, instanceId } = this.#context;
    const params = { url, cause: this.#lastError ?? 'unknown cause' };
    if (options.onUnavailableAtStart === 'fail') {
      this.#clients?.commands.disconnect();
      this.#clients?.subscriber.disconnect();
      throw new RedisAdapterError('HALYARD_ERR_REDIS_UNAVAILABLE', {
        ...params,
        consequence: "start Redis, fix the url, or pass onUnavailableAtStart: 'local' to start without it",
      });
    }
    this.#context.requireHost('start').log.warn(
      { code: 'HALYARD_ERR_REDIS_UNAVAILABLE', instance: instanceId },
      formatRedisMessage('HALYARD_ERR_REDIS_UNAVAILABLE', {
        ...params,
        consequence: "serving this instance's connections only while reconnecting in the background",
      }),
    );
    this.#outage.begin({}, true);
  }

  /** Something could not reach Redis: logged once per outage and kind, with the last cause seen. */
  notConnected(code: RedisErrorCode, operation: string, params: RedisErrorParams): void {
    this.#outage.skipped(code, operation, {
      ...params,
      cause: `not connected to Redis: ${this.#lastError ?? 'not connected yet'}`,
    });
  }

  /** Publishes on the bus; never throws (a failure is logged). */
  async publish(bus: BusMessage): Promise<void> {
    if (this.#context.phase() === 'stopped') return;
    const clients = this.#clients;
    if (!clients || !this.#commandsReady) {
      this.notConnected('HALYARD_ERR_REDIS_PUBLISH_FAILED', bus.kind, {});
      return;
    }
    try {
      await clients.commands.publish(this.#context.keys.channel, encodeBusMessage(bus));
    } catch (error) {
      this.#context.requireHost('publish').log.error(
        {
          code: 'HALYARD_ERR_REDIS_PUBLISH_FAILED',
          instance: this.#context.instanceId,
          kind: bus.kind,
          err: error,
        },
        formatRedisMessage('HALYARD_ERR_REDIS_PUBLISH_FAILED', { cause: describeCause(error) }),
      );
    }
  }

  /** Ends an outage once both connections work again. */
  checkRecovered(): void {
    if (!this.available || !this.#outage.inOutage) return;
    this.#outage.end();
    this.#events.recovered();
  }

  /** Unsubscribes and closes both connections. */
  async close(): Promise<void> {
    const clients = this.#clients;
    if (!clients) return;
    // A failed UNSUBSCRIBE means the connection is already gone; closing below is all that is left to do.
    if (this.#subscribed)
      await clients.subscriber.unsubscribe(this.#context.keys.channel).catch(() => undefined);
    await Promise.all([closeRedisClient(clients.commands), closeRedisClient(clients.subscriber)]);
  }

  #createClient(role: ClientRole): Redis {
    const { options, instanceId } = this.#context;
    const client = createRedisClient({
      url: options.url,
      role,
      instanceId,
      commandTimeoutMs: options.commandTimeoutMs,
    });
    client.on('error', (error: unknown) => {
      this.#lastError = describeCause(error);
      this.#context.host()?.log.debug({ instance: instanceId, role, err: error }, 'redis client error');
    });
    client.on('ready', () => (role === 'commands' ? this.#onCommandsReady() : this.#onSubscriberReady()));
    client.on('close', () => this.#onClosed(role));
    if (role === 'subscriber')
      client.on('message', (channel: string, raw: string) => this.#onBusMessage(channel, raw));
    return client;
  }

  #onCommandsReady(): void {
    if (this.#context.phase() !== 'running') return;
    this.#commandsReady = true;
    this.#events.commandsReady();
  }

  #onSubscriberReady(): void {
    const clients = this.#clients;
    if (this.#context.phase() !== 'running' || !clients) return;
    const channel = this.#context.keys.channel;
    this.#subscribing = clients.subscriber.subscribe(channel).then(
      () => {
        this.#subscribed = true;
        this.checkRecovered();
        return true;
      },
      (error: unknown) => {
        this.#lastError = describeCause(error);
        this.#context.requireHost('subscribe').log.error(
          { code: 'HALYARD_ERR_REDIS_SUBSCRIBE_FAILED', instance: this.#context.instanceId, err: error },
          formatRedisMessage('HALYARD_ERR_REDIS_SUBSCRIBE_FAILED', {
            channel,
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
    if (this.#context.phase() !== 'running') return;
    if (this.#starting || !wasAvailable) this.#outage.begin({}, true);
    else
      this.#outage.begin({
        url: this.#context.url,
        cause: `${role} connection closed: ${this.#lastError ?? 'no error reported'}`,
      });
  }

  #onBusMessage(channel: string, raw: string): void {
    const host = this.#context.host();
    if (channel !== this.#context.keys.channel || !host || this.#context.phase() !== 'running') return;
    const decoded = decodeBusMessage(raw);
    if (!decoded.ok) {
      host.log.warn(
        { code: 'HALYARD_ERR_REDIS_MESSAGE_MALFORMED', instance: this.#context.instanceId },
        formatRedisMessage('HALYARD_ERR_REDIS_MESSAGE_MALFORMED', { channel, detail: decoded.detail }),
      );
      return;
    }
    // Delivered locally when it was sent: our own echo is dropped, so nothing arrives twice.
    if (decoded.bus.origin === this.#context.instanceId) return;
    this.#events.message(decoded.bus);
  }
}
