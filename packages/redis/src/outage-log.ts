import type { AdapterHost } from '@halyard/core';
import { formatRedisMessage, type RedisErrorCode, type RedisErrorParams } from './errors.js';

type Logger = AdapterHost['log'];

/**
 * Logging while Redis is unreachable: every publish and presence change would fail the same way,
 * so each kind of failure is logged once per outage (with its code), the rest are counted and the
 * count is reported when the connection is back.
 */
export class OutageLog {
  readonly #log: () => Logger;
  readonly #fields: Readonly<Record<string, string>>;
  #since: number | undefined;
  #skipped = 0;
  readonly #logged = new Set<string>();

  constructor(log: () => Logger, fields: Readonly<Record<string, string>>) {
    this.#log = log;
    this.#fields = fields;
  }

  get inOutage(): boolean {
    return this.#since !== undefined;
  }

  /** Starts an outage; logs `HALYARD_ERR_REDIS_CONNECTION_LOST` unless `quiet` (start already said why). */
  begin(params: RedisErrorParams, quiet = false): void {
    if (this.#since !== undefined) return;
    this.#since = Date.now();
    this.#skipped = 0;
    this.#logged.clear();
    if (!quiet)
      this.#log().warn(
        { code: 'HALYARD_ERR_REDIS_CONNECTION_LOST', ...this.#fields },
        formatRedisMessage('HALYARD_ERR_REDIS_CONNECTION_LOST', params),
      );
  }

  /** Something could not reach Redis during the outage (or before the first connection). */
  skipped(code: RedisErrorCode, operation: string, params: RedisErrorParams): void {
    if (this.#since === undefined) this.begin({}, true);
    this.#skipped++;
    const key = `${code}:${operation}`;
    if (this.#logged.has(key)) return;
    this.#logged.add(key);
    this.#log().warn({ code, operation, ...this.#fields }, formatRedisMessage(code, params));
  }

  /** Ends the outage and reports what was only delivered locally meanwhile. */
  end(): void {
    if (this.#since === undefined) return;
    this.#log().info(
      { ...this.#fields, downMs: Date.now() - this.#since, localOnly: this.#skipped },
      `connected to Redis; cross-instance delivery resumed (${this.#skipped} operations were local-only meanwhile)`,
    );
    this.#since = undefined;
  }
}
