/**
 * `connect(url, { heartbeat })`: how the client notices a dead link on a quiet socket. Browsers
 * never see the server's protocol pings, so the client asks itself: after `intervalMs` without
 * any frame it sends `{ "type": "$ping", "id": "<id>" }`; the server answers `{ "type": "$pong",
 * "id": "<id>" }`. When no frame at all arrives within `timeoutMs` after a ping, the link is
 * taken for dead: the socket is dropped (code 4000, reason `heartbeat timeout`) and the client
 * reconnects with its backoff.
 *
 * @example `connect(url, { heartbeat: { intervalMs: 10_000, timeoutMs: 5_000 } })`
 */
export interface HeartbeatOptions {
  /** Silence (nothing received) after which a `$ping` is sent. Default 25 000 ms. */
  readonly intervalMs?: number;
  /** How long after a `$ping` a frame must arrive. Default 10 000 ms. */
  readonly timeoutMs?: number;
}

export interface ResolvedHeartbeat {
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

export function resolveHeartbeat(options: HeartbeatOptions | false | undefined): ResolvedHeartbeat | false {
  if (options === false) return false;
  const resolved = { intervalMs: options?.intervalMs ?? 25_000, timeoutMs: options?.timeoutMs ?? 10_000 };
  for (const [name, value] of Object.entries(resolved))
    if (!(Number.isFinite(value) && value > 0))
      throw new RangeError(`heartbeat.${name} must be a positive number of milliseconds, got ${value}`);
  return resolved;
}

/** The heartbeat's frames, reserved by the protocol (docs/websocket-protocol.md). */
export const pingType = '$ping';
export const pongType = '$pong';

type Timer = ReturnType<typeof setTimeout>;

/** The prefix of our ping ids; request ids are plain numbers (`"1"`, `"2"`…), so they never clash. */
const pingIdPrefix = '$hb';

/**
 * One socket's heartbeat: pings on silence, declares the link dead. A frame only records the time
 * (`alive()` runs for every frame, so it must be cheap); the silence timer, when it fires, re-arms
 * for the time still left or pings.
 */
export class Heartbeat {
  readonly #options: ResolvedHeartbeat | false;
  readonly #ping: (id: string) => void;
  readonly #dead: () => void;
  #quiet: Timer | undefined;
  #deadline: Timer | undefined;
  #lastSeen = 0;
  #count = 0;

  constructor(options: ResolvedHeartbeat | false, ping: (id: string) => void, dead: () => void) {
    this.#options = options;
    this.#ping = ping;
    this.#dead = dead;
  }

  /** Something arrived (or the socket opened) at `now` (`performance.now()`): the link is alive. */
  alive(now: number): void {
    const options = this.#options;
    if (options === false) return;
    this.#lastSeen = now;
    if (this.#deadline !== undefined) {
      clearTimeout(this.#deadline);
      this.#deadline = undefined;
    }
    // Waiting for a silence already (or a ping was just answered): nothing to re-arm.
    this.#quiet ??= setTimeout(() => this.#quietEnded(options), options.intervalMs);
  }

  #quietEnded(options: ResolvedHeartbeat): void {
    this.#quiet = undefined;
    const silentMs = performance.now() - this.#lastSeen;
    if (silentMs < options.intervalMs) {
      this.#quiet = setTimeout(() => this.#quietEnded(options), options.intervalMs - silentMs);
      return;
    }
    this.#deadline = setTimeout(() => {
      this.stop();
      this.#dead();
    }, options.timeoutMs);
    this.#ping(`${pingIdPrefix}${++this.#count}`);
  }

  /** Whether a frame with this id answers one of our pings (a `$pong`, or an error frame from a server that does not know `$ping`). */
  owns(id: unknown): boolean {
    return typeof id === 'string' && id.startsWith(pingIdPrefix);
  }

  /** The socket is gone: no more pings, no deadline. */
  stop(): void {
    clearTimeout(this.#quiet);
    clearTimeout(this.#deadline);
    this.#quiet = undefined;
    this.#deadline = undefined;
  }
}
