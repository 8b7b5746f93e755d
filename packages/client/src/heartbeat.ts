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

/** One socket's heartbeat: arms on every sign of life, pings on silence, declares the link dead. */
export class Heartbeat {
  readonly #options: ResolvedHeartbeat | false;
  readonly #ping: (id: string) => void;
  readonly #dead: () => void;
  #quiet: Timer | undefined;
  #deadline: Timer | undefined;
  #count = 0;
  /** Ids of pings sent on the current socket: their answers (or errors from an older server) are ours. */
  readonly #sent = new Set<string>();

  constructor(options: ResolvedHeartbeat | false, ping: (id: string) => void, dead: () => void) {
    this.#options = options;
    this.#ping = ping;
    this.#dead = dead;
  }

  /** Something arrived (or the socket opened): the link is alive; wait for the next silence. */
  alive(): void {
    const options = this.#options;
    if (options === false) return;
    clearTimeout(this.#deadline);
    this.#deadline = undefined;
    clearTimeout(this.#quiet);
    this.#quiet = setTimeout(() => {
      const id = `$hb${++this.#count}`;
      this.#sent.add(id);
      // Answers that never came (a frame arrived first) are forgotten after a few pings.
      if (this.#sent.size > 8) this.#sent.delete(this.#sent.values().next().value as string);
      this.#deadline = setTimeout(() => {
        this.stop();
        this.#dead();
      }, options.timeoutMs);
      this.#ping(id);
    }, options.intervalMs);
  }

  /** Whether a frame with this id answers one of our pings (a `$pong`, or an error frame from a server that does not know `$ping`). */
  owns(id: unknown): boolean {
    return typeof id === 'string' && this.#sent.delete(id);
  }

  /** The socket is gone: no more pings, no deadline. */
  stop(): void {
    clearTimeout(this.#quiet);
    clearTimeout(this.#deadline);
    this.#quiet = undefined;
    this.#deadline = undefined;
    this.#sent.clear();
  }
}
