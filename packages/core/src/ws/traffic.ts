/** One frame seen on the wire, for live traffic views (the admin page). */
export interface TrafficEvent {
  readonly direction: 'in' | 'out';
  readonly connectionId: string;
  readonly route: string;
  readonly at: number;
  readonly bytes: number;
  /** The frame text, cut to `maxPreview` characters. */
  readonly preview: string;
}

/**
 * Observers of the traffic; nothing is built for them while there are none. A listener that
 * throws is reported through `onListenerError` and never reaches the socket that sent the frame.
 */
export class TrafficTap {
  static readonly maxPreview = 500;
  readonly #listeners = new Set<(event: TrafficEvent) => void>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  get active(): boolean {
    return this.#listeners.size > 0;
  }

  add(listener: (event: TrafficEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // eslint-disable-next-line @typescript-eslint/max-params -- per-frame path: positional arguments avoid allocating an options object per frame
  emit(
    direction: 'in' | 'out',
    connectionId: string,
    route: string,
    frame: string | Buffer,
    bytes: number,
  ): void {
    const text =
      typeof frame === 'string'
        ? frame.slice(0, TrafficTap.maxPreview)
        : frame
            .subarray(0, TrafficTap.maxPreview * 4)
            .toString('utf8')
            .slice(0, TrafficTap.maxPreview);
    const event: TrafficEvent = { direction, connectionId, route, at: Date.now(), bytes, preview: text };
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
