import type { AdapterHost, BroadcastAdapter, OutboundMessage, PresenceMember } from '@halyard/core';

/**
 * Wraps the adapter under test and steers its joins by room name, so the conformance suite can
 * make any adapter fail a join (`broken:*` rooms) or hold one until the test lets it go
 * (`gated:*` rooms), e.g. to close the socket while the join is still running.
 */
export class SteeredAdapter implements BroadcastAdapter {
  readonly name: string;
  readonly #inner: BroadcastAdapter;
  #release: () => void = () => undefined;
  #gate: Promise<void> = Promise.resolve();
  #reached: () => void = () => undefined;
  /** Resolves when a join of a `gated:*` room reached the adapter (and waits at the gate). */
  reached: Promise<void> = Promise.resolve();

  constructor(inner: BroadcastAdapter) {
    this.#inner = inner;
    this.name = inner.name;
  }

  /** Holds the next joins of `gated:*` rooms until `open()`. */
  closeGate(): void {
    this.#gate = new Promise((resolve) => (this.#release = resolve));
    this.reached = new Promise((resolve) => (this.#reached = resolve));
  }

  open(): void {
    this.#release();
  }

  start(host: AdapterHost): Promise<void> {
    return this.#inner.start(host);
  }

  publish(message: OutboundMessage): Promise<void> {
    return this.#inner.publish(message);
  }

  async join(room: string, member: PresenceMember): Promise<void> {
    if (room.startsWith('broken:')) throw new Error(`the adapter cannot join ${room}`);
    if (room.startsWith('gated:')) {
      this.#reached();
      await this.#gate;
    }
    await this.#inner.join(room, member);
  }

  leave(room: string, memberId: string): Promise<void> {
    return this.#inner.leave(room, memberId);
  }

  members(room: string): Promise<PresenceMember[]> {
    return this.#inner.members(room);
  }

  rooms(): Promise<string[]> {
    return this.#inner.rooms();
  }

  disconnect(id: string, code: number, reason: string): Promise<void> {
    return this.#inner.disconnect(id, code, reason);
  }

  stop(): Promise<void> {
    return this.#inner.stop();
  }

  inspect(): Readonly<Record<string, number>> {
    return this.#inner.inspect?.() ?? {};
  }
}
