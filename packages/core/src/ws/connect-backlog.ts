/** Frames one connection may queue while `@OnConnect` runs: 64 frames, 4 × `maxPayload` bytes. */
export const connectBacklog = Object.freeze({ frames: 64, payloads: 4 });

/**
 * The bytes waiting in every connection's `@OnConnect` backlog together, bounded by
 * `websocket.maxBacklogBytes`: without it, 10 000 connections could each park 4 × `maxPayload`.
 */
export class BacklogBudget {
  #bytes = 0;
  #frames = 0;

  constructor(private readonly max: number) {}

  get bytes(): number {
    return this.#bytes;
  }

  get frames(): number {
    return this.#frames;
  }

  get limit(): number {
    return this.max;
  }

  /** Takes room for one frame; `false` (nothing taken) when the app-wide total would exceed the limit. */
  take(bytes: number): boolean {
    if (this.#bytes + bytes > this.max) return false;
    this.#bytes += bytes;
    this.#frames++;
    return true;
  }

  give(bytes: number, frames: number): void {
    this.#bytes -= bytes;
    this.#frames -= frames;
  }
}

/** Why a frame could not wait: the connection's own bound, or the app-wide budget. */
export type BacklogOverflow = 'connection' | 'app';

/**
 * One connection's frames that arrived while `@OnConnect` ran, in order. Owns its share of the
 * app-wide budget and gives it back whenever frames leave: dispatched, discarded or dropped.
 */
export class ConnectBacklog {
  #frames: string[] = [];
  #bytes = 0;

  constructor(
    private readonly maxPayload: number,
    private readonly budget: BacklogBudget,
  ) {}

  get frames(): number {
    return this.#frames.length;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Queues a frame, or says which bound it would exceed (then nothing is queued). */
  add(text: string, bytes: number): BacklogOverflow | undefined {
    if (
      this.#frames.length >= connectBacklog.frames ||
      this.#bytes + bytes > connectBacklog.payloads * this.maxPayload
    )
      return 'connection';
    if (!this.budget.take(bytes)) return 'app';
    this.#frames.push(text);
    this.#bytes += bytes;
    return undefined;
  }

  /** Takes every waiting frame out (to dispatch or discard them) and gives their bytes back. */
  drain(): string[] {
    const frames = this.#frames;
    this.budget.give(this.#bytes, frames.length);
    this.#frames = [];
    this.#bytes = 0;
    return frames;
  }
}
