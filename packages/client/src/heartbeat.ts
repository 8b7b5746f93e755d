import { SilenceTimer } from './silence-timer.js';
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
 * One socket's heartbeat: pings after `intervalMs` of silence, declares the link dead when no
 * frame arrives within `timeoutMs` of the ping.
 */
export class Heartbeat {
  readonly #silence: SilenceTimer | undefined;
  readonly #ping: (id: string) => void;
  readonly #dead: () => void;
  #deadline: Timer | undefined;
  #count = 0;

  constructor(options: ResolvedHeartbeat | false, ping: (id: string) => void, dead: () => void) {
    this.#ping = ping;
    this.#dead = dead;
    if (options) this.#silence = new SilenceTimer(options.intervalMs, () => this.#silent(options));
  }

  /** Something arrived (or the socket opened) at `now` (`performance.now()`): the link is alive. */
  alive(now: number): void {
    if (!this.#silence) return;
    if (this.#deadline !== undefined) {
      clearTimeout(this.#deadline);
      this.#deadline = undefined;
    }
    this.#silence.alive(now);
  }

  #silent(options: ResolvedHeartbeat): void {
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
    this.#silence?.stop();
    clearTimeout(this.#deadline);
    this.#deadline = undefined;
  }
}
